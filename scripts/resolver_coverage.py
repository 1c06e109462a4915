# SPDX-License-Identifier: EUPL-1.2
"""Measure who the resolver names in a folder of SBOMs, per ecosystem, before and after.

    .venv/bin/python scripts/resolver_coverage.py ../shared/sbom-samples

*Before*: dosa without the resolver and without a user mapping (the SBOM's own supplier or
manufacturer names a vendor, without a country; the dataset's suppliers give a country when the
name matches). *After*: the same plus the resolver. Prints a Markdown table for docs/inventory.md.
Files that are no SBOM (the corpus holds broken and invalid ones on purpose) are skipped.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dosa.dataset import load_dataset
from dosa.errors import DosaError
from dosa.inventory.mapping import VendorMap
from dosa.inventory.resolve.coverage import CoverageTable, ecosystem_of
from dosa.inventory.sbom import parse_sbom


def main(folder: Path) -> None:
    dataset = load_dataset(None)
    before_map, after_map = VendorMap(dataset, resolve=False), VendorMap(dataset)
    before, after = CoverageTable(), CoverageTable()
    files = 0
    for path in sorted(folder.iterdir()):
        if path.suffix in (".md", ".tsv"):
            continue
        try:
            sbom = parse_sbom(path)
        except DosaError:
            continue
        files += 1
        for c in sbom.components:
            package = c.purl or f"name:{c.name}"
            for table, vendors in ((before, before_map), (after, after_map)):
                profile = vendors.for_component(package, c.supplier, c.manufacturer, c.vcs_url, c.website_url)
                declared = bool(c.supplier or c.manufacturer)
                table.add(
                    ecosystem_of(c.purl),
                    1,
                    before=declared,
                    named=profile is not None or declared,
                    jurisdiction=profile is not None and profile.jurisdiction is not None,
                    confidence=(profile.confidence or "mapping") if profile is not None else "sbom name",
                )
    print(f"{files} SBOM files read from {folder}\n")
    print(
        "| ecosystem | components | vendor named before | jurisdiction before | organisation named after "
        "| jurisdiction after | high | medium | low | dataset supplier |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in after.ordered():
        old = before.rows[row.ecosystem]
        print(
            f"| {row.ecosystem} | {row.components:,} | {old.pct(old.named):.1f} % "
            f"| {old.pct(old.with_jurisdiction):.1f} % "
            f"| {row.pct(row.named):.1f} % | {row.pct(row.with_jurisdiction):.1f} % | {row.by_confidence['high']:,} "
            f"| {row.by_confidence['medium']:,} | {row.by_confidence['low']:,} | {row.by_confidence['mapping']:,} |"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/sbom-samples"))
