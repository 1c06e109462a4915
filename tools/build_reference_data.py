# SPDX-License-Identifier: EUPL-1.2
"""Convert the sourced reference tables in ``../shared`` into the default dataset's files.

Dev-time only: the package never reads ``../shared``. Run from the repository root::

    python tools/build_reference_data.py [--shared PATH] [--check]

It reads ``reference-data/`` (market shares, facts, export controls, suppliers, countries, sources,
vital processes) and ``research-data/eu-crm-2023/`` (EC CRM 2023 supply and sourcing shares) and
writes, in ``src/dosa/data/default/``:

* ``shares.csv`` and ``facts.csv``: rows with ids ``ref-*`` (reference data) and ``crm23-*`` (EC CRM
  2023 study) are regenerated; every other row (the agenda's own figures, ``dosa-*``) is kept as is;
* ``sources.csv``: the sources this script knows are regenerated, other rows are kept;
* ``suppliers.csv``, ``countries.csv`` and ``vital_processes.csv``: written in full.

Only data whose licence allows redistribution in an open-source project is converted; the licence
decision for every reference source is in ``EXCLUDED`` and ``LICENCES`` below and in ``docs/dataset.md``.
With ``--check`` nothing is written; the script exits 1 if a file would change.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import io
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pycountry
import yaml

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / "src" / "dosa" / "data" / "default"
GENERATED_PREFIXES = ("ref-", "crm23-")

CITATION = ["source", "page", "footnote", "quote"]
SOURCE_COLUMNS = ["id", "publisher", "title", "year", "url", "licence", "accessed_via", "note"]
SHARE_COLUMNS = [
    "id",
    "subject",
    "stage",
    "holder",
    "holder_kind",
    "holder_country",
    "scope",
    "year",
    "value",
    "value_max",
    "metric",
    "qualifier",
    "derived",
    "note",
    "note_nl",
    *CITATION,
]
FACT_COLUMNS = [
    "id",
    "priority",
    "subject",
    "kind",
    "statement",
    "value",
    "value_max",
    "unit",
    "year",
    "scope",
    "qualifier",
    *CITATION,
]
SUPPLIER_COLUMNS = ["id", "name", "hq_country", "ultimate_parent", "priorities", "role", "verified", *CITATION]
COUNTRY_COLUMNS = [
    "code",
    "name_en",
    "name_nl",
    "eu_member",
    "eea_member",
    "nato_member",
    "offensive_cyber_programme_against_nl",
    "note",
    *CITATION,
]
VITAL_COLUMNS = ["id", "name_nl", "name_en", "sector_nl", "sector_en", "category", "ministry", *CITATION]

# --- Licence decisions --------------------------------------------------------------------------

FACTS_ONLY = (
    "no open licence stated; single figures re-stated as facts with attribution (the publication itself is not copied)"
)
RIJKSOVERHEID = "CC0-1.0 (Dutch central government websites; Auteurswet art. 15b)"
EU_REUSE = "CC-BY-4.0 (European Commission reuse policy, Decision 2011/833/EU)"


@dataclass(frozen=True)
class Policy:
    """Whether a reference source goes into the dataset, under which licence, and why."""

    include: bool
    licence: str
    reason: str = ""


EXCLUDED: dict[str, Policy] = {
    "eto_chip": Policy(False, "CC BY-NC 4.0", "non-commercial licence"),
    "telegeography_2021": Policy(False, "CC BY-NC-SA 3.0", "non-commercial, share-alike licence"),
    "hq_ericsson": Policy(False, "CC BY-SA (Wikipedia)", "share-alike; the agenda itself names Ericsson as Swedish"),
    "hq_fortinet": Policy(False, "CC BY-SA (Wikipedia)", "share-alike"),
    "hq_cisco": Policy(False, "CC BY-SA (copy of Wikipedia text)", "share-alike"),
    "hq_spacex": Policy(False, "CC BY-SA (copy of Wikipedia text)", "share-alike"),
    "hq_tsystems": Policy(False, "CC BY-SA (copy of Wikipedia text)", "share-alike"),
    "statcounter_feb2024": Policy(False, "CC BY-SA 3.0 (StatCounter Global Stats)", "share-alike data"),
    "statcounter_feb2025": Policy(False, "CC BY-SA 3.0 (StatCounter via a Wikipedia copy)", "share-alike data"),
    "statcounter_aug2025": Policy(False, "CC BY-SA 3.0 (StatCounter Global Stats)", "share-alike data"),
    "vc_minerals": Policy(
        False,
        "Visual Capitalist terms: free use only for individuals and small organisations",
        "restrictive terms, secondary aggregator without reference year (quality C); USGS and EC data cover it",
    ),
    "dosa_2023": Policy(False, "CC0-1.0", "replaced by our own reading of the agenda (source dosa-agenda-2023)"),
}

LICENCES: dict[str, str] = {
    "usgs_mcs2025": "public-domain (US government work)",
    "ec_crm2023": EU_REUSE + "; transcription by E. Emilsson CC-BY-4.0",
    "crma_reg": "EU legal act, reuse authorised (Decision 2011/833/EU)",
    "eurostat_crm_trade": EU_REUSE,
    "eurostat_ree_2024": EU_REUSE,
    "epoch_clusters_2025": "CC-BY-4.0 (Epoch AI)",
    "epoch_owners": "CC-BY-4.0 (Epoch AI data; figure read in a thread copy)",
    "mailtester_2026": "CC-BY-4.0",
    "bz_cyber_2025": RIJKSOVERHEID,
    "ec_us_2022": "public-domain (US government work)",
}


def policy_for(source_id: str) -> Policy:
    if source_id in EXCLUDED:
        return EXCLUDED[source_id]
    return Policy(True, LICENCES.get(source_id, FACTS_ONLY))


TOOL_DATA = Path(__file__).resolve().parent / "data"


def extra_sources() -> list[dict[str, str]]:
    """Sources written besides the reference ones (the agenda, NCTV, EFTA, ...): tools/data/sources.yaml."""
    rows = yaml.safe_load((TOOL_DATA / "sources.yaml").read_text(encoding="utf-8"))
    names = {"{RIJKSOVERHEID}": RIJKSOVERHEID, "{FACTS_ONLY}": FACTS_ONLY}
    return [{key: names.get(str(value), str(value)) for key, value in row.items()} for row in rows]


# --- Vocabulary mappings ------------------------------------------------------------------------

# Reference subject -> (dataset subject, qualifier added to the metric). Unlisted subjects are skipped.
SUBJECTS: dict[str, tuple[str, str]] = {
    "gallium": ("gallium", ""),
    "germanium": ("germanium", ""),
    "palladium": ("palladium", ""),
    "cobalt": ("cobalt", ""),
    "lithium": ("lithium", ""),
    "lithium (raw)": ("lithium", "raw lithium"),
    "tungsten": ("tungsten", ""),
    "silicon metal": ("silicon", ""),
    "indium": ("indium", ""),
    "rare earths (total REO)": ("rare_earths", "total rare-earth oxide"),
    "rare earth elements incl. Sc and Y (REE+)": ("rare_earths", "REE incl. Sc and Y"),
    "neodymium/praseodymium (light rare earths)": ("rare_earths", "Nd/Pr"),
    "EUV lithography systems": ("euv_lithography", ""),
    "foundry services": ("semiconductor_chips", ""),
    "logic wafer fabrication <10 nm": ("advanced_logic_chips", "logic below 10 nm"),
    "radio access network (RAN) equipment": ("ran_equipment", ""),
    "telecom equipment (broadband access, microwave, optical, mobile core, RAN, SP routers)": ("telecom_equipment", ""),
    "active satellites in orbit (all operators)": ("leo_satellite_communication", "active satellites, all operators"),
    "cloud infrastructure services (IaaS, PaaS, hosted private cloud)": ("cloud_iaas_paas", ""),
    "AI compute (GPU cluster performance)": ("ai_compute", ""),
    "data-centre GPUs (AI accelerators)": ("ai_accelerators", ""),
    "cybersecurity products and services": ("cybersecurity_products", ""),
    "firewalls": ("cybersecurity_products", ""),
    "e-mail hosting": ("email_services", ""),
    "Microsoft licensing framework (VNG GT Microsoft 2)": ("office_suites", "VNG GT Microsoft 2 framework"),
    "Microsoft products (Office 365, Teams, Azure, Windows)": ("office_suites", "Office 365, Teams, Azure, Windows"),
    "office productivity suites": ("office_suites", ""),
}

# Reference facts: subject per fact id (None = about the priority as a whole).
FACT_SUBJECTS: dict[str, str | None] = {
    "f001": "germanium",
    "f002": None,
    "f003": None,
    "f004": None,
    "f005": "rare_earths",
    "f006": None,
    "f007": None,
    "f008": None,
    "f009": "rare_earths",
    "f010": "gallium",
    "f012": None,
    "f014": "semiconductor_chips",
    "f015": "semiconductor_chips",
    "f016": "semiconductor_chips",
    "f017": "euv_lithography",
    "f018": "ran_equipment",
    "f019": "ran_equipment",
    "f020": "ran_equipment",
    "f021": "ran_equipment",
    "f022": "ran_equipment",
    "f024": "submarine_cables",
    "f025": "submarine_cables",
    "f026": "leo_satellite_communication",
    "f027": "leo_satellite_communication",
    "f028": "gnss_positioning_timing",
    "f029": "galileo",
    "f030": "data_centres",
    "f031": "cloud_iaas_paas",
    "f032": "cloud_iaas_paas",
    "f033": "cloud_iaas_paas",
    "f034": "office_suites",
    "f035": "office_suites",
    "f036": "office_suites",
    "f037": "foundation_models",
    "f038": "foundation_models",
    "f039": "foundation_models",
    "f040": "ai_compute",
    "f041": "ai_accelerators",
    "f043": None,
    "f044": None,
}

# Export controls: the dataset subjects each measure bears on.
CONTROL_SUBJECTS: dict[str, tuple[str | None, ...]] = {
    "ec01": ("gallium", "germanium"),
    "ec02": (None,),
    "ec03": (None,),
    "ec04": ("gallium", "germanium"),
    "ec05": ("tungsten", "indium"),
    "ec06": ("rare_earths",),
    "ec07": ("rare_earths",),
    "ec08": ("rare_earths",),
    "ec09": ("gallium", "germanium"),
    "ec10": ("advanced_logic_chips", "ai_accelerators", "hpc_supercomputers"),
    "ec11": ("ai_accelerators",),
    "ec12": ("memory_chips", "ai_accelerators"),
    "ec13": ("euv_lithography",),
    "ec14": ("duv_lithography",),
    "ec15": ("duv_lithography",),
}

STAGES: dict[str, str] = {
    "extraction": "extraction",
    "processing": "processing",
    "EU imports": "sourcing",
    "manufacturing equipment": "manufacturing",
    "wafer fabrication": "fabrication",
    "wafer fabrication (foundry)": "fabrication",
    "RAN": "provision",
    "RAN (2G-5G)": "provision",
    "RAN (5G)": "provision",
    "network equipment": "provision",
    "cloud services": "provision",
    "AI training/inference compute": "provision",
    "AI hardware": "provision",
    "vendors": "provision",
    "network security": "provision",
    "e-mail/collaboration": "provision",
    "productivity software": "provision",
    "satellite constellation": "provision",
}
# Stage 'production' (not specified by the source) for gallium and germanium: both are refinery
# by-products, so the figure describes processing.
PRODUCTION_STAGE = {"gallium": "processing", "germanium": "processing"}

SCOPES = {"global": "global", "global excl. China": "global_excl_china", "EU": "eu", "Europe": "europe", "NL": "nl"}

# Company holders -> supplier ids.
COMPANIES: dict[str, str] = {
    "ASML": "asml",
    "TSMC": "tsmc",
    "Samsung Foundry": "samsung",
    "Samsung": "samsung",
    "SMIC": "smic",
    "UMC": "umc",
    "GlobalFoundries": "globalfoundries",
    "Hua Hong Group": "hua_hong",
    "Tower Semiconductor": "tower_semiconductor",
    "VIS": "vis",
    "Nexchip": "nexchip",
    "Starlink (SpaceX)": "spacex",
    "Huawei": "huawei",
    "Ericsson": "ericsson",
    "Nokia": "nokia",
    "ZTE": "zte",
    "Cisco": "cisco",
    "SAP": "sap",
    "Deutsche Telekom": "deutsche_telekom",
    "Amazon (AWS)": "amazon",
    "Microsoft": "microsoft",
    "Google": "google",
    "Alibaba": "alibaba",
    "Oracle": "oracle",
    "Salesforce": "salesforce",
    "IBM": "ibm",
    "Tencent": "tencent",
    "Nvidia": "nvidia",
    "Palo Alto Networks": "palo_alto_networks",
    "Google Workspace / Gmail": "google",
    "Microsoft 365 / Outlook": "microsoft",
}

# EC CRM 2023 material -> (subject, element named in the metric).
CRM_MATERIALS: dict[str, tuple[str, str]] = {
    "Gallium": ("gallium", ""),
    "Germanium": ("germanium", ""),
    "Palladium": ("palladium", ""),
    "Cobalt": ("cobalt", ""),
    "Lithium": ("lithium", ""),
    "Tungsten": ("tungsten", ""),
    "Silicon metal": ("silicon", ""),
    "Indium": ("indium", ""),
    "Heavy Rare earths Elements": ("rare_earths", "heavy rare earths"),
    **{
        name: ("rare_earths", name.lower())
        for name in (
            "Cerium",
            "Dysprosium",
            "Erbium",
            "Europium",
            "Gadolinium",
            "Holmium",
            "Lanthanum",
            "Lutetium",
            "Neodymium",
            "Praseodymium",
            "Samarium",
            "Scandium",
            "Terbium",
            "Thulium",
            "Ytterbium",
            "Yttrium",
        )
    },
}
CRM_COUNTRY_CODES = {"Congo, D.R.": "CD", "Korea, North": "KP", "Korea, South": "KR", "Russia": "RU", "Türkiye": "TR"}

MINISTRIES = {"EZK": "ezk", "IenW": "ienw", "FIN": "fin", "JenV": "jenv", "BZK": "bzk", "DEF": "def"}
EEA_EFTA = {"IS", "LI", "NO"}

# --- Suppliers -----------------------------------------------------------------------------------

A = "dosa-agenda-2023"
NOT_VERIFIED = "HQ country from general knowledge, not confirmed in a stored source usable here"


def curated_suppliers() -> list[dict[str, str]]:
    """Suppliers curated by hand in tools/data/suppliers.yaml (see the comment there)."""
    rows = yaml.safe_load((TOOL_DATA / "suppliers.yaml").read_text(encoding="utf-8"))
    suppliers = []
    for row in rows:
        supplier = {key: str(value) for key, value in row.items()}
        if supplier.get("quote", "").startswith("NOT_VERIFIED"):
            supplier["quote"] = NOT_VERIFIED + supplier["quote"].removeprefix("NOT_VERIFIED")
        suppliers.append(supplier)
    return suppliers


# --- Helpers ------------------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def to_csv(columns: list[str], rows: Iterable[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in columns})
    return buffer.getvalue()


def number(value: float) -> str:
    """Write a number without a spurious '.0' so the files stay readable."""
    return f"{value:g}"


def parse_value(text: str) -> tuple[str, str, str]:
    """Split '7-20' into (value, value_max, qualifier); a plain number keeps qualifier '='."""
    text = text.strip()
    if not text:
        return "", "", "="
    match = re.fullmatch(r"([\d.]+)\s*-\s*([\d.]+)", text)
    if match:
        return match.group(1), match.group(2), "range"
    return number(float(text)), "", "="


def unit_qualifier(unit: str) -> tuple[str, str]:
    """Move '(more than)', '(lower bound)' and '(up to)' from a unit into a qualifier."""
    for marker, qualifier in (("(more than)", ">"), ("(lower bound)", ">"), ("(at least)", ">"), ("(up to)", "<")):
        if marker in unit:
            return unit.replace(marker, "").strip(), qualifier
    return unit, ""


def dutch_names() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"])


def country_code(name: str) -> str:
    if name in CRM_COUNTRY_CODES:
        return CRM_COUNTRY_CODES[name]
    return str(pycountry.countries.lookup(name).alpha_2)


# --- Builders -----------------------------------------------------------------------------------


class Builder:
    def __init__(self, shared: Path) -> None:
        self.ref = shared / "reference-data"
        self.crm = shared / "research-data" / "eu-crm-2023"
        self.ref_sources = {row["source_id"]: row for row in read_csv(self.ref / "sources.csv")}
        self.suppliers = {row["id"]: row for row in curated_suppliers()}
        self.used_sources: set[str] = set()
        self.log: list[str] = []

    def cite(self, source_id: str) -> str:
        policy = policy_for(source_id)
        if not policy.include:
            raise ValueError(f"source {source_id} is excluded ({policy.reason}) but was about to be cited")
        self.used_sources.add(source_id)
        return source_id

    # Shares ------------------------------------------------------------------------------------

    def reference_shares(self) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        """Convert market_shares.csv; shares with a national scope become facts."""
        shares: list[dict[str, str]] = []
        facts: list[dict[str, str]] = []
        skipped: dict[str, int] = defaultdict(int)
        for row in read_csv(self.ref / "market_shares.csv"):
            source = row["source_id"]
            if source == "ec_crm2023":
                skipped["ec_crm2023 (taken from research-data instead)"] += 1
                continue
            if not policy_for(source).include:
                skipped[f"{source} ({policy_for(source).reason})"] += 1
                continue
            if row["subject"] not in SUBJECTS:
                skipped[f"subject not in the dataset: {row['subject']}"] += 1
                continue
            subject, detail = SUBJECTS[row["subject"]]
            metric = f"{row['metric']} ({detail})" if detail else row["metric"]
            stage = STAGES.get(row["stage"]) or PRODUCTION_STAGE.get(subject)
            if stage is None:
                raise ValueError(f"{row['id']}: no stage mapping for {row['stage']!r}")
            note = self.share_note(row)
            if row["stage"] == "production":
                note = (
                    "Stage not specified by the source ('production'); mapped to processing (refinery by-product). "
                    + note
                )
            if row["scope"] not in SCOPES:
                facts.append(self.national_share_fact(row, subject, metric, note))
                continue
            holder, holder_country = self.holder(row)
            value, value_max, qualifier = row["share_percent"], "", row["share_qualifier"]
            if qualifier == "range":
                match = re.search(r"range ([\d.]+)-([\d.]+)%", row["note"])
                if not match or float(match.group(1)) != float(value):
                    raise ValueError(f"{row['id']}: range without bounds in its note")
                value_max = match.group(2)
            shares.append(
                {
                    "id": f"ref-{row['id']}",
                    "subject": subject,
                    "stage": stage,
                    "holder": holder,
                    "holder_kind": row["holder_kind"],
                    "holder_country": holder_country,
                    "scope": SCOPES[row["scope"]],
                    "year": row["year"],
                    "value": value,
                    "value_max": value_max,
                    "metric": metric,
                    "qualifier": qualifier,
                    "derived": "yes" if row["share_basis"] == "derived" else "no",
                    "note": note,
                    "source": self.cite(source),
                }
            )
        for reason, count in sorted(skipped.items()):
            self.log.append(f"market_shares.csv: skipped {count} rows: {reason}")
        return shares, facts

    def share_note(self, row: dict[str, str]) -> str:
        parts = [row["note"].strip()] if row["note"].strip() else []
        parts.append(f"Reference row {row['id']}; quality {row['quality']}.")
        if row["accessed_via"] and row["accessed_via"] != self.ref_sources.get(row["source_id"], {}).get(
            "accessed_via"
        ):
            parts.append(f"Read via {row['accessed_via']}.")
        return " ".join(part if part.endswith(".") else part + "." for part in parts)

    def holder(self, row: dict[str, str]) -> tuple[str, str]:
        kind, name, country = row["holder_kind"], row["holder"], row["holder_country"]
        if kind == "country":
            if not country:
                raise ValueError(f"{row['id']}: country holder {name!r} without ISO code")
            return country, ""
        if kind == "company":
            supplier = COMPANIES[name]
            return supplier, self.suppliers[supplier]["hq_country"]
        return name, country

    def national_share_fact(self, row: dict[str, str], subject: str, metric: str, note: str) -> dict[str, str]:
        statement = f"{row['holder']}: {row['share_percent']} % ({metric}). {note}"
        return {
            "id": f"ref-{row['id']}",
            "priority": row["dosa_priority"],
            "subject": subject,
            "kind": "national_share",
            "statement": statement,
            "value": row["share_percent"],
            "unit": "%",
            "year": row["year"],
            "scope": row["scope"],
            "qualifier": row["share_qualifier"],
            "source": self.cite(row["source_id"]),
        }

    def crm_shares(self) -> list[dict[str, str]]:
        """EC CRM 2023 Appendix 7: global supply and EU sourcing shares for the dataset's materials."""
        shares: list[dict[str, str]] = []
        tables = (
            ("global_supply_shares_t.csv", "global", "share of global supply (EC CRM 2023)", "g"),
            ("eu_sourcing_shares_t.csv", "eu", "share of EU sourcing (EC CRM 2023)", "eu"),
        )
        for filename, scope, metric_base, tag in tables:
            for row in read_csv(self.crm / filename):
                if row["Material"] not in CRM_MATERIALS:
                    continue
                subject, element = CRM_MATERIALS[row["Material"]]
                stage = {"E": "extraction", "P": "processing"}[row["Stage"]]
                code = country_code(row["Country"])
                text = row["Share"].strip().removesuffix("%")
                qualifier = "<" if text.startswith("<") else "="
                value = text.lstrip("<")
                metric = f"{metric_base} - {element}" if element else metric_base
                material_id = re.sub(r"[^a-z0-9]+", "_", row["Material"].lower()).strip("_")
                note = (
                    f"EC CRM 2023 study, Appendix 7 ({'global supply' if scope == 'global' else 'EU sourcing'}), "
                    f"material {row['Material']}, stage {row['Stage']}; trade factor t={row['t']}. "
                    "Multi-year average data; reference period not re-checked."
                )
                shares.append(
                    {
                        "id": f"crm23-{tag}-{material_id}-{row['Stage'].lower()}-{code.lower()}",
                        "subject": subject,
                        "stage": stage,
                        "holder": code,
                        "holder_kind": "country",
                        "scope": scope,
                        "year": "2023 study",
                        "value": value,
                        "metric": metric,
                        "qualifier": qualifier,
                        "derived": "no",
                        "note": note,
                        "source": self.cite("ec_crm2023"),
                    }
                )
        self.cross_check_crm(shares)
        return self.keep_sums_within_tolerance(shares)

    def cross_check_crm(self, shares: list[dict[str, str]]) -> None:
        """The reference table's EC CRM 2023 rows come from the same transcription: they must agree."""
        ours = {(s["subject"], s["stage"], s["scope"], s["holder"], s["metric"]): s["value"] for s in shares}
        element = {
            "neodymium (LREE)": "neodymium",
            "praseodymium (LREE)": "praseodymium",
            "yttrium (HREE)": "yttrium",
            "dysprosium (HREE)": "dysprosium",
            "terbium (HREE)": "terbium",
            "heavy rare earth elements (group)": "heavy rare earths",
        }
        checked = 0
        for row in read_csv(self.ref / "market_shares.csv"):
            if row["source_id"] != "ec_crm2023" or (row["subject"] not in SUBJECTS and row["subject"] not in element):
                continue
            subject = SUBJECTS[row["subject"]][0] if row["subject"] in SUBJECTS else "rare_earths"
            base = (
                "share of global supply (EC CRM 2023)"
                if row["scope"] == "global"
                else "share of EU sourcing (EC CRM 2023)"
            )
            metric = f"{base} - {element[row['subject']]}" if row["subject"] in element else base
            key = (subject, row["stage"], SCOPES[row["scope"]], row["holder_country"], metric)
            if key not in ours or float(ours[key]) != float(row["share_percent"]):
                raise ValueError(f"reference row {row['id']} disagrees with research-data: {key}")
            checked += 1
        self.log.append(f"EC CRM 2023: {checked} reference rows for the dataset's materials agree with research-data")

    def keep_sums_within_tolerance(self, shares: list[dict[str, str]]) -> list[dict[str, str]]:
        """Drop the smallest (<= 0.1 %) rows of a distribution whose printed shares, rounded by the
        source, add up to more than 101 % (the validator's limit); every drop is logged."""
        groups: dict[tuple[str, ...], list[dict[str, str]]] = defaultdict(list)
        for share in shares:
            groups[(share["subject"], share["stage"], share["scope"], share["metric"])].append(share)
        dropped: set[str] = set()
        for key, members in groups.items():
            total = sum(float(m["value"]) for m in members)
            for member in sorted(members, key=lambda m: float(m["value"])):
                if total <= 101 or float(member["value"]) > 0.1:
                    break
                dropped.add(member["id"])
                total -= float(member["value"])
                self.log.append(f"EC CRM 2023: dropped {member['id']} ({member['value']} %): {key[3]} sums above 101 %")
            if total > 101:
                raise ValueError(f"shares of {key} still sum to {total}")
        return [share for share in shares if share["id"] not in dropped]

    # Facts -------------------------------------------------------------------------------------

    def reference_facts(self) -> list[dict[str, str]]:
        facts: list[dict[str, str]] = []
        for row in read_csv(self.ref / "facts.csv"):
            source = row["source_id"]
            if not policy_for(source).include:
                self.log.append(f"facts.csv: skipped {row['id']} ({source}: {policy_for(source).reason})")
                continue
            value, value_max, qualifier = parse_value(row["value"])
            unit, unit_q = unit_qualifier(row["unit"])
            statement = row["statement"].strip()
            if row["note"].strip():
                statement += f" Note: {row['note'].strip()}"
            statement += f" (Reference row {row['id']}; quality {row['quality']}.)"
            facts.append(
                {
                    "id": f"ref-{row['id']}",
                    "priority": "" if row["dosa_priority"] == "general" else row["dosa_priority"],
                    "subject": FACT_SUBJECTS[row["id"]] or "",
                    "kind": row["fact_type"],
                    "statement": statement,
                    "value": value,
                    "value_max": value_max,
                    "unit": unit,
                    "year": row["year"],
                    "scope": row["scope"],
                    "qualifier": unit_q or qualifier,
                    "source": self.cite(source),
                }
            )
        return facts

    def export_control_facts(self) -> list[dict[str, str]]:
        facts: list[dict[str, str]] = []
        for row in read_csv(self.ref / "export_controls.csv"):
            statement = (
                f"{row['issuer_country']} export control: {row['instrument']} ({row['measure_type']}) on "
                f"{row['items']}; target: {row['target']}. Announced {row['date_announced']}, effective "
                f"{row['date_effective']}. Status (latest information, Nov 2025): {row['status']}. "
                f"(Reference row {row['id']}; quality {row['quality']}.)"
            )
            for subject in CONTROL_SUBJECTS[row["id"]]:
                suffix = f"-{subject}" if subject else ""
                facts.append(
                    {
                        "id": f"ref-{row['id']}{suffix}",
                        "priority": row["dosa_priority"],
                        "subject": subject or "",
                        "kind": "export_control",
                        "statement": statement,
                        "year": row["date_effective"],
                        "scope": f"exports from {row['issuer_country']}",
                        "qualifier": "=",
                        "source": self.cite(row["source_id"]),
                    }
                )
        return facts

    # Suppliers, countries, vital processes -----------------------------------------------------

    def supplier_rows(self) -> list[dict[str, str]]:
        rows = []
        for supplier in self.suppliers.values():
            row = dict(supplier)
            if row["source"] in self.ref_sources:
                self.cite(row["source"])
            rows.append(row)
        return sorted(rows, key=lambda r: r["id"])

    def country_rows(self, codes_in_use: set[str]) -> list[dict[str, str]]:
        nl = dutch_names()
        rows: dict[str, dict[str, str]] = {}
        for row in read_csv(self.ref / "countries.csv"):
            code = row["iso2"]
            rows[code] = self.country_row(
                code,
                row["name"],
                row["eu_member"],
                row["nato_member"],
                row["named_offensive_cyber_programme_against_NL"],
                " ".join(p for p in (row["note"], row["cyber_note"]) if p),
                row["source"],
                nl,
            )
        for code in sorted((codes_in_use | EEA_EFTA) - set(rows)):
            country = pycountry.countries.get(alpha_2=code)
            if country is None:
                raise ValueError(f"unknown country code {code}")
            name = getattr(country, "common_name", None) or country.name
            rows[code] = self.country_row(
                code,
                name,
                "no",
                "no",
                "no",
                "Not in the reference country table; added because the dataset uses it (or for EEA completeness). "
                "Not named in the Dutch threat assessments consulted (DBSA 2 2022, CSBN 2024, BZ 2025).",
                "eu_members;nato_members_2023;dbsa2_2022;bz_cyber_2025;csbn_2024",
                nl,
            )
        return [rows[code] for code in sorted(rows)]

    def country_row(
        self,
        code: str,
        name: str,
        eu: str,
        nato: str,
        cyber: str,
        note: str,
        sources: str,
        nl: gettext.NullTranslations,
    ) -> dict[str, str]:
        country = pycountry.countries.get(alpha_2=code)
        name_nl = nl.gettext(country.name) if country is not None else ""
        eea = "yes" if eu == "yes" or code in EEA_EFTA else "no"
        other = [s for s in sources.split(";") if s and s != "eu_members"]
        parts = [note.strip()] if note.strip() else []
        parts.append(
            "EU membership: eu_members; EEA: efta_eea (EU members plus Iceland, Liechtenstein, Norway); "
            f"NATO membership and cyber status: {', '.join(other)}; Dutch name: iso_3166_pycountry."
        )
        if cyber in ("yes", "unknown"):
            source, quote = "dbsa2_2022", ""
        else:
            source, quote = "eu_members", ""
        for used in [*other, "eu_members"]:
            self.cite(used)
        return {
            "code": code,
            "name_en": name,
            "name_nl": name_nl,
            "eu_member": eu,
            "eea_member": eea,
            "nato_member": nato,
            "offensive_cyber_programme_against_nl": cyber,
            "note": " ".join(parts),
            "source": self.cite(source),
            "quote": quote,
        }

    def vital_process_rows(self) -> list[dict[str, str]]:
        rows = []
        for row in read_csv(self.ref / "vital_processes.csv"):
            rows.append(
                {
                    "id": row["id"],
                    "name_nl": row["name_nl"],
                    "name_en": row["name_en"],
                    "sector_nl": row["sector"],
                    "sector_en": row["sector_en"],
                    "category": row["category"],
                    "ministry": MINISTRIES[row["ministry"]],
                    "source": "nctv_vital_processes",
                }
            )
        return rows

    # Sources -----------------------------------------------------------------------------------

    def source_rows(self) -> list[dict[str, str]]:
        rows = extra_sources()
        for source_id in sorted(self.used_sources):
            ref = self.ref_sources[source_id]
            notes = [
                f"Quality {ref['quality']} (reference-data grading: A primary, B reputable figure read in a "
                "press report or transcription, C indicative)."
            ]
            if ref["license"]:
                notes.append(f"Licence as recorded by the reference data: {ref['license']}.")
            rows.append(
                {
                    "id": source_id,
                    "publisher": ref["publisher"],
                    "title": ref["title"],
                    "year": ref["year"],
                    "url": ref["url"],
                    "licence": policy_for(source_id).licence,
                    "accessed_via": ref["accessed_via"],
                    "note": " ".join(notes),
                }
            )
        return rows


