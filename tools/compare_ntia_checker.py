# SPDX-License-Identifier: EUPL-1.2
"""Compare dosa's NTIA grading with the SPDX project's ntia-conformance-checker on the SPDX 2 samples.

Usage: ``python tools/compare_ntia_checker.py NTIA_CHECKER_BIN SAMPLES_DIR``, where NTIA_CHECKER_BIN is the
``ntia-checker`` command of a separate virtual environment (``pip install ntia-conformance-checker==6.0.0``).
Prints, per NTIA element, on how many files the two agree, and the files where they differ.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from dosa.errors import DosaError
from dosa.procurement.sbom_grade import Status, grade_file

ELEMENTS = {
    "ntia.author": "authorNameProvided",
    "ntia.timestamp": "timestampProvided",
    "ntia.dependencies": "dependencyRelationshipsProvided",
    "ntia.name": "componentNames",
    "ntia.version": "componentVersions",
    "ntia.identifier": "componentIdentifiers",
    "ntia.supplier": "componentSuppliers",
}


def main() -> int:
    checker, samples = sys.argv[1], Path(sys.argv[2])
    with (samples / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        files = [r["file"] for r in csv.DictReader(handle, delimiter="\t") if r["format"] in ("spdx-json", "spdx-tv")]
    agree = dict.fromkeys(ELEMENTS, 0)
    differ: dict[str, list[str]] = {k: [] for k in ELEMENTS}
    compared = 0
    for name in files:
        run = subprocess.run([checker, "-c", "ntia", "-k", "-r", "json", str(samples / name)],
                             capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
        try:
            theirs = json.loads(run.stdout)
            ours = grade_file(samples / name, ("ntia",)).profile("ntia")
        except (json.JSONDecodeError, DosaError):
            continue
        if theirs.get("parsingError"):
            continue
        compared += 1
        for rule, key in ELEMENTS.items():
            value = theirs.get(key)
            their_pass = value.get("allProvided") if isinstance(value, dict) else bool(value)
            our_pass = next(r.status for r in ours.results if r.rule.id == rule) is Status.PASS
            if their_pass == our_pass:
                agree[rule] += 1
            else:
                differ[rule].append(f"{name} (dosa {'pass' if our_pass else 'fail'})")
    print(f"SPDX 2 files compared: {compared}")
    for rule in ELEMENTS:
        print(f"{rule}: agree on {agree[rule]} of {compared}; differ on {', '.join(differ[rule]) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
