# SPDX-License-Identifier: EUPL-1.2
"""Spark gives the same answers as DuckDB, and the same Monte Carlo as the local run.

Few tests, one SparkSession (conftest ``spark``): Spark starts slowly. They skip with the reason
when no Java runtime is present.
"""

from __future__ import annotations

from dataclasses import astuple
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.portfolio.conftest import LODASH, LOG4J

from dosa.graph.montecarlo import PARTITION_TRIALS, RandomEvent, simulate
from dosa.graph.synthetic import synthetic_graph
from dosa.inventory.mapping import VendorMap
from dosa.inventory.where_used import parse_query
from dosa.portfolio import analyses
from dosa.portfolio.engines import DuckDBEngine, Engine, SparkEngine, open_engine
from dosa.portfolio.montecarlo import simulate_on_spark


def every_answer(engine: Engine) -> dict[str, Any]:
    """Every analysis with several options, as plain tuples."""
    answers: dict[str, Any] = {}
    for query, version_range in [("log4j-core", "<2.17.1"), (LOG4J, None), ("pkg:golang/golang.org/x/net", "<0.7.0")]:
        result = analyses.where_used(engine, parse_query(query, version_range))
        answers[f"where-used {query} {version_range}"] = (
            [astuple(h) for h in result.hits],
            [astuple(h) for h in result.uncomparable],
        )
    answers["current"] = [astuple(h) for h in analyses.where_used(engine, parse_query(LODASH), current_only=True).hits]
    answers["prevalence"] = [astuple(r) for r in analyses.prevalence(engine, top=25)]
    answers["prevalence all"] = [astuple(r) for r in analyses.prevalence(engine, top=25, current_only=False)]
    for dimension in ("vendor", "group", "jurisdiction"):
        result = analyses.concentration_across(engine, dimension, vendors=VendorMap(None))
        answers[f"concentration {dimension}"] = (result.concentration, result.rows, result.organisations)
    for dimension in ("vendor", "cloud"):
        result = analyses.concentration_across(engine, dimension, basis="services", vendors=VendorMap(None))
        answers[f"services {dimension}"] = (result.concentration, result.rows, result.organisations)
    return answers


@pytest.mark.slow
def test_both_engines_give_identical_answers(spark: Any, corpus_store: Path, three_organisations: Path) -> None:
    for root in (corpus_store, three_organisations):
        duck = DuckDBEngine(root)
        on_spark = SparkEngine(root, session=spark)
        try:
            expected, got = every_answer(duck), every_answer(on_spark)
        finally:
            duck.close()
            on_spark.close()
        assert got == expected
        assert expected["prevalence"], "the store has components"
    hits, _ = expected["where-used log4j-core <2.17.1"]
    assert [hit[-1] for hit in hits] == ["Organisation A"]  # the organisation: 2.14.1 in A; B has 2.17.1
    by_url = open_engine("spark", f"file://{three_organisations}", session=spark)  # as s3a://, abfss://, hdfs://
    try:
        assert [astuple(r) for r in analyses.prevalence(by_url, top=25)] == expected["prevalence"]
    finally:
        by_url.close()


@pytest.mark.slow
def test_monte_carlo_on_spark_equals_the_local_run(spark: Any) -> None:
    synthetic = synthetic_graph(3000, seed=3)
    graph = synthetic.graph
    events = [
        RandomEvent(f"c{i}", 0.1, ((int(c), 1.0),), correlation_key=f"k{i % 3}")
        for i, c in enumerate(synthetic.countries)
    ]
    runs = 2 * PARTITION_TRIALS + 123  # three partitions, the last one partial
    for correlated in (False, True):
        local = simulate(graph, events, runs=runs, seed=11, correlated=correlated)
        distributed = simulate_on_spark(spark, graph, events, runs=runs, seed=11, correlated=correlated)
        assert np.array_equal(distributed.samples, local.samples)
        assert distributed.distributions == local.distributions
        assert 0 < local.samples.mean() < 1  # disruptions happened, and not everywhere
    other = simulate_on_spark(spark, graph, events, runs=runs, seed=12)
    assert not np.array_equal(other.samples, local.samples)