def merge(path: Path, columns: list[str], generated: list[dict[str, str]], owned: set[str] | None = None) -> str:
    """Keep the file's hand-written rows, replace the generated ones, and sort by id."""
    kept: list[dict[str, str]] = []
    if path.exists():
        for row in read_csv(path):
            key = row.get("id", "")
            is_generated = key.startswith(GENERATED_PREFIXES) if owned is None else key in owned
            if not is_generated:
                kept.append(row)
    ids = [row["id"] for row in kept + generated]
    duplicates = {key for key in ids if ids.count(key) > 1}
    if duplicates:
        raise ValueError(f"{path.name}: duplicate ids {sorted(duplicates)}")
    return to_csv(columns, sorted(kept + generated, key=lambda row: row["id"]))


def cited_sources(directory: Path, skip: set[str]) -> set[str]:
    """Every source id cited by the dataset's files other than those this script writes."""
    found: set[str] = set()
    for path in directory.iterdir():
        if path.name in skip:
            continue
        if path.suffix == ".csv":
            found |= {row["source"] for row in read_csv(path) if row.get("source")}
        elif path.suffix == ".yaml" and path.name != "dataset.yaml":
            for record in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
                citation = record.get("citation") or {}
                if citation.get("source"):
                    found.add(citation["source"])
    return found


