#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Start-up time of the command line, next to ``python -c pass`` measured in the same run.

    python benchmarks/bench_cli.py [--runs 15]

Runs each command ``--runs`` times as a user does (a new process each time, the installed ``dosa``
script of this interpreter) and prints the median and minimum wall time and the median CPU time
(user + system of the child) as a Markdown table, with the machine's load average before and
after. The dataset cache and the compiled bytecode live in a temporary folder: one untimed run
fills both, as the first command after installing does (pip compiles an installed package's
bytecode; ``PYTHONDONTWRITEBYTECODE`` in the caller's environment is dropped, else every run would
compile dosa's modules again). ``python -c pass`` is the floor no Python program can go below on
this machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DOSA = str(Path(sys.executable).with_name("dosa"))
TARGETS = {"dosa --version": 0.15, "dosa actions --owner BZK --format csv": 0.5}
"""Median wall-time targets in seconds (issue 16)."""
COMMANDS = {
    "python -c pass (baseline)": [sys.executable, "-c", "pass"],
    "dosa --version": [DOSA, "--version"],
    "dosa actions --owner BZK --format csv": [DOSA, "actions", "--owner", "BZK", "--format", "csv"],
    "dosa layers --format json": [DOSA, "layers", "--format", "json"],
}


def _time(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="dosa-bench-") as cache:
        env = {
            **os.environ,
            "DOSA_CACHE_DIR": cache,
            "DOSA_DB": str(Path(cache) / "none.db"),
            "PYTHONPYCACHEPREFIX": str(Path(cache) / "pycache"),
        }
        for name in ("DOSA_DATASET", "PYTHONDONTWRITEBYTECODE"):
            env.pop(name, None)
        for command in COMMANDS.values():
            _time(command, env)  # fill the dataset cache and the OS file cache
        print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, {runs} runs each")
        print(f"load average before: {_load()}\n")
        print("| command | median wall (s) | min wall (s) | median CPU (s) | × baseline (median wall) | target |")
        print("|---|---:|---:|---:|---:|---:|")
        baseline = None
        for name, command in COMMANDS.items():
            samples = [_time(command, env) for _ in range(runs)]
            wall = statistics.median(s[0] for s in samples)
            baseline = baseline or wall
            cpu = statistics.median(s[1] for s in samples)
            low = min(s[0] for s in samples)
            target = f"{TARGETS[name]:.2f}" if name in TARGETS else ""
            print(f"| `{name}` | {wall:.3f} | {low:.3f} | {cpu:.3f} | {wall / baseline:.1f} | {target} |")
        print(f"\nload average after: {_load()}")


if __name__ == "__main__":
    main()
