# SPDX-License-Identifier: EUPL-1.2
"""A real ``dosa serve`` process for the tests: a free loopback port, stopped (or killed) by the test."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx2

DOSA = Path(sys.executable).with_name("dosa")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill9(self) -> None:
        self.process.kill()
        self.process.wait()


def start_server(args: list[str], log: Path, env: dict[str, str] | None = None, timeout: float = 120) -> Server:
    """Start ``dosa [args] serve --port P`` and wait until it answers."""
    port = free_port()
    handle = log.open("wb")
    process = subprocess.Popen(
        [str(DOSA), *args, "--port", str(port)],
        stdout=handle,
        stderr=subprocess.STDOUT,
        env={**os.environ, "DOSA_RATE_LIMITS": "off", **(env or {})},
    )
    handle.close()
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx2.get(server.base + "/v1", timeout=2).status_code < 500:
                return server
        except httpx2.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"dosa serve did not start: {log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.2)
