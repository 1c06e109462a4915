# SPDX-License-Identifier: EUPL-1.2
"""Procurement on the dashboard and the API: SBOM grading rules and grades, the suppliers whose SBOMs
fail a requirement, the cloud-sovereignty framework versions and assessments, and the DORA register check and
export.

Pages under ``/{lang}/procurement``; API under ``/v1/procurement`` and ``/v1/cloud``. Uploads are
read with a size limit and parsed in FastAPI's thread pool (plain ``def`` endpoints), never on the event loop.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, File, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from dosa.errors import InputError
from dosa.i18n import Localizer, foreign, localizer
from dosa.inventory.sbom.reading import read_bytes
from dosa.report.content import Section, column, table_of_rows
from dosa.report.labels import N_
from dosa.web.problems import problem
from dosa.web.state import AppStateDep
from dosa.web.visibility import require_visible

router = APIRouter()
MAX_SBOM_BYTES = 50_000_000
MAX_FILE_BYTES = 5_000_000

REQUIREMENTS = (
    N_("SBOM format and version"),
    N_("Creator of the SBOM (e-mail or URL)"),
    N_("Timestamp"),
    N_("Component creator (e-mail or URL)"),
    N_("Component name"),
    N_("Component version"),
    N_("Filename of the component"),
    N_("Dependencies of the component enumerated"),
    N_("Distribution licences"),
    N_("SHA-512 hash of the deployable component"),
    N_("Executable property"),
    N_("Archive property"),
    N_("Structured property"),
    N_("Supplier name"),
    N_("Version of the component"),
    N_("Other unique identifiers"),
    N_("Dependency relationship"),
    N_("Author of SBOM data"),
    N_("SBOM Author"),
    N_("Software Producer"),
    N_("Component Name"),
    N_("Component Version"),
    N_("Software Identifiers (at least one)"),
    N_("Component Hash"),
    N_("License"),
    N_("Dependency Relationship"),
    N_("Tool Name"),
    N_("Generation Context"),
)
"""The requirement names of the grading rules, so that the dashboard shows them in Dutch too."""
WORDS = {
    "document": N_("document"),
    "component": N_("component"),
    "yes": N_("yes"),
    "no": N_("no"),
    "not_checked": N_("not checked"),
}


def clause_title(clause: str) -> str:
    """A clause reference as the standard words it: the English title of an English publication
    (NTIA, CISA, the English edition of BSI TR-03183-2), marked as English on a Dutch page."""
    return foreign(clause, "en")


def rules_section(loc: Localizer) -> Section:
    from dosa.procurement.sbom_grade import RULES

    section = Section(id="sbom-rules", title=loc.gettext("SBOM quality: the rules"))
    section.paragraphs.append(
        loc.gettext(
            "Every rule checks one requirement of BSI TR-03183-2 v2.1.0, the NTIA minimum elements (2021) or "
            "CISA's minimum elements (2025 draft), on the document or on every component. Grade SBOMs with "
            "dosa sbom grade FILES --project NAME; the grades then appear here."
        )
    )
    section.tables.append(
        table_of_rows(
            loc,
            loc.gettext("Grading rules and the clause each implements"),
            [
                column(loc, "rule", loc.gettext("Rule")),
                column(loc, "level", loc.gettext("Level")),
                column(loc, "requirement", loc.gettext("Requirement")),
                column(loc, "clause", loc.gettext("Clause")),
            ],
            [
                [r.id, loc.gettext(WORDS[r.level.value]), loc.gettext(r.requirement), clause_title(r.clause)]
                for r in RULES
            ],
        )
    )
    section.notes.append(
        loc.gettext(
            "The score per profile is dosa's judgement: 100 times the mean share satisfied over the rules "
            "that could be checked. An SBOM meets a profile only when every rule passes."
        )
    )
    return section


def grades_sections(db: Any, project: str, loc: Localizer) -> list[Section]:
    from dosa.procurement.grades import load_grades, supplier_view
    from dosa.store import open_store

    grades = load_grades(open_store(db), project)
    summary = Section(id="sbom-grades", title=loc.gettext("SBOM grades of {project}").format(project=project))
    if not grades:
        summary.paragraphs.append(loc.gettext("No SBOM has been graded in this project yet."))
        return [summary]
    summary.tables.append(
        table_of_rows(
            loc,
            loc.gettext("SBOM grades of {project}").format(project=project),
            [
                column(loc, "file", loc.gettext("File")),
                column(loc, "supplier", loc.gettext("Supplier")),
                column(loc, "profile", loc.gettext("Profile")),
                column(loc, "score", loc.gettext("Score"), numeric=True),
                column(loc, "meets", loc.gettext("Meets")),
                column(loc, "components", loc.gettext("Components"), numeric=True),
            ],
            [
                [
                    g.source,
                    g.supplier,
                    g.profile,
                    loc.number(g.score),
                    loc.gettext(WORDS[g.meets]),
                    str(g.component_count),
                ]
                for g in grades
            ],
            data=[[g.source, g.supplier, g.profile, g.score, g.meets, g.component_count] for g in grades],
        )
    )
    view = supplier_view(grades)
    suppliers = Section(id="sbom-suppliers", title=loc.gettext("Suppliers whose SBOMs fail a requirement"))
    if not view:
        suppliers.paragraphs.append(loc.gettext("Every graded SBOM meets every requirement."))
    else:
        suppliers.tables.append(
            table_of_rows(
                loc,
                loc.gettext("Suppliers whose SBOMs fail a requirement"),
                [
                    column(loc, "supplier", loc.gettext("Supplier")),
                    column(loc, "rule", loc.gettext("Rule")),
                    column(loc, "requirement", loc.gettext("Requirement")),
                    column(loc, "clause", loc.gettext("Clause")),
                    column(loc, "sboms", loc.gettext("SBOMs"), numeric=True),
                    column(loc, "failing_components", loc.gettext("Failing components"), numeric=True),
                ],
                [
                    [
                        v.supplier,
                        v.rule,
                        loc.gettext(v.requirement),
                        clause_title(v.clause),
                        str(len(v.sboms)),
                        str(v.failing_components),
                    ]
                    for v in view
                ],
            )
        )
    return [summary, suppliers]


def cloud_section(loc: Localizer) -> Section:
    from dosa.inventory.cloud import FRAMEWORK_VERSIONS, framework_for

    section = Section(id="cloud-frameworks", title=loc.gettext("Cloud sovereignty: framework versions"))
    section.paragraphs.append(
        loc.gettext(
            "dosa scores cloud services on the EU Cloud Sovereignty Framework {versions}. The Commission's "
            "implementation guidance and 48-criteria calculator of June 2026 were not found in a primary source, "
            "so dosa does not implement them; docs/procurement.md says what was searched."
        ).format(versions=", ".join(FRAMEWORK_VERSIONS))
    )
    framework = framework_for(None)
    section.tables.append(
        table_of_rows(
            loc,
            loc.gettext("Objectives and weights of framework {version}").format(version=framework.version),
            [
                column(loc, "objective", loc.gettext("Objective")),
                column(loc, "weight", loc.gettext("Weight (%)"), numeric=True),
            ],
            [[o.id, loc.number(o.weight_pct, 0)] for o in framework.objectives],
            data=[[o.id, o.weight_pct] for o in framework.objectives],
        )
    )
    return section


def dora_section(loc: Localizer) -> Section:
    from dosa.procurement.dora_model import TEMPLATES

    section = Section(id="dora-register", title=loc.gettext("DORA register of information"))
    section.paragraphs.append(
        loc.gettext(
            "dosa registers dora --organisation FILE --output DIR builds the register from the service inventory "
            "and the organisation file, runs the EBA validation rules and writes the xBRL-CSV package only when "
            "none fails. POST /v1/procurement/dora does the same over the API."
        )
    )
    section.paragraphs.append(
        loc.gettext(
            "For a group, the organisation file lists the group entities under entities and sets reporting.level "
            "to CON: every entity then appears in B_01.02. A contract names who signs it (signed_by), who uses "
            "it (used_by) and, for an intra-group arrangement, the group entity that provides it (provided_by) "
            "and the arrangements that entity relies on (linked); dosa fills B_02.03, B_03.03 and the supply "
            "chain ranks from them. An individual register (IND) lists only its own entity."
        )
    )
    section.paragraphs.append(
        loc.gettext(
            "Template B_99.01 holds the entity's own definitions of the closed-set options it uses (type of "
            "arrangement, sensitiveness of data, impact of discontinuing a function or a service, substitutability, "
            "reintegration). Give them in the definitions section of the organisation file; every option the "
            "register uses without a definition is listed as unfilled."
        )
    )
    section.tables.append(
        table_of_rows(
            loc,
            loc.gettext("Templates of the register"),
            [
                column(loc, "template", loc.gettext("Template")),
                column(loc, "columns", loc.gettext("Columns"), numeric=True),
            ],
            [[t.id, str(len(t.columns))] for t in TEMPLATES],
        )
    )
    return section


@router.get("/{lang}/procurement", include_in_schema=False)
def procurement_page(
    request: Request,
    state: AppStateDep,
    lang: Annotated[str, Path(pattern="^(nl|en)$", description="Language: nl or en")],
    project: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    from dosa.store import database_exists
    from dosa.web.pages import page_or_export

    loc = localizer(lang)
    db = state.settings.db
    sections = [rules_section(loc)]
    if project and database_exists(db):
        require_visible(request, project)
        sections.extend(grades_sections(db, project, loc))
    sections += [cloud_section(loc), dora_section(loc)]
    return page_or_export(request, lang, "page.html.j2", loc.gettext("Procurement"), sections)


# --- API -----------------------------------------------------------------------------------------


@router.get("/v1/procurement/sbom-rules", tags=["procurement"], summary="Every SBOM grading rule and its clause")
def api_rules() -> list[dict[str, str]]:
    from dosa.procurement.sbom_grade import RULES

    return [
        {"id": r.id, "profile": r.profile, "level": r.level.value, "requirement": r.requirement,
         "clause": r.clause, "reads": r.how}
        for r in RULES
    ]  # fmt: skip


def _read_upload(file: UploadFile, limit: int) -> bytes:
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"the file is larger than {limit // 1_000_000} MB", hint="send a smaller file")
    return data


@router.post("/v1/procurement/sbom-grade", tags=["procurement"], summary="Grade one SBOM against every profile")
def api_grade(file: Annotated[UploadFile, File()]) -> dict[str, Any]:
    from dosa.procurement.sbom_grade import grade_source

    data = _read_upload(file, MAX_SBOM_BYTES)
    name = FilePath(file.filename or "sbom").name[:200]
    grade = grade_source(read_bytes(data, name, MAX_SBOM_BYTES))
    return {
        "file": grade.source,
        "sha256": grade.sha256,
        "format": grade.format,
        "spec_version": grade.spec_version,
        "components": grade.component_count,
        "supplier": grade.supplier,
        "profiles": [
            {
                "profile": p.profile,
                "score": p.score,
                "meets": p.meets,
                "rules": [
                    {
                        "rule": r.rule.id,
                        "clause": r.rule.clause,
                        "status": r.status.value,
                        "checked": r.checked,
                        "failed": r.failed,
                        "failing": list(r.failing),
                    }
                    for r in p.results
                ],
            }
            for p in grade.profiles
        ],
    }


@router.get("/v1/procurement/suppliers", tags=["procurement"], summary="Suppliers whose SBOMs fail a requirement")
def api_suppliers(
    request: Request,
    state: AppStateDep,
    project: Annotated[str, Query(max_length=200)],
    profile: Annotated[str | None, Query(pattern="^(bsi|ntia|cisa)$")] = None,
) -> list[dict[str, Any]]:
    from dosa.procurement.grades import load_grades, supplier_view
    from dosa.store import database_exists, open_store

    db = state.settings.db
    if not database_exists(db):
        return []
    require_visible(request, project)
    view = supplier_view(load_grades(open_store(db), project), profile)
    return [
        {"supplier": v.supplier, "profile": v.profile, "rule": v.rule, "requirement": v.requirement,
         "clause": v.clause, "sboms": list(v.sboms), "failing_components": v.failing_components}
        for v in view
    ]  # fmt: skip


@router.get(
    "/v1/cloud/frameworks", tags=["procurement"], summary="Cloud Sovereignty Framework versions dosa implements"
)
def api_frameworks() -> list[dict[str, Any]]:
    from dosa.inventory.cloud import FRAMEWORK_VERSIONS, framework_for

    out = []
    for version in FRAMEWORK_VERSIONS:
        framework = framework_for(version)
        out.append(
            {
                "version": framework.version,
                "objectives": [{"id": o.id, "name": o.name, "weight_pct": o.weight_pct} for o in framework.objectives],
                "source": framework.source,
            }
        )
    return out


@router.post(
    "/v1/cloud/assess",
    tags=["procurement"],
    summary="Score one cloud service from a filled-in answers sheet (XLSX or CSV, as dosa cloud answers writes it)",
    response_model=None,
)
def api_cloud_assess(
    file: Annotated[UploadFile, File(description="Answers sheet: service, framework, criterion, seal, minimum")],
    framework: Annotated[
        str | None, Query(max_length=20, description="Framework version (default: the sheet's)")
    ] = None,
) -> Response:
    """The same assessment as ``dosa cloud assess SHEET``: a buyer scores a bidder's returned sheet without the
    CLI. Every problem in the sheet comes back at once (400, each in ``invalidParams`` with its row and
    column), as the API reports invalid input everywhere."""
    from dosa.errors import RecordsError
    from dosa.inventory import cloud
    from dosa.procurement.cloud_sheet import read_answers_sheet

    suffix = FilePath(file.filename or "").suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise InputError(
            "send the answers sheet as .xlsx or .csv", hint="dosa cloud answers -o answers.xlsx writes one"
        )
    data = _read_upload(file, MAX_FILE_BYTES)
    chosen = cloud.framework_for(framework)
    with tempfile.TemporaryDirectory() as folder:
        path = FilePath(folder) / f"answers{suffix}"
        path.write_bytes(data)
        try:
            service, version, given, floor = read_answers_sheet(path)
        except RecordsError as exc:  # the API's error format: a 400 problem listing every row and column
            invalid = [
                {
                    "name": f"row {p.line or '-'}, {p.field or 'file'}",
                    "reason": p.message + (f" ({p.hint})" if p.hint else ""),
                }
                for p in exc.report.errors
            ]
            return problem(400, exc.message, invalid_params=invalid, instance="/v1/cloud/assess")
    if framework and version != chosen.version:
        raise InputError(f"the sheet is for framework {version}", hint=f"omit framework or use {version}")
    if not service:
        raise InputError("the sheet names no service", hint="fill in the service column")
    result = cloud.assess(service, given, floor, cloud.framework_for(version))
    return JSONResponse(
        {
            "service": result.service,
            "framework": result.framework_version,
            "score": result.score,
            "score_lower_bound": result.score_lower_bound,
            "missing": list(result.missing),
            "eligible": result.eligible,
            "objectives": [
                {
                    "objective": c.objective,
                    "name": c.name,
                    "weight_pct": c.weight_pct,
                    "seal": c.seal,
                    "minimum": c.minimum,
                    "meets_minimum": c.meets_minimum,
                    "points": round(c.points, 4),
                }
                for c in result.contributions
            ],
        }
    )


@router.post(
    "/v1/procurement/dora",
    tags=["procurement"],
    summary="Validate the DORA register of information; with package=true, return the EBA xBRL-CSV package",
    response_model=None,
)
def api_dora(
    organisation: Annotated[UploadFile, File(description="Organisation file (YAML/JSON)")],
    services: Annotated[UploadFile, File(description="Service inventory (CSV, XLSX or YAML)")],
    package: Annotated[bool, Query()] = False,
) -> Response:
    from dosa.inventory.services import read_services
    from dosa.procurement.dora import build_register, read_organisation, write_package

    organisation_data = _read_upload(organisation, MAX_FILE_BYTES)
    services_data = _read_upload(services, MAX_FILE_BYTES)
    inventory = read_services(services_data, "services")
    if inventory is None:
        raise InputError("the services file is not a service inventory", hint="use dosa's service template")
    with tempfile.TemporaryDirectory() as folder:
        path = FilePath(folder) / "organisation.yaml"
        path.write_bytes(organisation_data)
        register = build_register(inventory, read_organisation(path))
        body = {
            "failures": [
                {"template": f.template, "row": f.row, "field": f.field, "rule": f.rule, "message": f.message}
                for f in register.failures
            ],
            "unfilled": [
                {"template": u.template, "row": u.row, "field": u.field, "label": u.label} for u in register.unfilled
            ],
        }
        if register.failures:
            return JSONResponse(body, status_code=422)
        if not package:
            return JSONResponse(body)
        written = write_package(register, FilePath(folder) / "out", dt.datetime.now(dt.UTC))
        return Response(
            written.read_bytes(),
            media_type="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{written.name}"'},
        )
