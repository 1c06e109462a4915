# SPDX-License-Identifier: EUPL-1.2
"""Closed vocabularies of the service inventory, with the DORA register-of-information wording.

Code lists follow Commission Implementing Regulation (EU) 2024/2956 (templates for the register of
information under DORA, Regulation (EU) 2022/2554) where they fit: level of reliance,
substitutability, possibility of reintegration, sensitiveness of data, existence of an exit plan.
Users may write either dosa's identifier (``full``) or the register's wording (``Full reliance``).
"""

from __future__ import annotations

import re
from enum import StrEnum


class ServiceCategory(StrEnum):
    IAAS = "iaas"
    PAAS = "paas"
    SAAS = "saas"
    OFFICE_SUITE = "office_suite"
    DESKTOP_OS = "desktop_os"
    MOBILE_OS = "mobile_os"
    EMAIL_COLLABORATION = "email_collaboration"
    ERP_CRM = "erp_crm"
    NETWORK_EQUIPMENT = "network_equipment"
    SECURITY_PRODUCT = "security_product"
    HARDWARE = "hardware"
    OTHER = "other"


CLOUD_CATEGORIES = frozenset({ServiceCategory.IAAS, ServiceCategory.PAAS, ServiceCategory.SAAS})


class ExitPlan(StrEnum):
    NONE = "none"
    DOCUMENTED = "documented"
    TESTED = "tested"


class RelianceLevel(StrEnum):
    """DORA RoI 'level of reliance on the ICT service supporting the function'."""

    NOT_SIGNIFICANT = "not_significant"
    LOW = "low"
    MATERIAL = "material"
    FULL = "full"


class Substitutability(StrEnum):
    """DORA RoI 'substitutability of the ICT third-party service provider'."""

    NOT_SUBSTITUTABLE = "not_substitutable"
    HIGHLY_COMPLEX = "highly_complex"
    MEDIUM = "medium"
    EASY = "easy"


class Reintegration(StrEnum):
    """DORA RoI 'possibility of reintegration of the contracted ICT service'."""

    EASY = "easy"
    DIFFICULT = "difficult"
    HIGHLY_COMPLEX = "highly_complex"


class Sensitivity(StrEnum):
    """DORA RoI 'sensitiveness of the data stored by the ICT third-party service provider'."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


ALIASES: dict[type[StrEnum], dict[str, str]] = {
    ServiceCategory: {
        "e_mail_collaboration": "email_collaboration",
        "email": "email_collaboration",
        "collaboration": "email_collaboration",
        "erp": "erp_crm",
        "crm": "erp_crm",
        "office": "office_suite",
        "operating_system": "desktop_os",
        "network": "network_equipment",
        "security": "security_product",
        "cloud_services_iaas": "iaas",
        "cloud_services_paas": "paas",
        "cloud_services_saas": "saas",
    },
    ExitPlan: {"no": "none", "yes": "documented", "documented_and_tested": "tested"},
    RelianceLevel: {
        "not_significant_reliance": "not_significant",
        "low_reliance": "low",
        "material_reliance": "material",
        "full_reliance": "full",
    },
    Substitutability: {
        "easily_substitutable": "easy",
        "highly_complex_substitutability": "highly_complex",
        "medium_complexity_in_terms_of_substitutability": "medium",
        "medium_complexity": "medium",
    },
    Reintegration: {},
    Sensitivity: {},
}


def normalise_word(value: str) -> str:
    """``'Full reliance'`` → ``'full_reliance'``; ``'ERP/CRM'`` → ``'erp_crm'``."""
    return re.sub(r"[^a-z0-9]+", "_", value.strip().lower()).strip("_")


def parse_choice(enum: type[StrEnum], value: str) -> str:
    """The enum value a user's word stands for; raises ``ValueError`` listing the choices."""
    word = normalise_word(value)
    word = ALIASES.get(enum, {}).get(word, word)
    try:
        return enum(word).value
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise ValueError(f"'{value}' is not one of: {choices}") from None
