# SPDX-License-Identifier: EUPL-1.2
"""Read the tables the CRM calculator takes, in the layouts the EU studies publish, and score them.

Two input layouts are recognised by their header (after any ``#`` comment lines):

* **assessment rows** (the 2017 study's Table 3 and Annex 5 Tables 18-19, as in
  ``eu-crm-2017-examples.csv``): ``material, stage_assessed, import_reliance_pct, eol_rir_pct, si_ei,
  si_sr, hhi_wgi_t_gs, hhi_wgi_t_eu28`` and optionally the published ``sr, ei,
  supply_data_used_in_sr, sr_gs_only, sr_eu_only, sr_gs_and_eu``; for the national variant
  ``hhi_wgi_t_nl`` and ``import_reliance_nl_pct``.
* **country shares** (the 2023 study's Appendix 7): ``Material, Stage, Country, Share, t`` and
  optionally ``WGI``; the calculator then computes the HHIs itself, with governance values from the
  ``WGI`` column or a separate governance table (``country, wgi``), parameters per material from a
  parameter table (``material, import_reliance_pct, eol_rir_pct, si_sr, si_ei``) and EI from an
  end-use table (the 2023 study's Appendix 6: ``Material, Application, Share, NACE sector, VA_million_EUR``).

Every problem in a table is collected and raised together, with file, line and column.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from dosa.errors import InputError
from dosa.risk import crm

EU27 = frozenset(
    {
        "Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czechia", "Denmark", "Estonia", "Finland",
        "France", "Germany", "Greece", "Hungary", "Ireland", "Italy", "Latvia", "Lithuania", "Luxembourg",
        "Malta", "Netherlands", "Poland", "Portugal", "Romania", "Slovakia", "Slovenia", "Spain", "Sweden",
    }
)  # fmt: skip
"""EU member states since 1 February 2020, as the EU studies spell them."""

EXAMPLE_COLUMNS = {"material", "import_reliance_pct", "eol_rir_pct", "si_sr"}
SHARE_COLUMNS = {"material", "stage", "country", "share", "t"}
PACKAGED = {
    "eu-crm-2017-examples": "eu-crm-2017-examples.csv",
    "eu-crm-2023-global-supply": "eu-crm-2023/global_supply_shares_t.csv",
    "eu-crm-2023-eu-sourcing": "eu-crm-2023/eu_sourcing_shares_t.csv",
    "eu-crm-2023-end-uses": "eu-crm-2023/material_use_shares_va.csv",
    "eu-crm-2023-results": "eu-crm-2023-results.csv",
    "wgi-2022": "wgi-2022.csv",
}
"""Tables shipped with dosa, by name (see ``dosa/data/crm/README.md`` for sources and licences)."""


def crm_data_dir() -> Path:
    return Path(str(resources.files("dosa") / "data" / "crm"))


def resolve_table(name: str | Path) -> Path:
    """A path, or the name of a packaged table (e.g. ``eu-crm-2017-examples``)."""
    if str(name) in PACKAGED:
        return crm_data_dir() / PACKAGED[str(name)]
    path = Path(name)
    if not path.is_file():
        raise InputError(f"no file {path}", hint=f"pass a CSV file or a packaged table: {', '.join(PACKAGED)}")
    return path


@dataclass
class Problems:
    items: list[str] = field(default_factory=list)

    def add(self, file: str, line: int | None, column: str | None, message: str) -> None:
        place = file + (f":{line}" if line else "") + (f" [{column}]" if column else "")
        self.items.append(f"{place}: {message}")

    def raise_if_any(self, what: str) -> None:
        if self.items:
            listed = "".join(f"\n  {item}" for item in self.items)
            raise InputError(f"{what} has {len(self.items)} problem(s):{listed}", hint="correct the cells listed")


@dataclass(frozen=True)
class CsvSheet:
    """A CSV file as read: its name, header and rows with their line numbers (not :class:`dosa.tables.Table`,
    which is what dosa writes)."""

    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    """(line, cells by lower-case column name)."""


def read_table(path: Path) -> CsvSheet:
    """Read a CSV whose first lines may be ``#`` comments; column names are matched case-insensitively."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path.name} is not UTF-8 text: {exc.reason}", hint="save it as UTF-8") from None
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and (lines[skipped].startswith("#") or not lines[skipped].strip()):
        skipped += 1
    reader = csv.reader(io.StringIO("".join(lines[skipped:])))
    try:
        records = list(reader)
    except csv.Error as exc:
        raise InputError(f"{path.name}: malformed CSV: {exc}", hint="check quotes and separators") from None
    if not records:
        raise InputError(f"{path.name} has no header row", hint="the first line after comments names the columns")
    header = [" ".join(name.split()).lower() for name in records[0]]
    rows = []
    line = skipped + 1
    for record in records[1:]:
        line += 1 + sum(cell.count("\n") for cell in record)
        if not any(cell.strip() for cell in record):
            continue
        rows.append((line, {header[i]: record[i].strip() for i in range(min(len(header), len(record)))}))
    return CsvSheet(path.name, header, rows)


