# SPDX-License-Identifier: EUPL-1.2
"""Closed vocabularies of the domain.

Every enum value is the stable identifier used in the dataset files; Dutch and English labels
live in :mod:`dosa.model.labels` so that files stay language-neutral.
"""

from __future__ import annotations

from enum import StrEnum


class LayerId(StrEnum):
    """The six layers of the agenda's digital stack (p. 10), bottom to top."""

    RAW_MATERIALS = "raw_materials"
    HARDWARE = "hardware"
    PHYSICAL_INFRASTRUCTURE = "physical_infrastructure"
    SOFT_INFRASTRUCTURE = "soft_infrastructure"
    DATA = "data"
    APPLICATIONS_SERVICES = "applications_services"


class PriorityKind(StrEnum):
    SPECIFIC = "specific"
    CROSS_CUTTING = "cross_cutting"


class SubjectKind(StrEnum):
    """What is supplied."""

    RAW_MATERIAL = "raw_material"
    COMPONENT = "component"
    TECHNOLOGY = "technology"
    PRODUCT = "product"
    SERVICE = "service"


class Stage(StrEnum):
    """Value-chain stage at which a share or judgement applies."""

    EXTRACTION = "extraction"
    PROCESSING = "processing"
    DESIGN = "design"
    EDA_IP = "eda_ip"
    MATERIALS = "materials"
    EQUIPMENT = "equipment"
    FABRICATION = "fabrication"
    ASSEMBLY_TEST_PACKAGING = "assembly_test_packaging"
    MANUFACTURING = "manufacturing"
    DEVELOPMENT = "development"
    PROVISION = "provision"
    """Operating or selling the finished product or service to users."""
    SOURCING = "sourcing"
    """Where a territory sources (imports) the subject from."""
    INVESTMENT = "investment"


class Scope(StrEnum):
    """Geographic scope of a share."""

    GLOBAL = "global"
    GLOBAL_EXCL_CHINA = "global_excl_china"
    EUROPE = "europe"
    EU = "eu"
    NL = "nl"


class HolderKind(StrEnum):
    COUNTRY = "country"
    COMPANY = "company"
    REGION = "region"
    GROUP = "group"
    OTHER = "other"


class Qualifier(StrEnum):
    """How exactly the source states a value."""

    EXACT = "="
    ABOUT = "~"
    MORE_THAN = ">"
    LESS_THAN = "<"
    RANGE = "range"


class IntensityBasis(StrEnum):
    """Where a requires-edge's intensity comes from."""

    SOURCED = "sourced"
    """Stated in, or computed from figures in, a cited source (``intensity_source``)."""
    JUDGEMENT = "judgement"
    """No source states a figure: an expert judgement with its rationale (``intensity_note``)."""


class RequiresMode(StrEnum):
    """How a subject needs its inputs.

    ``all``: every such input is needed (a missing one limits output);
    ``alternative``: inputs in the same ``group`` substitute for each other.
    """

    ALL = "all"
    ALTERNATIVE = "alternative"


class JudgementKind(StrEnum):
    SUBSTITUTABILITY = "substitutability"
    LOCK_IN = "lock_in"
    TIME_TO_SUBSTITUTE = "time_to_substitute"
    MUTUAL_DEPENDENCE = "mutual_dependence"
    SUPPLIER_ACCESS = "supplier_access"
    """How much access the supplier keeps once the subject is in use (0 none … 1 operates it, holds the data)."""


class JudgementUnit(StrEnum):
    SCORE_0_1 = "score_0_1"
    """0 = none/lowest, 1 = full/highest on the kind's own scale."""
    YEARS = "years"


class PublicInterestId(StrEnum):
    """The agenda's public interests (p. 5-6)."""

    NATIONAL_SECURITY = "national_security"
    CONTINUITY_VITAL_PROCESSES = "continuity_vital_processes"
    CONFIDENTIALITY_SENSITIVE_INFORMATION = "confidentiality_sensitive_information"
    EARNING_CAPACITY = "earning_capacity"
    DEMOCRATIC_RULE_OF_LAW = "democratic_rule_of_law"


class VitalCategory(StrEnum):
    A = "A"
    B = "B"


class Reliance(StrEnum):
    """How strongly a dependant relies on a subject."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class ActionStatus(StrEnum):
    """Status as the agenda labels it: ongoing (lopend) or new (nieuw)."""

    LOPEND = "lopend"
    NIEUW = "nieuw"


class ActionScope(StrEnum):
    NATIONAAL = "nationaal"
    EU = "eu"


class TimelineKind(StrEnum):
    DATED = "dated"
    """Parsed into a start and/or end date."""
    ONGOING = "ongoing"
    """Doorlopend: no end date; never overdue."""
    UNKNOWN = "unknown"
    """N.t.b./n.n.b.: not yet decided."""
    UNPARSED = "unparsed"
    """Kept verbatim and flagged for review."""


class LinkTargetKind(StrEnum):
    """What an action is linked to as mitigating: one subject, or a priority as a whole."""

    SUBJECT = "subject"
    PRIORITY = "priority"


class OrganisationKind(StrEnum):
    MINISTRY = "ministry"
    AGENCY = "agency"
    GOVERNMENT = "government"
    PUBLIC_BODY = "public_body"
    KNOWLEDGE_INSTITUTE = "knowledge_institute"
    PRIVATE = "private"
    EU_BODY = "eu_body"
    OTHER = "other"


class CyberProgramme(StrEnum):
    """Whether Dutch threat assessments name a country's offensive cyber programme against NL."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"
