# SPDX-License-Identifier: EUPL-1.2
"""The component resolver: organisation, ultimate parent, jurisdictions, confidence and evidence.

Expected values are worked out by hand from the rules in docs/inventory.md and from the public
facts each table row cites (noted per case), never copied from dosa's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.inventory.inventory_helpers import cyclonedx
from typer.testing import CliRunner

from dosa.cli.inventory import app
from dosa.dataset import Dataset
from dosa.inventory import analysis as an
from dosa.inventory.importer import import_paths
from dosa.inventory.mapping import MappingRule, VendorMap
from dosa.inventory.portfolio import component_vendor_counts
from dosa.inventory.resolve import ComponentRecord, Confidence, Resolver, load_tables, resolve_component
from dosa.inventory.resolve.names import locate, normalise_vendor
from dosa.inventory.sbom import parse_sbom
from dosa.report.inventory import inventory_report, machine_tables
from dosa.store import Store

HIGH, MEDIUM, LOW = Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW


# --- the shipped tables ------------------------------------------------------------------------


def test_every_table_row_is_sourced_and_licensed() -> None:
    tables = load_tables()
    rows = [o.source for o in tables.organisations.values()]
    rows += [r.source for r in tables.namespaces.values()] + [r.source for r in tables.registries.values()]
    assert len(rows) > 250
    for source in rows:
        assert source.publisher
        assert source.title
        assert source.year.isdigit()
        assert source.url.startswith("https://")
        assert source.licence
        assert "-nc" not in source.licence.lower()
        assert "-sa" not in source.licence.lower()
    for org in tables.organisations.values():
        assert not org.judgement or org.rationale, org.id
        assert org.country == "" or len(org.country) == 2, org.id
    for rule in tables.namespaces.values():
        assert rule.basis != "judgement" or rule.rationale, rule.where


def test_parents_lead_to_the_ultimate_parent() -> None:
    tables = load_tables()
    # npm, Inc. was bought by GitHub (2020), GitHub by Microsoft (2018): both cited in organisations.csv
    assert [o.id for o in tables.chain("npm")] == ["npm", "github", "microsoft"]
    assert [o.id for o in tables.chain("redhat")] == ["redhat", "ibm"]
    assert tables.organisations["microsoft"].lei == "INR2EJN1ERAN0W5ZP974"  # GLEIF record, CC0


# --- resolution rules, one case each -------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "organisation", "parent", "countries", "confidence", "field"),
    [
        # groupId org.apache.commons reversed is commons.apache.org, under apache.org (ASF, US 501(c)(3))
        (
            ComponentRecord("pkg:maven/org.apache.commons/commons-lang3@3.12.0"),
            "The Apache Software Foundation",
            None,
            ["US"],
            HIGH,
            "purl namespace",
        ),
        # springframework.org is Spring's domain; VMware (Spring) was bought by Broadcom in 2023
        (
            ComponentRecord("pkg:maven/org.springframework/spring-core@6.0.0"),
            "VMware LLC",
            "Broadcom Inc.",
            ["US", "US"],
            HIGH,
            "purl namespace",
        ),
        # legacy Apache groupId without dots, listed in namespaces.csv
        (
            ComponentRecord("pkg:maven/commons-io/commons-io@2.11.0"),
            "The Apache Software Foundation",
            None,
            ["US"],
            HIGH,
            "purl namespace",
        ),
        # io.github.<account> is verified by Maven Central against the GitHub account
        (
            ComponentRecord("pkg:maven/io.github.someuser/lib@1"),
            "github.com/someuser",
            None,
            [],
            MEDIUM,
            "purl namespace",
        ),
        (
            ComponentRecord("pkg:maven/io.gitlab.someone/lib@1"),
            "gitlab.com/someone",
            None,
            [],
            MEDIUM,
            "purl namespace",
        ),
        # a Go vanity domain no table covers: whoever controls mvdan.cc serves the module; named weakly
        (ComponentRecord("pkg:golang/mvdan.cc/gofumpt@v0.5.0"), "mvdan.cc", None, [], LOW, "purl namespace"),
        # a Go module on a known organisation's domain (go.opentelemetry.io has its own row; cncf.io-style domains)
        (
            ComponentRecord("pkg:golang/go.mongodb.org/mongo-driver@v1.12.0"),
            "MongoDB, Inc.",
            None,
            ["US"],
            HIGH,
            "purl namespace",
        ),
        # a reverse-DNS groupId no table covers: only the domain is named, weakly
        (ComponentRecord("pkg:maven/io.quarkus/quarkus-core@3"), "quarkus.io", None, [], LOW, "purl namespace"),
        # the @angular npm organisation is the Angular team at Google (Alphabet)
        (
            ComponentRecord("pkg:npm/%40angular/core@17.0.0"),
            "Google LLC",
            "Alphabet Inc.",
            ["US", "US"],
            HIGH,
            "purl namespace",
        ),
        # express's repository is github.com/expressjs; Express is an OpenJS Foundation project
        (
            ComponentRecord(
                "pkg:npm/express@4.18.2",
                "",
                "TJ Holowaychuk <tj@vision-media.ca>",
                "git+https://github.com/expressjs/express.git",
            ),
            "OpenJS Foundation",
            None,
            ["US"],
            MEDIUM,
            "vcs url",
        ),
        # ms lives at github.com/zeit: ZEIT, Inc. renamed itself Vercel Inc. (2020)
        (
            ComponentRecord("pkg:npm/ms@2.1.3", vcs_url="git+https://github.com/zeit/ms.git"),
            "Vercel Inc.",
            None,
            ["US"],
            MEDIUM,
            "vcs url",
        ),
        # a Dutch bank's open source (github.com/ing-bank): ING Groep N.V., Amsterdam
        (
            ComponentRecord("pkg:npm/%40lion/ui@0.5.0", vcs_url="https://github.com/ing-bank/lion"),
            "ING Groep N.V.",
            None,
            ["NL"],
            MEDIUM,
            "vcs url",
        ),
        # a person's GitHub account: named, no country guessed
        (
            ComponentRecord("pkg:npm/left-pad@1.3.0", "", "azer", "git+ssh://git@github.com/stevemao/left-pad.git"),
            "github.com/stevemao",
            None,
            [],
            MEDIUM,
            "vcs url",
        ),
        # an author string alone names a person, weakly
        (
            ComponentRecord("pkg:npm/tiny@1.0.0", "", "Jane Doe <jane@example.org>"),
            "Jane Doe",
            None,
            [],
            LOW,
            "manufacturer",
        ),
        # the npm CLI's semver lives at github.com/npm: npm, Inc. -> GitHub -> Microsoft
        (
            ComponentRecord("pkg:npm/semver@7.5.0", website_url="https://github.com/npm/node-semver#readme"),
            "npm, Inc.",
            "Microsoft Corporation",
            ["US", "US", "US"],
            MEDIUM,
            "website url",
        ),
        # the Microsoft.* ID prefix on nuget.org is reserved by the Microsoft account
        (
            ComponentRecord("pkg:nuget/Microsoft.Extensions.Logging@8.0.0"),
            "Microsoft Corporation",
            None,
            ["US"],
            HIGH,
            "purl name",
        ),
        (ComponentRecord("pkg:nuget/AWSSDK.S3@3.7.0"), "Amazon.com, Inc.", None, ["US"], HIGH, "purl name"),
        (
            ComponentRecord("pkg:nuget/Newtonsoft.Json@13.0.1"),
            "Newtonsoft (James Newton-King)",
            None,
            [],
            HIGH,
            "purl name",
        ),
        # golang.org/x is the Go team's (Google)
        (
            ComponentRecord("pkg:golang/golang.org/x/net@v0.17.0"),
            "Google LLC",
            "Alphabet Inc.",
            ["US", "US"],
            HIGH,
            "purl namespace",
        ),
        # github.com/hashicorp: HashiCorp, bought by IBM (completed 27 February 2025)
        (
            ComponentRecord("pkg:golang/github.com/hashicorp/go-version@v1.6.0"),
            "HashiCorp, Inc.",
            "International Business Machines Corporation",
            ["US", "US"],
            MEDIUM,
            "purl namespace",
        ),
        # GitHub logins are case-insensitive: github.com/Azure is Microsoft's
        (
            ComponentRecord("pkg:golang/github.com/Azure/go-autorest@v14.2.0"),
            "Microsoft Corporation",
            None,
            ["US"],
            MEDIUM,
            "purl namespace",
        ),
        # gopkg.in/yaml.v3 is served from github.com/go-yaml/yaml (gopkg.in's documented rule)
        (
            ComponentRecord("pkg:golang/gopkg.in/yaml.v3@v3.0.1"),
            "github.com/go-yaml",
            None,
            [],
            MEDIUM,
            "purl namespace",
        ),
        # k8s.io is Kubernetes, a CNCF project; the CNCF is part of the Linux Foundation
        (
            ComponentRecord("pkg:golang/k8s.io/client-go@v0.28.0"),
            "Cloud Native Computing Foundation",
            "The Linux Foundation",
            ["US", "US"],
            HIGH,
            "purl namespace",
        ),
        (ComponentRecord("pkg:composer/symfony/console@5.0.0"), "Symfony SAS", None, ["FR"], MEDIUM, "purl namespace"),
        (ComponentRecord("pkg:deb/debian/openssl@3.0.11"), "Debian Project", None, [], MEDIUM, "purl namespace"),
        # PyPI has no namespaces: an exact project name; boto3 is published by AWS (pypi.org/project/boto3)
        (ComponentRecord("pkg:pypi/boto3@1.34.0"), "Amazon.com, Inc.", None, ["US"], HIGH, "purl name"),
        # Trivy's module path github.com/aquasecurity: Aqua Security, Ramat Gan (Israel)
        (
            ComponentRecord("pkg:golang/github.com/aquasecurity/trivy@v0.50.0"),
            "Aqua Security Software Ltd.",
            None,
            ["IL"],
            MEDIUM,
            "purl namespace",
        ),
        # an explicit supplier the table knows beats everything else
        (ComponentRecord("", "Microsoft Corporation"), "Microsoft Corporation", None, ["US"], HIGH, "supplier"),
        (
            ComponentRecord("pkg:maven/org.apache.commons/commons-lang3@3", "Oracle America, Inc."),
            "Oracle Corporation",
            None,
            ["US"],
            HIGH,
            "supplier",
        ),
        # a supplier the table does not know is named, without a country
        (ComponentRecord("", "Acme Widgets B.V."), "Acme Widgets B.V.", None, [], MEDIUM, "supplier"),
        # a website on a known domain
        (
            ComponentRecord("", website_url="https://docs.spring.io/spring-boot/"),
            "VMware LLC",
            "Broadcom Inc.",
            ["US", "US"],
            MEDIUM,
            "website url",
        ),
    ],
)
def test_resolution_rules(
    record: ComponentRecord,
    organisation: str,
    parent: str | None,
    countries: list[str],
    confidence: Confidence,
    field: str,
) -> None:
    result = Resolver().resolve(record)
    assert result.organisation == organisation
    assert result.parent == parent
    assert [j.country for j in result.jurisdictions] == countries
    assert result.confidence is confidence
    assert result.evidence[0].field == field
    assert result.evidence[0].organisation == organisation


@pytest.mark.parametrize(
    "record",
    [
        ComponentRecord("pkg:pypi/requests@2.31.0"),  # PyPI has no namespaces; nothing else given
        ComponentRecord("pkg:golang/./staging/src/k8s.io/api"),  # a relative module path names nobody
        ComponentRecord("pkg:maven/antlr/antlr@2.7.7"),  # a dotless groupId in no table
        # a repository on a host that is no public forge says nothing about the maintainer
        ComponentRecord("pkg:maven/com.zaxxer/HikariCP@4", vcs_url="http://svn.sonatype.org/spice/trunk/oss"),
        # findbugs' jsr305 was hosted on Google Code: com.google.code.* names nobody (not Google)
        ComponentRecord("pkg:maven/com.google.code.findbugs/jsr305@3.0.2"),
        # JNA was a java.net-hosted community project, not Oracle's
        ComponentRecord("pkg:maven/net.java.dev.jna/jna@5.13.0"),
        # System.IO.Abstractions predates Microsoft's System.* reservation and belongs to TestableIO
        ComponentRecord("pkg:nuget/System.IO.Abstractions@19.2.0"),
        ComponentRecord("not a purl"),
        ComponentRecord(""),
    ],
)
def test_what_no_evidence_supports_stays_unknown(record: ComponentRecord) -> None:
    result = resolve_component(record)
    if record.purl.startswith("pkg:maven/com.zaxxer"):  # the groupId alone names the domain, weakly
        assert result.organisation == "zaxxer.com"
        assert result.confidence is LOW
        assert all(e.field != "vcs url" for e in result.evidence)
        return
    assert result.organisation is None
    assert result.confidence is None
    assert result.jurisdictions == ()
    assert result.evidence == ()


def test_every_piece_of_evidence_is_kept_strongest_first() -> None:
    record = ComponentRecord(
        "pkg:npm/%40angular/core@17.0.0", "", "Angular Team", "git+https://github.com/angular/angular.git"
    )
    evidence = resolve_component(record).evidence
    assert [(e.field, e.confidence) for e in evidence] == [
        ("purl namespace", HIGH),
        ("vcs url", MEDIUM),
        ("manufacturer", LOW),
    ]
    assert "namespaces.csv:" in evidence[0].rule
    assert "npm @angular" in evidence[0].rule


def test_the_registry_is_reported_apart_from_the_maintainer() -> None:
    result = resolve_component(ComponentRecord("pkg:npm/left-pad@1.3.0"))
    assert result.organisation is None
    assert result.registry == "npm public registry"
    assert result.registry_operator == "npm, Inc."
    assert result.registry_country == "US"


def test_url_forms_sboms_write() -> None:
    assert locate("git+https://github.com/expressjs/express.git") == ("github.com", "github", "expressjs")
    assert locate("git@github.com:Microsoft/TypeScript.git") == ("github.com", "github", "microsoft")
    assert locate("git://github.com/isaacs/node-glob") == ("github.com", "github", "isaacs")
    assert locate("https://www.apache.org/") == ("apache.org", "", "")
    assert locate("NOASSERTION") is None
    assert normalise_vendor("Eclipse Foundation AISBL") == "eclipse foundation"


# --- the user's mapping and the dataset come first ----------------------------------------------------


def test_the_users_mapping_overrides_the_resolver(tiny_dataset: Dataset) -> None:
    rule = MappingRule("pkg:maven/org.apache.", vendor="Our Apache mirror", country="NL", where="m.csv:2")
    vendors = VendorMap(tiny_dataset, [rule])
    mapped = vendors.for_component("pkg:maven/org.apache.commons/commons-lang3", "", "")
    assert mapped is not None
    assert mapped.vendor == "Our Apache mirror"
    assert mapped.country == "NL"
    resolved = vendors.for_component("pkg:maven/org.springframework/spring-core", "", "")
    assert resolved is not None
    assert resolved.group == "Broadcom Inc."
    assert resolved.jurisdiction == "US"
    assert resolved.confidence == "high"
    assert resolved.basis.startswith("resolver (high)")
    assert VendorMap(tiny_dataset, resolve=False).for_component("pkg:maven/org.springframework/x", "", "") is None


# --- from an SBOM to the report and the CLI ------------------------------------------------------------

FIXTURE = [
    {
        "type": "library",
        "name": "commons-lang3",
        "group": "org.apache.commons",
        "version": "3.12.0",
        "purl": "pkg:maven/org.apache.commons/commons-lang3@3.12.0",
    },
    {
        "type": "library",
        "name": "express",
        "version": "4.18.2",
        "purl": "pkg:npm/express@4.18.2",
        "author": "TJ Holowaychuk <tj@vision-media.ca>",
        "externalReferences": [
            {"type": "vcs", "url": "git+https://github.com/expressjs/express.git"},
            {"type": "website", "url": "http://expressjs.com/"},
        ],
    },
    {
        "type": "library",
        "name": "left-pad",
        "version": "1.3.0",
        "purl": "pkg:npm/left-pad@1.3.0",
        "externalReferences": [{"type": "vcs", "url": "git+https://github.com/stevemao/left-pad.git"}],
    },
    {"type": "library", "name": "requests", "version": "2.31.0", "purl": "pkg:pypi/requests@2.31.0"},
]


def test_parsers_keep_repository_and_website(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_text(cyclonedx(FIXTURE))
    express = parse_sbom(path).components[1]
    assert express.vcs_url == "git+https://github.com/expressjs/express.git"
    assert express.website_url == "http://expressjs.com/"
    xml = tmp_path / "bom.xml"
    xml.write_text(
        '<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1"><components>'
        '<component type="library"><name>x</name><externalReferences>'
        '<reference type="website"><url>https://x.example</url></reference>'
        '<reference type="vcs"><url>https://github.com/acme/x</url></reference>'
        "</externalReferences></component></components></bom>"
    )
    component = parse_sbom(xml).components[0]
    assert (component.vcs_url, component.website_url) == ("https://github.com/acme/x", "https://x.example")
    tag_value = tmp_path / "x.spdx"
    tag_value.write_text(
        "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: x\n"
        "DocumentNamespace: https://x.example/doc\nCreator: Tool: t\nCreated: 2024-01-01T00:00:00Z\n\n"
        "PackageName: y\nSPDXID: SPDXRef-y\nPackageDownloadLocation: git+https://github.com/acme/y.git\n"
        "PackageHomePage: NOASSERTION\n"
    )
    package = parse_sbom(tag_value).components[0]
    assert (package.vcs_url, package.website_url) == ("git+https://github.com/acme/y.git", "")


def test_report_and_cli_use_the_resolver_without_a_mapping(
    tmp_path: Path, store: Store, db_url: str, tiny_dataset: Dataset
) -> None:
    path = tmp_path / "bom.json"
    path.write_text(cyclonedx(FIXTURE))
    assert import_paths(store, [path], "p").ok
    coverage, _packages = an.resolve_packages(component_vendor_counts(store, "p"), VendorMap(tiny_dataset))
    everything = coverage.rows["(all)"]
    # 3 of 4 named (requests is not); ASF and OpenJS have a US headquarters, stevemao none
    assert (everything.components, everything.named, everything.with_jurisdiction) == (4, 3, 2)
    assert (coverage.rows["npm"].named, coverage.rows["pypi"].named) == (2, 0)
    report = inventory_report(store, "p", tiny_dataset, VendorMap(tiny_dataset), lang="en")
    tables = {t.name: t for t in machine_tables(report)}
    rows = {record["ecosystem"]: record for record in tables["component_resolution"].records}
    everything = rows[next(name for name in rows if name not in {"npm", "pypi", "maven"})]
    assert everything["organisation_named_pct"] == 75.0
    assert everything["jurisdiction_known_pct"] == 50.0
    assert rows["npm"]["medium"] == 2
    assert rows["maven"]["high"] == 1
    assert rows["pypi"]["unknown"] == 1
    by_country = next(
        record
        for record in tables["concentration"].records
        if record["dimension"] == "jurisdiction" and record["basis"] == "components"
    )
    assert by_country["coverage_pct"] == 50.0  # was 0 without the resolver: no supplier names a country

    runner = CliRunner()
    db = db_url  # the store's own database: SQLite here, PostgreSQL in CI's second pass
    result = runner.invoke(app, ["inventory", "resolve", "-p", "p", "--db", db, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "OpenJS Foundation" in result.output
    assert "github.com/expressjs" in result.output
    assert "npm public registry (npm, Inc.; US)" in result.output
    result = runner.invoke(app, ["inventory", "resolve", "-p", "p", "--db", db, "--unresolved", "--format", "csv"])
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if line.startswith("pkg:")]
    assert [line.split(",")[0] for line in lines] == ["pkg:pypi/requests"]


# --- the real corpus (../shared/sbom-samples) ----------------------------------------------------------

# Attributions checked by hand, each against the SBOM's own evidence and the organisation's public page:
HAND_CHECKED = [
    # netty-codec: groupId io.netty; netty.io names "The Netty Project" (community project, no company)
    ("guac-quarkus-deps-cyclonedx.json", "pkg:maven/io.netty/netty-codec@", "The Netty Project", None),
    # jboss-logging: groupId org.jboss; jboss.org is Red Hat's community site; Red Hat belongs to IBM (2019)
    (
        "cdxgen-bom-java.json",
        "pkg:maven/org.jboss.logging/jboss-logging@",
        "Red Hat, Inc.",
        "International Business Machines Corporation",
    ),
    # express: the SBOM's vcs reference is github.com/expressjs/express; expressjs.com: an OpenJS Foundation project
    ("cdx-bomex-juice-shop-v11.1.2.json", "pkg:npm/express@", "OpenJS Foundation", None),
    # jsonwebtoken: vcs github.com/auth0/node-jsonwebtoken; Auth0 was bought by Okta (May 2021)
    ("cdx-bomex-juice-shop-v11.1.2.json", "pkg:npm/jsonwebtoken@", "Auth0, Inc.", "Okta, Inc."),
    # @nlpjs/core: npm organisation nlpjs, whose packages point to github.com/axa-group/nlp.js (AXA, Paris)
    ("cdx-bomex-juice-shop-npm-bare.bom1.2.json", "pkg:npm/%40nlpjs/core@", "AXA SA", None),
    # go-multierror: module path github.com/hashicorp/…; HashiCorp belongs to IBM (February 2025)
    (
        "lab-spdx-syft-grafana_grafana-2a73ae33c9f0.json",
        "pkg:golang/github.com/hashicorp/go-multierror@",
        "HashiCorp, Inc.",
        "International Business Machines Corporation",
    ),
    # System.Text.Json: ID prefix System.* is reserved on nuget.org by the Microsoft account
    ("wild-spdx-microsoft-sbom-tool.spdx.json", "pkg:nuget/System.Text.Json@", "Microsoft Corporation", None),
    # symfony/console: Packagist vendor symfony; symfony.com/trademark: Symfony SAS (France)
    ("cdx-bomex-laravel-7.12.0.bom1.2.json", "pkg:composer/symfony/console@", "Symfony SAS", None),
]


@pytest.fixture(scope="module")
def corpus(samples_dir: Path) -> dict[str, list[ComponentRecord]]:
    from dosa.errors import DosaError
    from dosa.inventory.resolve import record_of

    out = {}
    for path in sorted(samples_dir.iterdir()):
        if path.suffix in (".md", ".tsv"):
            continue
        try:
            out[path.name] = [record_of(c) for c in parse_sbom(path).components]
        except DosaError:
            continue
    return out


@pytest.mark.parametrize(("file", "purl", "organisation", "parent"), HAND_CHECKED)
def test_hand_checked_attributions_in_the_corpus(
    corpus: dict[str, list[ComponentRecord]], file: str, purl: str, organisation: str, parent: str | None
) -> None:
    records = [r for r in corpus[file] if r.purl.startswith(purl)]
    assert records, f"{purl} not in {file}"
    for record in records:
        result = resolve_component(record)
        assert (result.organisation, result.parent) == (organisation, parent)
        assert result.evidence


def test_most_maven_npm_nuget_and_go_components_are_named(corpus: dict[str, list[ComponentRecord]]) -> None:
    from dosa.inventory.resolve import coverage

    table, _unresolved = coverage(record for records in corpus.values() for record in records)
    for ecosystem in ("maven", "npm", "nuget", "golang"):
        row = table.rows[ecosystem]
        assert row.components > 300
        assert row.pct(row.named) > 85, ecosystem
    everything = table.rows["(all)"]
    assert everything.pct(everything.with_jurisdiction) > 20  # from about 1 % before the resolver


def test_example_domains_and_distribution_types() -> None:
    # RFC 2606 reserves example.com: a groupId com.example names nobody
    assert resolve_component(ComponentRecord("pkg:maven/com.example/app@1")).organisation is None
    # pkg:alpine/<name> has no namespace: the type names the distribution, which beats a packager's name
    alpine = resolve_component(ComponentRecord("pkg:alpine/musl@1.2.2-r0", "", "Timo Teräs"))
    assert (alpine.organisation, alpine.confidence) == ("Alpine Linux", MEDIUM)
    assert [e.field for e in alpine.evidence] == ["purl type", "manufacturer"]


def test_migration_0003_adds_the_url_columns_to_an_existing_database(db_url: str) -> None:
    from alembic import command
    from sqlalchemy import create_engine, inspect

    from dosa.store.schema import alembic_config
    from dosa.store.urls import resolve_db_url

    engine = create_engine(resolve_db_url(db_url))
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "0002")
            before = {c["name"] for c in inspect(conn).get_columns("inventory_components")}
            command.upgrade(alembic_config(conn), "0003")
            after = {c["name"] for c in inspect(conn).get_columns("inventory_components")}
    finally:
        engine.dispose()
    assert "vcs_url" not in before
    assert after - before == {"vcs_url", "website_url"}


def test_hostile_values_are_read_without_harm() -> None:
    huge = "a." * 500_000 + "@" * 10
    record = ComponentRecord(
        "pkg:npm/x@1", huge, "(" * 100_000 + huge, "git+https://" + huge, "http://" + "a-" * 400_000
    )
    result = Resolver().resolve(record)
    assert result.evidence  # the supplier text is still named (weakly), nothing raised
    assert all(len(e.organisation) <= 2048 for e in result.evidence)
    assert all(len(e.value) <= 2048 for e in result.evidence)
    assert locate("\x00\n") is None
