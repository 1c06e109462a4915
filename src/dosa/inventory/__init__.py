# SPDX-License-Identifier: EUPL-1.2
"""The organisation inventory: SBOMs and service lists, analysed for vendor, jurisdiction and
concentration, with where-used across the portfolio and cloud-sovereignty assessments.
"""

from dosa.inventory.analysis import Concentration, concentration
from dosa.inventory.cloud import CloudAssessment, assess, load_framework, read_answers
from dosa.inventory.importer import FileOutcome, Importer, ImportSummary, Status, import_paths
from dosa.inventory.mapping import VendorMap, VendorProfile, load_vendor_map
from dosa.inventory.national import SubjectRating, SubjectRatings
from dosa.inventory.project import ProjectAnalysis, analyse_project
from dosa.inventory.sbom import ParsedSbom, SbomFormat, parse_sbom
from dosa.inventory.services import Service, read_services_file
from dosa.inventory.template import write_template
from dosa.inventory.where_used import WhereUsed, parse_query, where_used

__all__ = [
    "CloudAssessment",
    "Concentration",
    "FileOutcome",
    "ImportSummary",
    "Importer",
    "ParsedSbom",
    "ProjectAnalysis",
    "SbomFormat",
    "Service",
    "Status",
    "SubjectRating",
    "SubjectRatings",
    "VendorMap",
    "VendorProfile",
    "WhereUsed",
    "analyse_project",
    "assess",
    "concentration",
    "import_paths",
    "load_framework",
    "load_vendor_map",
    "parse_query",
    "parse_sbom",
    "read_answers",
    "read_services_file",
    "where_used",
    "write_template",
]
