# SPDX-License-Identifier: EUPL-1.2
"""Map vendor names and purl namespaces to the dataset's suppliers and countries.

Sources, most specific first: the user's mapping table (vendor names and purl prefixes), the shipped
table of company groups (:mod:`dosa.inventory.groups`: legal entities and brand names of a group, so
that "Amazon Web Services EMEA SARL", "Amazon.com Inc." and "AWS" are one holder), the dataset's
suppliers (matched by name after removing legal forms such as 'Inc.' or 'B.V.'), and for components the
resolver's shipped tables (:mod:`dosa.inventory.resolve`: purl namespaces, forge accounts,
organisations and their parents). What cannot be mapped stays unknown; names are never matched fuzzily.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from dosa.dataset.model import Dataset
from dosa.dataset.problems import ValidationReport
from dosa.errors import RecordsError
from dosa.inventory.groups import EntityKind, Group, GroupName, shipped_groups
from dosa.inventory.resolve.names import normalise_vendor
from dosa.inventory.resolve.resolver import ComponentRecord, Resolution, Resolver, default_resolver
from dosa.inventory.services import Service, country_code

MAPPING_COLUMNS = ("match", "supplier", "vendor", "country", "parent", "parent_country", "note")


def supplier_names(name: str, supplier_id: str) -> set[str]:
    """The keys a dataset supplier is found by: its name, its id, and both parts of 'Name (Other name)'."""
    names = {normalise_vendor(name), normalise_vendor(supplier_id.replace("_", " ").replace("-", " "))}
    if match := re.fullmatch(r"\s*(.+?)\s*\((.+)\)\s*", name):
        names |= {normalise_vendor(match.group(1)), normalise_vendor(match.group(2))}
    return {n for n in names if n}


@dataclass(frozen=True)
class VendorProfile:
    """What is known about a vendor, and how it was found out."""

    vendor: str
    supplier_id: str | None = None
    country: str | None = None
    group: str = ""
    """The ultimate parent's name (the vendor itself if it has none)."""
    group_country: str | None = None
    basis: str = ""
    has_parent: bool = False
    """Whether ``group`` is a parent company distinct from the vendor."""
    confidence: str = ""
    """The resolver's confidence (high, medium, low); empty for the user's mapping and the dataset."""
    evidence: tuple[str, ...] = ()
    """The resolver's evidence, strongest first."""

    @property
    def jurisdiction(self) -> str | None:
        """The country whose law reaches the group: the parent's HQ, else the vendor's."""
        return self.group_country or self.country


@dataclass(frozen=True)
class MappingRule:
    match: str
    """A vendor name, or a purl prefix starting with ``pkg:``."""
    supplier: str | None = None
    vendor: str | None = None
    country: str | None = None
    parent: str | None = None
    parent_country: str | None = None
    where: str = ""

    @property
    def is_purl(self) -> bool:
        return self.match.lower().startswith("pkg:")


