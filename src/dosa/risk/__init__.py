# SPDX-License-Identifier: EUPL-1.2
"""The risk engine: the agenda's definition of a risky strategic dependency, scored and explained.

``assess(dataset)`` scores every subject for interruption of supply and third-party access to
sensitive information; ``explain`` says why; ``crm`` reproduces the EU critical-raw-materials method.
"""

from dosa.risk.engine import assess
from dosa.risk.explain import Explanation, explain
from dosa.risk.method import Harm, Level, Method, RiskClass, load_method
from dosa.risk.score import Assessment, HarmResult, SubjectResult, rollups
from dosa.risk.uncertainty import sensitivity

__all__ = [
    "Assessment",
    "Explanation",
    "Harm",
    "HarmResult",
    "Level",
    "Method",
    "RiskClass",
    "SubjectResult",
    "assess",
    "explain",
    "load_method",
    "rollups",
    "sensitivity",
]