def build(shared: Path) -> tuple[dict[Path, str], list[str]]:
    builder = Builder(shared)
    shares, national = builder.reference_shares()
    shares += builder.crm_shares()
    facts = builder.reference_facts() + builder.export_control_facts() + national
    suppliers = builder.supplier_rows()
    vital = builder.vital_process_rows()

    outputs: dict[Path, str] = {}
    outputs[DATASET / "shares.csv"] = merge(DATASET / "shares.csv", SHARE_COLUMNS, shares)
    outputs[DATASET / "facts.csv"] = merge(DATASET / "facts.csv", FACT_COLUMNS, facts)
    outputs[DATASET / "suppliers.csv"] = to_csv(SUPPLIER_COLUMNS, suppliers)
    outputs[DATASET / "vital_processes.csv"] = to_csv(VITAL_COLUMNS, vital)

    codes = {s["holder"] for s in shares if s["holder_kind"] == "country"}
    codes |= {s.get("holder_country", "") for s in shares} - {"", "EU"}
    codes |= {s["hq_country"] for s in suppliers if s["hq_country"]}
    codes |= set(_hand_written_country_codes())
    outputs[DATASET / "countries.csv"] = to_csv(COUNTRY_COLUMNS, builder.country_rows(codes))

    written = {"sources.csv", "shares.csv", "facts.csv", "suppliers.csv", "countries.csv", "vital_processes.csv"}
    for source_id in cited_sources(DATASET, written):
        if source_id in builder.ref_sources:
            builder.cite(source_id)
    # Hand-written share and fact rows cite sources too.
    for name in ("shares.csv", "facts.csv"):
        for row in csv.DictReader(io.StringIO(outputs[DATASET / name])):
            if row["source"] in builder.ref_sources:
                builder.cite(row["source"])
    owned = set(builder.ref_sources) | {row["id"] for row in extra_sources()}
    outputs[DATASET / "sources.csv"] = merge(DATASET / "sources.csv", SOURCE_COLUMNS, builder.source_rows(), owned)
    return outputs, builder.log


def _hand_written_country_codes() -> list[str]:
    """Country holders of the hand-written (agenda) shares."""
    path = DATASET / "shares.csv"
    if not path.exists():
        return []
    return [
        row["holder"]
        for row in read_csv(path)
        if not row["id"].startswith(GENERATED_PREFIXES) and row["holder_kind"] == "country"
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="folder holding reference-data/")
    parser.add_argument("--check", action="store_true", help="only report whether the files are up to date")
    args = parser.parse_args(argv)
    if not (args.shared / "reference-data").is_dir():
        parser.error(f"{args.shared / 'reference-data'} not found; pass --shared")
    outputs, log = build(args.shared)
    stale = [path for path, text in outputs.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
    for line in log:
        print(line)
    if args.check:
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)}")
        return 1 if stale else 0
    for path in stale:
        path.write_text(outputs[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