def layout(table: CsvSheet) -> str:
    columns = set(table.header)
    if columns >= EXAMPLE_COLUMNS:
        return "assessment"
    if columns >= SHARE_COLUMNS:
        return "shares"
    raise InputError(
        f"{table.name}: the header matches no known layout",
        hint=(
            "assessment rows need material, import_reliance_pct, eol_rir_pct, si_sr and hhi_wgi_t_gs or "
            "hhi_wgi_t_eu28; country shares need Material, Stage, Country, Share, t"
        ),
    )


def _number(cells: dict[str, str], column: str, table: CsvSheet, line: int, problems: Problems, scale: float = 1.0,
            required: bool = False) -> crm.Measured | None:  # fmt: skip
    text = cells.get(column, "").replace(",", ".").rstrip("%").strip()
    if not text:
        if required:
            problems.add(table.name, line, column, "a number is required")
        return None
    try:
        return crm.Measured.parse(text, scale)
    except ValueError:
        problems.add(table.name, line, column, f"'{cells[column]}' is not a number")
        return None


def assessment_inputs(table: CsvSheet, national: bool = False) -> list[crm.CrmInput]:
    """Assessment rows as calculator inputs; with ``national`` the Dutch sourcing columns are used."""
    problems = Problems()
    sourcing_column = "hhi_wgi_t_nl" if national else next(
        (c for c in ("hhi_wgi_t_eu28", "hhi_wgi_t_eu", "hhi_wgi_t_eu27") if c in table.header), "hhi_wgi_t_eu28"
    )  # fmt: skip
    ir_column = "import_reliance_nl_pct" if national else "import_reliance_pct"
    if national:
        for column in (sourcing_column, ir_column):
            if column not in table.header:
                problems.add(table.name, 1, column, "the national variant needs this column (Dutch sourcing)")
        problems.raise_if_any(table.name)
    if "hhi_wgi_t_gs" not in table.header and sourcing_column not in table.header:
        problems.add(table.name, 1, "hhi_wgi_t_gs", f"need hhi_wgi_t_gs or {sourcing_column}")
        problems.raise_if_any(table.name)
    items = []
    for line, cells in table.rows:
        material = cells.get("material", "")
        if not material:
            problems.add(table.name, line, "material", "the material is missing")
            continue
        eol = _number(cells, "eol_rir_pct", table, line, problems, 0.01, required=True)
        si_sr = _number(cells, "si_sr", table, line, problems, required=True)
        ir = _number(cells, ir_column, table, line, problems, 0.01)
        for name, measured, top in (("eol_rir_pct", eol, 1.0), ("si_sr", si_sr, 1.0), (ir_column, ir, 1.0)):
            if measured is not None and not 0 <= measured.value <= top:
                problems.add(table.name, line, name, "must lie between 0 and 100 % (0 and 1 for si_sr)")
        used = cells.get("supply_data_used_in_sr") or None
        if national or used not in (None, "GS", "EU", "GS+EU"):
            if used is not None and not national:
                problems.add(table.name, line, "supply_data_used_in_sr", f"'{used}' is not GS, EU or GS+EU")
            used = None
        published = {}
        for key, column in (
            ("sr", "sr"),
            ("ei", "ei"),
            ("sr_GS", "sr_gs_only"),
            ("sr_EU", "sr_eu_only"),
            ("sr_GS+EU", "sr_gs_and_eu"),
        ):
            value = None if national and key != "ei" else _number(cells, column, table, line, problems)
            if value is not None:
                published[key] = value.value
        if eol is None or si_sr is None:
            continue
        items.append(
            crm.CrmInput(
                material=material,
                stage=cells.get("stage_assessed") or None,
                eol_rir=eol,
                si_sr=si_sr,
                import_reliance=ir,
                hhi_gs=_number(cells, "hhi_wgi_t_gs", table, line, problems),
                hhi_sourcing=_number(cells, sourcing_column, table, line, problems),
                si_ei=_number(cells, "si_ei", table, line, problems),
                ei=_number(cells, "ei", table, line, problems),
                supply_data_used=used,
                sourcing="NL" if national else "EU",
                published=published,
                line=line,
            )
        )
    problems.raise_if_any(table.name)
    return items


