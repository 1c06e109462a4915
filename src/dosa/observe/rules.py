# SPDX-License-Identifier: EUPL-1.2
"""The shipped classification table (``data/observe/providers.csv``): which host names belong to which
provider, read from which record, and on what evidence (the provider's documentation, or the provider's
own domain)."""

from __future__ import annotations

import csv
import fnmatch
import io
import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path

from dosa.dataset.problems import ValidationReport
from dosa.errors import InputError, RecordsError


class Record(StrEnum):
    """Where a host name was seen."""

    MX = "MX"
    SPF = "SPF"
    AUTODISCOVER = "AUTODISCOVER"
    NS = "NS"
    CNAME = "CNAME"


class Role(StrEnum):
    MAIL = "mail"
    MAIL_GATEWAY = "mail_gateway"
    MAIL_SENDER = "mail_sender"
    DNS = "dns"
    WEB = "web"


class Basis(StrEnum):
    DOCUMENTED = "documented"
    OWN_DOMAIN = "own_domain"


MAX_TABLE_BYTES = 5 * 1024 * 1024
MATCH_CACHE_SIZE = 100_000
COLUMNS = (
    "pattern",
    "record",
    "provider",
    "role",
    "provider_country",
    "parent",
    "parent_country",
    "basis",
    "source_url",
    "source_publisher",
    "source_title",
    "source_year",
    "licence",
)


@dataclass(frozen=True)
class Rule:
    """One row of the table: host names matching ``pattern`` in a ``record`` belong to ``provider``."""

    pattern: str
    record: Record
    provider: str
    role: Role
    provider_country: str
    parent: str
    parent_country: str
    basis: Basis
    source_url: str
    source_publisher: str
    source_title: str
    source_year: str
    licence: str
    regex: re.Pattern[str] = field(compare=False, repr=False, default=re.compile(""))

    @property
    def group(self) -> str:
        """Who the provider answers to: its parent when established, else the provider itself."""
        return self.parent or self.provider

    @property
    def jurisdiction(self) -> str:
        """The country of the parent's headquarters, else of the provider's."""
        return self.parent_country or self.provider_country

    @property
    def specificity(self) -> int:
        """Literal characters in the pattern: the most specific matching rule wins."""
        return len(self.pattern.replace("*", ""))

    def matches(self, host: str) -> bool:
        return self.regex.fullmatch(host) is not None

    @property
    def source(self) -> str:
        parts = [self.source_publisher, self.source_title, self.source_year, self.source_url]
        return ", ".join(p for p in parts if p)


class RuleTable:
    """The rules, indexed for matching: exact names and ``*.suffix`` patterns are looked up by the host's
    suffixes (a few dictionary lookups per host); only patterns with a wildcard elsewhere are scanned."""

    def __init__(self, rules: tuple[Rule, ...], label: str) -> None:
        self.rules = rules
        self.label = label
        self._exact: dict[tuple[Record, str], list[Rule]] = {}
        self._suffix: dict[tuple[Record, str], list[Rule]] = {}
        self._other: dict[Record, list[Rule]] = {}
        for rule in rules:
            head, _, tail = rule.pattern.partition("*.")
            if "*" not in rule.pattern:
                self._exact.setdefault((rule.record, rule.pattern), []).append(rule)
            elif head == "" and tail and "*" not in tail:
                self._suffix.setdefault((rule.record, tail), []).append(rule)
            else:
                self._other.setdefault(rule.record, []).append(rule)
        self._mail_providers = frozenset(r.provider for r in rules if r.role is Role.MAIL)
        self._seen: dict[tuple[Record, str], Rule | None] = {}

    def match(self, record: Record, host: str) -> Rule | None:
        """The most specific rule for ``host`` seen in ``record``, or None. Remembered: in a real list the
        same provider hosts recur thousands of times."""
        key = (record, host)
        if key in self._seen:
            return self._seen[key]
        if len(self._seen) >= MATCH_CACHE_SIZE:
            self._seen.clear()
        found = self._seen[key] = self._match(record, host.lower().rstrip("."))
        return found

    def _match(self, record: Record, name: str) -> Rule | None:
        found = list(self._exact.get((record, name), ()))
        labels = name.split(".")
        for start in range(1, len(labels)):
            found += self._suffix.get((record, ".".join(labels[start:])), ())
        found += [r for r in self._other.get(record, ()) if r.matches(name)]
        return max(found, key=lambda r: r.specificity) if found else None

    def offers_mail(self, provider: str) -> bool:
        return provider in self._mail_providers


def parse_rules(text: str, label: str) -> RuleTable:
    """Read a classification table; every problem is reported with its line."""
    report = ValidationReport()
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    offset = len(text.splitlines()) - len(lines)
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        report.add(
            label, offset + 1, None, f"missing column(s): {', '.join(missing)}", f"columns: {', '.join(COLUMNS)}"
        )
        raise RecordsError(label, report)
    rules = []
    for row in reader:
        line = offset + reader.line_num
        values = {c: (row.get(c) or "").strip() for c in COLUMNS}
        try:
            pattern = values["pattern"].lower()
            if not pattern or not re.fullmatch(r"[a-z0-9.*_-]+", pattern):
                raise ValueError(f"pattern '{pattern}' is not a host-name glob")
            if not values["provider"]:
                raise ValueError("provider is empty")
            if not values["source_url"].startswith("https://"):
                raise ValueError("source_url must be an https address")
            rule = Rule(
                pattern=pattern,
                record=Record(values["record"].upper()),
                provider=values["provider"],
                role=Role(values["role"]),
                provider_country=values["provider_country"].upper(),
                parent=values["parent"],
                parent_country=values["parent_country"].upper(),
                basis=Basis(values["basis"]),
                source_url=values["source_url"],
                source_publisher=values["source_publisher"],
                source_title=values["source_title"],
                source_year=values["source_year"],
                licence=values["licence"],
                regex=re.compile(fnmatch.translate(pattern)),
            )
        except ValueError as exc:
            report.add(label, line, None, str(exc), "correct the row")
            continue
        rules.append(rule)
    if not report.ok:
        raise RecordsError(label, report)
    return RuleTable(tuple(rules), label)


@cache
def shipped_rules() -> RuleTable:
    """The table dosa ships."""
    text = (resources.files("dosa") / "data" / "observe" / "providers.csv").read_text(encoding="utf-8")
    return parse_rules(text, "providers.csv")


def load_rules(path: Path | None = None) -> RuleTable:
    """The shipped table, or the user's own (same columns) when ``path`` is given."""
    if path is None:
        return shipped_rules()
    try:
        if path.stat().st_size > MAX_TABLE_BYTES:
            raise InputError(
                f"{path.name}: larger than {MAX_TABLE_BYTES // 1024 // 1024} MiB", hint="a rule table is small"
            )
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read {path.name}: {exc.strerror}", hint="check the file name") from exc
    except UnicodeDecodeError:
        raise InputError(f"{path.name}: not UTF-8 text", hint="save the table as CSV UTF-8") from None
    return parse_rules(text, path.name)
