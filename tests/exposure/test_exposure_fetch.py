# SPDX-License-Identifier: EUPL-1.2
"""``--fetch`` against a local mirror (a real HTTP server on 127.0.0.1, free port, stopped after)."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from exposure_helpers import FIXTURES
from typer.testing import CliRunner

from dosa.cli.app import app
from dosa.errors import InputError
from dosa.exposure.fetch import MIRROR_ENV, source_url


@pytest.fixture
def mirror(tmp_path: Path) -> Iterator[str]:
    folder = tmp_path / "mirror"
    folder.mkdir()
    shutil.copy(FIXTURES / "kev" / "known_exploited_vulnerabilities-excerpt.json", folder / "kev.json")
    data = (FIXTURES / "epss" / "epss_scores-2022-02-28-excerpt.csv").read_bytes()
    (folder / "epss.csv.gz").write_bytes(gzip.compress(data))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_fetch_downloads_and_imports_kev_and_epss(mirror: str, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MIRROR_ENV, mirror)
    db = db_url
    result = CliRunner().invoke(
        app, ["advisories", "import", "--fetch", "kev", "--fetch", "epss", "--db", db, "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    rows = {r["file"]: r for r in json.loads(result.stdout)}
    assert (rows["kev.json"]["kind"], rows["kev.json"]["records"]) == ("kev", 3)
    assert (rows["epss.csv"]["kind"], rows["epss.csv"]["records"]) == ("epss", 1)


def test_unknown_fetch_source_is_an_error() -> None:
    with pytest.raises(InputError, match="unknown source 'nvd'"):
        source_url("nvd")
    with pytest.raises(InputError):
        source_url("osv:../../etc")
    assert source_url("osv:PyPI")[0].endswith("/PyPI/all.zip")
