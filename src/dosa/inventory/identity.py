# SPDX-License-Identifier: EUPL-1.2
"""Component identity: by purl, falling back to name + version + supplier.

Two keys per component: the *package* key (without version) groups every version of a package for
where-used; the *component* key (with version and qualifiers) identifies a component within an SBOM
so that importing a project's next SBOM updates rows instead of duplicating them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from packageurl import PackageURL


class PurlInfo(NamedTuple):
    """A parsed purl (a named tuple: built millions of times during an import)."""

    type: str
    namespace: str
    name: str
    version: str
    canonical: str
    """The whole purl in canonical form (normalised type, name and qualifier order)."""
    base: str
    """``pkg:type/namespace/name``: the package without version, qualifiers or subpath."""


# The purl types for which packageurl-python lowercases the namespace or the name (packageurl
# 0.17 ``normalize_namespace``/``normalize_name``). Types with other rules (pypi, pub, hackage,
# mlflow, cpan, huggingface, oci) always take the slow path; pypi's rule is copied below.
# tests/inventory/test_identity.py checks that both paths agree on the installed packageurl-python.
_LOWER_NAMESPACE = frozenset({"bitbucket", "github", "gitlab", "composer", "luarocks", "qpkg", "alpm", "apk", "hex"})
_LOWER_NAME = _LOWER_NAMESPACE - {"qpkg"} | {"npm", "bitnami"}
_SLOW_TYPES = frozenset({"pub", "hackage", "mlflow", "cpan", "huggingface", "oci"})
# Possessive quantifiers (Python 3.11): no part of a purl can be re-split once matched (a segment ends
# at "/", a name has no "/" or "%"), so backtracking only cost time (3 to 4 times the matching)
_SEGMENT = r"(?:[A-Za-z0-9._~-]++|%40)++"
_SIMPLE = re.compile(
    rf"^pkg:([a-z][a-z0-9.-]*+)/((?:{_SEGMENT}/)*+)([A-Za-z0-9._~-]++)"
    r"(?:@([A-Za-z0-9._~:+-]++))?+"
    r"(?:\?([a-z][a-z0-9._-]*=[A-Za-z0-9._~:+-]*(?:&[a-z][a-z0-9._-]*=[A-Za-z0-9._~:+-]*)*))?$"
)


def _fast(purl: str) -> PurlInfo | None:
    """Parse the common case (no characters that need percent-encoding) without packageurl's cost."""
    match = _SIMPLE.match(purl)
    if match is None:
        return None
    kind, namespace, name, version, qualifiers = match.groups()
    if kind in _SLOW_TYPES:
        return None
    namespace = namespace.rstrip("/")
    if kind in _LOWER_NAMESPACE:
        namespace = namespace.lower()
    if kind in _LOWER_NAME:
        name = name.lower()
    elif kind == "pypi":
        namespace, name = namespace.lower(), name.replace("_", "-").lower()
    base = f"pkg:{kind}/{namespace}/{name}" if namespace else f"pkg:{kind}/{name}"
    canonical = f"{base}@{version.replace('+', '%2B')}" if version else base
    if qualifiers:
        pairs = dict(pair.partition("=")[::2] for pair in qualifiers.split("&") if not pair.endswith("="))
        kept = "&".join(f"{k}={v.replace('+', '%2B')}" for k, v in sorted(pairs.items()))
        if kept:
            canonical = f"{canonical}?{kept}"
    return PurlInfo(kind, namespace.replace("%40", "@"), name, version or "", canonical, base)


def _slow(purl: str) -> PurlInfo | None:
    try:
        parsed = PackageURL.from_string(purl)
        canonical = parsed.to_string()
        base = PackageURL(type=parsed.type, namespace=parsed.namespace, name=parsed.name).to_string()
    except (ValueError, TypeError):
        return None
    return PurlInfo(parsed.type, parsed.namespace or "", parsed.name, parsed.version or "", canonical, base)


@lru_cache(maxsize=262_144)
def parse_purl(purl: str) -> PurlInfo | None:
    """Parse and normalise a purl as packageurl-python does; ``None`` when it is not a valid purl."""
    purl = purl.strip()
    return _fast(purl) or _slow(purl)


def name_key(name: str, group: str = "") -> str:
    """Package key of a component without a usable purl."""
    label = f"{group}/{name}" if group else name
    return f"name:{label.strip().lower()}"


class Identity(NamedTuple):
    """A component's keys (a named tuple: built once per component of every import)."""

    package_key: str
    component_key: str
    ecosystem: str
    namespace: str
    name: str


def identify(name: str, version: str, group: str, purl: str, supplier: str) -> Identity:
    """Identity of one component, from its purl if valid, else from name, version and supplier."""
    info = parse_purl(purl) if purl else None
    if info is not None:
        key = info.canonical if info.version or not version else f"{info.canonical}#v={version}"
        return Identity(info.base, key, info.type, info.namespace, info.name)
    package = name_key(name, group)
    component = f"{package}@{version}"
    if supplier:
        component += f"#s={supplier.strip().lower()}"
    return Identity(package, component, "", group, name)
