# SPDX-License-Identifier: EUPL-1.2
"""CLI for procurement and supervisory registers: ``dosa sbom …`` and ``dosa registers …``.

Thin: parse options, call :mod:`dosa.procurement`, render with the shared output vocabulary.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dosa.cli.inventory import inventory_table, open_inventory_store, read_inventory_files, render
from dosa.cli.options import DbOption, FormatOption, OutputOption, resolve_format
from dosa.errors import DosaError, InputError
from dosa.inventory.importer import expand_paths
from dosa.tables import Format

sbom_app = typer.Typer(help="SBOM quality: grade suppliers' SBOMs against BSI TR-03183-2, NTIA and CISA.")
registers_app = typer.Typer(help="Supervisory registers: the DORA register of information (EBA xBRL-CSV).")

ProfileOption = Annotated[
    list[str] | None, typer.Option("--profile", help="bsi, ntia or cisa; repeatable (default: all three).")
]


def _profiles(given: list[str] | None) -> tuple[str, ...]:
    from dosa.procurement.sbom_grade import PROFILES

    chosen = tuple(p.strip().lower() for p in given or PROFILES)
    for profile in chosen:
        if profile not in PROFILES:
            raise InputError(f"unknown profile '{profile}'", hint=f"use {', '.join(PROFILES)}")
    return chosen


@sbom_app.command("grade")
def grade_command(
    files: Annotated[list[Path], typer.Argument(help="SBOM files or folders of them.")],
    profile: ProfileOption = None,
    details: Annotated[bool, typer.Option(help="One row per rule, with the failing components.")] = False,
    project: Annotated[
        str | None, typer.Option("--project", "-p", help="Record the grades in this project's inventory.")
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = Format.TABLE,
    output: OutputOption = None,
) -> None:
    """Grade SBOMs: every rule of each profile checked per document and per component."""
    from dosa.procurement.sbom_grade import SbomGrade, grade_file

    fmt = resolve_format(fmt, output)
    profiles = _profiles(profile)
    paths = expand_paths(files)
    if not paths:
        raise InputError("no files to grade", hint="give SBOM files or a folder that holds them")
    grades: list[SbomGrade] = []
    errors: list[tuple[str, str]] = []
    for path in paths:
        try:
            grades.append(grade_file(path, profiles))
        except DosaError as exc:
            errors.append((path.name, exc.message))
    if project and grades:
        from dosa.procurement.grades import save_grades

        save_grades(open_inventory_store(db), project, grades)
    summary = [
        (g.source, g.format, g.spec_version, g.component_count, g.supplier, p.profile, p.score,
         "not checked" if p.meets is None else p.meets, ", ".join(r.rule.id for r in p.failed_rules))
        for g in grades
        for p in g.profiles
    ]  # fmt: skip
    sections = [
        inventory_table(
            "grades",
            "SBOM grades",
            ("file", "format", "spec", "components", "supplier", "profile", "score", "meets", "failed_rules"),
            summary,
            "score: 100 × mean share satisfied over the checked rules (dosa's judgement); see docs/procurement.md",
        )
    ]
    if details:
        rows = [
            (g.source, p.profile, r.rule.id, r.rule.clause, r.status.value, r.checked, r.failed,
             "; ".join(r.failing))
            for g in grades
            for p in g.profiles
            for r in p.results
        ]  # fmt: skip
        sections.append(
            inventory_table(
                "rules",
                "Rules",
                ("file", "profile", "rule", "clause", "status", "checked", "failed", "failing_components"),
                rows,
            )
        )
    if errors:
        sections.append(inventory_table("errors", "Files not graded", ("file", "error"), errors))
    render(sections, fmt, output, section="grades" if fmt in (Format.CSV, Format.CSV_NL) else None)
    if errors:
        raise typer.Exit(1)  # a file was rejected (exit code 1, as dosa inventory import)


@sbom_app.command("rules")
def rules_command(profile: ProfileOption = None, fmt: FormatOption = Format.TABLE, output: OutputOption = None) -> None:
    """List every grading rule with the clause it implements."""
    from dosa.procurement.sbom_grade import RULES

    fmt = resolve_format(fmt, output)
    chosen = _profiles(profile)
    rows = [(r.id, r.profile, r.level.value, r.requirement, r.clause, r.how) for r in RULES if r.profile in chosen]
    columns = ("rule", "profile", "level", "requirement", "clause", "reads")
    render([inventory_table("rules", "Grading rules", columns, rows)], fmt, output)


@sbom_app.command("suppliers")
def suppliers_command(
    project: Annotated[str, typer.Option("--project", "-p", help="Project whose recorded grades to use.")] = "default",
    profile: Annotated[str | None, typer.Option(help="Only this profile (bsi, ntia, cisa).")] = None,
    db: DbOption = None,
    fmt: FormatOption = Format.TABLE,
    output: OutputOption = None,
) -> None:
    """Procurement view: suppliers whose SBOMs fail which requirement (from grades recorded with --project)."""
    from dosa.procurement.grades import load_grades, supplier_view

    fmt = resolve_format(fmt, output)
    if profile is not None:
        _profiles([profile])
    view = supplier_view(load_grades(read_inventory_files(db), project), profile)
    rows = [(v.supplier, v.profile, v.rule, v.requirement, v.clause, len(v.sboms), v.failing_components,
             "; ".join(v.sboms)) for v in view]  # fmt: skip
    render(
        [
            inventory_table(
                "suppliers",
                "Suppliers whose SBOMs fail a requirement",
                ("supplier", "profile", "rule", "requirement", "clause", "sboms", "failing_components", "files"),
                rows,
            )
        ],
        fmt,
        output,
        {"project": project},
    )


@registers_app.command("dora")
def dora_command(
    organisation: Annotated[
        Path, typer.Option("--organisation", help="YAML/JSON with the entity, providers, contracts and functions.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write the zipped report package into.")],
    services: Annotated[
        Path | None, typer.Option("--services", help="Service inventory file (default: the project's services).")
    ] = None,
    project: Annotated[str, typer.Option("--project", "-p", help="Project whose services to use.")] = "default",
    db: DbOption = None,
    check: Annotated[bool, typer.Option("--check", help="Validate only; write nothing.")] = False,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Write the DORA register of information as an EBA xBRL-CSV package, after the EBA validation rules."""
    from dosa.inventory.portfolio import load_services
    from dosa.inventory.services import read_services_file
    from dosa.procurement.dora import build_register, read_organisation, write_package

    inventory = read_services_file(services) if services else load_services(read_inventory_files(db), project)
    register = build_register(inventory, read_organisation(organisation))
    sections = []
    if register.failures:
        rows = [(f.template, f.row, f.field, f.rule, f.message) for f in register.failures]
        sections.append(
            inventory_table("failures", "Validation failures (no package written)",
                    ("template", "row", "field", "rule", "message"), rows)
        )  # fmt: skip
    unfilled = [(u.template, u.row, u.field, u.label) for u in register.unfilled]
    sections.append(
        inventory_table("unfilled", "Fields no source fills (left empty, not invented)",
                ("template", "row", "field", "label"), unfilled)
    )  # fmt: skip
    about = {"services": str(len(inventory)), "failures": str(len(register.failures))}
    if register.ok and not check:
        about["package"] = write_package(register, output).name
    render(sections, fmt, None, about)
    if not register.ok:
        raise typer.Exit(1)  # what the command checks failed
