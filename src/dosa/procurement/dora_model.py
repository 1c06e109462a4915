# SPDX-License-Identifier: EUPL-1.2
"""The DORA register of information as the EBA's xBRL-CSV reporting package expects it.

Templates B_01.01 … B_99.01 of Commission Implementing Regulation (EU) 2024/2956 (the ITS on the register
of information, Annex I), with the column codes (``c0010`` …) and closed value lists (``eba_CT:x12`` …)
of the EBA reporting framework 4.0 DORA module (data point model 4.0). The codes are transcribed from
the EBA XLS master template as documented by intuitem's ciso-assistant-community
(``documentation/dora-roi-specification.md``, 2025); docs/procurement.md lists each source.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    LEI = "lei"
    CODE = "code"
    """An identification code whose type another column states (LEI, EUID, …)."""
    COUNTRY = "country"
    CURRENCY = "currency"
    DATE = "date"
    NUMBER = "number"
    LIST = "list"
    BOOL = "bool"
    ACTIVITY = "activity"
    """A licensed activity code (eba_TA:x…) of the ITS's Annex II list."""


class Need(StrEnum):
    MANDATORY = "mandatory"
    CONDITIONAL = "conditional"
    """Mandatory under a condition the validator checks (see :mod:`dosa.procurement.dora`)."""
    OPTIONAL = "optional"


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    kind: Kind
    need: Need = Need.MANDATORY
    values: str = ""
    """Name of the closed list in :data:`LISTS` for ``Kind.LIST``."""
    key: bool = False


@dataclass(frozen=True)
class Template:
    id: str
    title: str
    columns: tuple[Column, ...]

    @property
    def file_name(self) -> str:
        return f"{self.id.lower()}.csv"

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.columns if c.key)

    def column(self, code: str) -> Column:
        return next(c for c in self.columns if c.code == code)


M, C, OPT = Need.MANDATORY, Need.CONDITIONAL, Need.OPTIONAL

