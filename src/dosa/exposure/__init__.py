# SPDX-License-Identifier: EUPL-1.2
"""Exposure: known vulnerabilities and advisories matched across the inventory.

Reads OSV records, CSAF 2.0 advisories, the CISA KEV catalogue, EPSS scores and VEX statements
(CycloneDX VEX, OpenVEX, CSAF VEX profile) from files, offline; matches every inventory component
(purl + version, CPE where there is no purl) with each ecosystem's version rules; and tells which
projects, SBOMs, services, suppliers and jurisdictions are exposed.
"""

from dosa.exposure.findings import ExposureReport, Finding, build_exposure
from dosa.exposure.importer import FileResult, import_advisories
from dosa.exposure.vex import write_vex

__all__ = ["ExposureReport", "FileResult", "Finding", "build_exposure", "import_advisories", "write_vex"]