# -- country shares --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryShare:
    country: str
    share: float
    """Percent."""
    t: float
    wgi: float | None
    below: bool = False
    """Printed as '<x%': stored as half the bound."""


def _share(text: str) -> tuple[float, bool]:
    """A printed percentage: '<0.1%' becomes half its bound, '>0%' its bound."""
    cleaned = text.replace(",", ".").replace("%", "").strip()
    if cleaned.startswith("<"):
        return float(cleaned[1:]) / 2, True
    return float(cleaned.lstrip(">")), cleaned.startswith(">")


def read_shares(table: CsvSheet) -> dict[tuple[str, str], list[CountryShare]]:
    """Country shares per (material, stage) from a table in the Appendix 7 layout."""
    problems = Problems()
    result: dict[tuple[str, str], list[CountryShare]] = defaultdict(list)
    for line, cells in table.rows:
        material, stage, country = cells.get("material", ""), cells.get("stage", ""), cells.get("country", "")
        for column, value in (("material", material), ("stage", stage), ("country", country)):
            if not value:
                problems.add(table.name, line, column, "required")
        try:
            share, below = _share(cells.get("share", ""))
        except ValueError:
            problems.add(table.name, line, "share", f"'{cells.get('share', '')}' is not a percentage")
            continue
        if not 0 <= share <= 100:
            problems.add(table.name, line, "share", "must lie between 0 and 100 %")
        t = _number(cells, "t", table, line, problems, required=True)
        wgi = _number(cells, "wgi", table, line, problems)
        if wgi is not None and not 0 <= wgi.value <= 10:
            problems.add(table.name, line, "wgi", "a rescaled WGI lies between 0 and 10")
        if t is None or not material:
            continue
        result[(material, stage.upper())].append(
            CountryShare(_canonical(country), share, t.value, wgi.value if wgi else None, below)
        )
    problems.raise_if_any(table.name)
    return dict(result)


_ALIASES = {"Brasilia": "Brazil", "Brasil": "Brazil", "Turkyie": "Türkiye", "Libanon": "Lebanon",
            "Surinam": "Suriname", "South Korea": "Korea, South"}  # fmt: skip
"""Spelling variants found in the 2023 transcription, mapped to one name."""


def _canonical(country: str) -> str:
    name = " ".join(country.split())
    return _ALIASES.get(name, name)


