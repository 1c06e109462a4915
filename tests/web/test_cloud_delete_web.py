# SPDX-License-Identifier: EUPL-1.2
"""Deleting a cloud assessment on the dashboard: a confirmation page first, then a POST with the form
token by someone allowed to edit; the audit trail names them."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from dosa.dataset import load_dataset
from dosa.inventory import cloud
from dosa.inventory.importer import import_paths
from dosa.store import open_store
from dosa.web import WebSettings, create_app


def _recorded_db(tmp_path: Path, db: str) -> str:
    services = tmp_path / "services.csv"
    services.write_text("name,category,vendor\nAzure,iaas,Microsoft\nAzur,iaas,Microsoft\n", encoding="utf-8")
    store = open_store(db)
    assert import_paths(store, [services], "gemeente").ok
    for name in ("Azure", "Azur"):
        cloud.save_assessment(store, "gemeente", cloud.assess(name, {"SOV-1": 3}, {}))
    return db


def _services(db: str) -> list[str]:
    return [a.service for a in cloud.load_assessments(open_store(db), "gemeente")]


def test_confirm_then_delete_as_the_editor(tmp_path: Path, db_url: str) -> None:
    db = _recorded_db(tmp_path, db_url)
    client = TestClient(create_app(WebSettings(db=db, editor="Test Editor"), load_dataset()))
    page = client.get("/nl/inventory/gemeente/cloud/Azur/delete")
    assert page.status_code == 200
    assert "De cloudbeoordeling van Azur in project gemeente verwijderen?" in page.text
    assert _services(db) == ["Azur", "Azure"]  # following the link deletes nothing
    token = re.search(r'name="csrf" value="([^"]*)"', page.text)
    assert token is not None

    forged = client.post("/nl/inventory/gemeente/cloud/Azur/delete", data={"csrf": "wrong"}, follow_redirects=False)
    assert forged.status_code == 403
    assert _services(db) == ["Azur", "Azure"]

    done = client.post(
        "/nl/inventory/gemeente/cloud/Azur/delete",
        data={"csrf": token.group(1), "reason": "tikfout"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/nl/inventory/gemeente?deleted=1"
    assert _services(db) == ["Azure"]
    [entry] = cloud.deletions(open_store(db), "gemeente")
    assert (entry.service, entry.deleted_by, entry.reason) == ("Azur", "Test Editor", "tikfout")

    again = client.post("/nl/inventory/gemeente/cloud/Azur/delete", data={"csrf": token.group(1)})
    assert again.status_code == 404


def test_a_dashboard_without_editor_refuses(tmp_path: Path, db_url: str) -> None:
    db = _recorded_db(tmp_path, db_url)
    client = TestClient(create_app(WebSettings(db=db), load_dataset()))
    token = re.search(r'name="csrf" value="([^"]*)"', client.get("/en/inventory/gemeente/cloud/Azur/delete").text)
    refused = client.post("/en/inventory/gemeente/cloud/Azur/delete", data={"csrf": token.group(1) if token else ""})
    assert refused.status_code == 403
    assert "Editing is off" in refused.text
    assert _services(db) == ["Azur", "Azure"]
