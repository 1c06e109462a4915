# SPDX-License-Identifier: EUPL-1.2
"""The action tracker: an editor records a status with a note through action monitoring."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from dosa.dataset import Dataset
from dosa.web import WebSettings, create_app
from pgcluster import untouched


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "the edit form is missing"
    return match.group(1)


def test_editor_records_a_status_with_a_note(client: TestClient, web_dataset: Dataset) -> None:
    action = web_dataset.actions_in_order()[-1]
    page = client.get(f"/en/actions/{action.id}")
    assert 'id="edit-heading"' in page.text
    response = client.post(
        f"/en/actions/{action.id}/status",
        data={"status": "delayed", "note": "Waiting for the EU regulation.", "csrf": _csrf(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/en/actions/{action.id}?recorded=1#progress"
    after = client.get(response.headers["location"]).text
    assert 'role="status"' in after
    assert "Waiting for the EU regulation." in after
    assert "Test Editor" in after
    assert "→ delayed" in after
    api = client.get(f"/en/actions/{action.id}?export=0&format=json")
    assert api.status_code == 200


def test_delayed_without_a_note_is_refused_at_the_field(client: TestClient, web_dataset: Dataset) -> None:
    action = web_dataset.actions_in_order()[0]
    page = client.get(f"/nl/actions/{action.id}")
    response = client.post(f"/nl/actions/{action.id}/status", data={"status": "stopped", "csrf": _csrf(page.text)})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text
    assert 'role="alert"' in response.text


def test_unknown_status_is_refused(client: TestClient, web_dataset: Dataset) -> None:
    action = web_dataset.actions_in_order()[0]
    page = client.get(f"/en/actions/{action.id}")
    response = client.post(f"/en/actions/{action.id}/status", data={"status": "finished", "csrf": _csrf(page.text)})
    assert response.status_code == 400
    assert 'id="status-error"' in response.text


def test_a_forged_form_is_refused(client: TestClient, web_dataset: Dataset) -> None:
    action = web_dataset.actions_in_order()[0]
    response = client.post(f"/en/actions/{action.id}/status", data={"status": "done", "csrf": "guess"})
    assert response.status_code == 403


def test_without_an_editor_there_is_no_editing(web_dataset: Dataset, db_url: str) -> None:
    client = TestClient(create_app(WebSettings(db=db_url), web_dataset))
    action = web_dataset.actions_in_order()[0]
    assert 'id="edit-heading"' not in client.get(f"/en/actions/{action.id}").text
    response = client.post(f"/en/actions/{action.id}/status", data={"status": "done", "csrf": ""})
    assert response.status_code == 403
    assert untouched(db_url)
