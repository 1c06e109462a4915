# SPDX-License-Identifier: EUPL-1.2
"""Fault test: ``kill -9`` of the server during concurrent saves and of an import process during an
import, on SQLite and on PostgreSQL. Afterwards every save the server confirmed is in the ledger, the
ledger's chain is intact, and every imported SBOM is whole (no partial import)."""

from __future__ import annotations

import re
import subprocess
import threading
import time
from pathlib import Path

import httpx2
import pytest
import sqlalchemy
from sqlalchemy.engine import make_url

from dosa.monitoring.chain import verify_chain
from dosa.monitoring.ledger import Ledger
from dosa.store import open_store
from dosa.store.engine import forget_engines
from dosa.store.schema import forget_checks
from dosaserver import DOSA, start_server

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "sbom-samples"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
BIG_SBOMS = (
    "cdx-bomex-juice-shop-npm-bare.bom1.3.xml",
    "cdx-bomex-juice-shop-npm-flat.bom1.4.xml",
    "lab-spdx-syft-grafana_grafana-2a73ae33c9f0.json",
    "guac-oci-kubectl-linux-amd64-spdx-1.json",
    "wild-spdx-grype-sbom.spdx.json",
)

pytestmark = pytest.mark.slow


def _writer(base: str, number: int, confirmed: list[str], stop: threading.Event) -> None:
    with httpx2.Client(base_url=base, timeout=30) as browser:
        save = 0
        while not stop.is_set():
            try:
                page = browser.get("/en/actions/a002")
                token = CSRF.search(page.text)
                if token is None:
                    continue
                note = f"writer {number} save {save}"
                answer = browser.post(
                    "/en/actions/a002/status",
                    data={"status": ("in_progress", "done")[save % 2], "note": note, "csrf": token.group(1)},
                )
                if answer.status_code == 303:
                    confirmed.append(note)
                save += 1
            except httpx2.HTTPError:
                return  # the server is gone


def test_kill_9_loses_no_confirmed_write_and_leaves_no_partial_import(any_db_url: str, tmp_path: Path) -> None:
    missing = [name for name in BIG_SBOMS if not (SAMPLES / name).is_file()]
    if missing:
        pytest.skip(f"SBOM sample corpus not found at {SAMPLES} ({missing[0]})")
    db = any_db_url
    if "://" in db:
        db = make_url(db).set(drivername="postgresql").render_as_string(hide_password=False)
    open_store(any_db_url)
    server = start_server(["--quiet", "--dataset", str(MINI), "serve", "--editor", "E", "--db", db], tmp_path / "s.log")
    importer = subprocess.Popen(
        [str(DOSA), "--quiet", "inventory", "import", *(str(SAMPLES / n) for n in BIG_SBOMS), "--project", "p"],
        env={"DOSA_DB": db, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    confirmed: list[str] = []
    stop = threading.Event()
    writers = [threading.Thread(target=_writer, args=(server.base, n, confirmed, stop)) for n in range(10)]
    for thread in writers:
        thread.start()
    deadline = time.monotonic() + 120
    while len(confirmed) < 20 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(2)  # the import is under way by now
    server.kill9()
    importer.kill()
    importer.wait()
    stop.set()
    for thread in writers:
        thread.join()
    assert len(confirmed) >= 20, "the writers got going before the kill"

    forget_engines()
    forget_checks()
    store = open_store(any_db_url)
    recorded = [e.note for e in Ledger(store).entries()]
    assert set(confirmed) <= set(recorded), "every confirmed save survived the kill"
    assert len(recorded) == len(set(recorded)), "nothing recorded twice"
    with store.engine.connect() as connection:
        problems, _, _ = verify_chain(connection)
        assert problems == []
        sboms = connection.execute(
            sqlalchemy.text(
                "SELECT s.id, s.component_count, (SELECT count(*) FROM inventory_components c WHERE c.sbom_id = s.id) "
                "FROM inventory_sboms s"
            )
        ).all()
    for sbom_id, declared, stored in sboms:
        assert declared == stored, f"SBOM {sbom_id}: {stored} of {declared} components (partial import)"
