# SPDX-License-Identifier: EUPL-1.2
"""Where-used across projects and SBOM versions, by purl or name, with and without version ranges."""

from __future__ import annotations

from pathlib import Path

import pytest
from inventory_helpers import cyclonedx, library

from dosa.errors import InputError
from dosa.inventory.importer import import_paths
from dosa.inventory.where_used import parse_query, where_used
from dosa.store import Store

LOG4J = "org.apache.logging.log4j"


def _log4j(version: str) -> dict[str, object]:
    return library("log4j-core", version, "maven", LOG4J)


@pytest.fixture
def portfolio(tmp_path: Path, store: Store) -> Store:
    documents = {
        ("alpha", "a1.json"): cyclonedx(
            [_log4j("2.14.1")], name="app", version="1.0", timestamp="2024-01-01T00:00:00Z"
        ),
        ("alpha", "a2.json"): cyclonedx(
            [_log4j("2.17.1")], name="app", version="2.0", timestamp="2024-06-01T00:00:00Z"
        ),
        ("beta", "b.json"): cyclonedx([_log4j("2.16.0"), library("log4j-api", "2.14.1", "maven", LOG4J)], name="svc"),
        ("gamma", "c.json"): cyclonedx(
            [
                {"type": "library", "name": "log4j-core", "version": "2.0-beta9"},
                {"type": "library", "name": "log4j-core", "version": "latest"},
            ],
            name="old",
        ),
    }
    for (project, name), text in documents.items():
        path = tmp_path / name
        path.write_text(text)
        assert import_paths(store, [path], project).ok
    return store


def _found(result: object) -> list[tuple[str, str, str]]:
    return sorted((h.project, h.subject_version, h.version) for h in result.hits)  # type: ignore[attr-defined]


def test_purl_with_range_finds_vulnerable_versions_only(portfolio: Store) -> None:
    result = where_used(portfolio, parse_query(f"pkg:maven/{LOG4J}/log4j-core", "<2.17.1"))
    assert _found(result) == [("alpha", "1.0", "2.14.1"), ("beta", "1.0", "2.16.0")]


def test_full_vers_range_with_scheme(portfolio: Store) -> None:
    result = where_used(portfolio, parse_query(f"pkg:maven/{LOG4J}/log4j-core", "vers:maven/>=2.15.0|<2.17.1"))
    assert _found(result) == [("beta", "1.0", "2.16.0")]


def test_name_query_also_finds_components_without_purl(portfolio: Store) -> None:
    result = where_used(portfolio, parse_query("log4j-core", "<2.17.1"))
    assert _found(result) == [("alpha", "1.0", "2.14.1"), ("beta", "1.0", "2.16.0"), ("gamma", "1.0", "2.0-beta9")]
    assert [h.version for h in result.uncomparable] == ["latest"]


def test_ignoring_versions_finds_every_version(portfolio: Store) -> None:
    result = where_used(portfolio, parse_query("log4j-core"))
    assert len(result.hits) == 5
    assert not result.uncomparable


def test_group_and_name_query(portfolio: Store) -> None:
    assert len(where_used(portfolio, parse_query(f"{LOG4J}:log4j-core")).hits) == 3
    assert _found(where_used(portfolio, parse_query(f"{LOG4J}:log4j-api"))) == [("beta", "1.0", "2.14.1")]


def test_exact_version(portfolio: Store) -> None:
    assert _found(where_used(portfolio, parse_query(f"pkg:maven/{LOG4J}/log4j-core@2.14.1"))) == [
        ("alpha", "1.0", "2.14.1")
    ]
    assert _found(where_used(portfolio, parse_query("log4j-core@2.0-beta9"))) == [("gamma", "1.0", "2.0-beta9")]


def test_current_only_and_project_filter(portfolio: Store) -> None:
    query = parse_query(f"pkg:maven/{LOG4J}/log4j-core")
    assert _found(where_used(portfolio, query, current_only=True)) == [
        ("alpha", "2.0", "2.17.1"),
        ("beta", "1.0", "2.16.0"),
    ]
    assert _found(where_used(portfolio, query, project="beta")) == [("beta", "1.0", "2.16.0")]


def test_bad_queries_are_clear_errors() -> None:
    with pytest.raises(InputError, match="not a valid purl"):
        parse_query("pkg:")
    with pytest.raises(InputError, match="invalid version range"):
        parse_query("log4j-core", "<<2")
    with pytest.raises(InputError, match="unknown version scheme"):
        parse_query("log4j-core", "vers:nosuch/<2")
    with pytest.raises(InputError, match="empty"):
        parse_query("  ")


def _npm_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def test_where_used_on_the_real_corpus(samples_dir: Path, store: Store) -> None:
    import_paths(store, [samples_dir], "corpus")
    every = where_used(store, parse_query("pkg:npm/lodash"))
    old = where_used(store, parse_query("pkg:npm/lodash", "<4.17.21"))
    assert old.hits
    assert {h.version for h in old.hits} == {h.version for h in every.hits if _npm_key(h.version) < (4, 17, 21)}
    assert all(h.subject == "juice-shop" for h in every.hits)
