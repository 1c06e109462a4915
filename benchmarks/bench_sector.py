# SPDX-License-Identifier: EUPL-1.2
"""Benchmark of concentration across organisations (``dosa.inventory.sector``).

Prints figures; asserts nothing (see docs/performance.md for recorded results).

    PYTHONPATH=src python benchmarks/bench_sector.py --organisations 500 --services 40

A synthetic government: N organisations, each with M services; vendors drawn with a skewed popularity
from a pool of names (a quarter of them legal entities and brands of the shipped company groups), a
third of the services hosted on a cloud, some with sub-processors and some hosted on another service
of the same list (rank 3). Baseline, measured in the same run on the same data: the per-organisation
analysis every inventory report already does (``view_services``: groups and chains for each
organisation), which the sector roll-up repeats before it counts.

Times are CPU seconds of this process (``time.process_time``), best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import random
import time

from dosa.inventory.analysis import view_services
from dosa.inventory.mapping import VendorMap
from dosa.inventory.sector import ProjectInventory, sector_concentration
from dosa.inventory.services import Service

KNOWN = ["AWS", "Amazon Web Services EMEA SARL", "Microsoft Ireland Operations Limited", "Azure", "Google Cloud",
         "Salesforce", "Oracle", "Microsoft"]  # fmt: skip
CATEGORIES = ["saas", "iaas", "email_collaboration", "erp_crm", "office_suite", "security_product"]


def synthetic(organisations: int, services: int, seed: int = 13) -> list[ProjectInventory]:
    rng = random.Random(seed)
    pool = KNOWN + [f"Leverancier {i} B.V." for i in range(400)]
    weights = [1 / (rank + 1) for rank in range(len(pool))]
    out = []
    for o in range(organisations):
        listed = []
        for s in range(services):
            vendor = rng.choices(pool, weights)[0]
            host = rng.choice(["AWS", "Azure", "Google Cloud"]) if rng.random() < 0.33 else None
            if host is None and s > 0 and rng.random() < 0.05:
                host = f"service {s - 1}"  # hosted on another service of the list: a third rank
            subs = tuple(rng.sample(pool, 2)) if rng.random() < 0.1 else ()
            functions = tuple(f"f{rng.randrange(20)}" for _ in range(rng.randrange(3)))
            listed.append(
                Service(
                    name=f"service {s}",
                    category=rng.choice(CATEGORIES),
                    vendor=vendor,
                    hosted_on=host,
                    subprocessors=subs,
                    critical_functions=functions,
                )
            )
        out.append(ProjectInventory(f"org-{o}", f"org-{o}", tuple(listed)))
    return out


def best(repeat: int, run: object) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()  # type: ignore[operator]
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--organisations", type=int, default=500)
    parser.add_argument("--services", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    inventories = synthetic(args.organisations, args.services)
    vendors = VendorMap(None)
    total = args.organisations * args.services
    baseline = best(args.repeat, lambda: [view_services(i.services, vendors, None) for i in inventories])
    roll_up = best(args.repeat, lambda: sector_concentration(inventories, vendors))
    result = sector_concentration(inventories, vendors)
    print(f"{args.organisations} organisations x {args.services} services = {total:,} services, depth {result.depth}")
    print(f"baseline  per-organisation chains (view_services): {baseline:8.3f} s  {total / baseline:10,.0f} services/s")
    print(f"sector    concentration, 4 dimensions, every rank: {roll_up:8.3f} s  {total / roll_up:10,.0f} services/s")
    print(f"          holder rows: {len(result.rows):,}; roll-up / baseline = {roll_up / baseline:.2f}")


if __name__ == "__main__":
    main()
