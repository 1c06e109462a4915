# SPDX-License-Identifier: EUPL-1.2
"""Operations: liveness and readiness, HEAD on pages, Prometheus metrics, JSON access logs."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dosa.dataset import load_dataset
from dosa.store import open_store
from dosa.web import WebSettings, create_app
from dosa.web.operations import JsonFormatter

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


@pytest.mark.sqlite_only(reason="the database file is emptied while the server runs")
def test_live_and_ready(tmp_path: Path) -> None:
    db = tmp_path / "dosa.db"
    open_store(db)
    client = TestClient(create_app(WebSettings(db=str(db)), load_dataset(MINI)))
    assert client.get("/health/live").json() == {"status": "ok"}
    assert client.get("/health/ready").json() == {"status": "ready"}
    db.write_bytes(b"")  # the database is lost while the server runs
    from dosa.store.schema import forget_checks

    forget_checks()
    answer = client.get("/health/ready")
    assert answer.status_code == 503
    assert answer.headers["content-type"] == "application/problem+json"
    assert str(tmp_path) not in answer.text
    assert client.get("/health/live").status_code == 200


def test_head_answers_every_page_without_a_body() -> None:
    client = TestClient(create_app(WebSettings(), load_dataset(MINI)))
    for path in ("/en", "/nl/priorities", "/en/actions/a001", "/v1/priorities"):
        get = client.get(path)
        head = client.head(path)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"]
        assert "content-security-policy" in head.headers


def test_metrics_count_requests_by_route_template() -> None:
    client = TestClient(create_app(WebSettings(), load_dataset(MINI)))
    for action in ("a001", "a002", "a003"):
        client.get(f"/en/actions/{action}")
    text = client.get("/metrics").text
    line = next(
        line
        for line in text.splitlines()
        if line.startswith("dosa_http_requests_total{") and 'route="/{lang}/actions/{action_id}"' in line
    )
    assert line.endswith(" 3.0")
    assert "a001" not in text, "raw paths are not labels (bounded cardinality)"
    assert "dosa_http_request_duration_seconds_bucket" in text


def test_access_log_lines_are_json_with_the_request_id(caplog: pytest.LogCaptureFixture) -> None:
    client = TestClient(create_app(WebSettings(), load_dataset(MINI)))
    with caplog.at_level(logging.INFO, logger="dosa.access"):
        client.get("/en", headers={"x-request-id": "abc-123"})
    record = next(r for r in caplog.records if r.name == "dosa.access")
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "abc-123"
    assert line["path"] == "/en"
    assert line["status"] == 200
    assert line["level"] == "info"
    assert line["time"].endswith("Z")
