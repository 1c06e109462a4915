# SPDX-License-Identifier: EUPL-1.2
"""A new, empty database is "nothing recorded yet" on both engines: readers and the dashboard leave it
as they found it. Regression: on PostgreSQL the dashboard's start-up check and its read pages (and every
read command) created dosa's tables in an empty database, where on SQLite they create no file; a read
command named an empty PostgreSQL database "without advisories" instead of saying there is none."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dosa.cli.app import app
from dosa.dataset import load_dataset
from dosa.store import database_exists, open_store
from dosa.web import WebSettings, create_app
from pgcluster import untouched

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
runner = CliRunner()


def test_the_dashboard_reads_an_empty_database_without_changing_it(any_db_url: str) -> None:
    client = TestClient(create_app(WebSettings(db=any_db_url), load_dataset(MINI)))
    for page in ("/en/actions/a001", "/en/inventory", "/en/priorities", "/en/report/html", "/nl/procurement"):
        assert client.get(page).status_code == 200, page
    assert "Nothing imported yet" in client.get("/en/inventory").text
    refused = client.post("/en/actions/a001/status", data={"status": "done", "csrf": ""})
    assert refused.status_code == 403, "no editor: no editing"
    assert client.get("/health/ready").status_code in (200, 503)
    assert untouched(any_db_url)
    assert not database_exists(any_db_url)


def test_read_commands_on_an_empty_database_say_there_is_none_and_change_nothing(any_db_url: str) -> None:
    for command in (
        ["inventory", "list"],
        ["where-used", "log4j-core"],
        ["advisories", "list"],
        ["db", "current"],
    ):
        result = runner.invoke(app, [*command, "--db", any_db_url])
        assert result.exit_code == 3, (command, result.output)
        assert "no dosa database" in result.stderr, command
    assert untouched(any_db_url)


def test_the_first_write_makes_the_database_and_readers_then_see_it(any_db_url: str, tmp_path: Path) -> None:
    services = tmp_path / "services.csv"
    services.write_text("name,category,vendor\nMail,saas,Contoso\n", encoding="utf-8")
    assert runner.invoke(app, ["inventory", "import", str(services), "-p", "org", "--db", any_db_url]).exit_code == 0
    assert not untouched(any_db_url)
    assert database_exists(any_db_url)
    listed = runner.invoke(app, ["inventory", "services", "-p", "org", "--db", any_db_url, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert [s["name"] for s in json.loads(listed.stdout)] == ["Mail"]
    open_store(any_db_url).dispose()