def read_governance(table: CsvSheet) -> dict[str, float]:
    """Governance table: ``country, wgi`` (WGI rescaled to 0-10, 10 = worst)."""
    problems = Problems()
    if not {"country", "wgi"} <= set(table.header):
        raise InputError(f"{table.name}: a governance table needs the columns country and wgi", hint="add them")
    result = {}
    for line, cells in table.rows:
        wgi = _number(cells, "wgi", table, line, problems, required=True)
        if wgi is not None and not 0 <= wgi.value <= 10:
            problems.add(table.name, line, "wgi", "a rescaled WGI lies between 0 and 10")
        if wgi is not None:
            result[_canonical(cells.get("country", ""))] = wgi.value
    problems.raise_if_any(table.name)
    return result


@dataclass(frozen=True)
class Parameters:
    import_reliance: crm.Measured | None
    eol_rir: crm.Measured
    si_sr: crm.Measured
    si_ei: crm.Measured | None


def read_parameters(table: CsvSheet) -> dict[str, Parameters]:
    """Parameter table per material: ``material, import_reliance_pct, eol_rir_pct, si_sr, si_ei``."""
    problems = Problems()
    result = {}
    for line, cells in table.rows:
        eol = _number(cells, "eol_rir_pct", table, line, problems, 0.01, required=True)
        si_sr = _number(cells, "si_sr", table, line, problems, required=True)
        if eol is None or si_sr is None:
            continue
        result[cells.get("material", "").lower()] = Parameters(
            _number(cells, "import_reliance_pct", table, line, problems, 0.01),
            eol,
            si_sr,
            _number(cells, "si_ei", table, line, problems),
        )
    problems.raise_if_any(table.name)
    return result


def read_end_uses(table: CsvSheet) -> tuple[dict[str, list[crm.EndUse]], float]:
    """End-use shares per material and the largest sector value added in the table.

    Applications without a sector and value added (the studies' 'Other') are not allocated to any
    sector and so add nothing to EI, as in the published method.
    """
    problems = Problems()
    uses: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
    largest = 0.0
    va_column = next((c for c in table.header if c.startswith("va")), "va_million_eur")
    for line, cells in table.rows:
        sector = " ".join(cells.get("nace sector", "").split())
        if not sector and not cells.get(va_column, ""):
            continue
        code = re.match(r"[A-Z]\d{2}", sector)
        try:
            share, _ = _share(cells.get("share", ""))
            value_added = float(cells.get(va_column, "").replace(",", ""))
        except ValueError:
            problems.add(table.name, line, None, "share and value added must be numbers")
            continue
        key = code.group(0) if code else sector
        entry = uses[cells.get("material", "").lower()][key]
        entry[0] += share / 100
        entry[1] = value_added
        largest = max(largest, value_added)
    problems.raise_if_any(table.name)
    return {m: [crm.EndUse(s, a, q) for s, (a, q) in sorted(by.items())] for m, by in uses.items()}, largest


@dataclass(frozen=True)
class ShareRow:
    """One material and stage computed from country shares, with the CRMA rule checks."""

    material: str
    stage: str
    countries: int
    hhi: float
    """Unweighted concentration ``sum S_c**2`` (fractions), for reference."""
    largest_third_country: tuple[str, float] | None
    crma_65_global: bool | None
    sourcing_largest_third_country: tuple[str, float] | None
    crma_65_sourcing: bool | None
    sourcing_from_eu: float | None
    crma_domestic: str | None
    """``pass``/``fail`` against 10 % (extraction) or 40 % (processing) from EU sourcing; approximate."""
    crma_recycling: str | None
    result: crm.CrmResult | None
    missing_governance: tuple[str, ...] = ()
    hhi_wgi_t_gs: float | None = None
    """Governance- and trade-weighted concentration of global supply; needs governance, not parameters."""
    hhi_wgi_t_sourcing: float | None = None


def _hhi(shares: list[CountryShare], governance: dict[str, float]) -> tuple[float | None, tuple[str, ...]]:
    missing = tuple(sorted({s.country for s in shares if s.wgi is None and s.country not in governance}))
    if missing:
        return None, missing
    weighted = crm.hhi_wgi_t(
        (s.share / 100, s.wgi if s.wgi is not None else governance[s.country], s.t) for s in shares
    )
    return weighted, ()


