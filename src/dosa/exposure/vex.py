# SPDX-License-Identifier: EUPL-1.2
"""Write the organisation's own CycloneDX VEX (1.6) from an exposure report.

Each finding becomes a statement about the SBOM subject that contains the component: open
findings are ``in_triage`` (dosa knows the component is in range, not whether it is exploitable),
suppressed findings carry the VEX status, justification and detail they were suppressed with.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from typing import Any

from dosa import __version__
from dosa.exposure.findings import ExposureReport, Finding

STATES = {"not_affected": "not_affected", "fixed": "resolved"}
CDX_JUSTIFICATIONS = {
    "code_not_present",
    "code_not_reachable",
    "requires_configuration",
    "requires_dependency",
    "requires_environment",
    "protected_by_compiler",
    "protected_at_runtime",
    "protected_at_perimeter",
    "protected_by_mitigating_control",
}
OPENVEX_TO_CDX = {
    "component_not_present": "code_not_present",
    "vulnerable_code_not_present": "code_not_present",
    "vulnerable_code_not_in_execute_path": "code_not_reachable",
    "vulnerable_code_cannot_be_controlled_by_adversary": "protected_by_mitigating_control",
    "inline_mitigations_already_exist": "protected_by_mitigating_control",
}


def _severity(finding: Finding) -> str:
    """CycloneDX severities: GitHub's MODERATE is CycloneDX's medium."""
    label = finding.severity.lower()
    label = {"moderate": "medium"}.get(label, label)
    return label if label in {"critical", "high", "medium", "low", "info", "none"} else "unknown"


def _analysis(finding: Finding) -> dict[str, Any]:
    if finding.vex is None or not finding.suppressed:
        return {"state": "in_triage", "detail": "Component version is in an affected range; not yet analysed."}
    analysis: dict[str, Any] = {"state": STATES[finding.vex.status]}
    justification = OPENVEX_TO_CDX.get(finding.vex.justification, finding.vex.justification)
    if justification in CDX_JUSTIFICATIONS:
        analysis["justification"] = justification
    detail = finding.vex.detail or finding.vex.justification
    if detail:
        analysis["detail"] = detail
    return analysis


def write_vex(report: ExposureReport, now: dt.datetime | None = None) -> str:
    """The report as a CycloneDX 1.6 VEX document (JSON text)."""
    moment = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    grouped: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in [*report.findings, *report.suppressed]:
        grouped[(finding.vulnerability, finding.purl or f"{finding.component}@{finding.version}")].append(finding)
    vulnerabilities = []
    for (vulnerability, ref), findings in sorted(grouped.items()):
        first = findings[0]
        entry: dict[str, Any] = {
            "id": vulnerability,
            "analysis": _analysis(first),
            "affects": [{"ref": ref}],
        }
        others = [i for i in first.ids if i != vulnerability]
        if others:
            entry["references"] = [
                {"id": i, "source": {"name": "GitHub Advisory Database" if i.startswith("GHSA-") else "advisory"}}
                for i in others
            ]
        if first.cvss is not None:
            entry["ratings"] = [
                {
                    "score": first.cvss,
                    "severity": _severity(first),
                    "method": "CVSSv31" if first.vector.startswith("CVSS:3.1") else "other",
                    "vector": first.vector,
                }
            ]
        subjects = sorted({f"{f.project}/{f.subject}@{f.subject_version}" for f in findings})
        entry["properties"] = [{"name": "dosa:subject", "value": s} for s in subjects]
        vulnerabilities.append(entry)
    document = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": f"urn:uuid:{uuid.uuid4()}",
        "version": 1,
        "metadata": {
            "timestamp": moment.isoformat().replace("+00:00", "Z"),
            "tools": {"components": [{"type": "application", "name": "dosa", "version": __version__}]},
            "properties": [{"name": "dosa:scope", "value": report.scope}],
        },
        "vulnerabilities": vulnerabilities,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
