#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Benchmark of exposure matching next to a straightforward baseline, in one run.

    PYTHONPATH=src nice -n 10 python3 benchmarks/bench_exposure.py                # 10 million rows
    PYTHONPATH=src python3 benchmarks/bench_exposure.py --rows 1000000 --scale 0.2

The full OSV/GHSA advisory sets of Maven, npm and PyPI are not available offline here, so an
advisory set is generated with the real records' shape (see ``ADVISORIES``): ECOSYSTEM ranges with
``introduced``/``fixed`` events (several per record, as in the Log4Shell records), some
``last_affected``, PyPI records with explicit ``versions`` lists (as PYSEC records have), and npm
malicious-package records that affect every version (``introduced: 0`` only). Popular packages get
more advisories (Zipf). The portfolio is ``--rows`` component rows drawn (Zipf) from a universe of
(package, version) pairs, about a third of whose packages have advisories.

dosa: group the rows by (package, version) with numpy, decide each distinct pair once through the
package index, and count the findings per row from the pair's answer. Baseline: one lookup per
component row through the same package index and the same range evaluation, without grouping and
without the version-parse cache; it is timed on a random sample of rows and extrapolated (said so
in the output). Both answers are compared on the sample. Then one new advisory is added and only
the pairs of its package are re-decided (incremental re-match). Times are CPU seconds of the
process (``time.process_time``), so that other work on a shared machine disturbs them less.
"""

from __future__ import annotations

import argparse
import platform
import random
import resource
import time
from typing import Any

import numpy as np

from dosa.exposure import versions
from dosa.exposure.matching import AdvisoryIndex, IndexedAdvisory, Matcher

SEED = 12
ADVISORIES = {"maven": 6_000, "npm": 24_000, "pypi": 12_000}
"""Advisory records per ecosystem at --scale 1 (GHSA reviewed + OSV PYSEC + npm/PyPI malware, order of magnitude)."""
PACKAGES = {"maven": 60_000, "npm": 120_000, "pypi": 40_000}
PAIRS = 600_000


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _version(rng: random.Random, ecosystem: str) -> str:
    major, minor, patch = rng.randint(0, 12), rng.randint(0, 30), rng.randint(0, 40)
    roll = rng.random()
    if ecosystem == "maven":
        if roll < 0.08:
            return f"{major}.{minor}.{patch}.RELEASE"
        if roll < 0.12:
            return f"{major}.{minor}-beta{rng.randint(1, 9)}"
        return f"{major}.{minor}.{patch}"
    if ecosystem == "npm":
        return f"{major}.{minor}.{patch}-rc.{rng.randint(1, 5)}" if roll < 0.05 else f"{major}.{minor}.{patch}"
    if roll < 0.05:
        return f"{major}.{minor}rc{rng.randint(1, 3)}"
    if roll < 0.08:
        return f"{major}.{minor}.post{rng.randint(1, 3)}"
    return f"{major}.{minor}.{patch}" if roll < 0.8 else f"{major}.{minor}"


def _key(ecosystem: str, number: int) -> str:
    if ecosystem == "maven":
        return f"pkg:maven/org.example{number % 997}/artifact-{number}"
    if ecosystem == "npm":
        return f"pkg:npm/%40scope{number % 499}/package-{number}" if number % 3 == 0 else f"pkg:npm/package-{number}"
    return f"pkg:pypi/project-{number}"


def _zipf_choice(rng: random.Random, n: int) -> int:
    """A package number with probability proportional to 1 / (k + 10): popular packages (low
    numbers) are chosen more often, the most popular about 1-2 % of the time (as jackson-databind
    holds about 2 % of Maven's GHSA records)."""
    # inverse of the continuous CDF of 1/(k+10) on [0, n): k = 10 * ((n + 10) / 10) ** u - 10
    return min(int(10 * ((n + 10) / 10) ** rng.random() - 10), n - 1)


def _spec(rng: random.Random, ecosystem: str) -> dict[str, Any]:
    if ecosystem == "npm" and rng.random() < 0.6:  # malicious-package records: every version
        return {"ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}], "versions": [], "fixed": []}
    ranges = []
    fixed = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        low, high = sorted(_version(rng, ecosystem) for _ in range(2))
        lows = versions.parse_version(ecosystem, low)
        highs = versions.parse_version(ecosystem, high)
        if lows is None or highs is None or not lows < highs:
            low = "0"
        if rng.random() < 0.1:
            events = [{"introduced": low}, {"last_affected": high}]
        else:
            events = [{"introduced": low}, {"fixed": high}]
            fixed.append(high)
        ranges.append({"type": "SEMVER" if ecosystem == "npm" else "ECOSYSTEM", "events": events})
    listed = (
        [_version(rng, ecosystem) for _ in range(rng.randint(5, 40))]
        if ecosystem == "pypi" and rng.random() < 0.4
        else []
    )
    return {"ranges": ranges, "versions": listed, "fixed": fixed}


def generate(
    scale: float,
) -> tuple[list[tuple[IndexedAdvisory, list[tuple[str, str, dict[str, Any]]]]], list[tuple[str, str]]]:
    rng = random.Random(SEED)
    advisories = []
    number = 0
    for ecosystem, count in ADVISORIES.items():
        packages = int(PACKAGES[ecosystem] * scale) or 1
        for _ in range(int(count * scale)):
            number += 1
            affected = []
            for _ in range(rng.choice((1, 1, 1, 2))):
                package = _zipf_choice(rng, packages // 3)  # advisories fall on a third of the packages
                affected.append((_key(ecosystem, package), ecosystem, _spec(rng, ecosystem)))
            advisory = IndexedAdvisory(f"GHSA-bench-{number}", (f"CVE-2099-{number}",))
            advisories.append((advisory, affected))
    pairs: set[tuple[str, str]] = set()
    target = int(PAIRS * scale)
    ecosystems = list(PACKAGES)
    while len(pairs) < target:
        ecosystem = rng.choice(ecosystems)
        package = (
            _zipf_choice(rng, int(PACKAGES[ecosystem] * scale) or 1)
            if rng.random() < 0.7
            else rng.randrange(int(PACKAGES[ecosystem] * scale) or 1)
        )
        pairs.add((_key(ecosystem, package), _version(rng, ecosystem)))
    return advisories, sorted(pairs)


def _scheme(key: str) -> str:
    return key[4 : key.index("/")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--scale", type=float, default=1.0, help="advisories, packages and pairs (1 = full size)")
    parser.add_argument("--sample", type=int, default=100_000, help="rows the baseline is timed on")
    args = parser.parse_args()

    start = time.process_time()
    advisories, pairs = generate(args.scale)
    generated = time.process_time() - start
    records = len(advisories)
    ranges = sum(len(spec["ranges"]) for _, affected in advisories for _, _, spec in affected)

    np_rng = np.random.default_rng(SEED)
    weights = 1.0 / np.arange(1, len(pairs) + 1) ** 0.9
    np_rng.shuffle(weights)
    weights /= weights.sum()
    rows = np_rng.choice(len(pairs), size=args.rows, p=weights).astype(np.int32)

    versions.parse_version.cache_clear()
    start = time.process_time()
    index = AdvisoryIndex()
    for advisory, affected in advisories:
        index.add(advisory, [(key, _scheme(key), spec) for key, _, spec in affected])
    t_index = time.process_time() - start

    start = time.process_time()
    counts = np.bincount(rows, minlength=len(pairs))
    present = np.flatnonzero(counts)
    t_group = time.process_time() - start

    start = time.process_time()
    matcher = Matcher(index)
    hits = matcher.match_pairs(pairs[i] for i in present)
    t_match = time.process_time() - start

    start = time.process_time()
    position = {pair: i for i, pair in enumerate(pairs)}
    per_pair = np.zeros(len(pairs), dtype=np.int64)
    for pair, found in hits.items():
        per_pair[position[pair]] = len(found)
    findings = int((counts * per_pair).sum())
    exposed_rows = int(counts[per_pair > 0].sum())
    t_expand = time.process_time() - start
    total = t_group + t_match + t_expand

    # Baseline: one lookup per component row, no grouping, no version-parse cache.
    sample = np_rng.choice(rows, size=min(args.sample, args.rows), replace=False)
    cached = versions.parse_version
    versions.parse_version = cached.__wrapped__  # type: ignore[assignment]
    try:
        start = time.process_time()
        baseline_findings = 0
        agree = True
        for pair_id in sample:
            pair = pairs[int(pair_id)]
            found = index.match(*pair) if pair[0] in index.by_package else []
            baseline_findings += len(found)
            agree = agree and sorted(found) == sorted(matcher.decided.get(pair, []))
        t_sample = time.process_time() - start
    finally:
        versions.parse_version = cached
    t_baseline = t_sample * args.rows / len(sample)

    # Incremental: a new advisory on the most used package with advisories.
    popular = max((p for p in hits), key=lambda p: counts[position[p]])
    new_spec = {"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}], "versions": [], "fixed": []}
    start = time.process_time()
    newly = matcher.rematch(
        IndexedAdvisory("GHSA-bench-new", ("CVE-2099-0",)), [(popular[0], _scheme(popular[0]), new_spec)]
    )
    t_incremental = time.process_time() - start

    print(
        f"# exposure matching benchmark ({platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, seed {SEED})"
    )
    print()
    print(
        f"advisories: {records:,} records, {ranges:,} ranges on {len(index.by_package):,} packages "
        f"(generated in {generated:.1f} s); portfolio: {args.rows:,} component rows over "
        f"{len(present):,} distinct (package, version) pairs"
    )
    print()
    print("| step | CPU time |")
    print("|---|---:|")
    print(f"| index advisories by package | {t_index:.2f} s |")
    print(f"| group {args.rows:,} rows by (package, version) (numpy) | {t_group:.2f} s |")
    print(f"| decide {len(present):,} distinct pairs | {t_match:.2f} s |")
    print(f"| findings per row from the pair answers | {t_expand:.2f} s |")
    print(f"| **dosa total (group + decide + expand)** | **{total:.2f} s** |")
    print(
        f"| baseline: one lookup per row ({len(sample):,}-row sample: {t_sample:.2f} s, extrapolated) | "
        f"{t_baseline:.0f} s |"
    )
    print(
        f"| incremental re-match after one new advisory ({len(newly):,} pairs newly hit) | "
        f"{t_incremental * 1000:.1f} ms |"
    )
    print()
    print(
        f"findings: {findings:,} on {exposed_rows:,} exposed rows; speed-up {t_baseline / total:.0f}x; "
        f"baseline agrees on the sample: {'yes' if agree else 'NO'}; peak memory {_peak_mb():.0f} MiB"
    )


if __name__ == "__main__":
    main()
