# SPDX-License-Identifier: EUPL-1.2
"""Organisation names compared without legal forms, and the domains and forge accounts in URLs.

Shared by the user's mapping (:mod:`dosa.inventory.mapping`) and the resolver, so that
``'Microsoft Corporation'`` in an SBOM and ``Microsoft`` in a table are one key.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

LEGAL_FORMS = frozenset(
    {
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "llc",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "sarl",
        "pte",
        "gk",
        "ulc",
        "ltda",
        "nv",
        "bv",
        "se",
        "oy",
        "oyj",
        "ab",
        "as",
        "asa",
        "spa",
        "srl",
        "sro",
        "kk",
        "pty",
        "lp",
        "llp",
        "aisbl",
    }
)

FORGES = {"github.com": "github", "gitlab.com": "gitlab", "bitbucket.org": "bitbucket"}
"""Public forges whose first path segment is an account (user or organisation)."""

_URL = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*:)?(?://)?(?:[^@/\s]+@)?(?P<host>[a-z0-9.-]+\.[a-z]{2,})(?::\d+)?[:/]?(?P<path>[^\s?#]*)",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"<[^>]*>|\([^)]*\)|\S+@\S+")
MAX_TEXT = 2048
"""Longer names and URLs are cut before matching: no real one comes near, and the regular expressions
stay linear-time on hostile input."""


def normalise_vendor(name: str) -> str:
    """``'Microsoft Corporation'`` → ``'microsoft'``; ``'ASML Holding N.V.'`` → ``'asml holding'``."""
    text = name[:MAX_TEXT].lower().replace("&", " and ")
    text = re.sub(r"\bs\.?\s?[aà]\.?\s?r\.?\s?l\b\.?", "sarl", text)  # S.à r.l., s.a.r.l. → sarl
    text = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", text)  # b.v. → bv., n.v. → nv.
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    return " ".join(words)


def person_or_org_name(value: str) -> str:
    """An author string without its e-mail address or URL: ``'TJ <tj@x.ca> (http://x)'`` → ``'TJ'``."""
    return " ".join(_EMAIL.sub(" ", value[:MAX_TEXT]).split()).strip(" ,;")


class Location(NamedTuple):
    """Where a URL points: its host (lowercase, without ``www.``) and, on a forge, the account."""

    host: str
    forge: str
    """``github``, ``gitlab`` or ``bitbucket``; empty when the host is no public forge."""
    account: str
    """The forge account (lowercase: logins are case-insensitive); empty when not on a forge."""


@lru_cache(maxsize=65_536)
def locate(url: str) -> Location | None:
    """The host and forge account of a URL as SBOMs write them (``git+https://``, ``git@host:org/x``, bare)."""
    match = _URL.match(url[:MAX_TEXT].strip())
    if match is None:
        return None
    host = match.group("host").lower().removeprefix("www.")
    forge = FORGES.get(host, "")
    account = ""
    if forge:
        account = match.group("path").strip("/").split("/", 1)[0].lower()
        account = account.removesuffix(".git")
        if not account:
            forge = ""
    return Location(host, forge, account)


def domain_candidates(host: str) -> list[str]:
    """``'docs.spring.io'`` → ``['docs.spring.io', 'spring.io']``: the host and its parent domains."""
    parts = host.lower().split(".")
    return [".".join(parts[i:]) for i in range(len(parts) - 1)]


def group_domain(group_id: str) -> str:
    """A reverse-DNS Maven groupId as a domain: ``'org.apache.commons'`` → ``'commons.apache.org'``."""
    return ".".join(reversed(group_id.lower().split(".")))
