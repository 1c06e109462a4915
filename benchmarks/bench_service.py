#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Benchmark of dosa as a shared service: signed-in users on PostgreSQL, next to one user, in one run.

    PYTHONPATH=src:tests nice -n 10 .venv/bin/python benchmarks/bench_service.py [--users 50] [--pages 20]

Starts a throwaway PostgreSQL cluster, the real OpenID provider of the tests (tests/oidc, run
``.ci/install-oidc.sh`` first) and ``dosa serve`` on loopback (one worker, rate limits off: every user
comes from 127.0.0.1). Every user signs in through the provider's pages. Then:

* baseline: one signed-in user reads the pages one after another;
* pages: all users read at once (``--pages`` page views each, each user on its own keep-alive
  connection, driven by one asyncio loop); p50 and p95 latency, per page too, and the server's CPU
  time per page view;
* writes: all users record statuses at once (5 each); saves per second, and failed saves.

Figures go to stdout as a Markdown table; docs/performance.md records them with the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urljoin

import httpx2

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from dosaserver import DOSA, free_port  # noqa: E402
from pgcluster import start_cluster  # noqa: E402

PAGES = ("/en", "/en/actions", "/en/actions/a029", "/nl/priorities", "/v1/actions")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
FORM = re.compile(r'<form[^>]*action="([^"]+)"')
HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"')


def _wait(url: str, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx2.get(url, timeout=2).status_code < 500:
                return
        except httpx2.HTTPError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.2)
    raise SystemExit(f"{what} did not start")


def sign_in(base: str, login: str) -> httpx2.Client:
    client = httpx2.Client(base_url=base, timeout=60)
    location = client.get("/auth/login?next=/en", follow_redirects=False).headers["location"]
    with httpx2.Client(timeout=30) as browser:
        for _ in range(12):
            if location.startswith(base):
                break
            page = browser.get(location)
            if page.status_code in {302, 303}:
                location = urljoin(location, page.headers["location"])
                continue
            action = FORM.search(page.text)
            assert action is not None
            fields = dict(HIDDEN.findall(page.text))
            if fields.get("prompt") == "login":
                fields.update(login=login, password="x")
            answer = browser.post(urljoin(location, action.group(1).replace("&amp;", "&")), data=fields)
            location = urljoin(location, answer.headers["location"])
    done = client.get(location.removeprefix(base), follow_redirects=False)
    assert done.status_code == 303, done.text[:300]
    return client


def timed_get(client: httpx2.Client, path: str) -> float:
    started = time.perf_counter()
    answer = client.get(path)
    elapsed = time.perf_counter() - started
    assert answer.status_code == 200, (path, answer.status_code)
    return elapsed


async def read_concurrently(base: str, clients: list[httpx2.Client], pages: int) -> list[tuple[str, float]]:
    """Every user reads ``pages`` pages one after another over its own keep-alive connection, all users
    at once. The load generator is a lean asyncio HTTP/1.1 client (as wrk is): 50 client threads in one
    Python process, or a full HTTP library per request, mostly measure the client's own CPU time on a
    2-core machine rather than the server's answer."""
    host, port = base.removeprefix("http://").split(":")

    async def user(client: httpx2.Client) -> list[tuple[str, float]]:
        cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
        reader, writer = await asyncio.open_connection(host, int(port))
        timings = []
        try:
            for i in range(pages):
                path = PAGES[i % len(PAGES)]
                started = time.perf_counter()
                writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {cookie}\r\n\r\n".encode())
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
                assert length is not None, head[:300]
                await reader.readexactly(int(length.group(1)))
                timings.append((path, time.perf_counter() - started))
                assert status == 200, (path, status)
        finally:
            writer.close()
        return timings

    batches = await asyncio.gather(*(user(client) for client in clients))
    return [t for batch in batches for t in batch]


