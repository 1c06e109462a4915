# SPDX-License-Identifier: EUPL-1.2
"""Benchmark of the portfolio store: bulk import, DuckDB and Spark at scale.

Prints figures; asserts nothing (docs/performance.md records results; docs/scale.md uses them).

    PYTHONPATH=src python benchmarks/bench_portfolio.py import --sboms 1000        # bulk import vs baselines
    PYTHONPATH=src python benchmarks/bench_portfolio.py generate --rows 10000000   # synthetic store in /tmp
    PYTHONPATH=src python benchmarks/bench_portfolio.py replicate --source /tmp/dosa-bench-portfolio \
        --copies 10 --store /tmp/dosa-bench-100m                                   # 100 million rows
    PYTHONPATH=src python benchmarks/bench_portfolio.py duckdb --rows 100000000    # queries on DuckDB
    PYTHONPATH=src python benchmarks/bench_portfolio.py spark --rows 10000000      # the same on Spark local

Sections:

``import``
    N synthetic CycloneDX JSON SBOMs of 1,000 components (the generator of bench_inventory.py), all
    written before timing. On the same files, in the same run: bare ``orjson.loads`` (the floor),
    the bulk import to Parquet with one process (CPU time) and with ``--jobs`` processes (wall
    time), and the operational SQLite import (CPU time). The purl cache is emptied before each, so
    every import parses its purls cold.
``stages``
    The import's CPU time per stage on the same kind of documents: orjson (floor), the general reader,
    the typed msgspec reader (the fallback), the columnar reader the bulk path uses, joining the
    documents' columns, and identities with Parquet writing per part.
``generate``
    A synthetic portfolio store of ``--rows`` component rows with the real corpus' distributions
    (``../shared/sbom-samples`` bulk-imported first): each row's package is drawn with the corpus'
    package frequencies, its version from the versions the corpus has for that package, its supplier,
    licence and hash presence from the corpus' shares; 1,000 components per SBOM, 500 SBOMs per
    organisation (``--sboms-per-org``; 100 million rows = 200 organisations x 500 SBOMs x 1,000), one
    SBOM in ten superseded by a newer version of its subject (not current). Written by DuckDB straight
    to Parquet in /tmp.
``subset``
    A store of the first ``--rows`` rows of a generated store (``--source``): files linked, SBOM rows
    filtered; the 1- and 10-million-row stores of the scaling curve share the 100-million generation.
``duckdb`` / ``spark``
    The portfolio analyses on that store: where-used for log4j-core by purl, by name, with a range;
    prevalence; cross-organisation concentration by vendor. Wall time, best of ``--repeat``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

SAMPLES = Path(os.environ.get("DOSA_SBOM_SAMPLES") or REPO.parent / "shared" / "sbom-samples")
DEFAULT_STORE = Path(tempfile.gettempdir()) / "dosa-bench-portfolio"
LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def own_cpu() -> float:
    return time.process_time()


def rate(count: float, seconds: float) -> str:
    return f"{count / seconds:>10,.0f}/s" if seconds > 0 else "-"


# --- import -----------------------------------------------------------------------------------


def import_section(args: argparse.Namespace) -> None:
    import gc

    import orjson
    from bench_inventory import Portfolio  # type: ignore[import-not-found]

    from dosa.inventory.identity import parse_purl
    from dosa.inventory.importer import Importer
    from dosa.portfolio.bulk import bulk_import
    from dosa.store import open_store

    work = Path(tempfile.mkdtemp(prefix="dosa-bench-import-", dir=args.tmp))
    try:
        portfolio = Portfolio(1000, 100_000, min(args.sboms, 200))
        files = []
        for n in range(args.sboms):
            template = portfolio.templates[n % len(portfolio.templates)]
            data = template.replace(b"APP-NAME", f"application-{n:06d}".encode())
            path = work / "in" / f"sbom-{n:06d}.json"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(data.replace(b"SERIALNUMBER", f"{n:012d}".encode()))
            files.append(path)
        components = 1000 * args.sboms
        print(f"{args.sboms} SBOMs x 1,000 components = {components:,} components, {_mib(work / 'in'):.0f} MiB JSON")
        del portfolio, template, data  # the generator's 100+ MB: not the import's, and forked workers would copy it
        gc.collect()

        def timed(label: str, run: Callable[[], Any], children: bool = False) -> None:
            parse_purl.cache_clear()  # each import starts cold (forked workers would inherit a warm cache)
            cpu0, child0, wall0 = own_cpu(), children_cpu(), time.perf_counter()
            run()
            cpu, wall = own_cpu() - cpu0 + (children_cpu() - child0 if children else 0), time.perf_counter() - wall0
            print(f"{label:<44} cpu {cpu:7.1f} s {rate(components, cpu)}   wall {wall:7.1f} s {rate(components, wall)}")

        def bare_orjson() -> None:
            for path in files:  # each document dropped after parsing, as the import does
                orjson.loads(path.read_bytes())

        timed("bare orjson.loads of every file", bare_orjson)
        timed("bulk import to Parquet, 1 process", lambda: bulk_import(work / "store1", [work / "in"], "o", "p"))
        timed(
            f"bulk import to Parquet, {args.jobs} processes",
            lambda: bulk_import(work / "store2", [work / "in"], "o", "p", jobs=args.jobs),
            children=True,
        )
        print(f"Parquet store: {_mib(work / 'store1'):.0f} MiB")
        if not args.skip_sqlite:
            store = open_store(work / "dosa.db")
            timed("SQLite import (operational store)", lambda: Importer(store, "p").import_paths([work / "in"]))
            store.dispose()
            print(f"SQLite database: {sum(p.stat().st_size for p in work.glob('dosa.db*')) / 2**20:.0f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def stages_section(args: argparse.Namespace) -> None:
    """Where the bulk import's CPU time goes, per stage, on the files of the ``import`` section."""
    import gc

    import orjson
    from bench_inventory import Portfolio

    from dosa.inventory.sbom.cyclonedx_fast import parse_columns, parse_fast
    from dosa.inventory.sbom.detect import detect, parse_detected
    from dosa.inventory.sbom.reading import read_bytes
    from dosa.portfolio.bulk import ChunkResult, Settings, _Columns

    portfolio = Portfolio(1000, 100_000, min(args.sboms, 200))
    documents = [
        portfolio.templates[n % len(portfolio.templates)].replace(b"APP-NAME", f"application-{n:06d}".encode())
        for n in range(args.sboms)
    ]
    work = Path(tempfile.mkdtemp(prefix="dosa-bench-stages-", dir=args.tmp))
    per = 1000 * len(documents) / 1000  # thousands of components

    def best(run: Callable[[], Any]) -> float:
        times = []
        for _ in range(args.repeat):
            gc.collect()
            start = own_cpu()
            run()
            times.append(own_cpu() - start)
        return min(times)

    enabled = gc.isenabled()
    gc.disable()  # as in the import's workers
    try:
        floor = best(lambda: [orjson.loads(d) for d in documents])
        general = best(lambda: [parse_detected(detect(s), s) for s in (read_bytes(d, "x.json") for d in documents)])
        typed = best(lambda: [parse_fast(d, "x.json") for d in documents])
        columnar = best(lambda: [parse_columns(d, "x.json") for d in documents])
        parsed = [parse_columns(d, "x.json") for d in documents]

        def columns() -> _Columns:
            built = _Columns(Settings(work, "o", "p", "bench"), ChunkResult())
            for n, sbom in enumerate(parsed):
                assert sbom is not None
                built.add(n, sbom)
            return built

        joined = best(columns)
        flush = best(lambda: columns().flush()) - joined
    finally:
        if enabled:
            gc.enable()
        shutil.rmtree(work, ignore_errors=True)
    print(f"CPU ms per 1,000 components (best of {args.repeat}), {len(documents)} documents")
    for label, seconds in [
        ("orjson.loads (floor)", floor),
        ("general reader (orjson + dict walk), not used", general),
        ("typed reader (msgspec structs), fallback", typed),
        ("typed reader into columns (the bulk path)", columnar),
        ("documents' columns joined, to Arrow per 65,536", joined),
        ("identities per part, sort, Parquet zstd", flush),
    ]:
        print(f"  {label:<48} {seconds / per * 1000:7.2f}")
    total = columnar + joined + flush
    print(
        f"  {'bulk path total (columns + joining + Parquet)':<48} {total / per * 1000:7.2f}"
        f"   = {1000 * len(documents) / total:,.0f} components per CPU-second"
    )