LISTS: dict[str, dict[str, str]] = {
    "entity_type": {
        "eba_CT:x12": "Credit institutions",
        "eba_CT:x599": "Investment firms",
        "eba_CT:x643": "Central counterparties (CCPs)",
        "eba_CT:x639": "Asset management companies",
        "eba_CT:x301": "Account information service providers",
        "eba_CT:x302": "Electronic money institutions",
        "eba_CT:x303": "Crypto-asset service providers",
        "eba_CT:x304": "Central security depository",
        "eba_CT:x305": "Trading venues",
        "eba_CT:x306": "Trade repositories",
        "eba_CT:x300": "Payment institution",
        "eba_CT:x316": "Other financial entity",
        "eba_CT:x315": "Securitisation repository",
        "eba_CT:x314": "Crowdfunding service providers",
        "eba_CT:x313": "Administrator of critical benchmarks",
        "eba_CT:x312": "Credit rating agency",
        "eba_CT:x311": "Institutions for occupational retirement provision",
        "eba_CT:x320": "Insurance intermediaries, reinsurance intermediaries and ancillary insurance intermediaries",
        "eba_CT:x309": "Insurance and reinsurance undertakings",
        "eba_CT:x308": "Data reporting service providers",
        "eba_CT:x307": "Managers of alternative investment funds",
        "eba_CT:x318": "Non-financial entity: Other than ICT intra-group service provider",
        "eba_CT:x317": "Non-financial entity: ICT intra-group service provider",
        "eba_CT:x310": "Issuers of asset-referenced tokens",
    },
    "hierarchy": {
        "eba_RP:x53": "Ultimate parent",
        "eba_RP:x551": "Parent other than ultimate parent",
        "eba_RP:x56": "Subsidiary",
        "eba_RP:x21": "Entities other than entities of the group",
        "eba_RP:x210": "Outsourcing",
    },
    "arrangement_type": {
        "eba_CO:x1": "Standalone arrangement",
        "eba_CO:x2": "Overarching arrangement",
        "eba_CO:x3": "Subsequent or associated arrangement",
    },
    "termination_reason": {
        "eba_CO:x4": "Termination not for cause: Expired and not renewed",
        "eba_CO:x5": "Termination for cause: Provider in breach of applicable law, regulations or contract",
        "eba_CO:x6": "Termination for cause: Identified impediments of the provider capable of altering the function",
        "eba_CO:x7": "Termination for cause: Provider's weaknesses regarding management and security of data",
        "eba_CO:x8": "Termination: As requested by the competent authority",
        "eba_CO:x9": "Other reasons for termination",
    },
    "ict_service": {f"eba_TA:S{n:02d}": f"S{n:02d}" for n in range(1, 20)},
    "binary": {"eba_BT:x28": "Yes", "eba_BT:x29": "No"},
    "yes_no_not_assessed": {"eba_BT:x28": "Yes", "eba_BT:x29": "No", "eba_BT:x21": "Assessment not performed"},
    "sensitiveness": {"eba_ZZ:x791": "Low", "eba_ZZ:x792": "Medium", "eba_ZZ:x793": "High"},
    "reliance": {
        "eba_ZZ:x794": "Not significant",
        "eba_ZZ:x795": "Low reliance",
        "eba_ZZ:x796": "Material reliance",
        "eba_ZZ:x797": "Full reliance",
    },
    "entity_nature": {"eba_ZZ:x838": "Branch of a financial entity", "eba_ZZ:x839": "Not a branch"},
    "person_type": {
        "eba_CT:x212": "Legal person, excluding individual acting in a business capacity",
        "eba_CT:x213": "Individual acting in a business capacity",
    },
    "impact": {
        "eba_ZZ:x791": "Low",
        "eba_ZZ:x792": "Medium",
        "eba_ZZ:x793": "High",
        "eba_ZZ:x799": "Assessment not performed",
    },
    "substitutability": {
        "eba_ZZ:x959": "Not substitutable",
        "eba_ZZ:x960": "Highly complex substitutability",
        "eba_ZZ:x961": "Medium complexity in terms of substitutability",
        "eba_ZZ:x962": "Easily substitutable",
    },
    "non_substitutability_reason": {
        "eba_ZZ:x963": "Lack of real alternatives",
        "eba_ZZ:x964": "Difficulties in migrating or reintegrating",
        "eba_ZZ:x965": "Lack of real alternatives and difficulties in migrating or reintegrating",
    },
    "reintegration": {"eba_ZZ:x798": "Easy", "eba_ZZ:x966": "Difficult", "eba_ZZ:x967": "Highly complex"},
    "code_type": {"eba_qCO:qx2000": "LEI", "eba_qCO:qx2002": "EUID"},
}
"""Closed value lists of the register (EBA code → the ITS's wording)."""

NOT_APPLICABLE_COUNTRY = "eba_GA:qx2007"
"""'Not applicable' for the country key fields of B_02.02 (EBA Q&A / FAQ, March 2025)."""


@dataclass(frozen=True)
class Indicator:
    """A closed-set indicator whose options the entity defines in B_99.01 (ITS Annex I, B_99.01)."""

    name: str
    """The indicator's name in the organisation file's ``definitions`` section."""
    reference: str
    """The ITS column the indicator is reported in (``B_02.01.0020`` …)."""
    label: str
    template: str
    column: str
    """Where the register uses the indicator: template and column code."""
    values: str
    """The closed list in :data:`LISTS` its options come from."""
    options: tuple[tuple[str, str], ...]
    """(B_99.01 column, EBA code) for each option, in the ITS's order."""


