#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Benchmark of the dashboard, the API and ``dosa report``; prints Markdown tables.

    python benchmarks/bench_web.py [--seconds 3] [--clients 1 10 50] [--python-client]

Starts ``dosa serve`` on 127.0.0.1 in a subprocess (the embedded default dataset, an empty
database), then for each endpoint and each number of concurrent clients sends requests for a fixed
time (so the run is bounded) and reports p50/p95 latency and throughput. The load comes from
``wrk`` (Debian package ``wrk``) when installed, a C client that leaves the CPU to the server, else
from an asyncio httpx client in this process, which on a 2-core machine takes much of the CPU
itself. The baseline, measured in the same run and in the same way, is
``/.well-known/security.txt``: a route that does no work, so the difference is dosa's own. Then it
times ``dosa report`` (HTML + PDF) as a user runs it, next to ``dosa --version`` (interpreter and
import start-up) as its baseline. Only loopback addresses are contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
DOSA = [sys.executable, "-c", "from dosa.cli.app import main; main()"]
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %d %.3f %.3f %d\\n", summary.requests, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, errors))
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def endpoints() -> list[tuple[str, str]]:
    from dosa.dataset import load_dataset

    dataset = load_dataset()
    subject = sorted(s for s in dataset.subjects if dataset.shares_of(s))[0]
    return [
        ("baseline: /.well-known/security.txt", "/.well-known/security.txt"),
        ("page: overview", "/nl"),
        (f"page: subject ({subject})", f"/nl/subjects/{subject}"),
        ("page: priority (semiconductors)", "/nl/priorities/semiconductors"),
        ("page: action tracker", "/nl/actions"),
        ("api: /v1/priorities", "/v1/priorities"),
        ("api: /v1/subjects/{id}", f"/v1/subjects/{subject}"),
        ("api: /v1/actions?status=nieuw", "/v1/actions?status=nieuw"),
        ("api: /v1/risks", "/v1/risks"),
    ]


async def load_python(base: str, path: str, clients: int, seconds: float) -> tuple[list[float], int]:
    """``clients`` concurrent clients, each sending requests one after another until time is up."""
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def one_client() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                response = await client.get(path)
                latencies.append(time.perf_counter() - start)
                if response.status_code != 200:
                    errors += 1

        await asyncio.gather(*(one_client() for _ in range(clients)))
    return latencies, errors


def load_wrk(wrk: str, url: str, clients: int, seconds: float, script: Path) -> tuple[int, float, float, int]:
    """Requests, p50 ms, p95 ms and errors, measured by wrk."""
    command = [wrk, f"-t{min(clients, 2)}", f"-c{clients}", f"-d{seconds:g}s", "--timeout", "30s", "-s", str(script)]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    requests, p50, p95, errors = line.split()[1:]
    return int(requests), float(p50), float(p95), int(errors)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def start_server(port: int, db: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DOSA_DB": str(db), "PYTHONPATH": str(ROOT / "src")}
    env.pop("DOSA_EDITOR", None)
    process = subprocess.Popen([*DOSA, "-q", "serve", "--port", str(port)], env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/.well-known/security.txt", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("dosa serve did not start within 60 s")


def time_command(args: list[str], runs: int, cwd: Path, env: dict[str, str]) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*DOSA, *args], check=True, cwd=cwd, env=env, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="Load time per endpoint and client count.")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--report-runs", type=int, default=3)
    parser.add_argument("--python-client", action="store_true", help="Use the httpx client even if wrk is there.")
    options = parser.parse_args()
    print(
        f"# dosa web and report benchmark — {platform.platform()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        port = free_port()
        server = start_server(port, work / "dosa.db")
        base = f"http://127.0.0.1:{port}"
        try:
            first: dict[str, float] = {}
            for _, path in endpoints():  # the first request of each page renders it and fills the cache
                start = time.perf_counter()
                httpx.get(base + path, timeout=60)
                first[path] = 1000 * (time.perf_counter() - start)
            wrk = None if options.python_client else shutil.which("wrk")
            client = "wrk" if wrk else "an asyncio httpx client (install Debian's wrk for a lighter one)"
            print(f"Load from {client}: each client sends requests back to back for {options.seconds:g} s.\n")
            print("| endpoint | first request ms | clients | requests | req/s | p50 ms | p95 ms | errors |")
            print("|---|---:|---:|---:|---:|---:|---:|---:|")
            script = work / "report.lua"
            script.write_text(WRK_SCRIPT, encoding="utf-8")
            for name, path in endpoints():
                for clients in options.clients:
                    if wrk:
                        count, p50, p95, errors = load_wrk(wrk, base + path, clients, options.seconds, script)
                    else:
                        latencies, errors = asyncio.run(load_python(base, path, clients, options.seconds))
                        count = len(latencies)
                        p50, p95 = 1000 * statistics.median(latencies), 1000 * percentile(latencies, 0.95)
                    rate = count / options.seconds
                    row = (
                        f"| {name} | {first[path]:.1f} | {clients} | {count} | {rate:.0f} | {p50:.1f} | {p95:.1f} "
                        f"| {errors} |"
                    )
                    print(row, flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
        env = {**os.environ, "DOSA_DB": str(work / "dosa.db"), "PYTHONPATH": str(ROOT / "src")}
        startup = time_command(["--version"], options.report_runs, work, env)
        report = time_command(["-q", "report", "-o", str(work / "out")], options.report_runs, work, env)
        sizes = {p.suffix: p.stat().st_size for p in (work / "out").iterdir()}
    print("\n| command | runs | median s | max s |")
    print("|---|---:|---:|---:|")
    print(f"| baseline: dosa --version | {len(startup)} | {statistics.median(startup):.2f} | {max(startup):.2f} |")
    print(
        f"| dosa report (HTML + PDF, default dataset) | {len(report)} | {statistics.median(report):.2f} | "
        f"{max(report):.2f} |"
    )
    print(f"\nReport files: HTML {sizes.get('.html', 0) / 1e6:.1f} MB, PDF {sizes.get('.pdf', 0) / 1e6:.1f} MB.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
