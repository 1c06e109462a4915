# SPDX-License-Identifier: EUPL-1.2
"""``dosa inventory concentration`` on a hand-made sector, through the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from dosa.cli.app import app

runner = CliRunner()
SECTION = ("--section", "sector_concentration")


def _sector(tmp_path: Path, db: str) -> str:
    files = {
        "ws-a": "Mail,email_collaboration,Microsoft Ireland Operations Ltd,,,crisis;billing\n"
        "Billing,saas,Rijnware B.V.,NL,AWS,billing\n",
        "ws-b": "Permits,saas,Zoekers B.V.,NL,,permits\n",
        "gemeente-c": "VMs,iaas,Amazon Web Services EMEA SARL,,,payroll\n",
    }
    for project, rows in files.items():
        path = tmp_path / f"{project}.csv"
        path.write_text("name,category,vendor,vendor_country,hosted_on,critical_functions\n" + rows, encoding="utf-8")
        result = runner.invoke(app, ["inventory", "import", str(path), "-p", project, "--db", db, "-q"])
        assert result.exit_code == 0, result.output
    (tmp_path / "tree.yaml").write_text("parents:\n  ws-a: water\n  ws-b: water\n", encoding="utf-8")
    return db


def test_sector_roll_up_by_group_in_csv(tmp_path: Path, db_url: str) -> None:
    db = _sector(tmp_path, db_url)
    args = ["inventory", "concentration", "--db", db, "--tree", str(tmp_path / "tree.yaml")]
    result = runner.invoke(
        app, [*args, "--organisation", "water", "--by", "group", "--rank", "any", "-f", "csv", *SECTION]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # water: ws-a (functions crisis, billing) and ws-b (permits) = 2 organisations, 3 functions.
    # Amazon only as ws-a's host (rank 2): 1/2 = 50 %, billing 1/3 = 33.3 %
    amazon = next(r for r in rows if r["holder"] == "Amazon")
    assert (amazon["rank"], amazon["organisations"], amazon["organisations_pct"]) == ("any", "1", "50")
    assert (amazon["critical_functions"], amazon["critical_functions_pct"]) == ("1", "33.3")
    assert "gemeente-c" not in {o for r in rows for o in r["organisation_ids"].split("; ")}


def test_whole_government_jurisdiction_at_rank_2_in_json(tmp_path: Path, db_url: str) -> None:
    db = _sector(tmp_path, db_url)
    args = ["inventory", "concentration", "--db", db, "--by", "jurisdiction", "--rank", "2", "-f", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    rows = document["sections"]["sector_concentration"]["rows"]
    # three organisations, functions crisis, billing, permits, payroll = 4; at rank 2 only ws-a's host AWS (US)
    assert [(r["holder"], r["organisations"], r["critical_functions_pct"]) for r in rows] == [("US", 1, 25.0)]


def test_bad_options_are_clear_errors(tmp_path: Path, db_url: str) -> None:
    db = _sector(tmp_path, db_url)
    for extra, message in (
        (["--by", "country"], "--by 'country' is not a dimension"),
        (["--rank", "zero"], "--rank 'zero' is not a rank"),
        (["--organisation", "defensie"], "no inventory belongs to organisation 'defensie'"),
    ):
        result = runner.invoke(app, ["inventory", "concentration", "--db", db, *extra])
        assert result.exit_code != 0
        assert message in result.output
