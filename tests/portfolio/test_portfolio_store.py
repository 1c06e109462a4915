# SPDX-License-Identifier: EUPL-1.2
"""The bulk import and the export write the same components as the operational importer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from sqlalchemy import select

from dosa.inventory.importer import import_paths
from dosa.inventory.outcome import Status
from dosa.inventory.tables import ComponentRow, Package, Project, Sbom
from dosa.portfolio import bulk
from dosa.portfolio.bulk import bulk_import
from dosa.portfolio.export import export_store
from dosa.portfolio.layout import StoreLayout, folder_name
from dosa.store import Store, open_store

FIELDS = ("key", "ref", "name", "version", "group", "purl", "cpe", "type", "scope", "supplier", "manufacturer")
FIELDS += ("licences", "hashes", "parent_key", "vcs_url", "website_url")


PACKAGE = (Package.key, Package.ecosystem, Package.namespace, Package.name, Package.name_lc)


def operational_rows(store: Store) -> list[tuple[object, ...]]:
    columns = [getattr(ComponentRow, f) for f in FIELDS]
    statement = (
        select(Sbom.subject, Sbom.subject_version, Sbom.is_current, *PACKAGE, *columns)
        .join(Sbom, ComponentRow.sbom_id == Sbom.id)
        .join(Package, ComponentRow.package_id == Package.id)
    )
    with store.engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(statement))


def portfolio_rows(root: Path) -> list[tuple[object, ...]]:
    layout = StoreLayout(root)
    quoted = ", ".join(f'c."{f}"' for f in FIELDS)
    package = "c.package_key, c.ecosystem, c.namespace, c.package_name, c.name_lc"
    sql = f"""SELECT s.subject, s.subject_version, s.is_current, {package}, {quoted}
              FROM read_parquet('{layout.glob("components")}') c
              JOIN read_parquet('{layout.glob("sboms")}') s ON c.sbom_id = s.sbom_id"""
    return sorted(duckdb.sql(sql).fetchall())


def test_bulk_import_gives_the_operational_importers_components(operational: Store, corpus_store: Path) -> None:
    expected = operational_rows(operational)
    assert len(expected) > 9_000  # 13,784 components in 102 SBOMs; documents of the same subject version replace
    assert portfolio_rows(corpus_store) == expected


def test_export_gives_the_operational_stores_components(operational: Store, tmp_path: Path) -> None:
    done = export_store(operational, tmp_path / "exported", organisation="acme")
    assert [(d.organisation, d.project) for d in done] == [("acme", "apps")]
    expected = operational_rows(operational)
    assert done[0].components == len(expected)
    assert portfolio_rows(tmp_path / "exported") == expected
    again = export_store(operational, tmp_path / "exported", organisation="acme")  # replaces, never doubles
    assert again[0].components == len(expected)
    assert portfolio_rows(tmp_path / "exported") == expected
    with operational.engine.connect() as conn:
        assert conn.execute(select(Project.name)).scalars().all() == ["apps"]


def test_files_that_are_no_sbom_are_rejected_by_name(corpus: Path, tmp_path: Path) -> None:
    summary = bulk_import(tmp_path / "store", [corpus / "dtrack-bom-invalid.json", corpus / "README.md"], "o", "p")
    assert [o.status for o in summary.outcomes] == [Status.REJECTED, Status.REJECTED]
    assert summary.outcomes[0].error.startswith("dtrack-bom-invalid.json: not well-formed JSON")
    assert not StoreLayout(tmp_path / "store").has("sboms")


def test_importing_again_changes_nothing_and_a_new_document_replaces_the_old(tmp_path: Path) -> None:
    from tests.portfolio.conftest import LOG4J, component, cyclonedx

    source = tmp_path / "in"
    source.mkdir()
    (source / "app.json").write_bytes(cyclonedx("app", "1", [component(f"{LOG4J}@2.14.1")]))
    root = tmp_path / "store"
    assert bulk_import(root, [source], "org", "p").outcomes[0].status is Status.IMPORTED
    assert bulk_import(root, [source], "org", "p").outcomes[0].status is Status.UNCHANGED
    (source / "app.json").write_bytes(cyclonedx("app", "1", [component(f"{LOG4J}@2.17.1")]))
    assert bulk_import(root, [source], "org", "p").outcomes[0].status is Status.UPDATED
    (source / "app.json").write_bytes(cyclonedx("app", "2", [component(f"{LOG4J}@2.20.0")]))
    assert bulk_import(root, [source], "org", "p").outcomes[0].status is Status.IMPORTED
    rows = portfolio_rows(root)
    version = 3 + len(PACKAGE) + FIELDS.index("version")
    assert [(r[0], r[1], r[2], r[version]) for r in rows] == [
        ("app", "1", False, "2.17.1"),
        ("app", "2", True, "2.20.0"),
    ]


def test_a_failed_run_leaves_nothing_visible_and_no_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.portfolio.conftest import LOG4J, component, cyclonedx

    source = tmp_path / "in"
    source.mkdir()
    for i in range(3):
        (source / f"app{i}.json").write_bytes(cyclonedx(f"app{i}", "1", [component(f"{LOG4J}@2.14.{i}")]))
    monkeypatch.setattr(bulk, "CHUNK_FILES", 1)
    calls = {"n": 0}
    real = bulk.parse_chunk

    def failing(settings: bulk.Settings, chunk: list[tuple[int, str]]) -> bulk.ChunkResult:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(settings, chunk)

    monkeypatch.setattr(bulk, "parse_chunk", failing)
    root = tmp_path / "store"
    with pytest.raises(KeyboardInterrupt):
        bulk_import(root, [source], "org", "p")
    assert not StoreLayout(root).has("sboms")
    files = [p.name for p in root.rglob("*") if p.is_file() and ".locks" not in p.relative_to(root).parts]
    assert files == []  # the partition lock file aside


def test_partition_folders_are_safe_names(tmp_path: Path) -> None:
    assert folder_name("../etc") == "%2E%2E%2Fetc"
    assert folder_name("Gemeente 's-Hertogenbosch") == "Gemeente%20%27s-Hertogenbosch"
    from tests.portfolio.conftest import LOG4J, component, cyclonedx

    (tmp_path / "app.json").write_bytes(cyclonedx("app", "1", [component(f"{LOG4J}@2.14.1")]))
    bulk_import(tmp_path / "store", [tmp_path / "app.json"], "../x", "..")
    sboms = list((tmp_path / "store" / "sboms").rglob("*.parquet"))
    assert [p.relative_to(tmp_path / "store").parts[:3] for p in sboms] == [("sboms", "%2E%2E%2Fx", "%2E%2E")]
    assert pq.read_table(sboms[0]).column("organisation").to_pylist() == ["../x"]


def test_a_store_written_before_the_url_columns_reads_them_as_empty(tmp_path: Path) -> None:
    """Part files of an older store have no vcs_url/website_url: DuckDB reads them as null, and the
    concentration across organisations still counts every component."""
    from tests.portfolio.conftest import LOG4J, component, cyclonedx

    from dosa.inventory.mapping import VendorMap
    from dosa.portfolio.analyses import concentration_across
    from dosa.portfolio.engines import DuckDBEngine

    source = tmp_path / "app.json"
    source.write_bytes(cyclonedx("app", "1", [component(f"{LOG4J}@2.14.1", "Apache"), component("pkg:npm/x@1")]))
    root = tmp_path / "store"
    assert bulk_import(root, [source], "org", "p").ok
    (part,) = StoreLayout(root).partition("components", "org", "p").glob("part-*.parquet")
    pq.write_table(pq.read_table(part).drop_columns(["vcs_url", "website_url"]), part)
    engine = DuckDBEngine(root)
    try:
        assert engine.rows("SELECT vcs_url, website_url FROM components") == [(None, None), (None, None)]
        result = concentration_across(engine, "vendor", vendors=VendorMap(None, resolve=False))
        assert [(r.label, r.weight) for r in result.rows] == [("Apache", 1.0)]
        assert result.concentration.unknown_weight == 1.0
    finally:
        engine.close()


def test_repeated_component_keys_are_numbered_in_document_order_as_the_writer_numbers_them() -> None:
    import pyarrow as pa

    keys = pa.array(["a", "b", "a", "a", "b", "c", "a#2"])
    # worked out by hand from Writer._identities: the n-th occurrence of a key (n > 1) gets "#n"
    assert bulk._numbered(keys).to_pylist() == ["a", "b", "a#2", "a#3", "b#2", "c", "a#2"]


def test_identities_of_several_documents_in_one_part_are_counted_per_document(
    tmp_path: Path, new_db_url: Callable[[], str]
) -> None:
    """Regression: identities are computed for a whole part file at once, so a key repeated in
    another document must not be numbered, and a nested component's parent must be found within its
    own document (not at the same row number of the part)."""
    from tests.portfolio.conftest import LOG4J, component, cyclonedx

    outer, inner, deep = component("pkg:npm/outer@1.0.0"), component("pkg:npm/inner@2.0.0"), component("pkg:npm/deep@3")
    inner["components"] = [deep]
    outer["components"] = [inner]
    log4j = f"{LOG4J}@2.14.1"
    documents = {
        "a": [component(log4j), component(log4j), {"type": "library", "name": "Bare", "version": "1"}, outer],
        "b": [component(log4j), outer, {"type": "library", "name": "Bare", "version": "1", "group": "g"}],
        "c": [outer, {"type": "library", "name": "Bare", "version": "1", "supplier": {"name": "S"}}],
    }
    source = tmp_path / "in"
    source.mkdir()
    for subject, components in documents.items():
        (source / f"{subject}.json").write_bytes(cyclonedx(subject, "1", components))
    root = tmp_path / "store"
    bulk_import(root, [source], "org", "p")
    assert len(list((root / "components").rglob("*.parquet"))) == 1  # one part: all three documents
    store = open_store(new_db_url())
    try:
        import_paths(store, [source], "p")
        assert portfolio_rows(root) == operational_rows(store)
    finally:
        store.dispose()
    key, parent = 3 + len(PACKAGE) + FIELDS.index("key"), 3 + len(PACKAGE) + FIELDS.index("parent_key")
    by_subject: dict[object, list[tuple[object, object]]] = {}
    for row in portfolio_rows(root):
        by_subject.setdefault(row[0], []).append((row[key], row[parent]))
    assert sorted(by_subject["a"]).count((log4j, "")) == 1
    assert (f"{log4j}#2", "") in by_subject["a"]
    assert (log4j, "") in by_subject["b"]
    assert f"{log4j}#2" not in {k for k, _ in by_subject["b"]}
    for subject in "abc":
        assert ("pkg:npm/inner@2.0.0", "pkg:npm/outer@1.0.0") in by_subject[subject]
        assert ("pkg:npm/deep@3", "pkg:npm/inner@2.0.0") in by_subject[subject]


@pytest.mark.parametrize(("files", "jobs"), [(200, 2), (300, 2), (7, 3), (1, 2), (0, 2), (200, 1)])
def test_files_are_dealt_to_the_workers_in_order_and_the_tail_in_equal_shares(
    tmp_path: Path, files: int, jobs: int
) -> None:
    paths = []
    for n in range(files):  # sizes 1 to 10 kB: the tail is split by bytes, not by count
        paths.append(tmp_path / f"{n:04d}.json")
        paths[-1].write_bytes(b"x" * (1000 * (1 + n % 10)))
    chunks = list(bulk._chunks(paths, 64, jobs))
    assert [ordinal for chunk in chunks for ordinal, _ in chunk] == list(range(files))
    assert [name for chunk in chunks for _, name in chunk] == [str(p) for p in paths]
    assert all(len(chunk) <= 64 + 1 for chunk in chunks)
    if jobs == 1:
        assert [len(c) for c in chunks] == [64] * (files // 64) + ([files % 64] if files % 64 else [])
        return
    window = 2 * jobs * 64  # chunks of 64 go out while a full window of files waits behind them
    leading = (files - window) // 64 + 1 if files >= window else 0
    assert [len(c) for c in chunks[:leading]] == [64] * leading
    tail = chunks[leading:]
    if files >= jobs:  # the rest: a multiple of `jobs` chunks whose sizes differ by at most one file
        assert len(tail) % jobs == 0
        sizes = [sum(Path(name).stat().st_size for _, name in chunk) for chunk in tail]
        assert max(sizes) - min(sizes) <= 10_000


def test_the_import_runs_where_pyarrow_has_no_jemalloc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Some pyarrow builds lack jemalloc (the Windows wheels): the import keeps Arrow's default allocator."""
    import pyarrow as pa
    from tests.portfolio.conftest import LOG4J, component, cyclonedx

    def missing() -> None:
        raise NotImplementedError("jemalloc support is not built")

    before = pa.default_memory_pool().backend_name
    monkeypatch.setattr(pa, "jemalloc_memory_pool", missing)
    (tmp_path / "app.json").write_bytes(cyclonedx("app", "1", [component(f"{LOG4J}@2.14.1")]))
    summary = bulk_import(tmp_path / "store", [tmp_path / "app.json"], "org", "p")
    assert [o.status for o in summary.outcomes] == [Status.IMPORTED]
    assert pa.default_memory_pool().backend_name == before
    assert [r[1] for r in portfolio_rows(tmp_path / "store")] == ["1"]
