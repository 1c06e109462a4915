# SPDX-License-Identifier: EUPL-1.2
"""A form error is put next to the field the error is about, decided by the error, not by its wording."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from dosa.dataset import load_dataset
from dosa.inventory import import_paths
from dosa.store import open_store
from dosa.web import WebSettings, create_app

MINI = Path(__file__).parent.parent / "fixtures" / "mini"


def test_a_range_error_without_the_word_range_lands_at_the_range_field(tmp_path: Path, db_url: str) -> None:
    db = db_url
    services = tmp_path / "services.csv"
    services.write_text("name,category,vendor\nMail,saas,Contoso\n", encoding="utf-8")
    assert import_paths(open_store(db), [services], "org").ok
    client = TestClient(create_app(WebSettings(db=db), load_dataset(MINI)))
    page = client.get("/en/inventory", params={"query": "log4j-core", "range": "vers:nosuch/<1"})
    assert page.status_code == 400
    assert '<p class="utrecht-form-field-error-message" id="range-error">unknown version scheme' in page.text
    assert 'id="query-error"' not in page.text
    bad_purl = client.get("/en/inventory", params={"query": "pkg:", "range": "<2"})
    assert 'id="query-error"' in bad_purl.text
    assert 'id="range-error"' not in bad_purl.text
