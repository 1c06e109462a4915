# SPDX-License-Identifier: EUPL-1.2
"""Imports: updates without duplicates or losses, idempotence, and transactions that leave nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from inventory_helpers import cyclonedx, library
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from dosa.inventory.importer import Importer, Status, import_paths
from dosa.inventory.portfolio import dependency_graph, list_sboms
from dosa.inventory.sbom import parse_sbom
from dosa.inventory.tables import ComponentRow, Package, Sbom
from dosa.inventory.writer import Writer
from dosa.store import Store


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _rows(store: Store) -> dict[str, list[tuple[str, str]]]:
    with store.engine.connect() as conn:
        result = conn.execute(
            select(Sbom.subject_version, ComponentRow.name, ComponentRow.version)
            .join(ComponentRow, ComponentRow.sbom_id == Sbom.id)
            .order_by(ComponentRow.name)
        ).all()
    out: dict[str, list[tuple[str, str]]] = {}
    for version, name, component_version in result:
        out.setdefault(version, []).append((name, component_version))
    return out


def _counts(store: Store) -> tuple[int, int, int]:
    with store.engine.connect() as conn:
        return tuple(
            conn.execute(select(func.count()).select_from(t)).scalar() or 0  # type: ignore[return-value]
            for t in (Sbom, ComponentRow, Package)
        )


def test_next_sbom_version_adds_a_version_without_duplicates(tmp_path: Path, store: Store) -> None:
    v1 = _write(
        tmp_path,
        "v1.json",
        cyclonedx([library("a", "1.0"), library("b", "2.0")], version="1.0", timestamp="2024-01-01T00:00:00Z"),
    )
    v2 = _write(
        tmp_path,
        "v2.json",
        cyclonedx(
            [library("a", "1.1"), library("b", "2.0"), library("c", "3.0")],
            version="1.1",
            timestamp="2024-02-01T00:00:00Z",
        ),
    )
    import_paths(store, [v1], "shop")
    import_paths(store, [v2], "shop")
    import_paths(store, [v1, v2], "shop")
    assert _rows(store) == {"1.0": [("a", "1.0"), ("b", "2.0")], "1.1": [("a", "1.1"), ("b", "2.0"), ("c", "3.0")]}
    listing = list_sboms(store, "shop")
    assert [(s.subject_version, s.current) for s in listing] == [("1.0", False), ("1.1", True)]


def test_reimporting_a_changed_sbom_of_the_same_version_updates_in_place(tmp_path: Path, store: Store) -> None:
    first = _write(tmp_path, "first.json", cyclonedx([library("a", "1.0"), library("b", "2.0"), library("c", "1.0")]))
    import_paths(store, [first], "shop")
    with store.engine.connect() as conn:
        ids_before = dict(conn.execute(select(ComponentRow.key, ComponentRow.id)).all())
    changed = cyclonedx(
        [library("a", "1.0", licenses=[{"license": {"id": "MIT"}}]), library("c", "1.0"), library("d", "4.0")]
    )
    summary = import_paths(store, [_write(tmp_path, "second.json", changed)], "shop")
    outcome = summary.outcomes[0]
    assert (outcome.status, outcome.added, outcome.removed, outcome.changed) == (Status.UPDATED, 1, 1, 1)
    assert _rows(store) == {"1.0": [("a", "1.0"), ("c", "1.0"), ("d", "4.0")]}
    with store.engine.connect() as conn:
        ids_after = dict(conn.execute(select(ComponentRow.key, ComponentRow.id)).all())
        licence = conn.execute(select(ComponentRow.licences).where(ComponentRow.name == "a")).scalar()
    assert ids_after["pkg:npm/a@1.0"] == ids_before["pkg:npm/a@1.0"]  # updated, not re-inserted
    assert ids_after["pkg:npm/c@1.0"] == ids_before["pkg:npm/c@1.0"]
    assert licence == "MIT"


def test_same_purl_twice_in_one_sbom_keeps_both_entries(tmp_path: Path, store: Store) -> None:
    nested = library("a", "1.0", components=[library("dup", "1.0")])
    text = cyclonedx([nested, library("b", "1.0", components=[library("dup", "1.0")])])
    import_paths(store, [_write(tmp_path, "tree.json", text)], "p")
    import_paths(store, [_write(tmp_path, "tree-again.json", text + "\n")], "p")  # other bytes, same content
    with store.engine.connect() as conn:
        rows = conn.execute(select(ComponentRow.key, ComponentRow.parent_key).order_by(ComponentRow.key)).all()
    assert [tuple(r) for r in rows] == [
        ("pkg:npm/a@1.0", ""),
        ("pkg:npm/b@1.0", ""),
        ("pkg:npm/dup@1.0", "pkg:npm/a@1.0"),
        ("pkg:npm/dup@1.0#2", "pkg:npm/b@1.0"),
    ]


def test_the_same_file_twice_changes_nothing(samples_dir: Path, store: Store) -> None:
    path = samples_dir / "cdx-bomex-juice-shop-npm-bare.bom1.2.json"
    first = import_paths(store, [path], "p")
    counts = _counts(store)
    second = import_paths(store, [path], "p")
    assert first.outcomes[0].status is Status.IMPORTED
    assert second.outcomes[0].status is Status.UNCHANGED
    assert _counts(store) == counts
    assert counts[1] == 1115


def test_a_bad_file_in_a_batch_leaves_nothing(tmp_path: Path, samples_dir: Path, store: Store) -> None:
    good = samples_dir / "cdx-bomex-laravel-7.12.0.bom1.4.json"
    bad = samples_dir / "dtrack-bom-invalid.json"
    summary = import_paths(store, [good, bad], "p")
    assert [o.status for o in summary.outcomes] == [Status.IMPORTED, Status.REJECTED]
    assert _counts(store)[:2] == (1, 62)


def test_atomic_batch_with_a_bad_file_leaves_the_database_as_before(samples_dir: Path, store: Store) -> None:
    import_paths(store, [samples_dir / "guacdata-cdx-syft-alpine.json"], "p")
    before = _counts(store)
    files = [
        samples_dir / "cdx-bomex-laravel-7.12.0.bom1.4.json",
        samples_dir / "wild-cdx-scanoss-sbom-cdx.json",
        samples_dir / "guacdata-cdx-syft-nginx.json",
    ]
    summary = import_paths(store, files, "p", atomic=True)
    assert [o.status for o in summary.outcomes] == [Status.ROLLED_BACK, Status.REJECTED, Status.ROLLED_BACK]
    assert _counts(store) == before
    clean = import_paths(store, [files[0], files[2]], "p", atomic=True)
    assert clean.ok
    assert _counts(store)[1] == before[1] + 62 + 144


def test_a_failure_while_writing_rolls_the_file_back(
    samples_dir: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    importer = Importer(store, "p")
    original = Writer._insert_components

    def fail_after_writing(conn: object, sbom_id: int, rows: list[dict[str, object]]) -> None:
        original(conn, sbom_id, rows)  # type: ignore[arg-type]
        from sqlalchemy.exc import OperationalError

        raise OperationalError("insert", {}, Exception("disk full"))

    monkeypatch.setattr(Writer, "_insert_components", staticmethod(fail_after_writing))
    summary = importer.import_paths([samples_dir / "cdx-bomex-laravel-7.12.0.bom1.4.json"])
    assert summary.outcomes[0].status is Status.REJECTED
    assert "database error" in summary.outcomes[0].error
    assert _counts(store) == (0, 0, 0)
    monkeypatch.undo()
    retry = importer.import_paths([samples_dir / "cdx-bomex-laravel-7.12.0.bom1.4.json"])
    assert retry.outcomes[0].status is Status.IMPORTED  # the package cache held nothing of the failed file
    assert _counts(store)[1] == 62


def test_services_and_sboms_in_one_run(tmp_path: Path, samples_dir: Path, store: Store) -> None:
    services = _write(tmp_path, "services.csv", "name,category,vendor\nMail,email_collaboration,Acme\n")
    summary = import_paths(store, [services, samples_dir / "cdx-spec-valid-bom-1.6.json"], "org")
    assert [(o.kind, o.status) for o in summary.outcomes] == [("services", Status.IMPORTED), ("sbom", Status.IMPORTED)]
    again = import_paths(store, [services], "org")
    assert again.outcomes[0].status is Status.UNCHANGED


def test_folders_are_walked_and_hidden_files_skipped(tmp_path: Path, store: Store) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    _write(tmp_path / "sub", "a.json", cyclonedx([library("a", "1")], name="one"))
    _write(tmp_path / ".git", "b.json", cyclonedx([library("b", "1")], name="two"))
    _write(tmp_path, ".hidden.json", cyclonedx([library("c", "1")], name="three"))
    summary = import_paths(store, [tmp_path], "p")
    assert [Path(o.path).name for o in summary.outcomes] == ["a.json"]


def test_the_dependency_graph_is_kept(samples_dir: Path, store: Store) -> None:
    summary = import_paths(store, [samples_dir / "cdx-bomex-juice-shop-npm-bare.bom1.2.json"], "p")
    outcome = summary.outcomes[0]
    graph = dependency_graph(store, "p", outcome.subject, outcome.subject_version)
    sbom = parse_sbom(samples_dir / "cdx-bomex-juice-shop-npm-bare.bom1.2.json")
    assert sum(len(targets) for targets in graph.values()) == len(sbom.dependencies) > 1000
    ref, target = sbom.dependencies[0]
    assert target in graph[ref]


def test_an_interrupted_import_keeps_finished_files_and_nothing_of_the_current_one(
    samples_dir: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [samples_dir / "cdx-bomex-laravel-7.12.0.bom1.4.json", samples_dir / "guacdata-cdx-syft-nginx.json"]
    original = Writer._insert_components
    calls = []

    def interrupt_second(conn: object, sbom_id: int, rows: list[tuple[object, ...]]) -> None:
        calls.append(sbom_id)
        original(conn, sbom_id, rows)  # type: ignore[arg-type]
        if len(calls) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(Writer, "_insert_components", staticmethod(interrupt_second))
    with pytest.raises(KeyboardInterrupt):
        import_paths(store, files, "p")
    assert _counts(store)[:2] == (1, 62)


def test_files_share_transactions_without_losing_per_file_rollback(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("dosa.inventory.importer.GROUP_ROWS", 3)  # commit every few files
    paths = [
        _write(tmp_path, f"s{n}.json", cyclonedx([library(f"p{n}", "1.0"), library("shared", "1.0")], name=f"app{n}"))
        for n in range(7)
    ]
    paths.insert(3, _write(tmp_path, "broken.json", '{"bomFormat": "CycloneDX", '))
    summary = import_paths(store, paths, "p")
    assert [o.status for o in summary.outcomes].count(Status.IMPORTED) == 7
    assert _counts(store) == (7, 14, 8)  # 7 SBOMs, 14 components, 7 + 1 shared packages


def _foreign_keys(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA foreign_keys").scalar() or 0)


def test_foreign_keys_are_enforced_again_after_an_import(
    samples_dir: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The importer skips SQLite's per-row foreign-key checks; every connection it hands back checks them."""
    if store.dialect != "sqlite":
        pytest.skip("SQLite's foreign_keys pragma; PostgreSQL always checks foreign keys")
    path = samples_dir / "cdx-bomex-laravel-7.12.0.bom1.4.json"
    import_paths(store, [path], "p")
    assert _foreign_keys(store) == 1

    def interrupt(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Writer, "_insert_components", staticmethod(interrupt))
    with pytest.raises(KeyboardInterrupt):
        import_paths(store, [samples_dir / "guacdata-cdx-syft-nginx.json"], "p")
    assert _foreign_keys(store) == 1
    with store.engine.connect() as conn, pytest.raises(IntegrityError):
        conn.execute(insert(ComponentRow).values(sbom_id=10**6, package_id=10**6, key="k", name="n"))
