# SPDX-License-Identifier: EUPL-1.2
"""CycloneDX services (SaaSBOM) imported into the service inventory, with their chains."""

from __future__ import annotations

import json
from pathlib import Path

from dosa.inventory import analysis as an
from dosa.inventory.importer import import_paths
from dosa.inventory.mapping import VendorMap
from dosa.inventory.portfolio import load_services
from dosa.store import Store

SAASBOM = {
    "bomFormat": "CycloneDX",
    "specVersion": "1.6",
    "metadata": {"component": {"type": "application", "name": "Burgerportaal", "version": "3.0"}},
    "services": [
        {
            "bom-ref": "portal-api",
            "provider": {"name": "Rijnware B.V."},
            "name": "Portal API",
            "services": [
                # nested, another provider: a sub-processor of Portal API
                {"bom-ref": "search", "provider": {"name": "Zoekers B.V."}, "name": "Search"},
                # nested, the same provider: no further rank
                {"bom-ref": "cache", "provider": {"name": "Rijnware BV"}, "name": "Cache"},
            ],
        },
        {"bom-ref": "storage", "provider": {"name": "Amazon Web Services EMEA SARL"}, "name": "Object storage"},
        {"bom-ref": "own", "name": "Own batch job"},  # no provider: the subject's own
        "not an object",
    ],
    "dependencies": [
        {"ref": "search", "dependsOn": ["storage"]},
        {"ref": "storage", "dependsOn": ["search"]},  # would close a cycle: left out
    ],
}


def test_saasbom_services_join_the_service_inventory_with_their_chain(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "saasbom.json"
    path.write_text(json.dumps(SAASBOM), encoding="utf-8")
    summary = import_paths(store, [path], "gemeente")
    outcome = summary.outcomes[0]
    assert (outcome.status.value, outcome.kind, outcome.services) == ("imported", "sbom", 4)
    assert any("1 services without a provider" in w and "Own batch job" in w for w in outcome.warnings)
    assert any("'Object storage' on 'Search' closes a cycle" in w for w in outcome.warnings)
    services = {s.name: s for s in load_services(store, "gemeente")}
    assert sorted(services) == ["Cache", "Object storage", "Portal API", "Search"]
    assert services["Portal API"].subprocessors == ("Search",)  # Cache has the same provider
    assert services["Search"].subprocessors == ("Object storage",)
    assert services["Object storage"].vendor == "Amazon Web Services EMEA SARL"
    assert services["Portal API"].category == "saas"
    views = {v.service.name: v for v in an.view_services(services.values(), VendorMap(None), None)}
    chain = views["Portal API"].chain
    assert chain is not None
    # rank 1 Rijnware; rank 2 Zoekers (Search); rank 3 Amazon (Search's sub-processor), in the US
    assert [(link.rank, link.group) for link in chain.links] == [
        (1, "Rijnware B.V."),
        (2, "Zoekers B.V."),
        (3, "Amazon"),
    ]
    assert chain.countries_at(3) == ("LU", "US")
    again = import_paths(store, [path], "gemeente").outcomes[0]
    assert again.status.value == "unchanged"


def test_the_real_saasbom_example(store: Store, samples_dir: Path) -> None:
    # CycloneDX bom-examples SaaSBOM/apigateway-microservices-datastores (CC0): four services provided by
    # Acme Inc (the gateway and three microservices nested in it), a Postgres and an S3 service without provider
    summary = import_paths(store, [samples_dir / "cdx-bomex-saasbom-apigateway.json"], "acme")
    outcome = summary.outcomes[0]
    assert outcome.services == 4
    assert any(w.startswith("2 services without a provider") for w in outcome.warnings)
    services = load_services(store, "acme")
    names = ("API Gateway", "Microservice 1", "Microservice 2", "Microservice 3")
    assert sorted(s.name for s in services) == [f"com.example/{n}" for n in names]
    assert {s.vendor for s in services} == {"Acme Inc"}
    assert all(s.subprocessors == () for s in services)  # one provider: no further rank


def test_the_real_cyclonedx_service_example_in_xml(store: Store, samples_dir: Path) -> None:
    # CycloneDX specification test resource valid-service-1.6.xml (Apache-2.0): the "Stock ticker service"
    # of group org.partner, provided by Partner Org, next to one component
    summary = import_paths(store, [samples_dir / "cdx-spec-valid-service-1.6.xml"], "stocks")
    assert summary.outcomes[0].component_count == 1
    services = load_services(store, "stocks")
    assert [(s.name, s.vendor) for s in services][:1] == [("org.partner/Stock ticker service", "Partner Org")]


def test_services_nested_beyond_reason_are_refused(store: Store, tmp_path: Path) -> None:
    inner: dict[str, object] = {"name": "leaf", "provider": {"name": "P"}}
    for depth in range(300):  # deeper than any real SaaSBOM; the reader must not recurse
        inner = {"name": f"s{depth}", "provider": {"name": "P"}, "services": [inner]}
    path = tmp_path / "deep.json"
    path.write_text(json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.6", "services": [inner]}))
    outcome = import_paths(store, [path], "deep").outcomes[0]
    assert outcome.status.value == "rejected"
    assert "services are nested more than 256 levels deep" in outcome.error
