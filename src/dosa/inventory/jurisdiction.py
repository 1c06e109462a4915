# SPDX-License-Identifier: EUPL-1.2
"""Where a country stands relative to the Netherlands, read from the dataset's countries.

Only what the dataset records is used: a country it does not list is ``unknown``, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pycountry

from dosa.dataset.model import Dataset
from dosa.model.vocab import CyberProgramme


class JurisdictionClass(StrEnum):
    HIGH_RISK = "high_risk"
    """Dutch threat assessments name the country's offensive cyber programme against the Netherlands."""
    NON_EU = "non_eu"
    """Outside the EU/EEA: its authorities can compel access under non-EU law."""
    EU_EEA = "eu_eea"
    UNKNOWN = "unknown"
    """Not stated, or a country the dataset does not describe."""


CLASS_ORDER = {
    JurisdictionClass.HIGH_RISK: 0,
    JurisdictionClass.NON_EU: 1,
    JurisdictionClass.UNKNOWN: 2,
    JurisdictionClass.EU_EEA: 3,
}


@dataclass(frozen=True)
class JurisdictionProfile:
    code: str | None
    name: str
    cls: JurisdictionClass
    eu_member: bool | None = None
    eea_member: bool | None = None
    nato_member: bool | None = None
    offensive_cyber_programme: str = CyberProgramme.UNKNOWN.value
    source: str = ""
    """The dataset source the country's record cites."""


def classify(code: str | None, dataset: Dataset | None) -> JurisdictionProfile:
    """Classify a country (ISO alpha-2) by the dataset's record of it."""
    if not code:
        return JurisdictionProfile(None, "unknown", JurisdictionClass.UNKNOWN)
    country = dataset.countries.get(code) if dataset is not None else None
    if country is None:
        known = pycountry.countries.get(alpha_2=code)
        return JurisdictionProfile(code, str(known.name) if known else code, JurisdictionClass.UNKNOWN)
    if country.offensive_cyber_programme_against_nl is CyberProgramme.YES:
        cls = JurisdictionClass.HIGH_RISK
    elif country.eu_member or country.eea_member:
        cls = JurisdictionClass.EU_EEA
    else:
        cls = JurisdictionClass.NON_EU
    return JurisdictionProfile(
        code,
        country.name_en,
        cls,
        country.eu_member,
        country.eea_member,
        country.nato_member,
        country.offensive_cyber_programme_against_nl.value,
        country.citation.source,
    )
