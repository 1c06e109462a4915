#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Classification throughput of ``dosa observe``, next to a straightforward baseline measured in the same run.

    python benchmarks/bench_observe.py [--domains 21670]

Builds one synthetic observation per domain (MX, SPF includes, NS and CNAME hosts drawn from the shipped
table's providers and from unknown hosts) and times :func:`dosa.observe.classify` over all of them. The
baseline matches the same hosts against the same table with ``fnmatch.fnmatch`` per rule (no compiled
patterns, no record filter): what a first implementation would do. DNS itself is not timed: at the
default rate limit (20 queries a second) DNS, not classification, sets the pace by design.
"""

from __future__ import annotations

import argparse
import fnmatch
import platform
import random
import time

from dosa.observe import DomainEntry, classify, shipped_rules
from dosa.observe.lookup import Observation, SpfHost, SpfResult

HOSTS = {
    "MX": [
        "x.mail.protection.outlook.com",
        "aspmx.l.google.com",
        "mx0a-001.pphosted.com",
        "mx1.hostnet.nl",
        "mail.eigen-beheer.nl",
        "mx00.ionos.nl",
        "smtp.unknown-provider.example",
    ],
    "SPF": ["spf.protection.outlook.com", "_spf.google.com", "_spf.transip.email", "spf.unknown.example"],
    "NS": ["ns0.transip.net", "anna.ns.cloudflare.com", "ns-1.awsdns-01.com", "ns1.unknown.example"],
    "CNAME": ["site.azurewebsites.net", "x.cdn.cloudflare.net", "www.unknown.example"],
}


def observations(count: int) -> list[tuple[DomainEntry, Observation]]:
    rng = random.Random(13)
    out = []
    for n in range(count):
        domain = f"organisatie-{n}.nl"
        seen = Observation(domain)
        seen.mx = [(10 * i, rng.choice(HOSTS["MX"])) for i in range(rng.randint(0, 3))]
        seen.spf = SpfResult(hosts=[SpfHost(rng.choice(HOSTS["SPF"]), "include", 0, domain) for _ in range(2)])
        seen.ns = sorted(rng.choice(HOSTS["NS"]) for _ in range(2))
        seen.cname_chains = {f"www.{domain}": [rng.choice(HOSTS["CNAME"])]}
        out.append((DomainEntry(domain, domain, n + 1), seen))
    return out


def baseline(items: list[tuple[DomainEntry, Observation]]) -> int:
    rules = shipped_rules().rules
    found = 0
    for _entry, seen in items:
        hosts = [h for _, h in seen.mx] + [h.host for h in seen.spf.hosts] + seen.ns
        hosts += [h for chain in seen.cname_chains.values() for h in chain]
        for host in hosts:
            found += any(fnmatch.fnmatch(host, rule.pattern) for rule in rules)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--domains", type=int, default=21_670)
    args = parser.parse_args()
    items = observations(args.domains)
    rules = shipped_rules()
    start = time.perf_counter()
    baseline(items)
    base = time.perf_counter() - start
    start = time.perf_counter()
    results = [classify(entry, seen, rules) for entry, seen in items]
    ours = time.perf_counter() - start
    known = sum(1 for r in results if r.mail.known)
    print(f"{platform.python_implementation()} {platform.python_version()}, {len(rules.rules)} rules")
    print("| step | domains | seconds | domains/s |")
    print("|---|---:|---:|---:|")
    print(f"| baseline: fnmatch per rule and host | {len(items)} | {base:.2f} | {len(items) / base:,.0f} |")
    print(f"| dosa.observe.classify | {len(items)} | {ours:.2f} | {len(items) / ours:,.0f} |")
    print(f"mail provider known for {known} of {len(items)} synthetic domains")


if __name__ == "__main__":
    main()
