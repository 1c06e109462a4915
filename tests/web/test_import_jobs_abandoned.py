# SPDX-License-Identifier: EUPL-1.2
"""An import job whose worker dies does not stay ``running`` for ever (issue 11): a real ``dosa serve`` is
killed (kill -9) while it imports an upload; the next server fails the job at start-up with the reason,
``GET /v1/imports/{id}`` shows it, and nothing of the upload is in the database. The rules behind it
(a process on this machine asked directly, one elsewhere by its lease) on jobs recorded by hand."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import pytest
import sqlalchemy
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from dosa.access.tokens import Scope, create_token
from dosa.dataset import load_dataset
from dosa.inventory.jobs import (
    DONE,
    FAILED,
    QUEUED,
    RUNNING,
    ImportJobRow,
    Upload,
    expire_abandoned,
    get_job,
    queue_import,
    run_import,
    this_worker,
)
from dosa.store import open_store
from dosa.store.engine import forget_engines
from dosa.store.schema import forget_checks
from dosa.web import WebSettings, create_app
from dosaserver import start_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "inventory"))
from inventory_helpers import cyclonedx, library

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


def _set(db: str, job_id: str, **values: object) -> None:
    store = open_store(db)
    store.write(
        lambda session: session.execute(
            sqlalchemy.update(ImportJobRow).where(ImportJobRow.id == job_id).values(**values)
        )
    )


def _queued(db: str) -> str:
    content = cyclonedx([library("left-pad", "1.3.0")]).encode()
    return queue_import(open_store(db), "bzk-apps", "bom.json", content, Upload("CI", "bzk")).id


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_job_of_a_dead_process_on_this_machine_is_failed_with_the_reason(db_url: str) -> None:
    store = open_store(db_url)
    mine = _queued(db_url)
    dead = _queued(db_url)
    host = this_worker().split("|")[0]
    _set(db_url, dead, status=RUNNING, worker=f"{host}|{_dead_pid()}|1")
    reused = _queued(db_url)  # a live process id, but not the process that started the job (pid reused)
    _set(db_url, reused, status=RUNNING, worker=f"{host}|{this_worker().split('|')[1]}|0")
    assert sorted(expire_abandoned(store)) == sorted([dead, reused])
    job = get_job(store, dead)
    assert job is not None
    assert job.status == FAILED
    assert job.result == {
        "error": "the dosa process that ran this import stopped before it finished",
        "hint": "nothing of this upload was imported; send it again",
    }
    assert job.finished_at is not None
    held = get_job(store, mine)
    assert held is not None
    assert held.status == QUEUED, "a job this (live) process holds is left alone"
    assert expire_abandoned(store) == [], "failing is done once"


def test_a_job_held_elsewhere_is_failed_when_its_lease_runs_out(db_url: str) -> None:
    store = open_store(db_url)
    now = dt.datetime.now(dt.UTC)
    fresh, stale = _queued(db_url), _queued(db_url)
    _set(db_url, fresh, status=RUNNING, worker="other-host/ns|4242|99", heartbeat_at=now - dt.timedelta(seconds=30))
    _set(db_url, stale, status=RUNNING, worker="other-host/ns|4242|99", heartbeat_at=now - dt.timedelta(seconds=121))
    assert expire_abandoned(store, now=now) == [stale]
    job = get_job(store, stale)
    assert job is not None
    assert job.result["error"] == "the dosa worker that ran this import gave no sign of life for 120 seconds"
    fresh_job = get_job(store, fresh)
    assert fresh_job is not None
    assert fresh_job.status == RUNNING
    old = _queued(db_url)  # recorded before jobs named their worker (revision 0005)
    _set(db_url, old, worker="", heartbeat_at=None)
    assert expire_abandoned(store, [old]) == [old]


def test_a_worker_given_up_keeps_nothing_of_its_import(db_url: str) -> None:
    """Another process failed the job while this one imported: the import's transaction checks the job
    is still its own before it commits, so the data goes with the job."""
    store = open_store(db_url)
    content = cyclonedx([library("left-pad", "1.3.0"), library("is-odd", "3.0.1")]).encode()
    job = queue_import(store, "bzk-apps", "bom.json", content, Upload("CI", "bzk"))
    from dosa.inventory import importer

    original = importer.Importer.import_paths

    def given_up_meanwhile(self: importer.Importer, *args: object, **kwargs: object) -> object:
        _set(db_url, job.id, status=FAILED, result=json.dumps({"error": "given up"}))
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    importer.Importer.import_paths = given_up_meanwhile  # type: ignore[method-assign]
    try:
        finished = run_import(store, job, content, organisation="bzk", max_bytes=10_000_000)
    finally:
        importer.Importer.import_paths = original  # type: ignore[method-assign]
    assert finished.status == FAILED
    assert finished.result == {"error": "given up"}
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM inventory_sboms").scalar() == 0
        assert connection.exec_driver_sql("SELECT count(*) FROM inventory_components").scalar() == 0
    done = run_import(
        store,
        queue_import(store, "bzk-apps", "bom.json", content, Upload("CI", "bzk")),
        content,
        organisation="bzk",
        max_bytes=10_000_000,
    )
    assert done.status == DONE
    assert done.result["files"][0]["added"] == 2


@pytest.mark.slow
def test_kill_9_during_an_api_import_fails_the_job_and_keeps_nothing(any_db_url: str, tmp_path: Path) -> None:
    db = any_db_url
    if "://" in db:
        db = make_url(db).set(drivername="postgresql").render_as_string(hide_password=False)
    store = open_store(any_db_url)
    _, token = create_token(store, "CI of bzk", "bzk", {Scope.INVENTORY_WRITE}, dt.timedelta(days=1))
    # big enough that the import is still running when the poll sees it start (tens of seconds)
    components = [library(f"package-{n}", f"1.{n % 97}.{n % 13}", description="x" * 200) for n in range(60_000)]
    content = cyclonedx(components, name="big-app").encode()
    server = start_server(["--quiet", "--dataset", str(MINI), "serve", "--db", db], tmp_path / "s.log")
    headers = {"Authorization": f"Bearer {token}"}
    try:
        with httpx2.Client(base_url=server.base, timeout=60, headers=headers) as api:
            answer = api.post("/v1/projects/bzk-apps/imports", content=content, headers={"X-File-Name": "big.json"})
            assert answer.status_code == 202, answer.text
            location = answer.headers["location"]
            deadline = time.monotonic() + 60
            status = answer.json()["status"]
            while status == QUEUED and time.monotonic() < deadline:
                time.sleep(0.05)
                status = api.get(location).json()["status"]
            assert status == RUNNING, f"the import should be under way, it is {status}"
            server.kill9()
    finally:
        server.stop()

    forget_engines()
    forget_checks()
    job_id = location.rsplit("/", 1)[1]
    stuck = get_job(open_store(any_db_url), job_id)
    assert stuck is not None
    assert stuck.status == RUNNING, "the killed server could not say anything"
    client = TestClient(create_app(WebSettings(db=db), load_dataset(MINI)))  # the next server's start-up
    polled = client.get(location, headers=headers)
    assert polled.status_code == 200
    body = polled.json()
    assert body["status"] == FAILED
    assert body["result"]["error"] == "the dosa process that ran this import stopped before it finished"
    assert body["finishedAt"] is not None
    with open_store(any_db_url).engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM inventory_sboms").scalar() == 0
        assert connection.exec_driver_sql("SELECT count(*) FROM inventory_components").scalar() == 0
        projects = connection.exec_driver_sql("SELECT count(*) FROM inventory_projects").scalar()
    assert projects == 0, "not even the project the upload would have made"


def test_the_heartbeat_renews_only_this_workers_open_jobs(db_url: str) -> None:
    from dosa.inventory.jobs import Heartbeat

    store = open_store(db_url)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    mine, theirs, finished = _queued(db_url), _queued(db_url), _queued(db_url)
    _set(db_url, mine, heartbeat_at=long_ago)
    _set(db_url, theirs, worker="other-host/ns|1|1", heartbeat_at=long_ago)
    _set(db_url, finished, status=DONE, heartbeat_at=long_ago)
    Heartbeat(store).beat([mine, theirs, finished])
    with store.session() as session:
        beats = dict(session.execute(sqlalchemy.select(ImportJobRow.id, ImportJobRow.heartbeat_at)).all())
    aware = {job: beat if beat is None or beat.tzinfo else beat.replace(tzinfo=dt.UTC) for job, beat in beats.items()}
    renewed = {job for job, beat in aware.items() if beat is not None and beat > long_ago}
    assert renewed == {mine}
