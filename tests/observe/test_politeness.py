# SPDX-License-Identifier: EUPL-1.2
"""Politeness and bounds: every query passes the rate limiter; a domain listed twice is asked about once;
concurrency is bounded. Against Knot DNS on loopback."""

from __future__ import annotations

import pytest

from dosa.errors import InputError
from dosa.observe import DomainEntry, Lookup, RateLimiter, observe_domains, parse_nameserver


class CountingLimiter(RateLimiter):
    def __init__(self) -> None:
        super().__init__(1000)
        self.calls = 0

    def wait(self) -> float:
        self.calls += 1
        return super().wait()


def test_every_query_waits_for_the_rate_limiter(dns_server: str) -> None:
    limiter = CountingLimiter()
    lookup = Lookup(parse_nameserver(dns_server), timeout=2.0, limiter=limiter)
    observe_domains([DomainEntry("gemeente-almstad.test", "gemeente-almstad.test", 1)], lookup, concurrency=1)
    # Counted from the zone by hand: MX, TXT, the SPF include and its nested include (2), NS, CNAME of the
    # apex, CNAME of www and of its target (2), CNAME of autodiscover and of its target (2), SRV, DMARC = 12
    assert lookup.queries == 12
    assert limiter.calls == lookup.queries


def test_a_domain_listed_for_two_organisations_is_asked_once(dns_server: str) -> None:
    entries = [
        DomainEntry("gemeente-almstad.test", "gemeente-almstad.test", 2, "Gemeente Almstad"),
        DomainEntry("gemeente-almstad.test", "gemeente-almstad.test", 3, "Samenwerking Almstad"),
    ]
    lookup = Lookup(parse_nameserver(dns_server), timeout=2.0, limiter=RateLimiter(1000))
    results = observe_domains(entries, lookup)
    assert lookup.queries == 12  # as for one listing
    assert [r.entry.organisation for r in results] == ["Gemeente Almstad", "Samenwerking Almstad"]
    assert {r.mail.provider for r in results} == {"Microsoft 365 (Exchange Online)"}


@pytest.mark.parametrize("concurrency", [0, 65])
def test_concurrency_is_bounded(concurrency: int) -> None:
    lookup = Lookup(("127.0.0.1", 53), timeout=1.0)
    with pytest.raises(InputError, match="concurrency"):
        observe_domains([DomainEntry("a.test", "a.test", 1)], lookup, concurrency=concurrency)
