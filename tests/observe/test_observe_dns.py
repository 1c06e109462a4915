# SPDX-License-Identifier: EUPL-1.2
"""``dosa observe`` against a real DNS server (Knot DNS on loopback, zones in conftest.py).

Every expected provider, confidence and share below is worked out by hand from the zones and the
shipped table (providers.csv), not copied from dosa's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from observe_names import IDN_ASCII

from dosa.observe import (
    Confidence,
    DomainEntry,
    DomainResult,
    Lookup,
    RateLimiter,
    Record,
    Service,
    Status,
    classify,
    observe_domains,
    parse_nameserver,
    read_domain_file,
    shipped_rules,
)
from dosa.observe.lookup import observe
from dosa.observe.report import domains_table, jurisdiction_summary, mail_provider_summary

M365 = "Microsoft 365 (Exchange Online)"

# domain -> (mail provider, confidence, gateway, DNS provider, web provider)
EXPECTED = {
    "gemeente-almstad.test": (M365, "high", None, "TransIP", "Microsoft Azure App Service"),
    "waterschap-veenland.test": ("Google Workspace", "high", None, "Cloudflare", "Cloudflare"),
    "provincie-kustland.test": ("TransIP", "high", None, "TransIP", None),
    # Proofpoint filters in front; the mailbox provider is read from the autodiscover CNAME (medium).
    "rijksinspectie-delta.test": (M365, "medium", "Proofpoint", "Amazon Route 53", None),
    "ggd-lusland.test": (None, None, None, None, None),
    "veiligheidsregio-west.test": ("IONOS", "high", None, "IONOS", "Cloudflare"),
    "stichting-zonder-mail.test": (None, None, None, "Hostnet", None),
    "dienst-groot-txt.test": (M365, "high", None, "Microsoft Azure DNS", None),
    # Mimecast in front; SPF names exactly one mail provider besides the gateway: Microsoft (medium).
    "hogeschool-zuidrand.test": (M365, "medium", "Mimecast", "TransIP", None),
    "omgevingsdienst-noord.test": ("Hostnet", "high", None, "Hostnet", None),
    IDN_ASCII: ("OVHcloud", "high", None, "OVHcloud", None),
    "havenbedrijf-oost.test": ("Amazon SES", "high", None, "Amazon Route 53", "Amazon CloudFront"),
    "zorgkantoor-zuid.test": ("Strato", "high", None, "Strato", None),
    # The Microsoft include is the 12th lookup: never reached, so mail stays unknown.
    "te-veel-lookups.test": (None, None, None, None, None),
    # Own MX host; only the name servers (TransIP, which also offers mail) point anywhere: low.
    "eigen-beheer.test": ("TransIP", "low", None, "TransIP", None),
}


@pytest.fixture(scope="module")
def results(dns_server: str, domain_list: Path) -> dict[str, DomainResult]:
    entries = read_domain_file(domain_list)
    lookup = Lookup(parse_nameserver(dns_server), timeout=2.0, limiter=RateLimiter(500))
    found = observe_domains(entries, lookup, concurrency=4)
    assert [r.entry.line for r in found] == sorted(r.entry.line for r in found)  # the list's order
    return {r.entry.domain: r for r in found}


@pytest.fixture(scope="module")
def lookup(dns_server: str) -> Lookup:
    return Lookup(parse_nameserver(dns_server), timeout=2.0, limiter=RateLimiter(500))


def _provider(result: DomainResult, service: Service) -> str | None:
    found = result.of(service)
    return found.provider if found else None


@pytest.mark.parametrize("domain", sorted(EXPECTED))
def test_each_domain_is_classified_as_worked_out_by_hand(results: dict[str, DomainResult], domain: str) -> None:
    mail, confidence, gateway, dns_provider, web = EXPECTED[domain]
    result = results[domain]
    assert result.status is Status.OK
    assert result.mail.provider == mail
    assert (result.mail.confidence.value if result.mail.confidence else None) == confidence
    assert _provider(result, Service.MAIL_GATEWAY) == gateway
    assert _provider(result, Service.DNS) == dns_provider
    assert _provider(result, Service.WEB) == web


def test_the_mx_evidence_names_the_record_and_the_rule(results: dict[str, DomainResult]) -> None:
    mail = results["gemeente-almstad.test"].mail
    (evidence,) = mail.evidence
    assert evidence.record is Record.MX
    assert evidence.value == "gemeente-almstad-test.mail.protection.outlook.com"
    assert evidence.rule is not None
    assert evidence.rule.pattern == "*.mail.protection.outlook.com"
    assert evidence.rule.source_url.startswith("https://learn.microsoft.com/")


def test_a_domain_that_does_not_exist_and_one_the_server_refuses(results: dict[str, DomainResult]) -> None:
    assert results["opgeheven-gemeente.test"].status is Status.NXDOMAIN
    refused = results["buiten-zone.example"]
    assert refused.status is Status.ERROR
    assert refused.mail.provider is None
    assert any("refused" in str(note) for note in refused.notes)


def test_no_mx_and_null_mx_are_said_not_guessed(results: dict[str, DomainResult]) -> None:
    result = results["stichting-zonder-mail.test"]
    assert result.mail.provider is None
    assert str(result.mail.note) == "no MX record"
    null = results["geen-mailontvangst.test"]
    assert null.mail.provider is None
    assert str(null.mail.note) == "accepts no mail (null MX, RFC 7505)"


def test_an_include_loop_is_noted_and_ends(results: dict[str, DomainResult]) -> None:
    result = results["ggd-lusland.test"]
    assert any("loops back" in str(note) for note in result.notes)
    spf_hosts = [e.value for e in result.evidence if e.record is Record.SPF]
    assert spf_hosts == ["spf.ggd-lusland.test", "ggd-lusland.test"]


def test_spf_stops_after_ten_lookups(lookup: Lookup) -> None:
    domain = "te-veel-lookups.test"
    seen = observe(domain, lookup)
    assert seen.spf.lookups == 11  # the 11th is counted, found over the limit, and not made
    assert [h.host for h in seen.spf.hosts] == [f"a{n}.te-veel-lookups.test" for n in range(1, 11)]
    assert any("more than 10 DNS lookups" in str(note) for note in seen.spf.notes)


def test_two_providers_are_named_not_merged(lookup: Lookup) -> None:
    """MX 10 Microsoft, MX 20 Google: Microsoft (most preferred), Google noted. An own relay whose SPF names
    both: unknown, both named."""
    domain = classify(
        DomainEntry("twee-aanbieders.test", "twee-aanbieders.test", 1),
        observe("twee-aanbieders.test", lookup),
        shipped_rules(),
    )
    assert domain.mail.provider == M365
    assert str(domain.mail.note) == "other MX providers: Google Workspace"
    relay = "relay.twee-aanbieders.test"
    sub = classify(DomainEntry(relay, relay, 2), observe(relay, lookup), shipped_rules())
    assert sub.mail.provider is None
    assert str(sub.mail.note) == f"SPF names several: Google Workspace, {M365}"


def test_spf_stops_after_two_void_lookups(lookup: Lookup) -> None:
    """Three includes of names that do not exist: the third is the third void lookup, so the walk stops
    before the Google include (RFC 7208 §4.6.4)."""
    seen = observe("dode-includes.test", lookup)
    assert seen.spf.void_lookups == 3
    assert [h.host for h in seen.spf.hosts] == [f"weg{n}.dode-includes.test" for n in (1, 2, 3)]
    assert any("without an answer" in str(note) for note in seen.spf.notes)


def test_spf_includes_are_followed_to_their_depth(lookup: Lookup) -> None:
    seen = observe("waterschap-veenland.test", lookup)
    hosts = [(h.host, h.term, h.depth) for h in seen.spf.hosts]
    assert hosts == [
        ("_spf.google.com", "include", 0),
        ("_netblocks.google.com", "include", 1),
        ("_netblocks2.google.com", "include", 1),
    ]
    assert seen.spf.lookups == 3


def test_redirect_is_followed(results: dict[str, DomainResult]) -> None:
    spf = [e for e in results["zorgkantoor-zuid.test"].evidence if e.record is Record.SPF]
    assert [(e.value, e.detail.split()[0]) for e in spf] == [("smtp.rzone.de", "redirect")]
    assert spf[0].rule is not None
    assert spf[0].rule.provider == "Strato"


def test_a_txt_answer_too_large_for_udp_is_read_over_tcp(lookup: Lookup) -> None:
    seen = observe("dienst-groot-txt.test", lookup)
    assert len(seen.txt) == 22  # 20 verification records, the 3,000-byte one and the SPF record
    assert max(len(t) for t in seen.txt) == 12 * 250
    assert [h.host for h in seen.spf.hosts][:1] == ["spf.protection.outlook.com"]


def test_a_cname_chain_is_followed_to_the_platform(results: dict[str, DomainResult]) -> None:
    web = results["veiligheidsregio-west.test"].of(Service.WEB)
    assert web is not None
    assert web.confidence is Confidence.HIGH
    assert [e.value for e in web.evidence] == ["veiligheidsregio-west.test.cdn.cloudflare.net"]
    chain = [e.value for e in results["veiligheidsregio-west.test"].evidence if e.record is Record.CNAME]
    assert chain == [
        "web.veiligheidsregio-west.test",
        "edge.veiligheidsregio-west.test",
        "veiligheidsregio-west.test.cdn.cloudflare.net",
    ]


def test_autodiscover_srv_is_evidence(results: dict[str, DomainResult]) -> None:
    autodiscover = [e for e in results["omgevingsdienst-noord.test"].evidence if e.record is Record.AUTODISCOVER]
    assert [(e.value, e.rule.provider if e.rule else None) for e in autodiscover] == [
        ("autodiscover.hostnet.nl", "Hostnet")
    ]


def test_dmarc_report_addresses_are_kept(results: dict[str, DomainResult]) -> None:
    assert results["gemeente-almstad.test"].dmarc_rua == ("dmarc-ontvanger.test",)


def test_internationalised_name_is_asked_in_ascii(results: dict[str, DomainResult]) -> None:
    result = results[IDN_ASCII]
    assert result.entry.given == "cultuurhuis-één.test"
    assert result.entry.organisation == "Cultuurhuis Eén"


def test_summary_shares_per_mail_provider_and_jurisdiction(results: dict[str, DomainResult]) -> None:
    ordered = list(results.values())
    assert len(ordered) == 18
    by_provider = {r["provider"]: (r["domains"], r["share_pct"]) for r in mail_provider_summary(ordered, "en").records}
    # Microsoft: almstad, rijksinspectie, dienst-groot-txt, hogeschool = 4 of 18 = 22.2 %
    assert by_provider[M365] == (4, 22.2)
    assert by_provider["TransIP"] == (2, 11.1)  # kustland, eigen-beheer
    assert by_provider["unknown"] == (3, 16.7)  # ggd-lusland, te-veel-lookups, buiten-zone
    assert by_provider["no MX record"] == (1, 5.6)
    assert by_provider["accepts no mail (null MX, RFC 7505)"] == (1, 5.6)
    assert by_provider["does not exist"] == (1, 5.6)
    assert sum(n for n, _ in by_provider.values()) == 18
    by_country = {r["jurisdiction"]: r["domains"] for r in jurisdiction_summary(ordered, "en").records}
    # US: 4 Microsoft + Google + Amazon SES; NL: 2 TransIP + Hostnet; DE: IONOS, Strato; FR: OVHcloud;
    # unknown: the 3 unknown, no MX, null MX, does not exist
    assert by_country == {"US": 6, "NL": 3, "DE": 2, "FR": 1, "unknown": 6}


def test_dutch_summary_has_dutch_headings_and_values(results: dict[str, DomainResult]) -> None:
    table = mail_provider_summary(list(results.values()), "nl")
    assert [c.label("nl") for c in table.columns] == [
        "Mailaanbieder",
        "Moederbedrijf",
        "Jurisdictie",
        "Domeinen",
        "Aandeel (%)",
    ]
    providers = {r["provider"] for r in table.records}
    assert {"onbekend", "geen MX-record", "bestaat niet"} <= providers


def test_dutch_notes_are_dutch(results: dict[str, DomainResult]) -> None:
    rows = {r["domain"]: r for r in domains_table(list(results.values()), "nl").records}
    assert rows["ggd-lusland.test"]["notes"] == (
        "MX-host niet in de tabel; spf.ggd-lusland.test: include:ggd-lusland.test verwijst terug; niet opnieuw gevolgd"
    )
    assert rows["rijksinspectie-delta.test"]["notes"] == "achter het mailfilter; afgeleid uit autodiscover"
    assert rows["opgeheven-gemeente.test"]["status"] == "bestaat niet"
    assert rows["eigen-beheer.test"]["mail_confidence"] == "laag"
    assert rows["gemeente-almstad.test"]["dmarc_rua"] == ["dmarc-ontvanger.test"]