def _largest_third(shares: list[CountryShare]) -> tuple[str, float] | None:
    third = [(s.country, s.share) for s in shares if s.country not in EU27]
    return max(third, key=lambda pair: (pair[1], pair[0])) if third else None


def score_shares(
    global_supply: dict[tuple[str, str], list[CountryShare]],
    sourcing: dict[tuple[str, str], list[CountryShare]] | None = None,
    governance: dict[str, float] | None = None,
    parameters: dict[str, Parameters] | None = None,
    end_uses: tuple[dict[str, list[crm.EndUse]], float] | None = None,
    national: bool = False,
) -> list[ShareRow]:
    """Compute HHIs, SR, EI and the CRMA checks per material and stage from country shares."""
    governance = governance or {}
    rows = []
    keys = sorted(set(global_supply) | set(sourcing or {}))
    for material, stage in keys:
        gs = global_supply.get((material, stage), [])
        src = (sourcing or {}).get((material, stage), [])
        hhi_gs, missing_gs = _hhi(gs, governance) if gs else (None, ())
        hhi_src, missing_src = _hhi(src, governance) if src else (None, ())
        params = (parameters or {}).get(material.lower())
        result = None
        ei = None
        if params is not None and params.si_ei is not None and end_uses is not None:
            uses, largest = end_uses
            if material.lower() in uses:
                ei = crm.economic_importance(uses[material.lower()], params.si_ei.value, largest)
        if params is not None and (hhi_gs is not None or hhi_src is not None):
            item = crm.CrmInput(
                material=material,
                stage=stage,
                eol_rir=params.eol_rir,
                si_sr=params.si_sr,
                import_reliance=params.import_reliance,
                hhi_gs=crm.Measured(hhi_gs) if hhi_gs is not None else None,
                hhi_sourcing=crm.Measured(hhi_src) if hhi_src is not None else None,
                si_ei=params.si_ei,
                ei=crm.Measured(ei) if ei is not None else None,
                sourcing="NL" if national else "EU",
            )
            result = crm.assess_material(item)
        largest_gs = _largest_third(gs)
        largest_src = _largest_third(src)
        from_eu = sum(s.share for s in src if s.country in EU27) if src and not national else None
        domestic = None
        if from_eu is not None and stage in ("E", "P"):
            target = crm.CRMA_EXTRACTION if stage == "E" else crm.CRMA_PROCESSING
            domestic = "pass" if from_eu >= target else "fail"
        recycling = None
        if params is not None:
            recycling = "pass" if params.eol_rir.value * 100 >= crm.CRMA_RECYCLING else "fail"
        rows.append(
            ShareRow(
                material=material,
                stage=stage,
                countries=len(gs),
                hhi=sum((s.share / 100) ** 2 for s in gs),
                largest_third_country=largest_gs,
                crma_65_global=largest_gs[1] > crm.CRMA_SINGLE_THIRD_COUNTRY if largest_gs else None,
                sourcing_largest_third_country=largest_src,
                crma_65_sourcing=largest_src[1] > crm.CRMA_SINGLE_THIRD_COUNTRY if largest_src else None,
                sourcing_from_eu=from_eu,
                crma_domestic=domestic,
                crma_recycling=recycling,
                result=result,
                missing_governance=tuple(sorted(set(missing_gs) | set(missing_src))),
                hhi_wgi_t_gs=hhi_gs,
                hhi_wgi_t_sourcing=hhi_src,
            )
        )
    results = [row.result for row in rows if row.result is not None]
    marked = iter(crm.mark_bottlenecks(results))
    return [_with_result(row, next(marked)) if row.result is not None else row for row in rows]


def _with_result(row: ShareRow, result: crm.CrmResult) -> ShareRow:
    from dataclasses import replace

    return replace(row, result=result)


def iter_packaged() -> Iterator[tuple[str, Path]]:
    for name, relative in PACKAGED.items():
        yield name, crm_data_dir() / relative
