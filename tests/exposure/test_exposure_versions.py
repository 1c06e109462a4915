# SPDX-License-Identifier: EUPL-1.2
"""OSV range semantics per the OSV schema, with each ecosystem's version ordering (worked by hand)."""

from __future__ import annotations

from typing import Any

import pytest

from dosa.exposure.matching import AdvisoryIndex, IndexedAdvisory, Matcher, merge_aliases
from dosa.exposure.readers import cpe_parts, osv_package_key
from dosa.exposure.versions import affects, affects_compiled


def _range(kind: str, *events: tuple[str, str]) -> dict[str, object]:
    return {"ranges": [{"type": kind, "events": [{k: v} for k, v in events]}]}


@pytest.mark.parametrize(
    ("version", "expected"),
    [("0.9", False), ("1.0", True), ("1.5", True), ("2.0", True), ("2.0.1", False), ("3.1", True), ("4.0", False)],
)
def test_last_affected_is_inclusive_and_a_second_interval_reopens(version: str, expected: bool) -> None:
    # [1.0, 2.0] via last_affected, then [3.0, 4.0) via fixed: two intervals in one range.
    spec = _range("ECOSYSTEM", ("introduced", "1.0"), ("last_affected", "2.0"), ("introduced", "3.0"), ("fixed", "4.0"))
    assert affects(spec, "pypi", version) is expected


def test_limit_caps_the_range() -> None:
    spec = _range("ECOSYSTEM", ("introduced", "0"), ("limit", "1.5"))
    assert affects(spec, "maven", "1.4") is True
    assert affects(spec, "maven", "1.5") is False


def test_semver_ranges_order_prereleases_before_the_release() -> None:
    spec = _range("SEMVER", ("introduced", "1.0.0"), ("fixed", "1.2.0"))
    assert affects(spec, "generic", "1.2.0-rc.1") is True  # semver: 1.2.0-rc.1 < 1.2.0
    assert affects(spec, "generic", "1.2.0") is False
    assert affects(spec, "generic", "v1.1.9") is True  # Go-style 'v' prefix


def test_git_ranges_count_only_through_the_explicit_versions_list() -> None:
    spec = {"ranges": [{"type": "GIT", "events": [{"introduced": "abc123"}, {"fixed": "def456"}]}], "versions": ["1.2"]}
    assert affects(spec, "generic", "1.2") is True
    assert affects(spec, "generic", "1.3") is False


def test_ecosystem_orderings_differ() -> None:
    # Maven: 2.0-beta7 < 2.0 (a qualifier sorts before the release); PyPI: 1.0rc1 < 1.0 < 1.0.post1;
    # npm: 1.0.0-alpha < 1.0.0.
    assert affects(_range("ECOSYSTEM", ("introduced", "0"), ("fixed", "2.0")), "maven", "2.0-beta7") is True
    assert affects(_range("ECOSYSTEM", ("introduced", "1.0"), ("fixed", "1.0.post1")), "pypi", "1.0rc1") is False
    assert affects(_range("ECOSYSTEM", ("introduced", "1.0"), ("fixed", "1.0.post1")), "pypi", "1.0") is True
    assert affects(_range("ECOSYSTEM", ("introduced", "0"), ("fixed", "1.0.0")), "npm", "1.0.0-alpha") is True
    assert affects(_range("ECOSYSTEM", ("introduced", "0"), ("fixed", "1.10.0")), "npm", "1.9.0") is True


def test_uncomparable_versions_are_undecided_not_affected() -> None:
    assert affects(_range("ECOSYSTEM", ("introduced", "0"), ("fixed", "2.0")), "npm", "latest") is None


def test_csaf_vers_ranges() -> None:
    spec = {"vers": ["vers:maven/>=2.0.0|<2.17.1"]}
    assert affects(spec, "maven", "2.17.0") is True
    assert affects(spec, "maven", "2.17.1") is False


