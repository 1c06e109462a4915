# SPDX-License-Identifier: EUPL-1.2
"""Component identity: the fast purl path agrees with packageurl-python; fallbacks by name."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dosa.inventory.identity import _SIMPLE, _fast, _slow, identify, parse_purl
from dosa.inventory.sbom import parse_sbom

SAFE = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~-", min_size=1, max_size=12)
TYPES = st.sampled_from(
    [
        "maven",
        "npm",
        "golang",
        "nuget",
        "cargo",
        "gem",
        "deb",
        "rpm",
        "apk",
        "generic",
        "pypi",
        "github",
        "composer",
        "hex",
        "conan",
        "swift",
        "docker",
        "alpm",
        "bitbucket",
        "gitlab",
    ]
)


@st.composite
def simple_purls(draw: st.DrawFn) -> str:
    kind = draw(TYPES)
    namespace = draw(st.lists(SAFE, max_size=3))
    if kind == "npm" and draw(st.booleans()):
        namespace = ["%40" + draw(SAFE)]
    name = draw(SAFE)
    purl = f"pkg:{kind}/" + "".join(f"{segment}/" for segment in namespace) + name
    if draw(st.booleans()):
        purl += "@" + draw(st.text(alphabet="0123456789.+-~:abc", min_size=1, max_size=10))
    if draw(st.booleans()):
        keys = draw(st.lists(st.sampled_from(["arch", "distro", "type", "os", "upstream"]), min_size=1, max_size=3))
        values = [draw(st.text(alphabet="abc0123456789.-+", max_size=6)) for _ in keys]
        purl += "?" + "&".join(f"{k}={v}" for k, v in zip(keys, values, strict=True))
    return purl


@settings(max_examples=400, deadline=None)
@given(simple_purls())
def test_fast_path_agrees_with_packageurl(purl: str) -> None:
    fast = _fast(purl)
    slow = _slow(purl)
    if fast is not None:
        assert fast == slow


def test_fast_path_agrees_on_every_purl_of_the_corpus(samples_dir: Path) -> None:
    purls = set()
    for path in samples_dir.iterdir():
        if path.suffix in (".tsv", ".md"):
            continue
        try:
            purls |= {c.purl.strip() for c in parse_sbom(path).components if c.purl}
        except Exception:
            continue
    fast = {p: _fast(p) for p in purls}
    assert sum(1 for v in fast.values() if v is not None) > 0.8 * len(purls)
    assert [p for p, v in fast.items() if v is not None and v != _slow(p)] == []


def test_canonical_forms_match_across_spellings() -> None:
    assert parse_purl("pkg:pypi/Django_Rest@3.0") == parse_purl("pkg:pypi/django-rest@3.0")
    info = parse_purl("pkg:deb/debian/curl@7.74.0-1.3+deb11u1?distro=debian-11&arch=amd64")
    assert info is not None
    assert info.canonical == "pkg:deb/debian/curl@7.74.0-1.3%2Bdeb11u1?arch=amd64&distro=debian-11"
    assert info.base == "pkg:deb/debian/curl"
    assert info.version == "7.74.0-1.3+deb11u1"


def test_invalid_purls_are_none() -> None:
    assert parse_purl("https://github.com/actions/virtual-environments") is None
    assert parse_purl("pkg:") is None
    assert parse_purl("pkg:npm") is None


def test_identity_falls_back_to_name_version_supplier() -> None:
    by_purl = identify(
        "log4j-core", "2.14.1", "org.apache.logging.log4j", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", ""
    )
    assert by_purl.package_key == "pkg:maven/org.apache.logging.log4j/log4j-core"
    assert by_purl.component_key == "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
    by_name = identify("Widget", "1.0", "acme", "not a purl", "ACME Corp")
    assert by_name.package_key == "name:acme/widget"
    assert by_name.component_key == "name:acme/widget@1.0#s=acme corp"
    without_version = identify("x", "2.0", "", "pkg:npm/x", "")
    assert without_version.component_key == "pkg:npm/x#v=2.0"


# The fast path's grammar spelled with ordinary (backtracking) quantifiers: the possessive ones of
# identity._SIMPLE must accept and split exactly the same strings.
PLAIN_GRAMMAR = re.compile(
    r"^pkg:([a-z][a-z0-9.-]*)/((?:(?:[A-Za-z0-9._~-]|%40)+/)*)([A-Za-z0-9._~-]+)"
    r"(?:@([A-Za-z0-9._~:+-]+))?"
    r"(?:\?([a-z][a-z0-9._-]*=[A-Za-z0-9._~:+-]*(?:&[a-z][a-z0-9._-]*=[A-Za-z0-9._~:+-]*)*))?$"
)
PURLISH = st.lists(
    st.sampled_from(["pkg:", "npm", "maven", "/", "%40", "%", "@", "?", "=", "&", "#", "a", "B", "7", ".", "-", "~"])
    | st.sampled_from(["_", ":", "+", " ", "é", "4", "0", "x=1", "%2F"]),
    max_size=16,
).map(lambda parts: "pkg:" + "".join(parts))


@settings(max_examples=2000, deadline=None)
@given(st.one_of(PURLISH, simple_purls()))
def test_possessive_fast_grammar_matches_the_plain_grammar(purl: str) -> None:
    fast, plain = _SIMPLE.match(purl), PLAIN_GRAMMAR.match(purl)
    assert (fast and fast.groups()) == (plain and plain.groups())
