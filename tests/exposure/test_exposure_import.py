# SPDX-License-Identifier: EUPL-1.2
"""Importing advisory files: re-imports update, bad files get a per-file error, hostile input is bounded."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from exposure_helpers import FIXTURES
from sqlalchemy import func, select

from dosa.exposure import build_exposure, import_advisories
from dosa.exposure import readers as readers_module
from dosa.exposure.tables import AdvisoryRow, AffectedRow, EpssRow, KevRow
from dosa.store import Store


def _counts(store: Store) -> tuple[int, ...]:
    with store.engine.connect() as conn:
        return tuple(
            conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (AdvisoryRow, AffectedRow, KevRow, EpssRow)
        )


def test_reimport_updates_and_never_duplicates(store: Store) -> None:
    paths = [FIXTURES / "osv", FIXTURES / "kev", FIXTURES / "epss", FIXTURES / "csaf" / "bsi-2022-0001.json"]
    first = import_advisories(store, paths)
    counts = _counts(store)
    # 4 OSV records + 1 CSAF vulnerability; 3+3+3+3 affected entries (jfh8, p6xc, 8489: 3; 7rjr: 2; BSI: 1);
    # 3 KEV rows (the CSV and the JSON excerpt hold the same three CVEs); 1 EPSS row.
    assert counts == (5, 12, 3, 1)
    second = import_advisories(store, paths)
    assert _counts(store) == counts
    assert sum(r.added for r in second) == 0
    assert sum(r.updated for r in second) == sum(r.added + r.updated for r in first)


def test_each_record_keeps_source_retrieval_date_and_licence(store: Store) -> None:
    import_advisories(store, [FIXTURES / "osv" / "GHSA-jfh8-c2jp-5v3q.json", FIXTURES / "kev"])
    with store.engine.connect() as conn:
        advisory = conn.execute(select(AdvisoryRow)).one()
        kev = conn.execute(select(KevRow).where(KevRow.cve == "CVE-2021-44228")).one()
    assert advisory.origin == "GHSA-jfh8-c2jp-5v3q.json"
    assert "CC-BY-4.0" in advisory.licence
    assert advisory.retrieved_at is not None
    assert kev.licence.startswith("CC0-1.0")
    assert kev.date_added == "2021-12-10"


def test_bad_files_get_a_clear_error_and_the_rest_still_imports(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    shutil.copytree(FIXTURES / "osv", folder)
    (folder / "truncated.json").write_text('{"id": "GHSA-xxxx", "affected": [', encoding="utf-8")
    record = json.loads((FIXTURES / "osv" / "GHSA-8489-44mv-ggj8.json").read_text(encoding="utf-8"))
    record["id"] = "GHSA-test-bad-range"
    record["affected"][0]["ranges"][0]["type"] = "CALVER"
    (folder / "bad-range.json").write_text(json.dumps(record), encoding="utf-8")
    (folder / "wrong-type.json").write_text(json.dumps({"id": "X-1", "modified": "", "aliases": "CVE-1"}), "utf-8")
    results = {r.path: r for r in import_advisories(store, [folder])}
    assert "truncated.json: not valid JSON" in results["truncated.json"].error
    assert "'affected[0].ranges[0].type' is 'CALVER'" in results["bad-range.json"].error
    assert "field 'aliases' must be a list" in results["wrong-type.json"].error
    assert str(tmp_path) not in " ".join(r.error for r in results.values())  # no paths in messages
    assert _counts(store)[0] == 4  # the four good records, nothing of the bad ones


def test_withdrawn_advisories_are_ignored(inventory: Store, tmp_path: Path) -> None:
    record = json.loads((FIXTURES / "osv" / "GHSA-8489-44mv-ggj8.json").read_text(encoding="utf-8"))
    record["withdrawn"] = "2022-03-01T00:00:00Z"  # the real record is not withdrawn; this copy is
    path = tmp_path / "withdrawn.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    import_advisories(inventory, [path])
    assert build_exposure(inventory).findings == []


def test_aliases_of_one_vulnerability_make_one_finding(inventory: Store, tmp_path: Path) -> None:
    """The GHSA record and a second record of the same CVE (its id and alias swapped, as OSV's
    CVE-keyed records name their GHSA twin) give one finding with both ids."""
    record = json.loads((FIXTURES / "osv" / "GHSA-8489-44mv-ggj8.json").read_text(encoding="utf-8"))
    twin = dict(record, id="CVE-2021-44832", aliases=["GHSA-8489-44mv-ggj8"])
    (tmp_path / "twin.json").write_text(json.dumps(twin), encoding="utf-8")
    import_advisories(inventory, [FIXTURES / "osv" / "GHSA-8489-44mv-ggj8.json", tmp_path / "twin.json"])
    findings = [f for f in build_exposure(inventory).findings if f.version == "2.17.0"]
    assert [(f.vulnerability, f.ids, f.advisories) for f in findings] == [
        ("CVE-2021-44832", ("CVE-2021-44832", "GHSA-8489-44mv-ggj8"), ("CVE-2021-44832", "GHSA-8489-44mv-ggj8"))
    ]


def _zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_osv_all_zip_layout_imports_member_by_member(store: Store, tmp_path: Path) -> None:
    members = {p.name: p.read_bytes() for p in sorted((FIXTURES / "osv").glob("*.json"))}
    members["broken.json"] = b"{"
    results = import_advisories(store, [_zip(tmp_path / "all.zip", members)])
    assert results[0].path == "all.zip"
    assert results[0].records == 4
    assert [(r.path, bool(r.error)) for r in results[1:]] == [("all.zip!broken.json", True)]
    assert _counts(store)[0] == 4


def test_zip_bomb_is_refused_before_it_is_inflated(store: Store, tmp_path: Path) -> None:
    bomb = _zip(tmp_path / "bomb.zip", {"big.json": b" " * (5 * 1024 * 1024)})
    [result] = import_advisories(store, [bomb])
    assert "compression ratio" in result.error
    assert _counts(store) == (0, 0, 0, 0)


def test_too_many_zip_members_are_refused(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers_module, "MAX_ZIP_MEMBERS", 3)
    members = {p.name: p.read_bytes() for p in sorted((FIXTURES / "osv").glob("*.json"))}
    [result] = import_advisories(store, [_zip(tmp_path / "many.zip", members)])
    assert "4 members is more than 3" in result.error
    assert _counts(store) == (0, 0, 0, 0)


def test_oversized_and_deeply_nested_files_are_refused(store: Store, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"id": "X", "affected": ' + "[" * 5000 + "]" * 5000 + "}", encoding="utf-8")
    big = tmp_path / "big.json"
    big.write_bytes(b"{" + b" " * 2048 + b"}")
    results = {r.path: r for r in import_advisories(store, [deep, big], max_bytes=1024)}
    assert "nested too deeply" in results["deep.json"].error or "larger than the limit" in results["deep.json"].error
    assert "larger than the limit of 1024 bytes" in results["big.json"].error
    [deep_only] = import_advisories(store, [deep])
    assert "nested too deeply" in deep_only.error


def test_epss_rows_outside_zero_to_one_are_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "epss.csv"
    path.write_text("cve,epss,percentile\nCVE-2021-40438,1.7,0.5\n", encoding="utf-8")
    [result] = import_advisories(store, [path])
    assert "line 2: 'epss' or 'percentile' outside 0-1" in result.error


def test_real_epss_row_is_stored_with_its_date(store: Store) -> None:
    import_advisories(store, [FIXTURES / "epss"])
    with store.engine.connect() as conn:
        row = conn.execute(select(EpssRow)).one()
    assert (row.cve, row.score, row.percentile) == ("CVE-2021-40438", 0.97224, 1.0)
    assert row.score_date.startswith("2022-02-28")


def test_zip_member_names_stay_in_memory(store: Store, tmp_path: Path) -> None:
    """A member named like a path traversal is only read, never written anywhere."""
    data = (FIXTURES / "osv" / "GHSA-8489-44mv-ggj8.json").read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("../../escape.json", data)
    (tmp_path / "evil.zip").write_bytes(buffer.getvalue())
    [result] = import_advisories(store, [tmp_path / "evil.zip"])
    assert result.records == 1
    assert not (tmp_path.parent / "escape.json").exists()
