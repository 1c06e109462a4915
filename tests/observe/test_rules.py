# SPDX-License-Identifier: EUPL-1.2
"""The shipped classification table is complete and sourced; a broken table is refused with its lines;
matching picks the most specific rule; a name server that never answers gives a timeout note."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from dosa.errors import InputError, RecordsError
from dosa.observe import Lookup, RateLimiter, Record, Role, load_rules, shipped_rules
from dosa.observe.lookup import observe
from dosa.observe.rules import COLUMNS

TABLE = Path(__file__).resolve().parents[2] / "src" / "dosa" / "data" / "observe" / "providers.csv"


def test_every_row_is_sourced_and_licensed() -> None:
    rules = shipped_rules().rules
    assert len(rules) > 60
    for rule in rules:
        assert rule.source_url.startswith("https://"), rule.pattern
        assert rule.source_publisher, rule.pattern
        assert rule.licence, rule.pattern
        assert len(rule.provider_country) == 2, rule.pattern
        assert not rule.parent or len(rule.parent_country) == 2, rule.pattern


def test_the_providers_the_brief_names_are_there() -> None:
    providers = {r.provider for r in shipped_rules().rules}
    for name in ("TransIP", "Antagonist", "Hostnet", "Argeweb", "Mijndomein", "Strato", "OVHcloud", "Hetzner"):
        assert name in providers
    for name in ("IONOS", "Solvinity", "Previder", "Proofpoint", "Mimecast", "Cloudflare", "Google Workspace"):
        assert name in providers


@pytest.mark.parametrize(
    ("record", "host", "provider"),
    [
        (Record.MX, "gemeente-nl.mail.protection.outlook.com", "Microsoft 365 (Exchange Online)"),
        (Record.MX, "GEMEENTE-NL.MAIL.PROTECTION.OUTLOOK.COM.", "Microsoft 365 (Exchange Online)"),
        (Record.SPF, "spf.protection.outlook.com", "Microsoft 365 (Exchange Online)"),
        (Record.MX, "alt2.aspmx.l.google.com", "Google Workspace"),
        (Record.NS, "ns-1536.awsdns-00.co.uk", "Amazon Route 53"),
        (Record.SPF, "_spf.mx.cloudflare.net", "Cloudflare Email Routing"),  # not the wider *.cloudflare rules
        (Record.MX, "mx1.mail.ovh.net", "OVHcloud"),
    ],
)
def test_matching(record: Record, host: str, provider: str) -> None:
    rule = shipped_rules().match(record, host)
    assert rule is not None
    assert rule.provider == provider


def test_no_match_across_record_types_or_lookalike_domains() -> None:
    rules = shipped_rules()
    assert rules.match(Record.MX, "spf.protection.outlook.com") is None  # an SPF rule, not an MX rule
    assert rules.match(Record.MX, "mail.protection.outlook.com.evil.example") is None
    assert rules.match(Record.NS, "ns1.nottransip.net") is None
    gateway = rules.match(Record.MX, "eu-smtp-inbound-1.mimecast.com")
    assert gateway is not None
    assert gateway.role is Role.MAIL_GATEWAY


def test_a_broken_table_is_refused_with_its_lines(tmp_path: Path) -> None:
    header = ",".join(COLUMNS)
    good = "*.voorbeeld.nl,MX,Voorbeeld,mail,NL,,,own_domain,https://voorbeeld.nl/,Voorbeeld,Voorbeeld,,fact cited"
    table = tmp_path / "eigen.csv"
    table.write_text(
        "\n".join(
            [
                "# own table",
                header,
                good,
                good.replace(",MX,", ",TXT,"),
                good.replace("https://", "http://"),
                good.replace(",mail,", ",post,"),
            ]
        ),
        encoding="utf-8",
    )
    with pytest.raises(RecordsError) as caught:
        load_rules(table)
    assert [p.line for p in caught.value.report.sorted()] == [4, 5, 6]
    table.write_text(f"{header}\n{good}\n", encoding="utf-8")
    assert load_rules(table).match(Record.MX, "mx.voorbeeld.nl") is not None
    with pytest.raises(InputError, match="cannot read"):
        load_rules(tmp_path / "missing.csv")


@pytest.fixture
def silent_server() -> Iterator[tuple[str, int]]:
    """A UDP socket on loopback that never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sink:
        sink.bind(("127.0.0.1", 0))
        yield "127.0.0.1", int(sink.getsockname()[1])


def test_a_silent_name_server_gives_timeouts_not_a_hang(silent_server: tuple[str, int]) -> None:
    lookup = Lookup(silent_server, timeout=0.2, limiter=RateLimiter(1000))
    seen = observe("gemeente.nl", lookup)
    assert seen.status == "error"
    assert "MX gemeente.nl: no answer within the timeout" in [str(e) for e in seen.errors]