INDICATORS: tuple[Indicator, ...] = (
    Indicator("arrangement_type", "B_02.01.0020", "Type of contractual arrangement", "B_02.01", "c0020",
              "arrangement_type", (("c0010", "eba_CO:x1"), ("c0020", "eba_CO:x2"), ("c0030", "eba_CO:x3"))),
    Indicator("data_sensitivity", "B_02.02.0170", "Sensitiveness of the data stored", "B_02.02", "c0170",
              "sensitiveness", (("c0040", "eba_ZZ:x791"), ("c0050", "eba_ZZ:x792"), ("c0060", "eba_ZZ:x793"))),
    Indicator("function_impact", "B_06.01.0100", "Impact of discontinuing the function", "B_06.01", "c0100",
              "impact", (("c0070", "eba_ZZ:x791"), ("c0080", "eba_ZZ:x792"), ("c0090", "eba_ZZ:x793"))),
    Indicator("substitutability", "B_07.01.0050", "Substitutability of the ICT third-party service provider",
              "B_07.01", "c0050", "substitutability",
              (("c0100", "eba_ZZ:x959"), ("c0110", "eba_ZZ:x960"), ("c0120", "eba_ZZ:x961"), ("c0130", "eba_ZZ:x962"))),
    Indicator("reintegration", "B_07.01.0090", "Possibility of reintegration of the contracted ICT service",
              "B_07.01", "c0090", "reintegration",
              (("c0140", "eba_ZZ:x798"), ("c0150", "eba_ZZ:x966"), ("c0160", "eba_ZZ:x967"))),
    Indicator("service_impact", "B_07.01.0100", "Impact of discontinuing the ICT services", "B_07.01", "c0100",
              "impact", (("c0170", "eba_ZZ:x791"), ("c0180", "eba_ZZ:x792"), ("c0190", "eba_ZZ:x793"))),
)  # fmt: skip
"""The 19 rows of ITS Annex I B_99.01 (R0010–R0190), which the EBA's data point model lays out as the 19
columns c0010–c0190 of one row. The ITS's own table names the function's impact B_06.01.0110; the column is
B_06.01.0100 in the ITS's B_06.01 instructions and in the data point model. 'Assessment not performed'
(eba_ZZ:x799) is no option of B_99.01: there is nothing to define."""


REFERENCE = Column("c0010", "Contractual arrangement reference number", Kind.TEXT, M, key=True)
"""The first key of every template about an arrangement: its reference in B_02.01 (EBA 807)."""


def _provider(code: str, code_type: str) -> tuple[Column, Column]:
    """The provider's identification code (a key) and its type, as every template naming a provider has them."""
    return (
        Column(code, "Identification code of the ICT third-party service provider", Kind.CODE, M, key=True),
        Column(code_type, "Type of code to identify the provider", Kind.LIST, values="code_type"),
    )


def _linked(key: Column, link: str = "c0030") -> tuple[Column, Column, Column]:
    """The three columns of the templates that tie an arrangement to one thing (a linked arrangement, a signing
    entity): the reference, that thing as the second key, and the 'Link' flag the data point model requires."""
    return REFERENCE, key, Column(link, "Link", Kind.BOOL)