def _mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


# --- generate ---------------------------------------------------------------------------------


def generate_section(args: argparse.Namespace) -> None:
    """Write a synthetic store of ``args.rows`` components with the corpus' distributions."""
    import duckdb

    from dosa.portfolio.bulk import bulk_import
    from dosa.portfolio.layout import StoreLayout

    root = Path(args.store)
    if root.exists() and not args.resume:
        shutil.rmtree(root)
    corpus_store = Path(tempfile.mkdtemp(prefix="dosa-corpus-", dir=args.tmp))
    bulk_import(corpus_store, [SAMPLES], "corpus", "samples")
    corpus = StoreLayout(corpus_store).glob("components")
    con = duckdb.connect()
    con.execute(f"SET threads = {args.threads}")
    con.execute(f"SET memory_limit = '{args.memory}'")
    con.execute("SET preserve_insertion_order = false")
    # packages of the corpus with their frequency, versions, most common supplier and licence
    con.execute(f"""
        CREATE TABLE packages AS
        SELECT row_number() OVER (ORDER BY package_key) - 1 AS id, package_key, any_value(ecosystem) AS ecosystem,
               any_value(namespace) AS namespace, any_value(package_name) AS package_name, count(*) AS weight,
               list(DISTINCT version ORDER BY version) AS versions,
               coalesce(mode(nullif(supplier, '')), '') AS supplier, avg((supplier <> '')::INT) AS supplier_share,
               coalesce(mode(nullif(licences, '')), '') AS licence, avg((licences <> '')::INT) AS licence_share,
               avg((hashes <> '')::INT) AS hash_share, any_value(type) AS type
        FROM read_parquet('{corpus}') GROUP BY package_key""")
    # one SHA-256 per package version, as real artefacts have (the same in every SBOM that lists it)
    con.execute("""
        CREATE OR REPLACE TABLE packages AS
        SELECT *, ['SHA-256:' || sha256(package_key || '@' || v) for v in versions] AS digests FROM packages""")
    packages, weight = con.execute("SELECT count(*), sum(weight) FROM packages").fetchone()  # type: ignore[misc]
    slots = 1_000_000  # each package holds slots in proportion to its corpus frequency
    con.execute(f"""
        CREATE TABLE slots AS
        WITH spans AS (
            SELECT id, CAST(round(sum(weight) OVER (ORDER BY id) * {slots} / {weight}) AS BIGINT) AS hi,
                   CAST(round((sum(weight) OVER (ORDER BY id) - weight) * {slots} / {weight}) AS BIGINT) AS lo
            FROM packages)
        SELECT unnest(range(lo, hi)) AS slot, id FROM spans WHERE hi > lo""")
    print(f"corpus: {weight:,} components of {packages:,} packages; {slots:,} sampling slots")
    per_sbom, per_org = 1000, args.sboms_per_org
    sboms = args.rows // per_sbom
    files = max(1, args.rows // args.rows_per_file)
    sboms_per_file = sboms // files
    started = time.perf_counter()
    layout = StoreLayout(root)
    # one SBOM row per SBOM; SBOM 10k+9 is version 2.0 of the subject of SBOM 10k+8, which is then not current
    sbom_folder = layout.partition("sboms", "synthetic", "synthetic")
    sbom_folder.mkdir(parents=True, exist_ok=True)
    con.execute(f"""
        COPY (
          SELECT 'org-' || lpad(CAST(i // {per_org} AS VARCHAR), 5, '0') AS organisation, 'main' AS project,
                 i AS sbom_id, 'application-' || CAST(CASE WHEN i % 10 = 9 THEN i - 1 ELSE i END AS VARCHAR)
                 AS subject,
                 CASE WHEN i % 10 = 9 THEN '2.0' ELSE '1.0' END AS subject_version,
                 (i % 10 <> 8) AS is_current, 'sbom-' || CAST(i AS VARCHAR) || '.json' AS source_name,
                 sha256(CAST(i AS VARCHAR)) AS source_sha256, 'cyclonedx-json' AS format, '1.5' AS spec_version,
                 {per_sbom}::BIGINT AS component_count, '' AS serial_number, 'synthetic' AS generator,
                 '' AS document_created, '[]' AS warnings, TIMESTAMPTZ '2026-12-01 00:00:00+00' AS imported_at,
                 i AS seq
          FROM range({sboms}) t(i)
        ) TO '{sbom_folder / "sboms.parquet"}' (FORMAT parquet, COMPRESSION zstd)""")
    for f in range(files):
        first, last = f * sboms_per_file, (f + 1) * sboms_per_file if f < files - 1 else sboms
        rows_in_file = (last - first) * per_sbom
        folder = layout.partition("components", f"shard-{f:04d}", "synthetic")
        if args.resume and (folder / "part-0.parquet").is_file():
            continue  # written by an earlier, interrupted run (each file is renamed into place when complete)
        folder.mkdir(parents=True, exist_ok=True)
        # each file holds whole SBOMs; its rows walk the sampling slots in order (so they come out sorted
        # by package, as the bulk import sorts its part files, without sorting strings) and each row goes
        # to one of the file's SBOMs at random
        con.execute(f"""
            COPY (
              WITH rows AS (
                SELECT j, {first} + CAST(hash(j, {f}) % {last - first} AS BIGINT) AS sbom, hash(j, {f}, 'r') AS h,
                       CAST(j * {slots} // {rows_in_file} AS BIGINT) AS slot
                FROM range({rows_in_file}) t(j))
              SELECT 'org-' || lpad(CAST(sbom // {per_org} AS VARCHAR), 5, '0') AS organisation, 'main' AS project,
                     sbom AS sbom_id, p.package_key, p.ecosystem, p.namespace, p.package_name,
                     lower(p.package_name) AS name_lc,
                     p.package_key || '@' || v.version AS key, p.package_key || '@' || v.version AS ref,
                     p.package_name AS name, v.version, p.namespace AS "group",
                     CASE WHEN p.ecosystem = '' THEN '' ELSE p.package_key || '@' || v.version END AS purl,
                     '' AS cpe, p.type, '' AS scope,
                     CASE WHEN (h >> 20) % 1000 < p.supplier_share * 1000 THEN p.supplier ELSE '' END AS supplier,
                     '' AS manufacturer,
                     CASE WHEN (h >> 30) % 1000 < p.licence_share * 1000 THEN p.licence ELSE '' END AS licences,
                     CASE WHEN (h >> 40) % 1000 < p.hash_share * 1000 THEN p.digests[v.at] ELSE '' END AS hashes,
                     '' AS parent_key
              FROM rows r JOIN slots s ON s.slot = r.slot JOIN packages p ON p.id = s.id,
                   LATERAL (SELECT 1 + CAST((h >> 8) % len(p.versions) AS INTEGER) AS at) i,
                   LATERAL (SELECT p.versions[i.at] AS version, i.at AS at) v
              ORDER BY r.slot, r.j
            ) TO '{folder / ".part-0.tmp"}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 256000)""")
        (folder / ".part-0.tmp").rename(folder / "part-0.parquet")
        if f % 10 == 0:
            print(f"  file {f + 1}/{files} written, {time.perf_counter() - started:.0f} s", flush=True)
    print(
        f"wrote {args.rows:,} component rows in {files} files, {sboms:,} SBOMs, {sboms // per_org:,} organisations "
        f"in {time.perf_counter() - started:.0f} s; {_mib(root):,.0f} MiB on disk "
        f"({_mib(root) / (args.rows / 1e6):.1f} MiB per million components)"
    )
    shutil.rmtree(corpus_store, ignore_errors=True)


def replicate_section(args: argparse.Namespace) -> None:
    """A bigger store from a generated one: each component file written ``--copies`` times with new
    organisation names and SBOM ids (generation with joins and sorting is the slow part; the copies
    have the same distributions, cardinalities per organisation and sort order)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from dosa.portfolio.layout import StoreLayout

    source, target = StoreLayout(Path(args.source)), StoreLayout(Path(args.store))
    if target.root.exists():
        shutil.rmtree(target.root)
    started = time.perf_counter()
    sboms = pq.read_table(next((source.root / "sboms").rglob("*.parquet")))
    step = pc.max(sboms.column("sbom_id")).as_py() + 1
    organisations = len(set(sboms.column("organisation").to_pylist()))
    files = sorted((source.root / "components").rglob("*.parquet"))
    for copy in range(args.copies):
        offset = copy * step
        for n, path in enumerate(files):
            table = pq.read_table(path)
            renamed = pc.binary_join_element_wise(table.column("organisation"), pa.scalar(f"-{copy:03d}"), "")
            table = table.set_column(0, "organisation", renamed)
            table = table.set_column(2, "sbom_id", pc.add(table.column("sbom_id"), offset))
            folder = target.partition("components", f"shard-{copy:03d}-{n:04d}", "synthetic")
            folder.mkdir(parents=True, exist_ok=True)
            pq.write_table(table, folder / "part-0.parquet", compression="zstd", row_group_size=256_000)
        renamed = pc.binary_join_element_wise(sboms.column("organisation"), pa.scalar(f"-{copy:03d}"), "")
        shifted = sboms.set_column(0, "organisation", renamed)
        shifted = shifted.set_column(2, "sbom_id", pc.add(sboms.column("sbom_id"), offset))
        folder = target.partition("sboms", "synthetic", f"copy-{copy:03d}")  # each copy complete when written
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(shifted, folder / "sboms.parquet", compression="zstd")
        print(f"  copy {copy + 1}/{args.copies}, {time.perf_counter() - started:.0f} s", flush=True)
    rows = sum(pq.ParquetFile(p).metadata.num_rows for p in (target.root / "components").rglob("*.parquet"))
    print(
        f"wrote {rows:,} component rows, {organisations * args.copies:,} organisations in "
        f"{time.perf_counter() - started:.0f} s; {_mib(target.root):,.0f} MiB "
        f"({_mib(target.root) / (rows / 1e6):.1f} MiB per million components)"
    )


def subset_section(args: argparse.Namespace) -> None:
    """A store of the first ``--rows`` rows of a generated one: its first component files linked (no copy)
    and the SBOM rows of their SBOMs, so 1, 10 and 100 million rows share one generation."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from dosa.portfolio.layout import StoreLayout

    source, target = StoreLayout(Path(args.source)), StoreLayout(Path(args.store))
    if target.root.exists():
        shutil.rmtree(target.root)
    rows, ids = 0, []
    for path in sorted((source.root / "components").glob("*/*/*.parquet")):
        if rows >= args.rows:
            break
        folder = target.root / path.relative_to(source.root).parent
        folder.mkdir(parents=True, exist_ok=True)
        (folder / path.name).symlink_to(path)
        rows += pq.ParquetFile(path).metadata.num_rows
        ids.append(pq.read_table(path, columns=["sbom_id"]).column(0).unique())
    sboms_path = next((source.root / "sboms").rglob("*.parquet"))
    sboms = pq.read_table(sboms_path)
    wanted = pa.chunked_array(ids).combine_chunks().unique() if ids else pa.array([], pa.int64())
    kept = sboms.filter(pc.is_in(sboms.column("sbom_id"), value_set=wanted))
    folder = target.root / sboms_path.relative_to(source.root).parent
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(kept, folder / sboms_path.name, compression="zstd")
    print(f"linked {rows:,} component rows, {kept.num_rows:,} SBOMs into {target.root}")


# --- queries ----------------------------------------------------------------------------------


def queries(engine: Any) -> list[tuple[str, Callable[[], Any]]]:
    from dosa.inventory.mapping import VendorMap
    from dosa.inventory.where_used import parse_query
    from dosa.portfolio import analyses

    vendors = VendorMap(None)
    return [
        ("where-used log4j-core by purl", lambda: len(analyses.where_used(engine, parse_query(LOG4J)).hits)),
        (
            "where-used log4j-core by purl, <2.17.1, current",
            lambda: len(analyses.where_used(engine, parse_query(LOG4J, "<2.17.1"), current_only=True).hits),
        ),
        (
            "where-used log4j-core by name, <2.17.1",
            lambda: len(analyses.where_used(engine, parse_query("log4j-core", "<2.17.1")).hits),
        ),
        ("prevalence, top 50, current", lambda: len(analyses.prevalence(engine, top=50))),
        (
            "concentration by vendor across organisations",
            lambda: len(analyses.concentration_across(engine, "vendor", vendors=vendors).rows),
        ),
    ]


def run_queries(engine: Any, rows: int, repeat: int) -> None:
    print(f"{'query':<50} {'result rows':>11} {'best s':>8} {'first s':>8}   per-row cost at {rows:,} rows")
    for label, run in queries(engine):
        times, result = [], None
        for _ in range(repeat):
            start = time.perf_counter()
            result = run()
            times.append(time.perf_counter() - start)
        ns = min(times) / rows * 1e9
        print(f"{label:<50} {result:>11,} {min(times):8.2f} {times[0]:8.2f}   {ns:.1f} ns/row", flush=True)


def _component_rows(root: Path) -> int:
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(p).metadata.num_rows for p in (root / "components").glob("*/*/*.parquet"))


