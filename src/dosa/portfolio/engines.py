# SPDX-License-Identifier: EUPL-1.2
"""Two engines over one portfolio store: DuckDB (embedded, the default) and Apache Spark (PySpark).

Both see the store's tables as views named ``sboms``, ``components``, ``dependencies``, ``services``
and ``organisations``, run the same SQL (the common subset of both dialects, parameters written
``:name``) and return plain tuples, so an analysis is written once (:mod:`dosa.portfolio.analyses`).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa

from dosa.errors import ConfigurationError, InputError
from dosa.portfolio.layout import SCHEMAS, TABLES, StoreLayout

_PARAMETER = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")
ENGINES = ("duckdb", "spark")
DEFAULT_SPARK_MASTER = "local[2]"


class Engine(Protocol):
    name: str

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run one query; ``:name`` parameters are bound, never pasted into the text."""
        ...

    def register(self, name: str, table: pa.Table) -> None:
        """Make a small table computed in Python (e.g. labels per vendor) queryable as ``name``."""
        ...

    def materialise(self, name: str, sql: str, params: Mapping[str, Any] | None = None) -> None:
        """Compute a query's result once and keep it as ``name`` for the following queries."""
        ...

    def close(self) -> None: ...


class DuckDBEngine:
    name = "duckdb"

    def __init__(self, root: Path, *, threads: int | None = None, memory_limit: str | None = None) -> None:
        import duckdb

        self.connection = duckdb.connect(":memory:")
        if threads:
            self.connection.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            self.connection.execute("SET memory_limit = $limit", {"limit": memory_limit})
        layout = StoreLayout(root)
        for table in TABLES:
            if layout.has(table):
                pattern = layout.glob(table).replace("'", "''")
                files = f"read_parquet('{pattern}', hive_partitioning = false, union_by_name = true)"
                found = {row[0] for row in self.connection.execute(f"DESCRIBE SELECT * FROM {files}").fetchall()}
                # columns added to the store later (vcs_url, website_url) read as null in older files
                added = "".join(
                    f", CAST(NULL AS VARCHAR) AS {name}" for name in SCHEMAS[table].names if name not in found
                )
                self.connection.execute(f"CREATE VIEW {table} AS SELECT *{added} FROM {files}")
            else:
                self.register(table, SCHEMAS[table].empty_table())

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return [
            tuple(row) for row in self.connection.execute(_PARAMETER.sub(r"$\1", sql), dict(params or {})).fetchall()
        ]

    def register(self, name: str, table: pa.Table) -> None:
        self.connection.register(name, table)

    def materialise(self, name: str, sql: str, params: Mapping[str, Any] | None = None) -> None:
        query = _PARAMETER.sub(r"$\1", sql)
        self.connection.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {query}", dict(params or {}))

    def close(self) -> None:
        self.connection.close()


def java_available() -> str | None:
    """Path of a Java runtime Spark can use (``$JAVA_HOME/bin/java`` or ``java`` on the PATH), or None."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


NO_JAVA_HINT = (
    "Spark needs a Java runtime (17 or 21): on Debian/Ubuntu 'apt-get install default-jre-headless' "
    "(or run .ci/install-java.sh), elsewhere install a JRE and set JAVA_HOME; or use --engine duckdb"
)


def _spark_type(arrow_type: pa.DataType) -> str:
    if pa.types.is_int64(arrow_type):
        return "BIGINT"
    if pa.types.is_boolean(arrow_type):
        return "BOOLEAN"
    if pa.types.is_timestamp(arrow_type):
        return "TIMESTAMP"
    if pa.types.is_floating(arrow_type):
        return "DOUBLE"
    return "STRING"


def spark_ddl(schema: pa.Schema) -> str:
    return ", ".join(f"`{field.name}` {_spark_type(field.type)}" for field in schema)


def spark_session(master: str | None = None, *, app_name: str = "dosa-portfolio") -> Any:
    """A SparkSession for ``master`` (default ``local[2]``), or a clear error when Spark cannot start here."""
    if java_available() is None:
        raise ConfigurationError("no Java runtime found for Spark", hint=NO_JAVA_HINT)
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ConfigurationError(
            "PySpark is not installed", hint="install dosa with the spark extra: pip install 'dosa[spark]'"
        ) from exc
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # local workers run this interpreter, with dosa
    builder = SparkSession.builder.appName(app_name).master(master or DEFAULT_SPARK_MASTER)
    if (master or DEFAULT_SPARK_MASTER).startswith("local"):
        builder = (
            builder.config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.driver.memory", os.environ.get("DOSA_SPARK_DRIVER_MEMORY", "2g"))
        )
    session = (
        builder.config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


class SparkEngine:
    """Spark over the store; its views live in a session of their own (``newSession``), sharing the
    Spark context, so that several engines can use one SparkSession without seeing each other's views."""

    name = "spark"

    def __init__(self, root: Path | str, *, session: Any = None, master: str | None = None) -> None:
        base = session if session is not None else spark_session(master)
        self._owned = session is None
        self.session = base.newSession()
        remote = is_remote(root)
        layout = StoreLayout(Path(root))
        for table in TABLES:
            frame = None
            if remote:
                try:  # a table without files (no services imported, say) reads as empty
                    frame = self.session.read.schema(spark_ddl(SCHEMAS[table])).parquet(
                        f"{str(root).rstrip('/')}/{table}/*/*/*.parquet"
                    )
                except Exception as exc:  # pyspark's AnalysisException (PATH_NOT_FOUND)
                    if "PATH_NOT_FOUND" not in str(exc) and "does not exist" not in str(exc):
                        raise
            elif layout.has(table):
                frame = self.session.read.schema(spark_ddl(SCHEMAS[table])).parquet(layout.glob(table))
            if frame is None:
                frame = self.session.createDataFrame([], spark_ddl(SCHEMAS[table]))
            frame.createOrReplaceTempView(table)

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.session.sql(sql, args=dict(params or {})).collect()]

    def register(self, name: str, table: pa.Table) -> None:
        records = [tuple(row.values()) for row in table.to_pylist()]
        self.session.createDataFrame(records, spark_ddl(table.schema)).createOrReplaceTempView(name)

    def materialise(self, name: str, sql: str, params: Mapping[str, Any] | None = None) -> None:
        frame = self.session.sql(sql, args=dict(params or {})).cache()
        frame.count()  # computed now, kept in executor memory for the following queries
        frame.createOrReplaceTempView(name)

    def close(self) -> None:
        if self._owned:
            self.session.stop()


def is_remote(root: Path | str) -> bool:
    """A store address such as ``s3a://bucket/portfolio`` or ``file:///data/portfolio`` (read by Spark)."""
    return "://" in str(root)


def open_engine(
    name: str, root: Path | str, *, master: str | None = None, session: Any = None, threads: int | None = None
) -> Engine:
    """The engine called ``name`` over the store at ``root`` (a local folder that must exist, or a URL for Spark)."""
    if name not in ENGINES:
        raise ConfigurationError(f"unknown engine '{name}'", hint=f"use one of {', '.join(ENGINES)}")
    if is_remote(root):
        if name != "spark":
            raise InputError(
                f"DuckDB reads a local portfolio store, not {str(root).split('://')[0]}:// addresses",
                hint="use --engine spark for a store on S3, ABFS or HDFS, or copy the store to a local folder",
            )
        return SparkEngine(str(root), session=session, master=master)
    StoreLayout(Path(root)).require()
    if name == "duckdb":
        return DuckDBEngine(Path(root), threads=threads)
    return SparkEngine(Path(root), session=session, master=master)
