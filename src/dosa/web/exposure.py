# SPDX-License-Identifier: EUPL-1.2
"""Exposure on the dashboard and under ``/v1``: a portfolio page, a page per project, and the
findings as JSON. Thin: :mod:`dosa.exposure` computes; pages render with the report's content
model (tables with exports, bar charts as inline SVG, no JavaScript)."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from dosa.errors import UnknownIdError
from dosa.exposure.findings import ExposureReport, Finding
from dosa.i18n import Localizer, localizer
from dosa.report import charts
from dosa.report.content import Chart, Section, column, table_of, table_of_rows
from dosa.report.labels import N_
from dosa.tables import Table
from dosa.web.api import ApiModel
from dosa.web.state import app_state

router = APIRouter()
Lang = Annotated[str, Path(pattern="^(nl|en)$", description="Language: nl or en")]
ScopeName = Annotated[str | None, Query(max_length=200)]
SEVERITIES = ("CRITICAL", "HIGH", "MODERATE", "MEDIUM", "LOW", "NONE", "")
SEVERITY_LABELS = {
    "CRITICAL": N_("critical"),
    "HIGH": N_("high"),
    "MODERATE": N_("moderate"),
    "MEDIUM": N_("medium"),
    "LOW": N_("low"),
    "NONE": N_("none"),
    "": N_("not rated"),
}

CLASS_LABELS = {
    "high_risk": N_("high-risk country"),
    "non_eu": N_("outside the EU/EEA"),
    "eu_eea": N_("EU/EEA"),
    "unknown": N_("unknown"),
}


def _report(request: Request, project: str | None = None, organisation: str | None = None) -> ExposureReport:
    """The exposure of the projects in scope that the reader may see (:mod:`dosa.web.visibility`)."""
    from dosa.exposure import build_exposure
    from dosa.inventory.mapping import VendorMap
    from dosa.store import open_existing_store
    from dosa.web.visibility import visibility

    store = open_existing_store(app_state(request).settings.db, missing_ok=True)
    if store is None:
        if project or organisation:
            raise UnknownIdError(f"no inventory project '{project or organisation}'", hint="import one first")
        return ExposureReport("all projects")
    dataset = app_state(request).dataset
    visible = visibility(request).projects(store)
    return build_exposure(
        store, project=project, organisation=organisation, vendors=VendorMap(dataset), dataset=dataset, visible=visible
    )


# --- pages ----------------------------------------------------------------------------------


def _yes(value: bool, loc: Localizer) -> str:
    return loc.gettext("yes") if value else loc.gettext("no")


def _number(value: float | None, loc: Localizer, decimals: int = 1) -> str:
    return "" if value is None else loc.number(value, decimals)


def _severity(finding: Finding, loc: Localizer) -> str:
    return loc.gettext(SEVERITY_LABELS.get(finding.severity, SEVERITY_LABELS[""]))


def severity_chart(report: ExposureReport, loc: Localizer, chart_id: str) -> Chart:
    counts = Counter(f.severity if f.severity in SEVERITY_LABELS else "" for f in report.findings)
    bars = [
        charts.Bar(loc.gettext(SEVERITY_LABELS[s]), counts[s], loc.number(counts[s], 0))
        for s in SEVERITIES
        if counts[s]
    ]
    caption = loc.gettext("Open findings by severity")
    alt = loc.gettext("Bar chart of open findings by severity: {values}.").format(
        values="; ".join(f"{b.label} {b.value_text}" for b in bars)
    )
    table = table_of_rows(
        loc,
        caption,
        [
            column(loc, "severity", loc.gettext("Severity")),
            column(loc, "findings", loc.gettext("Findings"), numeric=True),
        ],
        [[b.label, b.value_text] for b in bars],
        data=[[b.label, int(b.value)] for b in bars],
    )
    svg = charts.bar_chart(chart_id, caption, alt, bars, unit_max=max([b.value for b in bars] + [1]))
    source = loc.gettext("advisories as imported (OSV, CSAF); severity as the advisory states it")
    return Chart(chart_id, caption, svg, source, table, alt)


def kev_chart(report: ExposureReport, loc: Localizer) -> Chart:
    rows = [r for r in report.rollup() if r["findings"]]
    bars = [charts.Bar(r["project"], r["kev_findings"], loc.number(r["kev_findings"], 0)) for r in rows]
    caption = loc.gettext("Findings on the CISA KEV list, per project")
    alt = loc.gettext("Bar chart of KEV-listed findings per project: {values}.").format(
        values="; ".join(f"{b.label} {b.value_text}" for b in bars)
    )
    table = table_of_rows(
        loc,
        caption,
        [
            column(loc, "project", loc.gettext("Project")),
            column(loc, "kev_listed_findings", loc.gettext("KEV-listed findings"), numeric=True),
        ],
        [[b.label, b.value_text] for b in bars],
        data=[[b.label, int(b.value)] for b in bars],
    )
    svg = charts.bar_chart("chart-kev", caption, alt, bars, unit_max=max([b.value for b in bars] + [1]))
    source = loc.gettext("CISA Known Exploited Vulnerabilities catalogue (CC0) as imported")
    return Chart("chart-kev", caption, svg, source, table, alt)


def findings_table(findings: list[Finding], loc: Localizer, caption: str) -> Table:
    def kev(f: Finding) -> str:
        return f"{_yes(True, loc)} ({f.kev_date_added})" if f.kev else _yes(False, loc)

    def epss(f: Finding) -> str:
        if f.epss is None:
            return ""
        return f"{loc.number(f.epss * 100, 1)} % (p{loc.number((f.epss_percentile or 0) * 100, 0)})"

    def jurisdiction(f: Finding) -> str:
        if not f.jurisdiction:
            return loc.gettext("unknown")
        cls = loc.gettext(CLASS_LABELS.get(f.jurisdiction_class, CLASS_LABELS["unknown"]))
        return f"{f.jurisdiction} ({cls})"

    columns = [
        column(loc, "project", loc.gettext("Project"), lambda f: f.project),
        column(loc, "sbom", loc.gettext("SBOM"), lambda f: f"{f.subject} {f.subject_version}"),
        column(loc, "component", loc.gettext("Component"), lambda f: f.component),
        column(loc, "version", loc.gettext("Version"), lambda f: f.version),
        column(
            loc,
            "vulnerability",
            loc.gettext("Vulnerability"),
            lambda f: f.vulnerability,
            show=lambda f: " / ".join(f.ids),
        ),
        column(loc, "severity", loc.gettext("Severity"), lambda f: f.severity, show=lambda f: _severity(f, loc)),
        column(loc, "cvss", "CVSS", lambda f: f.cvss, show=lambda f: _number(f.cvss, loc), numeric=True),
        column(loc, "kev", "KEV", lambda f: f.kev_date_added if f.kev else "", show=kev),
        column(loc, "epss", "EPSS", lambda f: f.epss, show=epss),
        column(
            loc, "fixed_in", loc.gettext("Fixed in"), lambda f: "; ".join(f.fixed), show=lambda f: ", ".join(f.fixed)
        ),
        column(loc, "supplier", loc.gettext("Supplier"), lambda f: f.supplier),
        column(loc, "group", loc.gettext("Group"), lambda f: f.group),
        column(loc, "jurisdiction", loc.gettext("Jurisdiction"), lambda f: f.jurisdiction, show=jurisdiction),
        column(
            loc,
            "services",
            loc.gettext("Services"),
            lambda f: "; ".join(f.services),
            show=lambda f: ", ".join(f.services),
        ),
    ]
    return table_of(loc, caption, findings, columns)


def suppressed_table(findings: list[Finding], loc: Localizer) -> Table:
    rows = []
    for f in findings:
        assert f.vex is not None
        rows.append(
            [
                f.project,
                f"{f.subject} {f.subject_version}",
                f"{f.component} {f.version}",
                f.vulnerability,
                f.vex.status,
                f.vex.justification,
                f.vex.detail,
                f.vex.origin,
            ]
        )
    return table_of_rows(
        loc,
        loc.gettext("Findings suppressed by VEX statements"),
        [
            column(loc, "project", loc.gettext("Project")),
            column(loc, "sbom", loc.gettext("SBOM")),
            column(loc, "component", loc.gettext("Component")),
            column(loc, "vulnerability", loc.gettext("Vulnerability")),
            column(loc, "vex_status", loc.gettext("VEX status")),
            column(loc, "justification", loc.gettext("Justification")),
            column(loc, "explanation", loc.gettext("Explanation")),
            column(loc, "vex_document", loc.gettext("VEX document")),
        ],
        rows,
    )


def exposure_sections(report: ExposureReport, loc: Localizer, *, portfolio: bool) -> list[Section]:
    summary = Section(id="exposure-summary", title=loc.gettext("Summary"))
    kev = [f for f in report.findings if f.kev]
    summary.paragraphs.append(
        loc.gettext(
            "{findings} open findings in {components} components; {kev} on the CISA list of known exploited "
            "vulnerabilities; {suppressed} suppressed by VEX. Checked against {advisories} advisories."
        ).format(
            findings=len(report.findings),
            components=len({(f.project, f.subject, f.component, f.version) for f in report.findings}),
            kev=len(kev),
            suppressed=len(report.suppressed),
            advisories=report.advisories,
        )
    )
    if report.findings:
        summary.charts.append(severity_chart(report, loc, "chart-severity"))
    sections = [summary]
    if portfolio:
        projects = Section(id="exposure-projects", title=loc.gettext("Projects that run a KEV-listed component"))
        rollup = report.rollup()
        if rollup:
            projects.charts.append(kev_chart(report, loc))
            projects.tables.append(
                table_of_rows(
                    loc,
                    loc.gettext("Exposure per project"),
                    [
                        column(loc, "project", loc.gettext("Project")),
                        column(loc, "exposed_components", loc.gettext("Exposed components"), numeric=True),
                        column(loc, "findings", loc.gettext("Findings"), numeric=True),
                        column(loc, "kev_listed_findings", loc.gettext("KEV-listed findings"), numeric=True),
                        column(loc, "highest_cvss", loc.gettext("Highest CVSS"), numeric=True),
                        column(loc, "suppressed_by_vex", loc.gettext("Suppressed by VEX"), numeric=True),
                        column(loc, "kev_listed_components", loc.gettext("KEV-listed components")),
                    ],
                    [
                        [
                            r["project"],
                            str(r["components"]),
                            str(r["findings"]),
                            str(r["kev_findings"]),
                            _number(r["max_cvss"], loc),
                            str(r["suppressed"]),
                            ", ".join(r["kev_components"]),
                        ]
                        for r in rollup
                    ],
                    links=[[f"exposure/{r['project']}", None, None, None, None, None, None] for r in rollup],
                )
            )
        else:
            projects.paragraphs.append(loc.gettext("No project has a known vulnerability in the imported advisories."))
        sections.append(projects)
    found = Section(id="exposure-findings", title=loc.gettext("Known vulnerabilities"))
    if report.findings:
        found.tables.append(findings_table(report.findings, loc, loc.gettext("Known vulnerabilities")))
    else:
        found.paragraphs.append(loc.gettext("Nothing to show."))
    found.notes.append(
        loc.gettext(
            "One row per vulnerability (its CVE, GHSA and other ids merged) per component of an SBOM. Supplier, "
            "group and jurisdiction come from the inventory's vendor mapping; unknown when not mapped."
        )
    )
    sections.append(found)
    if report.suppressed:
        vex = Section(id="exposure-vex", title=loc.gettext("Suppressed by VEX"))
        vex.tables.append(suppressed_table(report.suppressed, loc))
        sections.append(vex)
    return sections


@router.get("/{lang}/exposure", include_in_schema=False)
def exposure_page(request: Request, lang: Lang) -> Response:
    from dosa.web.pages import page_or_export

    loc = localizer(lang)
    report = _report(request)
    return page_or_export(
        request, lang, "page.html.j2", loc.gettext("Exposure"), exposure_sections(report, loc, portfolio=True)
    )


@router.get("/{lang}/exposure/{project:path}", include_in_schema=False)
def exposure_project_page(request: Request, lang: Lang, project: str) -> Response:
    from dosa.web.pages import page_or_export

    loc = localizer(lang)
    report = _report(request, project=project)
    return page_or_export(
        request,
        lang,
        "page.html.j2",
        loc.gettext("Exposure of {project}").format(project=project),
        exposure_sections(report, loc, portfolio=False),
        breadcrumbs=[("exposure", loc.gettext("Exposure"))],
    )


# --- /v1 ------------------------------------------------------------------------------------


class VexOut(ApiModel):
    status: str
    justification: str
    detail: str
    source: str


class FindingOut(ApiModel):
    vulnerability: str
    ids: list[str]
    summary: str
    severity: str
    cvss: float | None
    kev: bool
    kev_date_added: str | None
    epss: float | None
    epss_percentile: float | None
    fixed_versions: list[str]
    project: str
    subject: str
    subject_version: str
    component: str
    version: str
    purl: str
    supplier: str
    group: str
    jurisdiction: str | None
    jurisdiction_class: str
    services: list[str]
    advisories: list[str]
    vex: VexOut | None


class ProjectExposureOut(ApiModel):
    project: str
    exposed_components: int
    findings: int
    kev_findings: int
    max_cvss: float | None
    suppressed: int
    kev_components: list[str]


class ExposureOut(ApiModel):
    scope: str
    advisories: int
    findings: list[FindingOut]
    suppressed: list[FindingOut]
    portfolio: list[ProjectExposureOut]


def _finding(f: Finding) -> FindingOut:
    return FindingOut(
        vulnerability=f.vulnerability,
        ids=list(f.ids),
        summary=f.summary,
        severity=f.severity,
        cvss=f.cvss,
        kev=f.kev,
        kev_date_added=f.kev_date_added or None,
        epss=f.epss,
        epss_percentile=f.epss_percentile,
        fixed_versions=list(f.fixed),
        project=f.project,
        subject=f.subject,
        subject_version=f.subject_version,
        component=f.component,
        version=f.version,
        purl=f.purl,
        supplier=f.supplier,
        group=f.group,
        jurisdiction=f.jurisdiction or None,
        jurisdiction_class=f.jurisdiction_class,
        services=list(f.services),
        advisories=list(f.advisories),
        vex=VexOut(status=f.vex.status, justification=f.vex.justification, detail=f.vex.detail, source=f.vex.origin)
        if f.vex
        else None,
    )


api_router = APIRouter(prefix="/v1", tags=["exposure"])


@api_router.get(
    "/exposure",
    response_model=ExposureOut,
    summary="Known vulnerabilities in the inventory (one project, an organisation's projects, or all)",
    responses={404: {"description": "No inventory project has this name (or none belongs to the organisation)"}},
)
def exposure_api(request: Request, project: ScopeName = None, organisation: ScopeName = None) -> Any:
    report = _report(request, project, organisation)
    return ExposureOut(
        scope=report.scope,
        advisories=report.advisories,
        findings=[_finding(f) for f in report.findings],
        suppressed=[_finding(f) for f in report.suppressed],
        portfolio=[
            ProjectExposureOut(
                project=r["project"],
                exposed_components=r["components"],
                findings=r["findings"],
                kev_findings=r["kev_findings"],
                max_cvss=r["max_cvss"],
                suppressed=r["suppressed"],
                kev_components=r["kev_components"],
            )
            for r in report.rollup()
        ],
    )
