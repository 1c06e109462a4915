# SPDX-License-Identifier: EUPL-1.2
"""Inventory projects belong to an organisation (``dosa inventory import --organisation``), and the
organisation tree adds figures up from agencies to their ministry."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from dosa.access import OrganisationTree
from dosa.cli.app import app
from dosa.inventory.portfolio import project_organisations
from dosa.store import open_store

runner = CliRunner()
SERVICES = "name,category,vendor\nMail,email_collaboration,Acme\n"


def _import(db: str, path: Path, project: str, *organisation: str) -> object:
    args = ["inventory", "import", str(path), "--project", project, "--db", db, "-q"]
    return runner.invoke(app, [*args, *(("--organisation", organisation[0]) if organisation else ())])


def test_a_project_belongs_to_the_organisation_that_first_imports_into_it(db_url: str, tmp_path: Path) -> None:
    services = tmp_path / "services.csv"
    services.write_text(SERVICES)
    assert _import(db_url, services, "bzk-apps", "BZK").exit_code == 0  # type: ignore[attr-defined]
    assert _import(db_url, services, "legacy").exit_code == 0  # type: ignore[attr-defined]
    assert project_organisations(open_store(db_url)) == {"bzk-apps": "bzk", "legacy": ""}

    refused = _import(db_url, services, "bzk-apps", "ezk")
    assert refused.exit_code != 0  # type: ignore[attr-defined]
    assert "belongs to organisation 'bzk', not 'ezk'" in refused.output  # type: ignore[attr-defined]
    assert _import(db_url, services, "bzk-apps").exit_code == 0, "the operator, without --organisation"  # type: ignore[attr-defined]
    assert _import(db_url, services, "legacy", "ezk").exit_code == 0  # type: ignore[attr-defined]
    assert project_organisations(open_store(db_url)) == {"bzk-apps": "bzk", "legacy": "ezk"}, "claimed once"


def test_roll_ups_follow_the_tree() -> None:
    # a ministry (ezk) with an agency (rvo) that has a unit (rvo-x); bzk stands alone
    tree = OrganisationTree({"rvo": "ezk", "rvo-x": "rvo"})
    totals = tree.roll_up({"ezk": [1, 2], "rvo": [1, 5], "rvo-x": [2, 1], "bzk": [1, 0]})
    assert totals == {"ezk": [4, 8], "rvo": [3, 6], "rvo-x": [2, 1], "bzk": [1, 0]}
    assert tree.roll_up({"rvo-x": [1]}) == {"rvo-x": [1], "rvo": [1], "ezk": [1]}
