#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Benchmark of SBOM grading next to its baseline, parsing alone, in one run.

    PYTHONPATH=src python3 benchmarks/bench_sbom_grade.py [--components 100000] [--repeat 3]

Grading = reading + detecting + parsing (the inventory's parser, the baseline) + reading the extra facts +
checking 31 rules on every component. A synthetic CycloneDX 1.6 document with N components (each with
supplier, purl, SHA-512, licence, the four BSI properties and a dependencies entry) is written once; the
median of ``--repeat`` runs of each is printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from dosa.inventory.sbom import parse_sbom
from dosa.procurement.sbom_grade import grade_file


def synthetic(count: int) -> dict[str, object]:
    props = [{"name": f"bsi:component:{k}", "value": "true"} for k in ("executable", "archive", "structured")]
    components = [
        {
            "bom-ref": f"c{n}",
            "type": "library",
            "name": f"lib{n}",
            "version": "1.0.0",
            "supplier": {"name": "Maker", "url": ["https://maker.example"]},
            "purl": f"pkg:npm/lib{n}@1.0.0",
            "hashes": [{"alg": "SHA-512", "content": "ab" * 64}],
            "licenses": [{"license": {"id": "MIT"}}],
            "properties": [*props, {"name": "bsi:component:filename", "value": f"lib{n}.tgz"}],
        }
        for n in range(count)
    ]
    return {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "metadata": {"timestamp": "2026-01-01T00:00:00Z", "authors": [{"name": "a", "email": "a@b.example"}]},
        "components": components,
        "dependencies": [{"ref": f"c{n}", "dependsOn": [f"c{n + 1}"] if n + 1 < count else []} for n in range(count)],
    }


def timed(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--components", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| components | file MB | parse only (baseline), s | grade (3 profiles), s | ratio |")
    print("|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for count in (int(c) for c in args.components.split(",")):
            path = Path(folder) / f"sbom-{count}.cdx.json"
            path.write_text(json.dumps(synthetic(count)), encoding="utf-8")
            base = timed(partial(parse_sbom, path), args.repeat)
            graded = timed(partial(grade_file, path), args.repeat)
            size = path.stat().st_size / 1_000_000
            print(f"| {count:,} | {size:.1f} | {base:.2f} | {graded:.2f} | {graded / base:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
