# SPDX-License-Identifier: EUPL-1.2
"""Observed dependencies: which providers a list of domains uses for mail, DNS and web, read from public DNS
records (MX, SPF, NS, CNAME, autodiscover) and classified with a shipped, sourced table.

``observe_domains`` asks DNS about every domain (bounded concurrency, a shared rate limit, timeouts) and
classifies what came back; :mod:`dosa.observe.report` makes tables of it and :mod:`dosa.observe.inventory`
writes it into a project's service inventory. No user interface here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from dosa.errors import InputError
from dosa.observe.classify import Classification, Confidence, DomainResult, Evidence, Service, Status, classify
from dosa.observe.domains import DomainEntry, normalise_domain, read_domain_file, read_domain_list
from dosa.observe.lookup import (
    DEFAULT_CONCURRENCY,
    DEFAULT_RATE,
    DEFAULT_TIMEOUT,
    Lookup,
    RateLimiter,
    observe,
    parse_nameserver,
)
from dosa.observe.rules import Record, Role, Rule, RuleTable, load_rules, shipped_rules

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_RATE",
    "DEFAULT_TIMEOUT",
    "Classification",
    "Confidence",
    "DomainEntry",
    "DomainResult",
    "Evidence",
    "Lookup",
    "RateLimiter",
    "Record",
    "Role",
    "Rule",
    "RuleTable",
    "Service",
    "Status",
    "classify",
    "load_rules",
    "normalise_domain",
    "observe_domains",
    "parse_nameserver",
    "read_domain_file",
    "read_domain_list",
    "shipped_rules",
]

MAX_CONCURRENCY = 64


def observe_domains(
    entries: Sequence[DomainEntry],
    lookup: Lookup,
    rules: RuleTable | None = None,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_domain: Callable[[DomainResult], None] | None = None,
) -> list[DomainResult]:
    """Observe and classify every domain, in the list's order; at most ``concurrency`` domains at once."""
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise InputError(f"concurrency must be 1 to {MAX_CONCURRENCY}", hint="e.g. --concurrency 8")
    table = rules or shipped_rules()
    observed: dict[str, DomainResult] = {}

    def one(entry: DomainEntry) -> DomainResult:
        result = classify(entry, observe(entry.domain, lookup), table)
        if on_domain is not None:
            on_domain(result)
        return result

    unique = list(dict.fromkeys(e.domain for e in entries))
    first = {e.domain: e for e in reversed(entries)}
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for result in pool.map(one, (first[d] for d in unique)):
            observed[result.entry.domain] = result
    return [observed[e.domain] if observed[e.domain].entry == e else _for_entry(observed[e.domain], e) for e in entries]


def _for_entry(result: DomainResult, entry: DomainEntry) -> DomainResult:
    """The same observation for another organisation listing the same domain (asked once)."""
    return DomainResult(entry, result.status, result.classifications, result.evidence, result.notes, result.dmarc_rua)