TEMPLATES: tuple[Template, ...] = (
    Template("B_01.01", "Entity maintaining the register of information", (
        Column("c0010", "LEI of the entity maintaining the register", Kind.LEI, M, key=True),
        Column("c0020", "Name of the entity", Kind.TEXT),
        Column("c0030", "Country of the entity", Kind.COUNTRY),
        Column("c0040", "Type of entity", Kind.LIST, values="entity_type"),
        Column("c0050", "Competent authority", Kind.TEXT),
        Column("c0060", "Date of the reporting", Kind.DATE),
    )),
    Template("B_01.02", "List of entities within the scope of the register", (
        Column("c0010", "LEI of the entity", Kind.LEI, M, key=True),
        Column("c0020", "Name of the entity", Kind.TEXT),
        Column("c0030", "Country of the entity", Kind.COUNTRY),
        Column("c0040", "Type of entity", Kind.LIST, values="entity_type"),
        Column("c0050", "Hierarchy of the entity within the group", Kind.LIST, values="hierarchy"),
        Column("c0060", "LEI of the direct parent undertaking", Kind.LEI, C),
        Column("c0070", "Date of last update", Kind.DATE),
        Column("c0080", "Date of integration in the register", Kind.DATE),
        Column("c0090", "Date of deletion in the register", Kind.DATE),
        Column("c0100", "Currency", Kind.CURRENCY),
        Column("c0110", "Value of total assets", Kind.NUMBER, C),
    )),
    Template("B_01.03", "List of branches", (
        Column("c0010", "Identification code of the branch", Kind.TEXT, M, key=True),
        Column("c0020", "LEI of the head office of the branch", Kind.LEI, M, key=True),
        Column("c0030", "Name of the branch", Kind.TEXT),
        Column("c0040", "Country of the branch", Kind.COUNTRY),
    )),
    Template("B_02.01", "Contractual arrangements – general information", (
        REFERENCE,
        Column("c0020", "Type of contractual arrangement", Kind.LIST, values="arrangement_type"),
        Column("c0030", "Overarching contractual arrangement reference number", Kind.TEXT, C),
        Column("c0040", "Currency of the amount", Kind.CURRENCY),
        Column("c0050", "Annual expense or estimated cost", Kind.NUMBER),
    )),
    Template("B_02.02", "Contractual arrangements – specific information", (
        REFERENCE,
        Column("c0020", "LEI of the entity making use of the ICT service(s)", Kind.LEI, M, key=True),
        *_provider("c0030", "c0040"),
        Column("c0050", "Function identifier", Kind.TEXT, M, key=True),
        Column("c0060", "Type of ICT services", Kind.LIST, M, values="ict_service", key=True),
        Column("c0070", "Start date of the contractual arrangement", Kind.DATE),
        Column("c0080", "End date of the contractual arrangement", Kind.DATE),
        Column("c0090", "Reason of the termination or ending", Kind.LIST, C, values="termination_reason"),
        Column("c0100", "Notice period for the financial entity (days)", Kind.NUMBER, C),
        Column("c0110", "Notice period for the ICT third-party service provider (days)", Kind.NUMBER, C),
        Column("c0120", "Country of the governing law", Kind.COUNTRY, C),
        Column("c0130", "Country of provision of the ICT services", Kind.COUNTRY, M, key=True),
        Column("c0140", "Storage of data", Kind.LIST, C, values="binary"),
        Column("c0150", "Location of the data at rest (storage)", Kind.COUNTRY, M, key=True),
        Column("c0160", "Location of management of the data (processing)", Kind.COUNTRY, M, key=True),
        Column("c0170", "Sensitiveness of the data stored", Kind.LIST, C, values="sensitiveness"),
        Column("c0180", "Level of reliance on the ICT service", Kind.LIST, C, values="reliance"),
    )),
    Template("B_02.03", "List of intra-group contractual arrangements",
             _linked(Column("c0020", "Contractual arrangement linked", Kind.TEXT, M, key=True))),
    Template("B_03.01", "Entities signing the arrangements for receiving ICT services",
             _linked(Column("c0020", "LEI of the entity signing the contractual arrangement", Kind.LEI, M, key=True))),
    Template("B_03.02", "ICT third-party service providers signing the arrangements", (
        REFERENCE,
        *_provider("c0020", "c0030"),
    )),
    Template("B_03.03", "Entities signing the arrangements for providing ICT services",
             _linked(Column("c0020", "LEI of the entity providing ICT services", Kind.LEI, M, key=True), "c0031")),
    Template("B_04.01", "Entities making use of the ICT services", (
        REFERENCE,
        Column("c0020", "LEI of the entity making use of the ICT service(s)", Kind.LEI, M, key=True),
        Column("c0030", "Nature of the entity", Kind.LIST, values="entity_nature"),
        Column("c0040", "Identification code of the branch", Kind.TEXT, C),
    )),
    Template("B_05.01", "ICT third-party service providers", (
        Column("c0010", "Identification code of the ICT third-party service provider", Kind.CODE, M, key=True),
        Column("c0020", "Type of code to identify the provider", Kind.LIST, M, values="code_type", key=True),
        Column("c0030", "Additional identification code of the provider", Kind.CODE, OPT),
        Column("c0040", "Type of additional identification code", Kind.LIST, C, values="code_type"),
        Column("c0050", "Legal name of the ICT third-party service provider", Kind.TEXT),
        Column("c0060", "Name of the ICT third-party service provider in Latin alphabet", Kind.TEXT),
        Column("c0070", "Type of person", Kind.LIST, values="person_type"),
        Column("c0080", "Country of the provider's headquarters", Kind.COUNTRY),
        Column("c0090", "Currency", Kind.CURRENCY, C),
        Column("c0100", "Total annual expense or estimated cost", Kind.NUMBER, C),
        Column("c0110", "Identification code of the provider's ultimate parent undertaking", Kind.CODE),
        Column("c0120", "Type of code to identify the ultimate parent", Kind.LIST, C, values="code_type"),
    )),
    Template("B_05.02", "ICT service supply chains", (
        REFERENCE,
        Column("c0020", "Type of ICT services", Kind.LIST, M, values="ict_service", key=True),
        *_provider("c0030", "c0040"),
        Column("c0050", "Rank", Kind.NUMBER, M, key=True),
        Column("c0060", "Identification code of the recipient of sub-contracted ICT services", Kind.CODE, C),
        Column("c0070", "Type of code to identify the recipient", Kind.LIST, C, values="code_type"),
    )),
    Template("B_06.01", "Functions identification", (
        Column("c0010", "Function identifier", Kind.TEXT, M, key=True),
        Column("c0020", "Licensed activity", Kind.ACTIVITY),
        Column("c0030", "Function name", Kind.TEXT),
        Column("c0040", "LEI of the financial entity", Kind.LEI, M, key=True),
        Column("c0050", "Criticality or importance assessment", Kind.LIST, values="yes_no_not_assessed"),
        Column("c0060", "Reasons for criticality or importance", Kind.TEXT, OPT),
        Column("c0070", "Date of the last assessment of criticality or importance", Kind.DATE),
        Column("c0080", "Recovery time objective of the function (hours)", Kind.NUMBER),
        Column("c0090", "Recovery point objective of the function (hours)", Kind.NUMBER),
        Column("c0100", "Impact of discontinuing the function", Kind.LIST, values="impact"),
    )),
    Template("B_07.01", "Assessment of the ICT services", (
        REFERENCE,
        *_provider("c0020", "c0030"),
        Column("c0040", "Type of ICT services", Kind.LIST, M, values="ict_service", key=True),
        Column("c0050", "Substitutability of the ICT third-party service provider", Kind.LIST,
               values="substitutability"),
        Column("c0060", "Reason if not substitutable or difficult to substitute", Kind.LIST, C,
               values="non_substitutability_reason"),
        Column("c0070", "Date of the last audit on the ICT third-party service provider", Kind.DATE, C),
        Column("c0080", "Existence of an exit plan", Kind.LIST, values="binary"),
        Column("c0090", "Possibility of reintegration of the contracted ICT service", Kind.LIST,
               values="reintegration"),
        Column("c0100", "Impact of discontinuing the ICT services", Kind.LIST, values="impact"),
        Column("c0110", "Alternative ICT third-party service providers identified", Kind.LIST,
               values="yes_no_not_assessed"),
        Column("c0120", "Identification of alternative ICT third-party service providers", Kind.TEXT, OPT),
    )),
    Template("B_99.01", "Definitions from entities making use of the ICT services", tuple(
        Column(column, f"{indicator.label}: {LISTS[indicator.values][code]}", Kind.TEXT, OPT)
        for indicator in INDICATORS
        for column, code in indicator.options
    )),
)  # fmt: skip

TEMPLATE_BY_ID = {t.id: t for t in TEMPLATES}