class VendorMap:
    """Looks vendors up in the user's rules, then in the dataset's suppliers."""

    def __init__(
        self,
        dataset: Dataset | None = None,
        rules: Sequence[MappingRule] = (),
        resolver: Resolver | None = None,
        *,
        resolve: bool = True,
        groups: Sequence[Group] | None = None,
    ) -> None:
        """``groups`` defaults to the shipped table of company groups; pass ``()`` to use none.
        ``resolve=False`` leaves components to the user's rules and the dataset (no shipped resolver)."""
        self.dataset = dataset
        self.resolver = (resolver or default_resolver()) if resolve else None
        self._groups: dict[str, VendorProfile] = {}
        for group in shipped_groups() if groups is None else groups:
            for entry in group.names:
                self._groups.setdefault(normalise_vendor(entry.name), self._group_profile(group, entry))
        self._suppliers: dict[str, VendorProfile] = {}
        if dataset is not None:
            for supplier_id in dataset.suppliers:
                profile = self._supplier_profile(supplier_id, "dataset supplier")
                if profile is not None:
                    for name in supplier_names(dataset.suppliers[supplier_id].name, supplier_id):
                        self._suppliers.setdefault(name, profile)
        self._names: dict[str, VendorProfile] = {}
        self._purls: list[tuple[str, VendorProfile]] = []
        for rule in rules:
            profile = self._rule_profile(rule)
            if rule.is_purl:
                self._purls.append((rule.match.lower(), profile))
            else:
                self._names[normalise_vendor(rule.match)] = profile
        self._purls.sort(key=lambda item: len(item[0]), reverse=True)

    def _supplier_profile(self, supplier_id: str, basis: str) -> VendorProfile | None:
        if self.dataset is None or supplier_id not in self.dataset.suppliers:
            return None
        suppliers = self.dataset.suppliers
        supplier = suppliers[supplier_id]
        top, seen = supplier, {supplier_id}
        while top.ultimate_parent and top.ultimate_parent in suppliers and top.ultimate_parent not in seen:
            seen.add(top.ultimate_parent)
            top = suppliers[top.ultimate_parent]
        return VendorProfile(
            supplier.name,
            supplier.id,
            supplier.hq_country,
            top.name,
            top.hq_country,
            f"{basis} '{supplier.id}'",
            top.id != supplier.id,
        )

    def _group_profile(self, group: Group, name: GroupName) -> VendorProfile:
        supplier = group.dataset_supplier
        if self.dataset is None or supplier not in self.dataset.suppliers:
            supplier = None
        is_alias = name.kind is EntityKind.ALIAS
        return VendorProfile(
            name.name,
            supplier,
            group.hq_country if is_alias else name.country,
            group.name,
            group.hq_country,
            f"group table line {name.line} ({name.source})",
            name.kind is EntityKind.ENTITY,
        )

    def _rule_profile(self, rule: MappingRule) -> VendorProfile:
        base = self._supplier_profile(rule.supplier, f"mapping {rule.where} → supplier") if rule.supplier else None
        if base is None:
            name = rule.vendor or rule.match
            base = VendorProfile(name, None, rule.country, name, rule.country, f"mapping {rule.where}")
        if rule.parent or rule.parent_country:
            base = replace(base, group=rule.parent or base.group, group_country=rule.parent_country, has_parent=True)
        if rule.country and rule.supplier:
            base = replace(base, country=rule.country)
        return base

    def by_name(self, name: str) -> VendorProfile | None:
        key = normalise_vendor(name)
        if not key:
            return None
        return self._names.get(key) or self._groups.get(key) or self._suppliers.get(key)

    def by_purl(self, purl: str) -> VendorProfile | None:
        lowered = purl.lower()
        for prefix, profile in self._purls:
            if lowered.startswith(prefix):
                return profile
        return None

    def for_component(
        self, package_key: str, supplier: str, manufacturer: str, vcs_url: str = "", website_url: str = ""
    ) -> VendorProfile | None:
        """A component's vendor: by the user's purl prefix, else by its declared supplier or manufacturer
        (user's names, then the dataset's suppliers), else by the resolver."""
        found = self.by_purl(package_key) if package_key.startswith("pkg:") else None
        found = (
            found
            or (self.by_name(supplier) if supplier else None)
            or (self.by_name(manufacturer) if manufacturer else None)
        )
        if found is not None or self.resolver is None:
            return found
        purl = package_key if package_key.startswith("pkg:") else ""
        return self.resolved_profile(
            self.resolver.resolve(ComponentRecord(purl, supplier, manufacturer, vcs_url, website_url))
        )

    def resolved_profile(self, resolution: Resolution) -> VendorProfile | None:
        """The resolver's answer as a vendor profile; the dataset's supplier when it names the same company."""
        if resolution.organisation is None:
            return None
        evidence = tuple(e.describe() for e in resolution.evidence)
        confidence = resolution.confidence.value if resolution.confidence else ""
        basis = f"resolver ({confidence}): {resolution.basis}"
        supplier = self._suppliers.get(normalise_vendor(resolution.organisation))
        if supplier is not None:
            return replace(supplier, basis=f"{basis} → {supplier.basis}", confidence=confidence, evidence=evidence)
        return VendorProfile(
            resolution.organisation,
            None,
            resolution.country,
            resolution.group or resolution.organisation,
            resolution.group_country,
            basis,
            resolution.parent is not None,
            confidence,
            evidence,
        )

    def for_service(self, service: Service) -> VendorProfile:
        """A service's vendor: what the organisation recorded, completed from the mapping."""
        mapped = self.by_name(service.vendor)
        parent = self.by_name(service.ultimate_parent) if service.ultimate_parent else None
        vendor = mapped.vendor if mapped else service.vendor
        country = service.vendor_country or (mapped.country if mapped else None)
        if service.ultimate_parent:
            # the parent's own group: "Amazon.com Inc." is the group Amazon, as "AWS" is
            group = parent.group if parent else service.ultimate_parent
            group_country = service.ultimate_parent_country or (parent.jurisdiction if parent else None)
            has_parent = True
        elif mapped is not None:
            group, group_country, has_parent = mapped.group, mapped.group_country, mapped.has_parent
        else:
            group, group_country, has_parent = vendor, country, False
        if not has_parent:
            group_country = country
        basis = "service record" + (f" + {mapped.basis}" if mapped else "")
        supplier_id = mapped.supplier_id if mapped else None
        return VendorProfile(vendor, supplier_id, country, group, group_country, basis, has_parent)


