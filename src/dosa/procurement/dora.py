# SPDX-License-Identifier: EUPL-1.2
"""The DORA register of information, built from the service inventory and the organisation's own data,
checked against the EBA's validation rules, and written as an EBA xBRL-CSV reporting package.

What the inventory holds (vendor, countries, service type, reliance, substitutability, exit plan …) is
combined with an organisation file that holds what only the financial entity knows (its LEI and type,
contract references, dates and costs, provider LEIs, the functions it performs). Nothing is invented:
a field neither source fills stays empty, and the validator reports it. A package is written only when
no rule fails, and atomically (a temporary file renamed into place), so a failure leaves nothing behind.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry
import yaml

from dosa.errors import InputError
from dosa.inventory.chains import build_chains
from dosa.inventory.mapping import VendorMap
from dosa.inventory.services import Service, country_code
from dosa.inventory.vocab import normalise_word
from dosa.procurement.dora_model import (
    INDICATORS,
    LISTS,
    NOT_APPLICABLE_COUNTRY,
    TEMPLATE_BY_ID,
    TEMPLATES,
    Indicator,
    Kind,
    Need,
    Template,
)
from dosa.procurement.lei import lei_problem
from dosa.tables import CONTROL_CHARACTERS

TAXONOMY_MODULE = "http://www.eba.europa.eu/eu/fr/xbrl/crr/fws/dora/4.0/mod/dora.json"
OPEN_END = "9999-12-31"
"""The date the ITS instructions use for 'no end date' / 'not deleted'."""
LEI_CODE = "eba_qCO:qx2000"
EUID_CODE = "eba_qCO:qx2002"
YES, NO, NOT_ASSESSED = "eba_BT:x28", "eba_BT:x29", "eba_BT:x21"
MAX_ORGANISATION_BYTES = 5_000_000

RELIANCE = {"not_significant": "eba_ZZ:x794", "low": "eba_ZZ:x795", "material": "eba_ZZ:x796", "full": "eba_ZZ:x797"}
SENSITIVITY = {"low": "eba_ZZ:x791", "medium": "eba_ZZ:x792", "high": "eba_ZZ:x793"}
SUBSTITUTABILITY = {
    "not_substitutable": "eba_ZZ:x959",
    "highly_complex": "eba_ZZ:x960",
    "medium": "eba_ZZ:x961",
    "easy": "eba_ZZ:x962",
}
REINTEGRATION = {"easy": "eba_ZZ:x798", "difficult": "eba_ZZ:x966", "highly_complex": "eba_ZZ:x967"}
ARRANGEMENT = {"standalone": "eba_CO:x1", "overarching": "eba_CO:x2", "subsequent": "eba_CO:x3"}
PERSON = {"legal": "eba_CT:x212", "natural": "eba_CT:x213"}
HIERARCHY = {
    "ultimate_parent": "eba_RP:x53",
    "parent": "eba_RP:x551",
    "subsidiary": "eba_RP:x56",
    "other": "eba_RP:x21",
    "outsourcing": "eba_RP:x210",
}
CRITICALITY = {"yes": YES, "no": NO, "not_assessed": NOT_ASSESSED}
IMPACT = {"low": "eba_ZZ:x791", "medium": "eba_ZZ:x792", "high": "eba_ZZ:x793", "not_assessed": "eba_ZZ:x799"}
CODE_TYPE = {"lei": LEI_CODE, "euid": EUID_CODE}
FINANCIAL_EXEMPT = {"eba_CT:x317", "eba_CT:x318"}
"""Non-financial entities: no total assets required (EBA rule v8804_m)."""


# --- the organisation file -----------------------------------------------------------------------

SECTIONS = {"entity", "entities", "reporting", "providers", "contracts", "functions", "branches", "definitions"}
LEVELS = ("IND", "CON")
MAX_RANK = 50
"""Deepest supply-chain rank dosa follows through intra-group links (a bound against hostile files)."""
"""Individual and consolidated registers (the entity identifier's suffix ``.IND`` / ``.CON``)."""
FIELDS = {
    "entity": {
        "lei", "name", "country", "type", "competent_authority", "currency", "total_assets", "hierarchy",
        "parent_lei", "last_update", "integration_date", "deletion_date",
    },
    "entities": {
        "lei", "name", "latin_name", "country", "type", "hierarchy", "parent_lei", "last_update", "integration_date",
        "deletion_date", "currency", "total_assets",
    },
    "reporting": {"level", "reference_date", "reporting_date"},
    "providers": {
        "code", "code_type", "additional_code", "additional_code_type", "legal_name", "latin_name", "person_type",
        "country", "parent_code", "parent_code_type",
    },
    "contracts": {
        "reference", "type", "overarching_reference", "start", "end", "annual_cost", "currency",
        "notice_entity_days", "notice_provider_days", "provision_country", "stores_data", "termination_reason",
        "last_audit", "discontinuing_impact", "non_substitutability_reason", "alternatives_identified",
        "signed_by", "used_by", "provided_by", "linked",
    },
    "functions": {"id", "entity", "name", "licensed_activity", "critical", "reasons", "last_assessment",
                  "rto_hours", "rpo_hours", "impact"},
    "branches": {"code", "head_office", "name", "country"},
}  # fmt: skip
"""The fields of each section of the organisation file (docs/procurement.md describes them)."""


def _unknown_fields(organisation: Mapping[str, Any]) -> list[Failure]:
    found = []
    for section, allowed in FIELDS.items():
        value = organisation.get(section)
        if section in ("entity", "reporting"):
            items: list[tuple[str, Any]] = [(section, value)]
        elif isinstance(value, dict) and section in ("providers", "contracts"):
            items = [(f"{section}.{k}", v) for k, v in value.items()]
        elif isinstance(value, list) and section in ("entities", "functions", "branches"):
            items = [(f"{section}[{n}]", v) for n, v in enumerate(value, start=1)]
        else:
            if value is not None:
                shape = "a mapping by name" if section in ("providers", "contracts") else "a list"
                found.append(Failure("organisation", None, section, "dosa.structure", f"expected {shape}"))
            items = []
        for where, entry in items:
            if entry is None:
                continue
            if not isinstance(entry, dict):
                found.append(Failure("organisation", None, where, "dosa.structure", "expected a mapping of fields"))
                continue
            for key in sorted(set(map(str, entry)) - allowed):
                found.append(Failure("organisation", None, f"{where}.{key}", "dosa.structure", "unknown field"))
    return found


@dataclass(frozen=True)
class Failure:
    template: str
    row: int | None
    field: str
    rule: str
    message: str

    def __str__(self) -> str:
        where = f"{self.template} row {self.row}" if self.row else self.template
        return f"{where}, {self.field}: {self.message} [{self.rule}]"


@dataclass(frozen=True)
class Unfilled:
    """A field no source fills (left empty, not invented)."""

    template: str
    row: int
    field: str
    label: str


@dataclass
class Register:
    reference_date: str
    level: str
    entity_lei: str
    country: str
    currency: str
    rows: dict[str, list[dict[str, str]]]
    failures: list[Failure] = field(default_factory=list)
    unfilled: list[Unfilled] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def reported(self, template_id: str) -> bool:
        return bool(self.rows.get(template_id))


def read_organisation(path: Path) -> dict[str, Any]:
    """The organisation file (YAML/JSON); structural problems are failures of template 'organisation'."""
    try:
        if path.stat().st_size > MAX_ORGANISATION_BYTES:
            raise InputError(f"{path.name} is larger than {MAX_ORGANISATION_BYTES // 1_000_000} MB", hint="split it")
        document = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read {path.name}: {exc.__class__.__name__}", hint="write YAML or JSON") from exc
    if not isinstance(document, dict):
        raise InputError(f"{path.name}: expected a mapping with entity, reporting, providers, contracts, functions")
    return document


def _text(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return "" if value is None else ("true" if value else "false")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _code(mapping: Mapping[str, str], list_name: str, value: Any) -> str:
    """A user's word or EBA code as the EBA code; unknown values pass through for the validator to name."""
    raw = ("yes" if value else "no") if isinstance(value, bool) else _text(value)
    if not raw:
        return ""
    if raw in LISTS[list_name]:
        return raw
    word = normalise_word(raw)
    if word in mapping:
        return mapping[word]
    for code, label in LISTS[list_name].items():
        if normalise_word(label) == word:
            return code
    return raw


def _country(value: Any) -> str:
    raw = _text(value)
    if not raw or raw.startswith("eba_GA:"):
        return raw
    try:
        return f"eba_GA:{country_code(raw)}"  # a code or an English name (NL, NLD, Netherlands)
    except ValueError:
        return f"eba_GA:{raw}"  # the validator names it


def _currency(value: Any) -> str:
    raw = _text(value).upper()
    return raw if not raw or raw.startswith("EBA_CU:") else f"eba_CU:{raw}"


def _mapping(document: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = document.get(key)
    return value if isinstance(value, dict) else {}


# --- building the rows ---------------------------------------------------------------------------


def _leis(value: Any) -> list[str]:
    """One LEI or a list of them, upper-cased, empty entries dropped."""
    items = value if isinstance(value, list | tuple) else [value]
    return [lei for lei in (_text(item).upper() for item in items) if lei]


def _entity_row(info: Mapping[str, Any], lei: str, currency: str) -> dict[str, str]:
    """One B_01.02 row (ITS Annex I, B_01.02.0010–0110)."""
    return {
        "c0010": lei,
        "c0020": _text(info.get("name")),
        "c0030": _country(info.get("country")),
        "c0040": _code({}, "entity_type", info.get("type")),
        "c0050": _code(HIERARCHY, "hierarchy", info.get("hierarchy")),
        "c0060": _text(info.get("parent_lei")).upper() or lei,
        "c0070": _text(info.get("last_update")),
        "c0080": _text(info.get("integration_date")),
        "c0090": _text(info.get("deletion_date")) or OPEN_END,
        "c0100": _currency(info.get("currency")) or currency,
        "c0110": _text(info.get("total_assets")),
    }


def _ultimate_parent(lei: str, group: Mapping[str, Mapping[str, Any]]) -> str:
    """Follow ``parent_lei`` upwards through the group; stops at the top, outside the group or at a loop."""
    seen = {lei}
    while True:
        parent = _text(group.get(lei, {}).get("parent_lei")).upper()
        if not parent or parent == lei or parent not in group or parent in seen:
            return parent or lei
        seen.add(parent)
        lei = parent


@dataclass
class _Scope:
    """The reporting entity, the group and the register's level, read once from the organisation file so
    that every template family agrees on which entities belong in this register."""

    lei: str
    currency: str
    reference_date: str
    level: str
    group: dict[str, Mapping[str, Any]]
    in_scope: set[str]

    def reported(self, leis: Iterable[str]) -> list[str]:
        """LEIs that belong in this register: in scope, or unknown (the validator names those)."""
        return [x for x in dict.fromkeys(leis) if x in self.in_scope or x not in self.group]


def _structure_failures(organisation: Mapping[str, Any]) -> list[Failure]:
    """Unknown sections and fields: a typo in the organisation file must not silently leave a field empty."""
    found = [
        Failure("organisation", None, key, "dosa.structure", "unknown section")
        for key in sorted(set(map(str, organisation)) - SECTIONS)
    ]
    found.extend(_unknown_fields(organisation))
    return found


def _read_scope(organisation: Mapping[str, Any], structural: list[Failure]) -> _Scope:
    """The group and the level: at CON every entity of ``entities`` is in scope (ITS Art. 6(2)), at IND only
    the reporting entity (ESAs FAQ 101)."""
    entity = _mapping(organisation, "entity")
    reporting = _mapping(organisation, "reporting")
    lei = _text(entity.get("lei")).upper()
    level = _text(reporting.get("level") or "IND").upper()
    if level not in LEVELS:
        structural.append(Failure("organisation", None, "reporting.level", "dosa.structure", "use IND or CON"))
    group: dict[str, Mapping[str, Any]] = {lei: entity}
    listed = [e for e in organisation.get("entities") or [] if isinstance(e, dict)]
    for number, info in enumerate(listed, start=1):
        entity_lei = _text(info.get("lei")).upper()
        where = f"entities[{number}].lei"
        if not entity_lei:
            structural.append(Failure("organisation", None, where, "dosa.structure", "empty"))
        elif entity_lei in group and entity_lei != lei:
            structural.append(Failure("organisation", None, where, "dosa.structure", "listed twice"))
        elif entity_lei != lei:
            group[entity_lei] = info
    return _Scope(
        lei=lei,
        currency=_currency(entity.get("currency")),
        reference_date=_text(reporting.get("reference_date")),
        level=level,
        group=group,
        in_scope=set(group) if level == "CON" else {lei},
    )


def _entity_rows(organisation: Mapping[str, Any], scope: _Scope) -> dict[str, list[dict[str, str]]]:
    """B_01.01 (the entity maintaining the register), B_01.02 (the entities in scope) and B_01.03 (their
    branches): who the register is about, which every other template refers to by LEI."""
    entity = _mapping(organisation, "entity")
    reporting = _mapping(organisation, "reporting")
    maintaining = {
        "c0010": scope.lei,
        "c0020": _text(entity.get("name")),
        "c0030": _country(entity.get("country")),
        "c0040": _code({}, "entity_type", entity.get("type")),
        "c0050": _text(entity.get("competent_authority")),
        "c0060": _text(reporting.get("reporting_date")),
    }
    branches = [
        {
            "c0010": _text(branch.get("code")),
            "c0020": _text(branch.get("head_office")).upper() or scope.lei,
            "c0030": _text(branch.get("name")),
            "c0040": _country(branch.get("country")),
        }
        for branch in organisation.get("branches") or []
        if isinstance(branch, dict)
    ]
    return {
        "B_01.01": [maintaining],
        "B_01.02": [
            _entity_row(info, lei, scope.currency) for lei, info in scope.group.items() if lei in scope.in_scope
        ],
        "B_01.03": branches,
    }


def _function_rows(organisation: Mapping[str, Any], scope: _Scope) -> list[dict[str, str]]:
    """B_06.01: the functions the ICT services support; another group entity's function stays out of an
    individual register."""
    rows = []
    for function in organisation.get("functions") or []:
        if not isinstance(function, dict):
            continue
        owner = _text(function.get("entity")).upper() or scope.lei
        if not scope.reported([owner]):
            continue
        rows.append(
            {
                "c0010": _text(function.get("id")),
                "c0020": _text(function.get("licensed_activity")),
                "c0030": _text(function.get("name")),
                "c0040": owner,
                "c0050": _code(CRITICALITY, "yes_no_not_assessed", function.get("critical")),
                "c0060": _text(function.get("reasons")),
                "c0070": _text(function.get("last_assessment")),
                "c0080": _text(function.get("rto_hours")),
                "c0090": _text(function.get("rpo_hours")),
                "c0100": _code(IMPACT, "impact", function.get("impact")),
            }
        )
    return rows


OPTION_WORDS: dict[str, Mapping[str, str]] = {
    "arrangement_type": ARRANGEMENT,
    "sensitiveness": SENSITIVITY,
    "impact": IMPACT,
    "substitutability": SUBSTITUTABILITY,
    "reintegration": REINTEGRATION,
}
"""The words dosa accepts for the options of each B_99.01 indicator, besides the EBA code and the ITS wording."""
_INDICATOR_BY_KEY = {
    **{i.name: i for i in INDICATORS},
    **{i.reference: i for i in INDICATORS},
    "B_06.01.0110": INDICATORS[2],  # the ITS's B_99.01 table names the function's impact so
}


def _definition_rows(organisation: Mapping[str, Any], structural: list[Failure]) -> list[dict[str, str]]:
    """B_99.01: the entity's own definitions of the closed-set options it uses (ITS Art. 5(1)(o), Annex I
    B_99.01), one row with a column per option; no row, and so a negative filing indicator, when the
    organisation file defines nothing."""
    section = organisation.get("definitions")
    if section is None:
        return []
    if not isinstance(section, dict):
        structural.append(
            Failure("organisation", None, "definitions", "dosa.structure", "expected a mapping by indicator")
        )
        return []
    row: dict[str, str] = {}
    for key, options in section.items():
        indicator = _INDICATOR_BY_KEY.get(_text(key))
        where = f"definitions.{key}"
        if indicator is None:
            known = ", ".join(f"{i.name} ({i.reference})" for i in INDICATORS)
            structural.append(
                Failure("organisation", None, where, "ITS Annex I B_99.01", f"not an indicator of B_99.01: use {known}")
            )
        elif not isinstance(options, dict):
            structural.append(
                Failure("organisation", None, where, "dosa.structure", "expected a mapping of option to definition")
            )
        else:
            row.update(_indicator_definitions(indicator, options, where, structural, row))
    return [row] if row else []


def _indicator_definitions(
    indicator: Indicator, options: Mapping[Any, Any], where: str, structural: list[Failure], defined: Mapping[str, str]
) -> dict[str, str]:
    """One indicator's definitions by B_99.01 column; every option must be one of the indicator's and be
    defined once, as text."""
    columns = {code: column for column, code in indicator.options}
    found: dict[str, str] = {}
    for option, text in options.items():
        at = f"{where}.{option}"
        code = _code(OPTION_WORDS[indicator.values], indicator.values, option)
        column = columns.get(code)
        problem = None
        if column is None:
            shown = ", ".join(LISTS[indicator.values][c] for c in columns)
            problem = ("ITS Annex I B_99.01", f"not an option of {indicator.reference} {indicator.label} ({shown})")
        elif column in found or column in defined:
            problem = ("dosa.structure", "this option is defined twice")
        elif not isinstance(text, str) or not text.strip():
            problem = ("dosa.structure", "expected the definition as text")
        elif CONTROL_CHARACTERS.search(text):
            problem = ("dosa.structure", "the definition contains control characters")
        if problem:
            structural.append(Failure("organisation", None, at, *problem))
        elif column is not None and isinstance(text, str):
            found[column] = text.strip()
    return found


class _Providers:
    """B_05.01: every provider met while building the other templates, once per code. Only direct providers
    carry the annual expense of their arrangements (ITS Annex I B_05.01.0090, 0100), so each row remembers
    whether some arrangement names it directly."""

    def __init__(self, known: Mapping[str, Mapping[str, Any]], group: Mapping[str, Mapping[str, Any]]) -> None:
        self.known = known
        self.group = group
        self.rows: dict[str, dict[str, str]] = {}
        self.expenses: dict[str, list[tuple[str, str]]] = defaultdict(list)

    def supplier(self, service: Service, contract: Mapping[str, Any], direct: bool) -> tuple[str, str]:
        """The provider of an arrangement: the providing group entity of an intra-group arrangement, else
        the inventory's vendor."""
        provided_by = _text(contract.get("provided_by")).upper()
        if provided_by and provided_by in self.group:
            return self.intra_group(provided_by, direct)
        return self.external(service.vendor, service.vendor_country, service.ultimate_parent, direct)

    def external(self, name: str, country: str | None, parent: str | None, direct: bool) -> tuple[str, str]:
        """A provider outside the group, identified by the code the organisation file gives its name."""
        info = self.known.get(name, {})
        code = _text(info.get("code")).upper()
        code_type = _code(CODE_TYPE, "code_type", info.get("code_type") or ("LEI" if code else ""))
        key = code or f"(no code for {name})"
        if key not in self.rows:
            parent_info = self.known.get(parent, {}) if parent else {}
            parent_code = _text(info.get("parent_code") or parent_info.get("code")).upper()
            parent_type = info.get("parent_code_type") or parent_info.get("code_type") or ("LEI" if parent_code else "")
            if not parent:  # the provider is its own ultimate parent: report its own code (rule e23674_e)
                parent_code, parent_type = code, info.get("code_type") or ("LEI" if code else "")
            self.rows[key] = {
                "c0010": code,
                "c0020": code_type,
                "c0030": _text(info.get("additional_code")),
                "c0040": _code(CODE_TYPE, "code_type", info.get("additional_code_type")),
                "c0050": _text(info.get("legal_name")) or name,
                "c0060": _text(info.get("latin_name") or info.get("legal_name")) or name,
                "c0070": _code(PERSON, "person_type", info.get("person_type")),
                "c0080": _country(info.get("country") or country),
                "c0090": "",
                "c0100": "",
                "c0110": parent_code,
                "c0120": _code(CODE_TYPE, "code_type", parent_type),
                "_direct": "no",
            }
        self._mark(key, direct)
        return code, code_type

    def intra_group(self, provider_lei: str, direct: bool) -> tuple[str, str]:
        """An ICT intra-group service provider: identified by its LEI, with the group's ultimate parent as
        its parent (ITS Annex I B_05.01.0010, 0110)."""
        info = self.group[provider_lei]
        if provider_lei not in self.rows:
            self.rows[provider_lei] = {
                "c0010": provider_lei,
                "c0020": LEI_CODE,
                "c0030": "",
                "c0040": "",
                "c0050": _text(info.get("name")),
                "c0060": _text(info.get("latin_name") or info.get("name")),
                "c0070": PERSON["legal"],
                "c0080": _country(info.get("country")),
                "c0090": "",
                "c0100": "",
                "c0110": _ultimate_parent(provider_lei, self.group),
                "c0120": LEI_CODE,
                "_direct": "no",
            }
        self._mark(provider_lei, direct)
        return provider_lei, LEI_CODE

    def _mark(self, key: str, direct: bool) -> None:
        if direct:
            self.rows[key]["_direct"] = "yes"

    def spend(self, code: str, amount: str, currency: str) -> None:
        self.expenses[code].append((amount, currency))

    def table(self) -> list[dict[str, str]]:
        """The B_05.01 rows; a total expense only when every amount is a number in one currency."""
        rows = []
        for key, row in self.rows.items():
            spent = self.expenses.get(row["c0010"] or key, [])
            currencies = {m for _, m in spent if m}
            amounts = [a for a, _ in spent]
            if spent and len(currencies) == 1 and all(_is_number(a) for a in amounts):
                row["c0090"] = currencies.pop()
                row["c0100"] = _number_text(sum(float(a) for a in amounts))
            rows.append(row)
        return rows


Link = tuple[str, str, int, str, str]
"""(provider code, code type, rank, recipient code, recipient code type) of one B_05.02 row."""


class _SupplyChains:
    """B_05.02: the ICT service supply chain of every arrangement. The direct provider is rank 1, its hosts
    and the arrangements an intra-group provider relies on (B_02.03 links) one rank further (ITS Art. 1(2),
    1(3), Art. 2). Each linked arrangement's chain is worked out once, so shared links cost no more than a
    tree of them; depth is bounded (MAX_RANK) and cycles are reported once."""

    def __init__(
        self,
        services: Sequence[Service],
        contracts: Mapping[str, Mapping[str, Any]],
        providers: _Providers,
        structural: list[Failure],
    ) -> None:
        self.providers = providers
        self.structural = structural
        self.inventory = {c.service.name: c for c in build_chains(services, VendorMap(None, groups=(), resolve=False))}
        self.by_reference: dict[str, tuple[Service, Mapping[str, Any]]] = {}
        for service in services:
            contract = contracts.get(service.name.lower())
            if contract is not None and _text(contract.get("reference")):
                self.by_reference.setdefault(_text(contract.get("reference")), (service, contract))
        self.linked_to = {ref for _, c in self.by_reference.values() for ref in map(_text, _as_list(c.get("linked")))}
        self.cycles_reported: set[frozenset[str]] = set()
        self.behind: dict[str, list[Link]] = {}

    def links(self, service: Service, contract: Mapping[str, Any], stack: tuple[str, ...], direct: bool) -> list[Link]:
        """The arrangement's chain: its provider, the inventory's hosts, then what its links rely on."""
        code, code_type = self.providers.supplier(service, contract, direct)
        links: list[Link] = [(code, code_type, 1, "", ""), *self._hosts(service, code, code_type)]
        reference = _text(contract.get("reference"))
        for linked in map(_text, _as_list(contract.get("linked"))):
            if self._usable_link(service, reference, linked, stack):
                if linked not in self.behind:
                    self.behind[linked] = self.links(*self.by_reference[linked], (*stack, reference), False)
                for sub_code, sub_type, rank, to_code, to_type in self.behind[linked]:
                    links.append((sub_code, sub_type, rank + 1, to_code or code, to_type or code_type))
        return list(dict.fromkeys(links))

    def _hosts(self, service: Service, code: str, code_type: str) -> list[Link]:
        """Rank 2 and further as the inventory reads them (hosts and sub-processors, by name)."""
        chain = self.inventory.get(service.name)
        found: list[Link] = []
        for link in chain.links if chain is not None else ():
            if link.rank == 1 or link.provider == link.via:
                continue
            link_code, link_type = self.providers.external(link.provider, None, None, direct=False)
            if link.rank == 2:
                via_code, via_type = code, code_type
            else:
                via_code, via_type = self.providers.external(link.via, None, None, direct=False)
            found.append((link_code, link_type, link.rank, via_code, via_type))
        return found

    def _usable_link(self, service: Service, reference: str, linked: str, stack: tuple[str, ...]) -> bool:
        """Whether to follow a link: not into a cycle, not to an unknown reference (B_02.03 names that, or
        the arrangement rows do), not deeper than MAX_RANK."""
        where = f"contracts.{service.name}.linked"
        if linked in stack or linked == reference:
            loop = (*stack, reference, linked)
            if frozenset(loop) not in self.cycles_reported:
                self.cycles_reported.add(frozenset(loop))
                path = " → ".join(loop[loop.index(linked) :])
                self.structural.append(
                    Failure("organisation", None, where, "dosa.group", f"the intra-group links form a cycle: {path}")
                )
            return False
        if linked not in self.by_reference:
            return False
        if len(stack) + 2 > MAX_RANK:
            message = f"the supply chain behind '{linked}' is deeper than {MAX_RANK} ranks"
            self.structural.append(Failure("organisation", None, where, "dosa.group", message))
            return False
        return True


@dataclass
class _Arrangement:
    """One contract as the register sees it: who signs, who uses, who provides."""

    service: Service
    contract: Mapping[str, Any]
    reference: str
    signers: list[str]
    users: list[str]
    provided_by: str
    linked: list[str]

    @property
    def where(self) -> str:
        return f"contracts.{self.service.name}"


class _RegisterBuilder:
    """Builds the rows template family by template family; the per-arrangement templates (B_02 to B_05.02,
    B_07.01) are filled together because they share the arrangement's provider and users."""

    def __init__(self, services: Sequence[Service], organisation: Mapping[str, Any]) -> None:
        self.services = services
        self.organisation = organisation
        self.structural = _structure_failures(organisation)
        self.scope = _read_scope(organisation, self.structural)
        known = {str(k): v for k, v in _mapping(organisation, "providers").items() if isinstance(v, dict)}
        self.contracts = {
            str(k).lower(): v for k, v in _mapping(organisation, "contracts").items() if isinstance(v, dict)
        }
        self.providers = _Providers(known, self.scope.group)
        self.chains = _SupplyChains(services, self.contracts, self.providers, self.structural)
        self.rows: dict[str, list[dict[str, str]]] = defaultdict(list)

    def build(self) -> Register:
        self.rows.update(_entity_rows(self.organisation, self.scope))
        self.rows["B_06.01"] = _function_rows(self.organisation, self.scope)
        self.rows["B_99.01"] = _definition_rows(self.organisation, self.structural)
        critical_functions = {row["c0010"] for row in self.rows["B_06.01"] if row["c0050"] == YES}
        for service in self.services:
            arrangement = self._arrangement(service)
            if arrangement is not None:
                self._arrangement_rows(arrangement, critical_functions)
        self.rows["B_05.01"] = self.providers.table()
        entity = _mapping(self.organisation, "entity")
        scope = self.scope
        register = Register(
            scope.reference_date,
            scope.level,
            scope.lei,
            _country(entity.get("country")),
            scope.currency,
            dict(self.rows),
        )
        register.failures.extend(self.structural)
        validate(register)
        return register

    def _fail(self, field: str, rule: str, message: str) -> None:
        self.structural.append(Failure("organisation", None, field, rule, message))

    def _arrangement(self, service: Service) -> _Arrangement | None:
        """The service's contract, checked; None when it has none or it belongs in another register."""
        contract = self.contracts.get(service.name.lower())
        if contract is None:
            self._fail(
                f"contracts.{service.name}",
                "dosa.coverage",
                "the inventory lists this ICT service but the organisation file has no contract for it "
                "(reference, dates, cost): every arrangement belongs in the register (DORA Art. 28(3))",
            )
            return None
        signers = _leis(contract.get("signed_by")) or [self.scope.lei]
        arrangement = _Arrangement(
            service=service,
            contract=contract,
            reference=_text(contract.get("reference")),
            signers=signers,
            users=_leis(contract.get("used_by")) or signers,
            provided_by=_text(contract.get("provided_by")).upper(),
            linked=[_text(x) for x in _as_list(contract.get("linked")) if _text(x)],
        )
        self._check_group_fields(arrangement)
        scope = self.scope
        if not scope.reported(arrangement.signers) and not scope.reported(arrangement.users):
            return None  # another group entity's arrangement: outside an individual register
        if scope.level != "CON" and arrangement.reference in self.chains.linked_to and scope.lei not in signers:
            return None  # behind an intra-group provider: a supply-chain link only (ESAs FAQ 101)
        return arrangement

    def _check_group_fields(self, arrangement: _Arrangement) -> None:
        """``provided_by`` names a group entity; only an intra-group arrangement is linked (ITS Art. 5(1)(f))."""
        if arrangement.provided_by and arrangement.provided_by not in self.scope.group:
            self._fail(
                f"{arrangement.where}.provided_by",
                "dosa.group",
                f"'{arrangement.provided_by}' is not among the entities of the group (entities or entity)",
            )
        if arrangement.linked and not arrangement.provided_by:
            self._fail(
                f"{arrangement.where}.linked",
                "dosa.group",
                "only an intra-group arrangement (provided_by) is linked to the arrangements behind it "
                "(ITS Art. 5(1)(f), template B_02.03)",
            )

    def _arrangement_rows(self, arrangement: _Arrangement, critical_functions: set[str]) -> None:
        """B_02.01 … B_05.02 and B_07.01 for one arrangement in this register."""
        intra_group = bool(arrangement.provided_by) and arrangement.provided_by in self.scope.in_scope
        if not intra_group:
            for linked in arrangement.linked:
                if linked not in self.chains.by_reference:
                    self._fail(
                        f"{arrangement.where}.linked",
                        "dosa.group",
                        f"'{linked}' is no contract's reference: the supply chain behind it is unknown",
                    )
        service, contract = arrangement.service, arrangement.contract
        code, code_type = self.providers.supplier(service, contract, True)
        service_type = f"eba_TA:{service.dora_service_type}" if service.dora_service_type else ""
        amount = _text(contract.get("annual_cost"))
        money = _currency(contract.get("currency")) or self.scope.currency
        self.providers.spend(code or service.vendor, amount, money)
        self.rows["B_02.01"].append(
            {
                "c0010": arrangement.reference,
                "c0020": _code(ARRANGEMENT, "arrangement_type", contract.get("type") or "standalone"),
                "c0030": _text(contract.get("overarching_reference")),
                "c0040": money,
                "c0050": amount,
            }
        )
        provider = (code, code_type)
        users = self.scope.reported(arrangement.users)
        self.rows["B_02.02"].extend(_specific_rows(arrangement, users, provider, service_type, critical_functions))
        self._signature_rows(arrangement, users, provider, intra_group)
        self._supply_chain_rows(arrangement, service_type)
        self.rows["B_07.01"].append(_assessment_row(arrangement, provider, service_type))

    def _signature_rows(
        self, arrangement: _Arrangement, users: list[str], provider: tuple[str, str], intra_group: bool
    ) -> None:
        """B_02.03, B_03.01–B_03.03 and B_04.01: who signs, provides and uses. The intra-group templates
        only when the providing entity is in B_01.02 (ITS Annex I B_02.03, ESAs FAQ 101)."""
        reference = arrangement.reference
        if intra_group:
            for linked in arrangement.linked:
                self.rows["B_02.03"].append({"c0010": reference, "c0020": linked, "c0030": "true"})
        for signer in self.scope.reported(arrangement.signers):
            self.rows["B_03.01"].append({"c0010": reference, "c0020": signer, "c0030": "true"})
        self.rows["B_03.02"].append({"c0010": reference, "c0020": provider[0], "c0030": provider[1]})
        if intra_group:
            self.rows["B_03.03"].append({"c0010": reference, "c0020": arrangement.provided_by, "c0031": "true"})
        for user in users:
            self.rows["B_04.01"].append({"c0010": reference, "c0020": user, "c0030": "eba_ZZ:x839", "c0040": ""})

    def _supply_chain_rows(self, arrangement: _Arrangement, service_type: str) -> None:
        """B_05.02: one row per provider and rank of the arrangement's chain."""
        seen: set[tuple[str, int]] = set()
        for code, code_type, rank, to_code, to_type in self.chains.links(
            arrangement.service, arrangement.contract, (), True
        ):
            if (code, rank) in seen:
                continue
            seen.add((code, rank))
            self.rows["B_05.02"].append(
                {"c0010": arrangement.reference, "c0020": service_type, "c0030": code, "c0040": code_type,
                 "c0050": str(rank), "c0060": to_code, "c0070": to_type}
            )  # fmt: skip


_B0202_ORDER = (*(c.code for c in TEMPLATE_BY_ID["B_02.02"].columns), "_critical")


def _specific_rows(
    arrangement: _Arrangement,
    users: list[str],
    provider: tuple[str, str],
    service_type: str,
    critical_functions: set[str],
) -> list[dict[str, str]]:
    """B_02.02: one row per entity making use of the service, function, storage and processing country,
    because each is a key of the template (ITS Art. 4(2): one value per data point, a row per value)."""
    service, contract = arrangement.service, arrangement.contract
    stores = contract.get("stores_data")
    storage = (
        YES if (stores is True or (stores is None and service.data_locations)) else (NO if stores is False else "")
    )
    rest = [_country(c) for c in service.data_locations] or ([NOT_APPLICABLE_COUNTRY] if storage == NO else [""])
    processing = [_country(c) for c in service.processing_locations] or [""]
    common = {
        "c0010": arrangement.reference,
        "c0030": provider[0],
        "c0040": provider[1],
        "c0060": service_type,
        "c0070": _text(contract.get("start")),
        "c0080": _text(contract.get("end")) or OPEN_END,
        "c0090": _code({}, "termination_reason", contract.get("termination_reason")),
        "c0100": _text(contract.get("notice_entity_days")),
        "c0110": _text(contract.get("notice_provider_days")),
        "c0120": _country(service.governing_law_country),
        "c0130": _country(contract.get("provision_country")),
        "c0140": storage,
        "c0170": SENSITIVITY.get(service.data_sensitivity or "", ""),
        "c0180": RELIANCE.get(service.reliance or "", ""),
    }
    rows = []
    for user in users:
        for function_id in list(service.critical_functions) or [""]:
            critical = service.is_critical or function_id in critical_functions
            for rest_country in rest:
                for processing_country in processing:
                    row = {**common, "c0020": user, "c0050": function_id, "c0150": rest_country}
                    row.update({"c0160": processing_country, "_critical": "yes" if critical else "no"})
                    rows.append({key: row[key] for key in _B0202_ORDER})
    return rows


def _assessment_row(arrangement: _Arrangement, provider: tuple[str, str], service_type: str) -> dict[str, str]:
    """B_07.01: the assessment of the service (substitutability, exit plan, reintegration) from the
    inventory, what only the entity knows from its contract entry."""
    service, contract = arrangement.service, arrangement.contract
    exit_plan = {"none": NO, "documented": YES, "tested": YES}.get(service.exit_plan or "", "")
    alternatives = contract.get("alternatives_identified")
    return {
        "c0010": arrangement.reference,
        "c0020": provider[0],
        "c0030": provider[1],
        "c0040": service_type,
        "c0050": SUBSTITUTABILITY.get(service.substitutability or "", ""),
        "c0060": _code({}, "non_substitutability_reason", contract.get("non_substitutability_reason")),
        "c0070": _text(contract.get("last_audit")),
        "c0080": exit_plan,
        "c0090": REINTEGRATION.get(service.reintegration or "", ""),
        "c0100": _code(IMPACT, "impact", contract.get("discontinuing_impact")),
        "c0110": YES if service.alternatives else _code(CRITICALITY, "yes_no_not_assessed", alternatives),
        "c0120": "; ".join(service.alternatives),
    }


def build_register(services: Sequence[Service], organisation: Mapping[str, Any]) -> Register:
    """The register's rows from the inventory and the organisation file, validated.

    At level CON the register covers every entity of ``entities`` (ITS Art. 6(2): all financial entities
    and ICT intra-group service providers of the group); at level IND only the reporting entity (ESAs
    FAQ 101), so arrangements of other group entities appear only as links in the supply chain.
    """
    return _RegisterBuilder(services, organisation).build()


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:.2f}"


# --- validation ----------------------------------------------------------------------------------

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date_problem(value: str) -> str | None:
    if not _DATE.match(value):
        return f"'{value}' is not a date in the form yyyy-mm-dd"
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return f"'{value}' is not a calendar date"
    return None


def _value_problem(template: Template, code: str, value: str, row: Mapping[str, str]) -> tuple[str, str] | None:
    """(rule, message) when a filled value has the wrong form, else None."""
    column = template.column(code)
    if column.kind is Kind.LEI or (column.kind is Kind.CODE and _type_of(template, code, row) == LEI_CODE):
        problem = lei_problem(value)
        return ("ISO 17442 / v8826_m", problem) if problem else None
    if column.kind is Kind.COUNTRY:
        country = value.removeprefix("eba_GA:")
        if value == NOT_APPLICABLE_COUNTRY or (
            value.startswith("eba_GA:") and pycountry.countries.get(alpha_2=country)
        ):
            return None
        return "closed list: country", f"'{value}' is not an ISO 3166-1 alpha-2 country (eba_GA:XX)"
    if column.kind is Kind.CURRENCY:
        if value.startswith("eba_CU:") and pycountry.currencies.get(alpha_3=value.removeprefix("eba_CU:")):
            return None
        return "closed list: currency", f"'{value}' is not an ISO 4217 currency (eba_CU:XXX)"
    if column.kind is Kind.DATE:
        problem = _date_problem(value)
        return ("date format", problem) if problem else None
    if column.kind is Kind.NUMBER:
        if not _is_number(value):
            return "number format", f"'{value}' is not a number"
        if float(value) < 0:
            return "v22913_s / v23716_s", f"{value} is negative"
        return None
    if column.kind is Kind.ACTIVITY and not re.fullmatch(r"eba_TA:x\d+", value):
        return "closed list: licensed activity", f"'{value}' is not a licensed-activity code (eba_TA:x…)"
    if column.kind is Kind.LIST and value not in LISTS[column.values]:
        shown = ", ".join(list(LISTS[column.values])[:6])
        return f"closed list: {column.values}", f"'{value}' is not in the closed list ({shown}, …)"
    return None


def _type_of(template: Template, code: str, row: Mapping[str, str]) -> str:
    """The code-type column that belongs to an identification-code column (the next column)."""
    codes = [c.code for c in template.columns]
    position = codes.index(code)
    if position + 1 < len(codes) and template.columns[position + 1].values == "code_type":
        return row.get(codes[position + 1], "")
    return ""


CONDITIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("B_01.02", "c0110"): ("v8804_m", "total assets are required for a financial entity"),
    ("B_02.01", "c0030"): ("v8805_m", "a subsequent or associated arrangement names its overarching arrangement"),
    ("B_02.02", "c0100"): ("ITS Annex I B_02.02.0100", "required when the service supports a critical function"),
    ("B_02.02", "c0110"): ("ITS Annex I B_02.02.0110", "required when the service supports a critical function"),
    ("B_02.02", "c0120"): ("ITS Annex I B_02.02.0120", "required when the service supports a critical function"),
    ("B_02.02", "c0140"): ("ITS Annex I B_02.02.0140", "required when the service supports a critical function"),
    ("B_02.02", "c0170"): ("ITS Annex I B_02.02.0170", "required when data are stored for a critical function"),
    ("B_02.02", "c0180"): ("ITS Annex I B_02.02.0180", "required when the service supports a critical function"),
    ("B_05.01", "c0090"): ("v8824_m", "a currency is required when the annual expense is reported"),
    ("B_07.01", "c0060"): ("v8825_m", "a reason is required for 'not substitutable' or 'highly complex'"),
}


def _condition_applies(template: str, code: str, row: Mapping[str, str]) -> bool:
    if (template, code) == ("B_01.02", "c0110"):
        return row.get("c0040", "") not in FINANCIAL_EXEMPT
    if (template, code) == ("B_02.01", "c0030"):
        return row.get("c0020") == "eba_CO:x3"
    if template == "B_02.02" and code == "c0170":
        return row.get("_critical") == "yes" and row.get("c0140") == YES
    if template == "B_02.02" and code in ("c0100", "c0110", "c0120", "c0140", "c0180"):
        return row.get("_critical") == "yes"
    if (template, code) == ("B_05.01", "c0090"):
        return bool(row.get("c0100"))
    if (template, code) == ("B_07.01", "c0060"):
        return row.get("c0050") in ("eba_ZZ:x959", "eba_ZZ:x960")
    return False


def _not_applicable(template: str, code: str, row: Mapping[str, str], reference_date: str) -> bool:
    """Fields the ITS asks for only in cases this row is not (so leaving them empty is no gap)."""
    if template == "B_99.01":
        return True  # a definition is a gap only for an option the register uses: see _definition_gaps
    if (template, code) == ("B_01.02", "c0110"):
        return row.get("c0040", "") in FINANCIAL_EXEMPT
    if (template, code) == ("B_02.01", "c0030"):
        return row.get("c0020") != "eba_CO:x3"
    if (template, code) == ("B_02.02", "c0090"):
        end = row.get("c0080", "")
        return end == OPEN_END or bool(reference_date and end > reference_date)
    if template == "B_02.02" and code in ("c0100", "c0110", "c0120", "c0140", "c0170", "c0180"):
        return row.get("_critical") != "yes"
    if (template, code) == ("B_04.01", "c0040"):
        return row.get("c0030") == "eba_ZZ:x839"
    if template == "B_05.01" and code in ("c0030", "c0040"):
        return not row.get("c0030")
    if template == "B_05.01" and code in ("c0090", "c0100"):
        return row.get("_direct") != "yes"
    if template == "B_05.02" and code in ("c0060", "c0070"):
        return row.get("c0050") == "1"
    if (template, code) == ("B_07.01", "c0060"):
        return row.get("c0050") not in ("eba_ZZ:x959", "eba_ZZ:x960")
    if (template, code) == ("B_07.01", "c0120"):
        return row.get("c0110") != YES
    return False


def validate(register: Register) -> None:
    """Run every rule dosa implements; adds failures and unfilled fields to the register."""
    for template in TEMPLATES:
        rows = register.rows.get(template.id, [])
        seen: dict[tuple[str, ...], int] = {}
        for number, row in enumerate(rows, start=1):
            for column in template.columns:
                value = row.get(column.code, "")
                if not value:
                    if column.key and column.need is not Need.OPTIONAL:
                        register.failures.append(
                            Failure(
                                template.id,
                                number,
                                f"{column.code} {column.label}",
                                "EBA 805 (empty key)",
                                "required key field is empty",
                            )
                        )
                    elif column.need is Need.MANDATORY:
                        register.failures.append(
                            Failure(
                                template.id,
                                number,
                                f"{column.code} {column.label}",
                                "EBA not-null (e-rules)",
                                "required field is empty",
                            )
                        )
                    elif column.need is Need.CONDITIONAL and _condition_applies(template.id, column.code, row):
                        rule, why = CONDITIONS[(template.id, column.code)]
                        register.failures.append(
                            Failure(template.id, number, f"{column.code} {column.label}", rule, f"empty: {why}")
                        )
                    elif not _not_applicable(template.id, column.code, row, register.reference_date):
                        register.unfilled.append(Unfilled(template.id, number, column.code, column.label))
                    continue
                problem = _value_problem(template, column.code, value, row)
                if problem:
                    register.failures.append(
                        Failure(template.id, number, f"{column.code} {column.label}", problem[0], problem[1])
                    )
            key = tuple(row.get(code, "") for code in template.key)
            if template.key and all(key):
                if key in seen:
                    register.failures.append(
                        Failure(
                            template.id,
                            number,
                            ", ".join(template.key),
                            "EBA 806 (duplicate key)",
                            f"same key as row {seen[key]}: {' / '.join(key)}",
                        )
                    )
                else:
                    seen[key] = number
        if template.id == "B_02.02":
            for number, row in enumerate(rows, start=1):
                start, end = row.get("c0070", ""), row.get("c0080", "")
                if start and end and not _date_problem(start) and not _date_problem(end) and end <= start:
                    register.failures.append(
                        Failure(
                            template.id, number, "c0080 End date", "v8816_m", f"end {end} is not after start {start}"
                        )
                    )
    _check_references(register)
    _check_group(register)
    _definition_gaps(register)
    if not register.rows.get("B_01.01"):
        register.failures.append(Failure("B_01.01", None, "c0010", "EBA 808", "the register needs its entity"))
    date_problem = _date_problem(register.reference_date) if register.reference_date else "no reference date"
    if date_problem:
        register.failures.append(Failure("parameters", None, "refPeriod", "EBA filing rules", date_problem))


def _definition_gaps(register: Register) -> None:
    """Every closed-set option the register uses needs the entity's definition in B_99.01 (ITS Art. 5(1)(o):
    the register includes the terminology the entity uses; Annex I B_99.01: definitions of the options
    "they use"). No EBA validation rule checks this, so a missing definition is reported as unfilled, not as
    a failure (dosa's reading)."""
    defined = register.rows.get("B_99.01") or [{}]
    labels = {c.code: c.label for c in TEMPLATE_BY_ID["B_99.01"].columns}
    for indicator in INDICATORS:
        used = {row.get(indicator.column, "") for row in register.rows.get(indicator.template, [])}
        for column, code in indicator.options:
            if code in used and not defined[0].get(column):
                where = f"{labels[column]} (used in {indicator.template} {indicator.column})"
                register.unfilled.append(Unfilled("B_99.01", 1, column, where))


REFERENCES: tuple[tuple[str, str, str, str], ...] = (
    ("B_02.02", "c0010", "B_02.01", "c0010"),
    ("B_03.01", "c0010", "B_02.01", "c0010"),
    ("B_03.02", "c0010", "B_02.01", "c0010"),
    ("B_04.01", "c0010", "B_02.01", "c0010"),
    ("B_05.02", "c0010", "B_02.01", "c0010"),
    ("B_07.01", "c0010", "B_02.01", "c0010"),
    ("B_02.03", "c0010", "B_02.01", "c0010"),
    ("B_02.03", "c0020", "B_02.01", "c0010"),
    ("B_03.03", "c0010", "B_02.01", "c0010"),
    ("B_01.03", "c0020", "B_01.02", "c0010"),
    ("B_02.02", "c0020", "B_01.02", "c0010"),
    ("B_03.01", "c0020", "B_01.02", "c0010"),
    ("B_03.03", "c0020", "B_01.02", "c0010"),
    ("B_04.01", "c0020", "B_01.02", "c0010"),
    ("B_06.01", "c0040", "B_01.02", "c0010"),
    ("B_02.02", "c0030", "B_05.01", "c0010"),
    ("B_03.02", "c0020", "B_05.01", "c0010"),
    ("B_05.02", "c0030", "B_05.01", "c0010"),
    ("B_07.01", "c0020", "B_05.01", "c0010"),
    ("B_02.02", "c0050", "B_06.01", "c0010"),
)
"""Foreign keys between templates (EBA 807): child template/column → parent template/column."""


def _check_references(register: Register) -> None:
    for child, child_column, parent, parent_column in REFERENCES:
        known = {row.get(parent_column, "") for row in register.rows.get(parent, [])}
        for number, row in enumerate(register.rows.get(child, []), start=1):
            value = row.get(child_column, "")
            if value and value not in known:
                label = TEMPLATE_BY_ID[child].column(child_column).label
                register.failures.append(
                    Failure(
                        child,
                        number,
                        f"{child_column} {label}",
                        "EBA 807 (foreign key)",
                        f"'{value}' is not in {parent} {parent_column}",
                    )
                )


def _check_group(register: Register) -> None:
    """The group rules: an individual register lists only its entity in B_01.02 (ESAs FAQ 101); B_02.03
    links only arrangements whose intra-group provider is in B_01.02, i.e. signs in B_03.03 (ITS Annex I
    B_02.03, ESAs FAQ 101), and never an arrangement to itself."""
    entities = register.rows.get("B_01.02", [])
    if register.level == "IND":
        for number, row in enumerate(entities, start=1):
            if row.get("c0010") != register.entity_lei:
                register.failures.append(
                    Failure(
                        "B_01.02",
                        number,
                        "c0010 LEI of the entity",
                        "ESAs FAQ 101",
                        f"an individual register lists only its own entity {register.entity_lei}",
                    )
                )
        if not any(row.get("c0010") == register.entity_lei for row in entities):
            register.failures.append(
                Failure("B_01.02", None, "c0010 LEI of the entity", "ESAs FAQ 101", "the reporting entity is missing")
            )
    providing = {row.get("c0010", "") for row in register.rows.get("B_03.03", [])}
    for number, row in enumerate(register.rows.get("B_02.03", []), start=1):
        reference, linked = row.get("c0010", ""), row.get("c0020", "")
        if reference and reference not in providing:
            register.failures.append(
                Failure(
                    "B_02.03",
                    number,
                    "c0010 Contractual arrangement reference number",
                    "ITS Annex I B_02.03 / ESAs FAQ 101",
                    f"'{reference}' has no providing group entity in B_03.03 "
                    "(the intra-group provider is not in B_01.02)",
                )
            )
        if reference and reference == linked:
            register.failures.append(
                Failure("B_02.03", number, "c0020 Contractual arrangement linked", "dosa.group", "links to itself")
            )


# --- the package ---------------------------------------------------------------------------------


def package_name(register: Register, created: dt.datetime) -> str:
    """``{LEI}.{IND|CON}_{country}_DORA010100_DORA_{reference date}_{yyyymmddhhmmssfff}``."""
    country = register.country.removeprefix("eba_GA:")
    stamp = created.strftime("%Y%m%d%H%M%S") + f"{created.microsecond // 1000:03d}"
    return f"{register.entity_lei}.{register.level}_{country}_DORA010100_DORA_{register.reference_date}_{stamp}"


def _csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def package_files(register: Register) -> dict[str, bytes]:
    """The files of the report package, by their path inside the package folder."""
    files: dict[str, bytes] = {
        "META-INF/reportPackage.json": json.dumps(
            {"documentInfo": {"documentType": "https://xbrl.org/report-package/2023"}}, indent=2
        ).encode(),
        "reports/report.json": json.dumps(
            {"documentInfo": {"documentType": "https://xbrl.org/2021/xbrl-csv", "extends": [TAXONOMY_MODULE]}},
            indent=2,
        ).encode(),
        "reports/parameters.csv": _csv(
            ("name", "value"),
            [
                ("entityID", f"rs:{register.entity_lei}.{register.level}"),
                ("refPeriod", register.reference_date),
                ("baseCurrency", f"iso4217:{register.currency.removeprefix('eba_CU:')}"),
                ("decimalsInteger", "0"),
                ("decimalsMonetary", "-3"),
            ],
        ),
        "reports/FilingIndicators.csv": _csv(
            ("templateID", "reported"),
            [(t.id, "true" if register.reported(t.id) else "false") for t in TEMPLATES],
        ),
    }
    for template in TEMPLATES:
        if not register.reported(template.id):
            continue  # EBA filing rule: no {table}.csv for a negative filing indicator
        codes = [c.code for c in template.columns]
        files[f"reports/{template.file_name}"] = _csv(
            codes, ([row.get(code, "") for code in codes] for row in register.rows[template.id])
        )
    return files


def write_package(register: Register, directory: Path, created: dt.datetime | None = None) -> Path:
    """Write the zipped package into ``directory`` atomically; refuses a register with failures."""
    if not register.ok:
        raise InputError(
            f"the register has {len(register.failures)} failure(s); no package written",
            hint="fix every failure listed, then run the export again",
        )
    created = created or dt.datetime.now(dt.UTC)
    name = package_name(register, created)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in package_files(register).items():
            info = zipfile.ZipInfo(f"{name}/{path}", date_time=created.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    target = directory / f"{name}.zip"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".dora-", suffix=".part")
    except OSError as exc:
        raise InputError(f"cannot write to {directory.name}: {exc.strerror}", hint="check the folder") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(buffer.getvalue())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
