# SPDX-License-Identifier: EUPL-1.2
"""The domain model: closed vocabularies and immutable records."""

from dosa.model.entities import (
    Action,
    Citation,
    Country,
    Dependency,
    Fact,
    Judgement,
    Layer,
    Organisation,
    Priority,
    PublicInterest,
    RequiresEdge,
    Share,
    Source,
    Subject,
    Supplier,
    TextLocation,
    Timeline,
    VitalProcess,
)

__all__ = [
    "Action",
    "Citation",
    "Country",
    "Dependency",
    "Fact",
    "Judgement",
    "Layer",
    "Organisation",
    "Priority",
    "PublicInterest",
    "RequiresEdge",
    "Share",
    "Source",
    "Subject",
    "Supplier",
    "TextLocation",
    "Timeline",
    "VitalProcess",
]
