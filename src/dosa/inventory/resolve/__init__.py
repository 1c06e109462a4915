# SPDX-License-Identifier: EUPL-1.2
"""Component → maintainer organisation → ultimate parent → jurisdictions, with evidence and confidence.

``resolve_component(ComponentRecord(purl=…, supplier=…, manufacturer=…, vcs_url=…, website_url=…))``
returns a :class:`Resolution`; :func:`coverage` measures how much of an SBOM it names, per ecosystem.
"""

from dosa.inventory.resolve.coverage import CoverageTable, EcosystemCoverage, coverage, ecosystem_of, record_of
from dosa.inventory.resolve.resolver import (
    ComponentRecord,
    Confidence,
    Evidence,
    Jurisdiction,
    Resolution,
    Resolver,
    default_resolver,
    resolve_component,
)
from dosa.inventory.resolve.tables import Organisation, Tables, load_tables

__all__ = [
    "ComponentRecord",
    "Confidence",
    "CoverageTable",
    "EcosystemCoverage",
    "Evidence",
    "Jurisdiction",
    "Organisation",
    "Resolution",
    "Resolver",
    "Tables",
    "coverage",
    "default_resolver",
    "ecosystem_of",
    "load_tables",
    "record_of",
    "resolve_component",
]