def _rows(data: bytes, label: str, report: ValidationReport) -> list[tuple[int, dict[str, Any]]]:
    """CSV when the first line is a header starting with ``match``, else YAML."""
    text = data.decode("utf-8-sig")
    first = next((line for line in text.splitlines() if line.strip() and not line.startswith("#")), "")
    if first.split(",")[0].strip() == "match":
        reader = csv.DictReader(io.StringIO(text))
        for column in [c for c in reader.fieldnames or [] if c not in MAPPING_COLUMNS]:
            report.add(label, 1, column, f"unknown column '{column}'", f"known columns: {', '.join(MAPPING_COLUMNS)}")
        return [(reader.line_num, dict(row)) for row in reader]
    document = yaml.safe_load(text)
    if isinstance(document, dict):
        document = document.get("mappings")
    if not isinstance(document, list):
        report.add(
            label,
            None,
            None,
            "expected a CSV with a 'match' column or a YAML list of mappings",
            "write '- match: …' entries or a CSV header 'match,supplier,country,…'",
        )
        return []
    return [(i, item) for i, item in enumerate(document, start=1) if isinstance(item, dict)]


def read_mapping(path: Path, dataset: Dataset | None) -> list[MappingRule]:
    """Read a mapping table (CSV or YAML), reporting every problem at once."""
    report = ValidationReport()
    label = path.name
    try:
        rows = _rows(path.read_bytes(), label, report)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        report.add(label, None, None, f"cannot read the mapping: {exc}", "save it as UTF-8 CSV or YAML")
        raise RecordsError(label, report) from exc
    suppliers = set(dataset.suppliers) if dataset is not None else set()
    rules = []
    for line, row in rows:
        values = {k: str(v).strip() for k, v in row.items() if k in MAPPING_COLUMNS and v not in (None, "")}
        where = f"{label}:{line}"
        if not values.get("match"):
            report.add(label, line, "match", "required field is missing", "give a vendor name or a purl prefix")
            continue
        if not (values.get("supplier") or values.get("country") or values.get("parent_country")):
            report.add(label, line, None, "maps to nothing", "fill in supplier (a dataset id) or country")
            continue
        if values.get("supplier") and values["supplier"] not in suppliers:
            report.add(
                label,
                line,
                "supplier",
                f"unknown supplier '{values['supplier']}'",
                "use a supplier id of the dataset, or give vendor and country instead",
            )
            continue
        try:
            for field in ("country", "parent_country"):
                if values.get(field):
                    values[field] = country_code(values[field])
        except ValueError as exc:
            report.add(label, line, field, str(exc), "use an ISO 3166 code such as NL, US or CN")
            continue
        rules.append(
            MappingRule(
                values["match"],
                values.get("supplier"),
                values.get("vendor"),
                values.get("country"),
                values.get("parent"),
                values.get("parent_country"),
                where,
            )
        )
    if not report.ok:
        raise RecordsError(label, report)
    return rules


def load_vendor_map(dataset: Dataset | None, mapping_files: Iterable[Path] = (), *, resolve: bool = True) -> VendorMap:
    """The user's mapping files over the dataset's suppliers, with the resolver behind them (``resolve``)."""
    rules: list[MappingRule] = []
    for path in mapping_files:
        rules.extend(read_mapping(path, dataset))
    return VendorMap(dataset, rules, resolve=resolve)
