# SPDX-License-Identifier: EUPL-1.2
"""Benchmark of the component resolver: distinct records resolved per CPU-second.

    PYTHONPATH=src python benchmarks/bench_resolver.py [--records 200000]

The records are the real sample corpus's components (``../shared/sbom-samples``) with a numbered
suffix on the package name, so every record is distinct and nothing is answered from the cache.
Baseline in the same run: parsing the same purls (``parse_purl``, the identity step every import
already pays). Prints figures; asserts nothing (results in docs/performance.md).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from dosa.errors import DosaError
from dosa.inventory.identity import parse_purl
from dosa.inventory.resolve import ComponentRecord, Resolver, record_of
from dosa.inventory.sbom import parse_sbom

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "sbom-samples"


def corpus() -> list[ComponentRecord]:
    records = []
    for path in sorted(SAMPLES.iterdir()):
        if path.suffix in (".md", ".tsv"):
            continue
        try:
            records += [record_of(c) for c in parse_sbom(path).components]
        except DosaError:
            continue
    return records


def distinct(base: list[ComponentRecord], count: int) -> list[ComponentRecord]:
    """``count`` records, each with a different purl (the name gets a suffix; the namespace is kept)."""
    out = []
    i = 0
    while len(out) < count:
        record = base[i % len(base)]
        purl = record.purl.split("@", 1)[0] if record.purl.startswith("pkg:") else ""
        out.append(record._replace(purl=f"{purl}-{i}@1.0" if purl else "", supplier=record.supplier))
        i += 1
    return out


def cpu(function: object, records: list[ComponentRecord]) -> float:
    start = time.process_time()
    for record in records:
        function(record)  # type: ignore[operator]
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=200_000)
    args = parser.parse_args()
    base = corpus()
    records = distinct(base, args.records)
    parse_purl.cache_clear()
    baseline = cpu(lambda r: parse_purl(r.purl) if r.purl else None, records)
    parse_purl.cache_clear()
    resolver = Resolver()
    resolved = cpu(resolver.resolve, records)
    cached = cpu(resolver.resolve, records[: len(records) // 2])
    n = len(records)
    print(f"{len(base):,} corpus components, {n:,} distinct records")
    print(f"baseline parse_purl          {n / baseline:>12,.0f} records/CPU-s")
    print(f"resolve (distinct, uncached) {n / resolved:>12,.0f} records/CPU-s")
    print(f"resolve (repeat, cached)     {(n // 2) / cached:>12,.0f} records/CPU-s")


if __name__ == "__main__":
    main()