def duckdb_section(args: argparse.Namespace) -> None:
    from dosa.portfolio.engines import DuckDBEngine

    args.rows = _component_rows(Path(args.store))  # the rows actually there (per-row costs use them)
    engine = DuckDBEngine(Path(args.store), threads=args.threads)
    engine.connection.execute(f"SET memory_limit = '{args.memory}'")
    print(
        f"DuckDB, {args.threads} threads, memory limit {args.memory}, {args.rows:,} component rows, "
        f"store {_mib(Path(args.store)):,.0f} MiB"
    )
    run_queries(engine, args.rows, args.repeat)
    engine.close()


def spark_section(args: argparse.Namespace) -> None:
    from dosa.portfolio.engines import SparkEngine, spark_session

    os.environ.setdefault("DOSA_SPARK_DRIVER_MEMORY", args.memory.replace("GB", "g").replace("GiB", "g"))
    start = time.perf_counter()
    session = spark_session(f"local[{args.threads}]", app_name="dosa-bench")
    print(
        f"Spark {session.version} local[{args.threads}], driver memory {os.environ['DOSA_SPARK_DRIVER_MEMORY']}, "
        f"session start {time.perf_counter() - start:.1f} s"
    )
    args.rows = _component_rows(Path(args.store))
    print(f"{args.rows:,} component rows")
    engine = SparkEngine(Path(args.store), session=session)
    run_queries(engine, args.rows, args.repeat)
    session.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("section", choices=("import", "stages", "generate", "replicate", "subset", "duckdb", "spark"))
    parser.add_argument("--source", help="replicate/subset: the generated store to copy or link")
    parser.add_argument("--copies", type=int, default=10, help="replicate: copies of each file")
    parser.add_argument("--sboms", type=int, default=1000, help="import: SBOMs of 1,000 components")
    parser.add_argument("--jobs", type=int, default=2, help="import: parsing processes")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--rows", type=int, default=10_000_000, help="generate/duckdb/spark: component rows")
    parser.add_argument("--rows-per-file", type=int, default=1_000_000)
    parser.add_argument("--resume", action="store_true", help="generate: keep the files already written")
    parser.add_argument("--sboms-per-org", type=int, default=500)
    parser.add_argument("--store", default=str(DEFAULT_STORE))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory", default="6GB")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tmp", default=tempfile.gettempdir())
    args = parser.parse_args()
    sections = {"import": import_section, "stages": stages_section, "generate": generate_section}
    sections |= {"replicate": replicate_section, "subset": subset_section}
    sections |= {"duckdb": duckdb_section, "spark": spark_section}
    sections[args.section](args)


if __name__ == "__main__":
    main()