def server_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the server process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()
    node = shutil.which("node")
    if node is None or not (ROOT / "tests/oidc/node_modules/oidc-provider").is_dir():
        raise SystemExit("run .ci/install-oidc.sh first (Node.js and the oidc-provider package)")
    cluster = start_cluster()
    processes: list[subprocess.Popen[bytes]] = []
    try:
        db = cluster.new_database("bench").replace("+psycopg", "")
        dosa_port, idp_port = free_port(), free_port()
        base, issuer = f"http://127.0.0.1:{dosa_port}", f"http://127.0.0.1:{idp_port}"
        users = {
            f"u{n}": {
                "name": f"User {n}",
                "email": f"u{n}@bzk.example",
                "dosa_organisation": "bzk",
                "dosa_roles": ["editor"],
            }
            for n in range(args.users)
        }
        env = {
            **os.environ,
            "OIDC_PORT": str(idp_port),
            "OIDC_REDIRECT_URI": f"{base}/auth/callback",
            "OIDC_POST_LOGOUT_URI": f"{base}/",
            "OIDC_CLIENT_SECRET": "bench",
            "OIDC_USERS": json.dumps(users),
        }
        processes.append(
            subprocess.Popen(
                [node, "provider.mjs"],
                cwd=ROOT / "tests/oidc",
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        _wait(f"{issuer}/.well-known/openid-configuration", processes[-1], "the OpenID provider")
        serve_env = {
            **os.environ,
            "DOSA_DB": db,
            "DOSA_PUBLIC_URL": base,
            "DOSA_OIDC_ISSUER": issuer,
            "DOSA_OIDC_CLIENT_ID": "dosa",
            "DOSA_OIDC_CLIENT_SECRET": "bench",
            "DOSA_SESSION_SECRET": "bench-session",
            "DOSA_SECURE_COOKIES": "no",
            "DOSA_RATE_LIMITS": "off",
        }
        processes.append(
            subprocess.Popen(
                [str(DOSA), "--quiet", "serve", "--port", str(dosa_port)],
                env=serve_env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        _wait(f"{base}/health/ready", processes[-1], "dosa serve")
        clients = [sign_in(base, login) for login in users]
        for path in PAGES:  # warm the caches once, as any running instance is warm
            timed_get(clients[0], path)

        single = [timed_get(clients[0], path) for _ in range(args.pages) for path in PAGES]

        server = processes[-1].pid
        cpu_before = server_cpu_seconds(server)
        started = time.perf_counter()
        timings = asyncio.run(read_concurrently(base, clients, args.pages))
        read_seconds = time.perf_counter() - started
        server_cpu = server_cpu_seconds(server) - cpu_before
        many = [t for _, t in timings]
        per_page = {path: [t for p, t in timings if p == path] for path in PAGES}

        def writer(client: httpx2.Client) -> tuple[int, int]:
            ok = failed = 0
            for save in range(5):
                page = client.get("/en/actions/a029")
                token = CSRF.search(page.text)
                answer = client.post(
                    "/en/actions/a029/status",
                    follow_redirects=False,
                    data={
                        "status": ("in_progress", "done")[save % 2],
                        "note": f"bench {save}",
                        "csrf": token.group(1) if token else "",
                    },
                )
                if answer.status_code == 303:
                    ok += 1
                else:
                    failed += 1
                    print(f"failed save: {answer.status_code} {answer.text[:200]!r}", file=sys.stderr)
            return ok, failed

        with ThreadPoolExecutor(max_workers=len(clients)) as pool:
            started = time.perf_counter()
            results = list(pool.map(writer, clients))
            write_seconds = time.perf_counter() - started
        saved = sum(r[0] for r in results)
        failed = sum(r[1] for r in results)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)
        cluster.stop()

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("| measurement | users | requests | p50 ms | p95 ms | throughput |")
    print("|---|---:|---:|---:|---:|---:|")
    print(
        f"| pages, one signed-in user (baseline) | 1 | {len(single)} | {statistics.median(single) * 1000:.1f} "
        f"| {p95(single) * 1000:.1f} | {len(single) / sum(single):.0f} req/s |"
    )
    print(
        f"| pages, concurrent signed-in users | {len(clients)} | {len(many)} | {statistics.median(many) * 1000:.1f} "
        f"| {p95(many) * 1000:.1f} | {len(many) / read_seconds:.0f} req/s |"
    )
    print(
        f"| status saves (page + form post), concurrent | {len(clients)} | {saved + failed} | | | "
        f"{saved / write_seconds:.1f} saves/s, {failed} failed |"
    )
    print(f"\nserver CPU per page view (concurrent phase): {server_cpu / len(many) * 1000:.2f} ms")
    print("| page (concurrent) | p50 ms | p95 ms |\n|---|---:|---:|")
    for path, values in per_page.items():
        print(f"| {path} | {statistics.median(values) * 1000:.1f} | {p95(values) * 1000:.1f} |")


if __name__ == "__main__":
    main()
