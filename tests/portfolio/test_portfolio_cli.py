# SPDX-License-Identifier: EUPL-1.2
"""``dosa portfolio …`` from the command line, on DuckDB; Spark without Java says how to get one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.portfolio.conftest import LOG4J, component, cyclonedx
from typer.testing import CliRunner

from dosa.cli.app import app

runner = CliRunner()


def test_import_then_analyse(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "app.json").write_bytes(cyclonedx("app", "1", [component(f"{LOG4J}@2.14.1", "Apache")]))
    (source / "broken.json").write_bytes(b'{"bomFormat": "CycloneDX", ')
    store = str(tmp_path / "store")
    result = runner.invoke(app, ["portfolio", "import", "--bulk", str(source), "-s", store, "-O", "Org", "-f", "json"])
    assert result.exit_code == 1  # one file rejected
    rows = json.loads(result.stdout)
    assert [(r["file"], r["status"]) for r in rows] == [("app.json", "imported"), ("broken.json", "rejected")]
    assert "broken.json: not well-formed JSON" in result.stderr
    result = runner.invoke(
        app, ["portfolio", "where-used", "log4j-core", "--range", "<2.15.0", "-s", store, "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    assert [(r["organisation"], r["version"]) for r in json.loads(result.stdout)] == [("Org", "2.14.1")]
    result = runner.invoke(app, ["portfolio", "prevalence", "-s", store, "-f", "json"])
    assert [(r["package_key"], r["organisations"]) for r in json.loads(result.stdout)] == [(LOG4J, 1)]
    result = runner.invoke(app, ["portfolio", "concentration", "-s", store, "--section", "shares", "-f", "json"])
    # the supplier "Apache" is an alias of the ASF in the resolver's organisations table
    assert [(r["label"], r["share_pct"]) for r in json.loads(result.stdout)] == [
        ("The Apache Software Foundation", 100.0)
    ]


def test_import_without_bulk_and_a_missing_store_explain_themselves(tmp_path: Path) -> None:
    result = runner.invoke(app, ["portfolio", "import", str(tmp_path), "-s", str(tmp_path / "s"), "-O", "Org"])
    assert result.exit_code == 3  # input the user can fix
    assert "--bulk" in result.stderr
    result = runner.invoke(app, ["portfolio", "prevalence", "-s", str(tmp_path / "nothing")])
    assert result.exit_code == 3
    assert "no portfolio store" in result.stderr
    result = runner.invoke(app, ["portfolio", "prevalence", "-s", "s3a://bucket/portfolio"])
    assert result.exit_code == 3
    assert "use --engine spark" in " ".join(result.stderr.split())


def test_spark_without_java_says_how_to_get_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "app.json").write_bytes(cyclonedx("app", "1", [component(f"{LOG4J}@2.14.1")]))
    store = str(tmp_path / "store")
    assert (
        runner.invoke(
            app, ["portfolio", "import", "--bulk", str(tmp_path / "app.json"), "-s", store, "-O", "O"]
        ).exit_code
        == 0
    )
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    result = runner.invoke(app, ["portfolio", "prevalence", "-s", store, "--engine", "spark"])
    assert result.exit_code == 4  # the environment lacks something
    message = " ".join(result.stderr.split())  # the console wraps long lines
    assert "no Java runtime found for Spark" in message
    assert "apt-get install default-jre-headless" in message


def test_exposure_reads_the_advisories_of_the_database(tmp_path: Path, db_url: str) -> None:
    """log4j-core 2.14.1 against the four real Log4Shell-family OSV records: all four CVEs (worked out by
    hand in tests/exposure/test_exposure_log4shell.py); KEV lists CVE-2021-44228 only."""
    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "exposure"
    (tmp_path / "app.json").write_bytes(cyclonedx("app", "1", [component(f"{LOG4J}@2.14.1")]))
    store, db = str(tmp_path / "store"), db_url
    assert runner.invoke(app, ["portfolio", "import", "--bulk", str(tmp_path / "app.json"), "-s", store, "-O", "O"])
    result = runner.invoke(app, ["portfolio", "exposure", "-s", store, "--db", db])
    assert result.exit_code == 3
    assert "no dosa database" in result.stderr
    assert runner.invoke(app, ["inventory", "import", str(tmp_path / "app.json"), "-p", "x", "--db", db]).exit_code == 0
    result = runner.invoke(app, ["portfolio", "exposure", "-s", store, "--db", db])
    assert result.exit_code == 3  # a database without advisories
    assert "dosa advisories import" in " ".join(result.stderr.split())
    paths = [str(fixtures / "osv"), str(fixtures / "kev")]
    assert runner.invoke(app, ["advisories", "import", *paths, "--db", db]).exit_code == 0
    result = runner.invoke(app, ["--lang", "en", "portfolio", "exposure", "-s", store, "--db", db, "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()
    assert len([r for r in rows if "log4j-core" in r]) == 4
    result = runner.invoke(
        app, ["portfolio", "exposure", "-s", store, "--db", db, "--section", "portfolio", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert row["project"] == "O/default"
    assert row["kev_components"] == ["log4j-core@2.14.1"]
