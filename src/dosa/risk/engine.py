# SPDX-License-Identifier: EUPL-1.2
"""The risk engine's entry point: score every subject (:mod:`dosa.risk.score`), then, unless asked
not to, run the seeded Monte Carlo over the uncertain inputs (:mod:`dosa.risk.uncertainty`).

Kept apart from both so that neither imports the other back.
"""

from __future__ import annotations

from dosa.dataset.model import Dataset
from dosa.risk.method import Method
from dosa.risk.score import Assessment, score_all
from dosa.risk.uncertainty import monte_carlo


def assess(
    dataset: Dataset,
    method: Method | None = None,
    *,
    uncertainty: bool = True,
    draws: int | None = None,
    seed: int | None = None,
) -> Assessment:
    """Score and rank every subject of ``dataset``; with ``uncertainty``, run the seeded Monte Carlo."""
    assessment = score_all(dataset, method)
    if uncertainty and assessment.results:
        assessment = monte_carlo(assessment, draws=draws, seed=seed)
    return assessment