@pytest.mark.parametrize(
    ("package", "key"),
    [
        (
            {"ecosystem": "Maven", "name": "org.apache.logging.log4j:log4j-core"},
            "pkg:maven/org.apache.logging.log4j/log4j-core",
        ),
        ({"ecosystem": "npm", "name": "@angular/core"}, "pkg:npm/%40angular/core"),
        ({"ecosystem": "PyPI", "name": "Django_REST"}, "pkg:pypi/django-rest"),
        ({"ecosystem": "Go", "name": "github.com/gin-gonic/gin"}, "pkg:golang/github.com/gin-gonic/gin"),
        ({"ecosystem": "Debian:11", "name": "openssl"}, "pkg:deb/debian/openssl"),
    ],
)
def test_osv_packages_get_the_inventory_package_key(package: dict[str, str], key: str) -> None:
    found = osv_package_key(package)
    assert found is not None
    assert found[0] == key


def test_cpe_keys() -> None:
    assert cpe_parts("cpe:/a:csaf-tools:cvrf-csaf-converter:1.0.0-rc1") == (
        "cpe:csaf-tools:cvrf-csaf-converter",
        "1.0.0-rc1",
    )
    assert cpe_parts("cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*") == ("cpe:apache:log4j", "2.14.1")
    assert cpe_parts("not a cpe") is None


def test_incremental_rematch_touches_only_the_new_advisory_packages() -> None:
    index = AdvisoryIndex()
    matcher = Matcher(index)
    pairs = [("pkg:npm/lodash", "4.17.20"), ("pkg:npm/lodash", "4.17.21"), ("pkg:pypi/django", "3.2.0")]
    assert matcher.match_pairs(pairs) == {}
    spec = {"ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "4.17.21"}]}]}
    hit = matcher.rematch(
        IndexedAdvisory("GHSA-35jh-r3h4-6jhm", ("CVE-2021-23337",)), [("pkg:npm/lodash", "npm", spec)]
    )
    assert hit == [("pkg:npm/lodash", "4.17.20")]
    assert matcher.decided[("pkg:npm/lodash", "4.17.20")] == [0]


def test_merge_aliases_prefers_the_cve_id() -> None:
    merged = merge_aliases(
        [
            IndexedAdvisory("GHSA-b", ("CVE-2020-1",)),
            IndexedAdvisory("PYSEC-1", ("CVE-2020-1",)),
            IndexedAdvisory("GHSA-z", ()),
        ]
    )
    assert [(canonical, ids) for canonical, ids, _ in merged] == [
        ("CVE-2020-1", ("CVE-2020-1", "GHSA-b", "PYSEC-1")),
        ("GHSA-z", ("GHSA-z",)),
    ]


def test_package_sweep_gives_the_same_answer_as_one_evaluation_per_version() -> None:
    """decide_package (sorted versions, binary search) against affects() per version, on the real
    Log4Shell ranges plus an advisory naming the package twice (as the GHSA records do)."""
    from dosa.exposure.matching import decide_package
    from dosa.exposure.versions import compile_spec

    specs: list[dict[str, Any]] = [
        {"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.13.0"}, {"fixed": "2.15.0"}]}]},
        {"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.3.1"}]}]},
        {"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.4"}, {"last_affected": "2.12.1"}]}]},
        {"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"limit": "2.0"}]}], "versions": ["2.5"]},
    ]
    compiled = [(0, compile_spec(specs[0], "maven")), (0, compile_spec(specs[1], "maven"))]
    compiled += [(1, compile_spec(specs[2], "maven")), (2, compile_spec(specs[3], "maven"))]
    versions = ["2.0-beta9", "2.3.1", "2.4", "2.6.1", "2.12.1", "2.12.2", "2.14.1", "2.15.0", "1.9", "2.5", "junk!"]
    decided = decide_package(compiled, versions)
    for version in versions:
        expected = sorted({number for number, spec in compiled if affects_compiled(spec, version)})
        assert decided[version] == expected, version
    assert decided["2.14.1"] == [0]
    assert decided["2.6.1"] == [1]
    assert decided["1.9"] == [0, 2]
    assert decided["2.5"] == [1, 2]
