# SPDX-License-Identifier: EUPL-1.2
"""``dosa observe domains`` end to end against Knot DNS on loopback: read-only printing, writing into the
service inventory (atomically, with --project), --dry-run, Dutch output, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dosa.cli.app import app
from dosa.errors import UnknownIdError
from dosa.inventory.portfolio import load_services
from dosa.store import open_existing_store
from pgcluster import untouched

runner = CliRunner()


def _observe(dns_server: str, *args: str, lang: str = "en") -> list[str]:
    return ["--lang", lang, "observe", "domains", *args, "--nameserver", dns_server, "--timeout", "2", "--rate", "500"]


def test_help() -> None:
    result = runner.invoke(app, ["observe", "domains", "--help"])
    assert result.exit_code == 0
    assert "--nameserver" in result.output


def test_printing_changes_nothing(dns_server: str, domain_list: Path, db_url: str) -> None:
    db = db_url
    args = _observe(dns_server, str(domain_list), "--db", db, "--section", "domains", "-f", "json")
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["sections"]["domains"]["rows"]
    by_domain = {row["domain"]: row for row in rows}
    assert by_domain["gemeente-almstad.test"]["mail_provider"] == "Microsoft 365 (Exchange Online)"
    assert by_domain["waterschap-veenland.test"]["organisation"] == "Waterschap Veenland"
    assert untouched(db)
    dry = runner.invoke(app, [*_observe(dns_server, str(domain_list), "--db", db), "-p", "gemeenten", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would write 31 service(s) into project 'gemeenten'" in dry.stderr
    assert untouched(db)


def test_project_writes_known_providers_into_the_service_inventory(
    dns_server: str, domain_list: Path, db_url: str
) -> None:
    db = db_url
    args = [*_observe(dns_server, str(domain_list), "--db", db, "--section", "mail_providers"), "-p", "overheid"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    store = open_existing_store(db)
    assert store is not None
    services = {s.name: s for s in load_services(store, "overheid")}
    mail = services["mail: gemeente-almstad.test"]
    assert mail.vendor == "Microsoft 365 (Exchange Online)"
    assert mail.category.value == "email_collaboration"
    assert (mail.vendor_country, mail.ultimate_parent, mail.ultimate_parent_country) == (
        "US",
        "Microsoft Corporation",
        "US",
    )
    assert mail.notes is not None
    assert "*.mail.protection.outlook.com" in mail.notes
    assert "confidence high" in mail.notes
    assert services["mail gateway: rijksinspectie-delta.test"].vendor == "Proofpoint"
    assert services["DNS: stichting-zonder-mail.test"].vendor == "Hostnet"
    assert services["web: havenbedrijf-oost.test"].vendor == "Amazon CloudFront"
    # Unknown stays unknown: nothing is written for a mail provider that was not found.
    assert "mail: ggd-lusland.test" not in services
    assert "mail: stichting-zonder-mail.test" not in services
    # From EXPECTED in test_observe_dns.py: 12 known mail providers, 2 gateways, 13 DNS and 4 web providers
    assert len(services) == 12 + 2 + 13 + 4
    again = runner.invoke(app, args)
    assert again.exit_code == 0
    assert "0 service(s) added, 0 changed" in again.stderr


def test_a_row_project_column_chooses_the_project(dns_server: str, tmp_path: Path, db_url: str) -> None:
    listing = tmp_path / "lijst.csv"
    listing.write_text("domain,organisation,project\ngemeente-almstad.test,Almstad,gemeente-almstad\n", "utf-8")
    db = db_url
    result = runner.invoke(app, [*_observe(dns_server, str(listing), "--db", db), "-p", "standaard"])
    assert result.exit_code == 0, result.output
    store = open_existing_store(db)
    assert store is not None
    assert {s.name for s in load_services(store, "gemeente-almstad")} >= {"mail: gemeente-almstad.test"}
    with pytest.raises(UnknownIdError):  # the default project is not even created
        load_services(store, "standaard")


def test_dutch_output(dns_server: str, domain_list: Path) -> None:
    result = runner.invoke(app, [*_observe(dns_server, str(domain_list), lang="nl"), "--section", "jurisdictions"])
    assert result.exit_code == 0, result.output
    assert "Jurisdictie" in result.stdout
    assert "Domeinen" in result.stdout
    assert "onbekend" in result.stdout
    assert "Domains" not in result.stdout


def test_bad_list_exits_3_naming_the_line(tmp_path: Path) -> None:
    listing = tmp_path / "lijst.txt"
    listing.write_text("gemeente.nl\nniet goed\n", encoding="utf-8")
    result = runner.invoke(app, ["observe", "domains", str(listing), "--nameserver", "127.0.0.1:9"])
    assert result.exit_code == 3
    assert "lijst.txt" in result.stderr
    assert "2" in result.stderr


def test_bad_nameserver_exits_3(domain_list: Path) -> None:
    result = runner.invoke(app, ["observe", "domains", str(domain_list), "--nameserver", "ns.example.nl"])
    assert result.exit_code == 3
    assert "not an IP address" in result.stderr


def test_rules_are_listed_with_their_sources() -> None:
    result = runner.invoke(app, ["--lang", "en", "observe", "rules", "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["sections"]["rules"]["rows"]
    first = rows[0]
    assert first["pattern"] == "*.mail.protection.outlook.com"
    assert first["basis"] == "documented by the provider"
    assert "learn.microsoft.com" in first["source"]
    dutch = runner.invoke(app, ["--lang", "nl", "observe", "rules"])
    assert "Patroon" in dutch.stdout
