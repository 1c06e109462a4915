# SPDX-License-Identifier: EUPL-1.2
"""English labels (message ids) for the closed vocabularies; translated through the catalogues."""

from __future__ import annotations

from enum import StrEnum

from dosa.i18n import Localizer
from dosa.model.vocab import (
    ActionScope,
    ActionStatus,
    JudgementKind,
    PriorityKind,
    Reliance,
    RequiresMode,
    Scope,
    Stage,
    SubjectKind,
)


def N_(message: str) -> str:
    return message


LABELS: dict[StrEnum, str] = {
    Stage.EXTRACTION: N_("extraction"),
    Stage.PROCESSING: N_("processing"),
    Stage.DESIGN: N_("design"),
    Stage.EDA_IP: N_("design software and IP"),
    Stage.MATERIALS: N_("materials"),
    Stage.EQUIPMENT: N_("equipment"),
    Stage.FABRICATION: N_("fabrication"),
    Stage.ASSEMBLY_TEST_PACKAGING: N_("assembly, test and packaging"),
    Stage.MANUFACTURING: N_("manufacturing"),
    Stage.DEVELOPMENT: N_("development"),
    Stage.PROVISION: N_("provision"),
    Stage.SOURCING: N_("sourcing"),
    Stage.INVESTMENT: N_("investment"),
    Scope.GLOBAL: N_("world"),
    Scope.GLOBAL_EXCL_CHINA: N_("world excluding China"),
    Scope.EUROPE: N_("Europe"),
    Scope.EU: N_("EU"),
    Scope.NL: N_("Netherlands"),
    SubjectKind.RAW_MATERIAL: N_("raw material"),
    SubjectKind.COMPONENT: N_("component"),
    SubjectKind.TECHNOLOGY: N_("technology"),
    SubjectKind.PRODUCT: N_("product"),
    SubjectKind.SERVICE: N_("service"),
    PriorityKind.SPECIFIC: N_("specific"),
    PriorityKind.CROSS_CUTTING: N_("cross-cutting"),
    ActionStatus.LOPEND: N_("ongoing"),
    ActionStatus.NIEUW: N_("new"),
    ActionScope.NATIONAAL: N_("national"),
    ActionScope.EU: N_("EU"),
    RequiresMode.ALL: N_("needed"),
    RequiresMode.ALTERNATIVE: N_("alternative"),
    JudgementKind.SUBSTITUTABILITY: N_("substitutability"),
    JudgementKind.LOCK_IN: N_("lock-in"),
    JudgementKind.TIME_TO_SUBSTITUTE: N_("time to substitute"),
    JudgementKind.MUTUAL_DEPENDENCE: N_("mutual dependence"),
    Reliance.LOW: N_("low"),
    Reliance.MEDIUM: N_("medium"),
    Reliance.HIGH: N_("high"),
}


def label(value: StrEnum | None, loc: Localizer) -> str:
    """The translated label of a vocabulary value; its raw value when dosa has no label for it."""
    if value is None:
        return ""
    message = LABELS.get(value)
    return loc.gettext(message) if message else str(value.value).replace("_", " ")
