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
from dosa.procurement.dora_model import LISTS, NOT_APPLICABLE_COUNTRY, TEMPLATE_BY_ID, TEMPLATES, Kind, Need, Template
from dosa.procurement.lei import lei_problem

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

SECTIONS = {"entity", "entities", "reporting", "providers", "contracts", "functions", "branches"}
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


def build_register(services: Sequence[Service], organisation: Mapping[str, Any]) -> Register:
    """The register's rows from the inventory and the organisation file, validated.

    At level CON the register covers every entity of ``entities`` (ITS Art. 6(2): all financial entities
    and ICT intra-group service providers of the group); at level IND only the reporting entity (ESAs
    FAQ 101), so arrangements of other group entities appear only as links in the supply chain.
    """
    structural: list[Failure] = []
    for key in sorted(set(map(str, organisation)) - SECTIONS):
        structural.append(Failure("organisation", None, key, "dosa.structure", "unknown section"))
    structural.extend(_unknown_fields(organisation))
    entity = _mapping(organisation, "entity")
    reporting = _mapping(organisation, "reporting")
    providers = {str(k): v for k, v in _mapping(organisation, "providers").items() if isinstance(v, dict)}
    contracts = {str(k).lower(): v for k, v in _mapping(organisation, "contracts").items() if isinstance(v, dict)}
    functions = [f for f in organisation.get("functions") or [] if isinstance(f, dict)]
    listed = [e for e in organisation.get("entities") or [] if isinstance(e, dict)]

    lei = _text(entity.get("lei")).upper()
    currency = _currency(entity.get("currency"))
    reference_date = _text(reporting.get("reference_date"))
    level = _text(reporting.get("level") or "IND").upper()
    if level not in LEVELS:
        structural.append(Failure("organisation", None, "reporting.level", "dosa.structure", "use IND or CON"))
    group: dict[str, Mapping[str, Any]] = {lei: entity}
    for number, info in enumerate(listed, start=1):
        entity_lei = _text(info.get("lei")).upper()
        if not entity_lei:
            structural.append(Failure("organisation", None, f"entities[{number}].lei", "dosa.structure", "empty"))
        elif entity_lei in group and entity_lei != lei:
            structural.append(
                Failure("organisation", None, f"entities[{number}].lei", "dosa.structure", "listed twice")
            )
        elif entity_lei != lei:
            group[entity_lei] = info
    in_scope = set(group) if level == "CON" else {lei}

    def reported(leis: Iterable[str]) -> list[str]:
        """LEIs that belong in this register: in scope, or unknown (the validator names those)."""
        return [x for x in dict.fromkeys(leis) if x in in_scope or x not in group]

    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    rows["B_01.01"].append(
        {
            "c0010": lei,
            "c0020": _text(entity.get("name")),
            "c0030": _country(entity.get("country")),
            "c0040": _code({}, "entity_type", entity.get("type")),
            "c0050": _text(entity.get("competent_authority")),
            "c0060": _text(reporting.get("reporting_date")),
        }
    )
    for member, member_info in group.items():
        if member in in_scope:
            rows["B_01.02"].append(_entity_row(member_info, member, currency))
    for branch in organisation.get("branches") or []:
        if isinstance(branch, dict):
            rows["B_01.03"].append(
                {
                    "c0010": _text(branch.get("code")),
                    "c0020": _text(branch.get("head_office")).upper() or lei,
                    "c0030": _text(branch.get("name")),
                    "c0040": _country(branch.get("country")),
                }
            )
    for function in functions:
        owner = _text(function.get("entity")).upper() or lei
        if not reported([owner]):
            continue  # another group entity's function: not in an individual register
        rows["B_06.01"].append(
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
    critical_functions = {row["c0010"] for row in rows["B_06.01"] if row["c0050"] == YES}

    provider_rows: dict[str, dict[str, str]] = {}
    expenses: dict[str, list[tuple[str, str]]] = defaultdict(list)

    def provider(name: str, country: str | None, parent: str | None, direct: bool = True) -> tuple[str, str]:
        info = providers.get(name, {})
        code = _text(info.get("code")).upper()
        code_type = _code(CODE_TYPE, "code_type", info.get("code_type") or ("LEI" if code else ""))
        key = code or f"(no code for {name})"
        if key not in provider_rows:
            parent_info = providers.get(parent, {}) if parent else {}
            parent_code = _text(info.get("parent_code") or parent_info.get("code")).upper()
            parent_type = info.get("parent_code_type") or parent_info.get("code_type") or ("LEI" if parent_code else "")
            if not parent:  # the provider is its own ultimate parent: report its own code (rule e23674_e)
                parent_code, parent_type = code, info.get("code_type") or ("LEI" if code else "")
            provider_rows[key] = {
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
        if direct:
            provider_rows[key]["_direct"] = "yes"
        return code, code_type

    # the supply chain by rank, as the inventory reads it (names only: codes come from the organisation file)
    inventory_chains = {c.service.name: c for c in build_chains(services, VendorMap(None, groups=(), resolve=False))}

    def group_provider(provider_lei: str, direct: bool) -> tuple[str, str]:
        """An ICT intra-group service provider in B_05.01: identified by its LEI, with the group's
        ultimate parent as its parent (ITS Annex I B_05.01.0010, 0110)."""
        info = group[provider_lei]
        if provider_lei not in provider_rows:
            top = _ultimate_parent(provider_lei, group)
            provider_rows[provider_lei] = {
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
                "c0110": top,
                "c0120": LEI_CODE,
                "_direct": "no",
            }
        if direct:
            provider_rows[provider_lei]["_direct"] = "yes"
        return provider_lei, LEI_CODE

    # Every contract by its reference, so that intra-group arrangements can follow their links.
    by_reference: dict[str, tuple[Service, Mapping[str, Any]]] = {}
    for service in services:
        contract = contracts.get(service.name.lower())
        if contract is not None and _text(contract.get("reference")):
            by_reference.setdefault(_text(contract.get("reference")), (service, contract))
    linked_to = {ref for _, c in by_reference.values() for ref in map(_text, _as_list(c.get("linked")))}

    def supplier(service: Service, contract: Mapping[str, Any], direct: bool) -> tuple[str, str]:
        provided_by = _text(contract.get("provided_by")).upper()
        if provided_by and provided_by in group:
            return group_provider(provided_by, direct)
        return provider(service.vendor, service.vendor_country, service.ultimate_parent, direct)

    cycles_reported: set[frozenset[str]] = set()
    behind_memo: dict[str, list[tuple[str, str, int, str, str]]] = {}

    def chain(
        service: Service, contract: Mapping[str, Any], stack: tuple[str, ...], direct: bool
    ) -> list[tuple[str, str, int, str, str]]:
        """(provider code, type, rank, recipient code, recipient type) along the ICT service supply chain:
        the direct provider at rank 1, its host and the arrangements an intra-group provider relies on
        (B_02.03 links) one rank further (ITS Art. 1(2), 1(3), Art. 2). Each linked arrangement's chain is
        worked out once and its links kept once, so shared links cost no more than a tree of them, and the
        depth is bounded (MAX_RANK)."""
        reference = _text(contract.get("reference"))
        code, code_type = supplier(service, contract, direct)
        links: list[tuple[str, str, int, str, str]] = [(code, code_type, 1, "", "")]
        inventory_chain = inventory_chains.get(service.name)
        for link in inventory_chain.links if inventory_chain is not None else ():
            if link.rank == 1 or link.provider == link.via:  # rank 2 and further: hosts and sub-processors
                continue
            link_code, link_type = provider(link.provider, None, None, direct=False)
            via_code, via_type = (code, code_type) if link.rank == 2 else provider(link.via, None, None, direct=False)
            links.append((link_code, link_type, link.rank, via_code, via_type))
        for linked in map(_text, _as_list(contract.get("linked"))):
            if linked in stack or linked == reference:
                loop = (*stack, reference, linked)
                key = frozenset(loop)
                if key not in cycles_reported:
                    cycles_reported.add(key)
                    structural.append(
                        Failure(
                            "organisation",
                            None,
                            f"contracts.{service.name}.linked",
                            "dosa.group",
                            "the intra-group links form a cycle: " + " → ".join(loop[loop.index(linked) :]),
                        )
                    )
                continue
            if linked not in by_reference:
                continue  # B_02.03 names it (EBA 807) or, when no B_02.03 row is written, see below
            if len(stack) + 2 > MAX_RANK:
                structural.append(
                    Failure(
                        "organisation",
                        None,
                        f"contracts.{service.name}.linked",
                        "dosa.group",
                        f"the supply chain behind '{linked}' is deeper than {MAX_RANK} ranks",
                    )
                )
                continue
            if linked not in behind_memo:
                behind_memo[linked] = chain(*by_reference[linked], (*stack, reference), False)
            for sub_code, sub_type, rank, to_code, to_type in behind_memo[linked]:
                links.append((sub_code, sub_type, rank + 1, to_code or code, to_type or code_type))
        return list(dict.fromkeys(links))

    for service in services:
        contract = contracts.get(service.name.lower())
        if contract is None:
            structural.append(
                Failure(
                    "organisation",
                    None,
                    f"contracts.{service.name}",
                    "dosa.coverage",
                    "the inventory lists this ICT service but the organisation file has no contract for it "
                    "(reference, dates, cost): every arrangement belongs in the register (DORA Art. 28(3))",
                )
            )
            continue
        reference = _text(contract.get("reference"))
        signers = _leis(contract.get("signed_by")) or [lei]
        users = _leis(contract.get("used_by")) or signers
        provided_by = _text(contract.get("provided_by")).upper()
        links = [_text(x) for x in _as_list(contract.get("linked")) if _text(x)]
        where = f"contracts.{service.name}"
        if provided_by and provided_by not in group:
            structural.append(
                Failure(
                    "organisation",
                    None,
                    f"{where}.provided_by",
                    "dosa.group",
                    f"'{provided_by}' is not among the entities of the group (entities or entity)",
                )
            )
        if links and not provided_by:
            structural.append(
                Failure(
                    "organisation",
                    None,
                    f"{where}.linked",
                    "dosa.group",
                    "only an intra-group arrangement (provided_by) is linked to the arrangements behind it "
                    "(ITS Art. 5(1)(f), template B_02.03)",
                )
            )
        if not reported(signers) and not reported(users):
            continue  # another group entity's arrangement: outside an individual register
        if level != "CON" and reference in linked_to and lei not in signers:
            continue  # behind an intra-group provider: a supply-chain link only (ESAs FAQ 101)
        intra_group_in_scope = bool(provided_by) and provided_by in in_scope
        if not intra_group_in_scope:
            for linked in links:
                if linked not in by_reference:
                    structural.append(
                        Failure(
                            "organisation",
                            None,
                            f"{where}.linked",
                            "dosa.group",
                            f"'{linked}' is no contract's reference: the supply chain behind it is unknown",
                        )
                    )
        code, code_type = supplier(service, contract, True)
        service_type = f"eba_TA:{service.dora_service_type}" if service.dora_service_type else ""
        amount, money = _text(contract.get("annual_cost")), _currency(contract.get("currency")) or currency
        expenses[code or service.vendor].append((amount, money))
        rows["B_02.01"].append(
            {
                "c0010": reference,
                "c0020": _code(ARRANGEMENT, "arrangement_type", contract.get("type") or "standalone"),
                "c0030": _text(contract.get("overarching_reference")),
                "c0040": money,
                "c0050": amount,
            }
        )
        critical = service.is_critical
        stores = contract.get("stores_data")
        storage = (
            YES if (stores is True or (stores is None and service.data_locations)) else (NO if stores is False else "")
        )
        rest = [_country(c) for c in service.data_locations] or ([NOT_APPLICABLE_COUNTRY] if storage == NO else [""])
        processing = [_country(c) for c in service.processing_locations] or [""]
        function_ids = list(service.critical_functions) or [""]
        for user in reported(users):
            for function_id in function_ids:
                for rest_country in rest:
                    for processing_country in processing:
                        rows["B_02.02"].append(
                            {
                                "c0010": reference,
                                "c0020": user,
                                "c0030": code,
                                "c0040": code_type,
                                "c0050": function_id,
                                "c0060": service_type,
                                "c0070": _text(contract.get("start")),
                                "c0080": _text(contract.get("end")) or OPEN_END,
                                "c0090": _code({}, "termination_reason", contract.get("termination_reason")),
                                "c0100": _text(contract.get("notice_entity_days")),
                                "c0110": _text(contract.get("notice_provider_days")),
                                "c0120": _country(service.governing_law_country),
                                "c0130": _country(contract.get("provision_country")),
                                "c0140": storage,
                                "c0150": rest_country,
                                "c0160": processing_country,
                                "c0170": SENSITIVITY.get(service.data_sensitivity or "", ""),
                                "c0180": RELIANCE.get(service.reliance or "", ""),
                                "_critical": "yes" if critical or function_id in critical_functions else "no",
                            }
                        )
        if intra_group_in_scope:
            for linked in links:
                rows["B_02.03"].append({"c0010": reference, "c0020": linked, "c0030": "true"})
        for signer in reported(signers):
            rows["B_03.01"].append({"c0010": reference, "c0020": signer, "c0030": "true"})
        rows["B_03.02"].append({"c0010": reference, "c0020": code, "c0030": code_type})
        if intra_group_in_scope:
            rows["B_03.03"].append({"c0010": reference, "c0020": provided_by, "c0031": "true"})
        for user in reported(users):
            rows["B_04.01"].append({"c0010": reference, "c0020": user, "c0030": "eba_ZZ:x839", "c0040": ""})
        seen_links: set[tuple[str, int]] = set()
        for link_code, link_type, rank, to_code, to_type in chain(service, contract, (), True):
            if (link_code, rank) in seen_links:
                continue
            seen_links.add((link_code, rank))
            rows["B_05.02"].append(
                {"c0010": reference, "c0020": service_type, "c0030": link_code, "c0040": link_type,
                 "c0050": str(rank), "c0060": to_code, "c0070": to_type}
            )  # fmt: skip
        exit_plan = {"none": NO, "documented": YES, "tested": YES}.get(service.exit_plan or "", "")
        alternatives = contract.get("alternatives_identified")
        rows["B_07.01"].append(
            {
                "c0010": reference,
                "c0020": code,
                "c0030": code_type,
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
        )
    for key, row in provider_rows.items():
        spent = expenses.get(row["c0010"] or key, [])
        currencies = {m for _, m in spent if m}
        amounts = [a for a, _ in spent]
        if spent and len(currencies) == 1 and all(_is_number(a) for a in amounts):
            row["c0090"] = currencies.pop()
            row["c0100"] = _number_text(sum(float(a) for a in amounts))
        rows["B_05.01"].append(row)
    register = Register(reference_date, level, lei, _country(entity.get("country")), currency, dict(rows))
    register.failures.extend(structural)
    validate(register)
    return register


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
    if not register.rows.get("B_01.01"):
        register.failures.append(Failure("B_01.01", None, "c0010", "EBA 808", "the register needs its entity"))
    date_problem = _date_problem(register.reference_date) if register.reference_date else "no reference date"
    if date_problem:
        register.failures.append(Failure("parameters", None, "refPeriod", "EBA filing rules", date_problem))


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
