# SPDX-License-Identifier: EUPL-1.2
"""The portfolio store: many organisations' inventories as Parquet, analysed on DuckDB or Spark.

The operational store (SQLite/PostgreSQL, :mod:`dosa.inventory`) serves one organisation's day-to-day
work; the portfolio store serves a supervisor, a CIO office or a CERT holding hundreds to thousands of
organisations. :mod:`~dosa.portfolio.layout` says where the files are, :mod:`~dosa.portfolio.bulk`
writes them from SBOM files, :mod:`~dosa.portfolio.export` from the operational store,
:mod:`~dosa.portfolio.analyses` defines each analysis once and :mod:`~dosa.portfolio.engines` runs it
on DuckDB (embedded, default) or Apache Spark.
"""
