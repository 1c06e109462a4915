# SPDX-License-Identifier: EUPL-1.2
"""The risk method as data: weights, class boundaries and mappings, read from a versioned YAML file.

dosa ships one method file per version in ``dosa/data/methods/``; a user can pass their own. A user
file may say ``extends: dosa-risk-1.0.0`` and give only what it changes (mappings are merged key by
key, lists are replaced). Every problem in a file is reported at once, with line and field.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from dosa.dataset.files import LINE_KEY, load_yaml
from dosa.dataset.problems import ValidationReport
from dosa.errors import MethodError
from dosa.messages import N_
from dosa.model.vocab import PublicInterestId, Reliance, Scope, SubjectKind, VitalCategory

DEFAULT_METHOD = "dosa-risk-1.0.0"


class Level(StrEnum):
    """Likelihood and impact classes of Dutch national risk assessment (ANV/RIVM)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"


LIKELIHOOD_LABELS = {
    Level.A: N_("very unlikely"),
    Level.B: N_("unlikely"),
    Level.C: N_("possible"),
    Level.D: N_("likely"),
    Level.E: N_("very likely"),
}
IMPACT_LABELS = {
    Level.A: N_("limited"),
    Level.B: N_("substantial"),
    Level.C: N_("serious"),
    Level.D: N_("very serious"),
    Level.E: N_("catastrophic"),
}


class RiskClass(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"

    @property
    def order(self) -> int:
        return list(RiskClass).index(self)


class Harm(StrEnum):
    """The agenda's two ways a dependency becomes strategic."""

    INTERRUPTION = "interruption"
    """Interruption of supply: continuity of vital processes."""
    ACCESS = "access"
    """Third-party access to sensitive information."""


LIKELIHOOD_FACTORS: dict[Harm, tuple[str, ...]] = {
    Harm.INTERRUPTION: (
        "country_concentration",
        "company_concentration",
        "supplier_relation",
        "export_restrictions",
        "substitutability",
        "lock_in",
        "time_to_substitute",
        "mutual_dependence",
    ),
    Harm.ACCESS: ("compelled_access", "offensive_cyber", "high_risk_vendor"),
}


class Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Weight(Spec):
    """A weight with the range a sensitivity analysis and the Monte Carlo draw from."""

    weight: float = Field(ge=0)
    range: tuple[float, float] | None = None
    rationale: str = Field(min_length=1)

    @model_validator(mode="after")
    def _inside_range(self) -> Weight:
        if self.range is not None:
            low, high = self.range
            if not 0 <= low <= self.weight <= high:
                raise ValueError(f"range [{low}, {high}] must contain the weight {self.weight} and be non-negative")
        return self

    @property
    def low(self) -> float:
        return self.range[0] if self.range else self.weight

    @property
    def high(self) -> float:
        return self.range[1] if self.range else self.weight


class Graded(Spec):
    """A value on 0..1 with its plausible range."""

    value: float = Field(ge=0, le=1)
    low: float = Field(ge=0, le=1)
    high: float = Field(ge=0, le=1)
    rationale: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> Graded:
        if not self.low <= self.value <= self.high:
            raise ValueError(f"need low <= value <= high, got {self.low}, {self.value}, {self.high}")
        return self


class HarmSpec(Spec):
    likelihood: dict[str, Weight]
    impact: dict[PublicInterestId, Weight]


class Harms(Spec):
    interruption: HarmSpec
    access: HarmSpec

    @model_validator(mode="after")
    def _known_factors(self) -> Harms:
        problems = []
        for harm in Harm:
            spec: HarmSpec = getattr(self, harm.value)
            known = LIKELIHOOD_FACTORS[harm]
            for name in sorted(set(spec.likelihood) - set(known)):
                problems.append(f"{harm.value}.likelihood: unknown factor '{name}' (known: {', '.join(known)})")
            for name in known:
                if name not in spec.likelihood:
                    problems.append(
                        f"{harm.value}.likelihood: factor '{name}' is missing (give it weight 0 to drop it)"
                    )
            if not any(w.weight > 0 for w in spec.likelihood.values()):
                problems.append(f"{harm.value}.likelihood: at least one factor needs a weight above 0")
            if not any(w.weight > 0 for w in spec.impact.values()):
                problems.append(f"{harm.value}.impact: at least one criterion needs a weight above 0")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def of(self, harm: Harm) -> HarmSpec:
        spec: HarmSpec = getattr(self, harm.value)
        return spec


class Classes(Spec):
    likelihood: tuple[float, float, float, float]
    """Lower bounds of B, C, D and E on the 0..1 likelihood score."""
    impact: tuple[float, float, float, float]
    """Lower bounds of B, C, D and E on the 0..1 impact score."""
    risk_matrix: dict[Level, tuple[RiskClass, RiskClass, RiskClass, RiskClass, RiskClass]]
    """Per likelihood class (row), the risk class for impact A..E (columns)."""

    @field_validator("likelihood", "impact")
    @classmethod
    def _increasing(cls, bounds: tuple[float, ...]) -> tuple[float, ...]:
        if not all(0 < b <= 1 for b in bounds) or any(a >= b for a, b in itertools.pairwise(bounds)):
            raise ValueError(f"boundaries must rise strictly within (0, 1], got {list(bounds)}")
        return bounds

    @model_validator(mode="after")
    def _monotone_matrix(self) -> Classes:
        missing = [level.value for level in Level if level not in self.risk_matrix]
        if missing:
            raise ValueError(f"risk_matrix needs a row for every likelihood class; missing {', '.join(missing)}")
        for row, level in enumerate(Level):
            for column in range(5):
                cell = self.risk_matrix[level][column].order
                left = self.risk_matrix[level][column - 1].order if column else -1
                below = self.risk_matrix[list(Level)[row - 1]][column].order if row else -1
                if cell < left or cell < below:
                    raise ValueError(
                        f"risk_matrix cell {level.value}{'ABCDE'[column]}: a higher likelihood or impact "
                        "must never give a lower risk class"
                    )
        return self


class Relation(Spec):
    """Score 0..1 for the relation with a supplier country (1 = most likely to cut supply)."""

    eu_member: float = Field(ge=0, le=1)
    eea_member: float = Field(ge=0, le=1)
    nato_member: float = Field(ge=0, le=1)
    other: float = Field(ge=0, le=1)
    offensive_cyber_programme: float = Field(ge=0, le=1)
    unknown_country: float = Field(ge=0, le=1)
    rationale: str = Field(min_length=1)


class Jurisdiction(Spec):
    """A country whose law can compel a supplier to hand over data or give access, wherever stored."""

    country: str = Field(pattern=r"^[A-Z]{2}$")
    score: float = Field(ge=0, le=1)
    basis: str = Field(min_length=1)
    url: str | None = None


class Designation(Spec):
    """A supplier an official body designates as a high-risk vendor."""

    supplier: str
    basis: str = Field(min_length=1)
    url: str | None = None


class Mappings(Spec):
    scope_preference: tuple[Scope, ...] = Field(min_length=1)
    relation: Relation
    reliance: dict[Reliance, Graded]
    vital_process_category: dict[VitalCategory, dict[PublicInterestId, float]]
    supplier_access_by_kind: dict[SubjectKind, Graded]
    time_to_substitute_full_years: float = Field(gt=0)
    alternative_input_factor: float = Field(gt=0, le=1)
    missing: Graded
    export_restriction_kinds: tuple[str, ...] = Field(min_length=1)
    """Fact kinds that record a supplier country restricting or having restricted exports of a subject."""
    compelled_access: tuple[Jurisdiction, ...] = ()
    high_risk_vendors: tuple[Designation, ...] = ()

    @model_validator(mode="after")
    def _complete(self) -> Mappings:
        problems = []
        for name, mapping, vocabulary in (
            ("reliance", self.reliance, list(Reliance)),
            ("vital_process_category", self.vital_process_category, list(VitalCategory)),
            ("supplier_access_by_kind", self.supplier_access_by_kind, list(SubjectKind)),
        ):
            missing = [v.value for v in vocabulary if v not in mapping]
            if missing:
                problems.append(f"{name} needs a value for {', '.join(missing)}")
        for category, severities in self.vital_process_category.items():
            for interest, severity in severities.items():
                if not 0 <= severity <= 1:
                    problems.append(f"vital_process_category.{category}.{interest} must lie in 0..1")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Uncertainty(Spec):
    draws: int = Field(ge=10, le=100_000)
    seed: int
    interval: tuple[float, float]
    top_k: int = Field(ge=1)
    stable_probability: float = Field(gt=0, le=1)

    @field_validator("interval")
    @classmethod
    def _quantiles(cls, interval: tuple[float, float]) -> tuple[float, float]:
        if not 0 <= interval[0] < interval[1] <= 1:
            raise ValueError("interval must be two quantiles 0 <= low < high <= 1")
        return interval


class Reporting(Spec):
    """How results are reported (never how they are scored)."""

    sourced_min_data_share: float = Field(default=0.5, gt=0, le=1)
    """A rating counts as resting on sourced data when at least this share of its likelihood weight does."""
    figure_max_age_years: int = Field(default=5, ge=1, le=100)
    """Figures older than this many years (from their year to the report's date) are flagged as old."""


class Method(Spec):
    id: str = Field(min_length=1)
    version: str = Field(min_length=1)
    title: str
    description: str
    assessed_by: str
    """Who set the weights and mappings: they are judgements, and labelled as such."""
    classes: Classes
    harms: Harms
    mappings: Mappings
    uncertainty: Uncertainty
    reporting: Reporting = Reporting()

    @field_validator("id", "version", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        """YAML reads ``version: 1.1`` as a number; a version is text."""
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value

    @property
    def label(self) -> str:
        """Identity every result carries, e.g. ``dosa-risk 1.0.0``."""
        return f"{self.id} {self.version}"


def methods_dir() -> Path:
    return Path(str(resources.files("dosa") / "data" / "methods"))


def packaged_methods() -> list[str]:
    return sorted(path.stem for path in methods_dir().glob("*.yaml"))


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k != LINE_KEY}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _merge(base: Any, override: Any) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    return override


def _line_of(document: Any, location: tuple[int | str, ...]) -> int | None:
    """The line of the innermost mapping on the error's path in the raw YAML (with line marks)."""
    line = document.get(LINE_KEY) if isinstance(document, dict) else None
    node = document
    for part in location:
        if isinstance(node, list) and isinstance(part, int):
            if part >= len(node):
                break
            node = node[part]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            break
        if isinstance(node, dict) and LINE_KEY in node:
            line = node[LINE_KEY]
    return int(line) if line is not None else None


def _read(path: Path, label: str, problems: list[str], seen: tuple[Path, ...] = ()) -> dict[str, Any] | None:
    report = ValidationReport()
    document = load_yaml(path, report, label)
    problems.extend(str(p) for p in report.problems)
    if document is None:
        return None
    if not isinstance(document, dict):
        problems.append(f"{label}: expected a mapping of method settings")
        return None
    base_name = document.get("extends")
    if base_name is None:
        return document
    base_path = _resolve(str(base_name), path.parent)
    if base_path is None or base_path in seen:
        known = ", ".join(packaged_methods())
        problems.append(f"{label} [extends]: no method '{base_name}' (packaged: {known}; or a path to a file)")
        return None
    base = _read(base_path, base_path.name, problems, (*seen, path))
    if base is None:
        return None
    own = {k: v for k, v in document.items() if k != "extends"}
    merged = _merge(base, own)
    assert isinstance(merged, dict)
    return merged


def _resolve(name: str, directory: Path) -> Path | None:
    packaged = methods_dir() / f"{name}.yaml"
    if packaged.exists():
        return packaged
    candidate = (directory / name).resolve()
    return candidate if candidate.is_file() else None


def load_method(path: Path | str | None = None) -> Method:
    """Read and validate a method file (default: the packaged current method).

    ``path`` may be a file or the name of a packaged method (e.g. ``dosa-risk-1.0.0``). Raises
    :class:`MethodError` listing every problem found.
    """
    if path is None:
        path = DEFAULT_METHOD
    file = Path(path)
    if not file.is_file():
        packaged = _resolve(str(path), Path.cwd())
        if packaged is None:
            raise MethodError(
                f"no method file '{path}'",
                [],
                hint=f"pass a YAML file, or one of the packaged methods: {', '.join(packaged_methods())}",
            )
        file = packaged
    label = file.name
    problems: list[str] = []
    document = _read(file, label, problems)
    if document is None or problems:
        raise MethodError(f"method file {label} cannot be read", problems, hint="fix the YAML, then try again")
    try:
        return Method.model_validate(_strip(document))
    except ValidationError as exc:
        for error in exc.errors():
            location = tuple(error["loc"])
            field = ".".join(str(part) for part in location)
            line = _line_of(document, location)
            place = f"{label}:{line}" if line is not None else label
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "missing":
                message = "required setting is missing"
            elif error["type"] == "extra_forbidden":
                message = "unknown setting (check its spelling)"
            problems.append(f"{place} [{field}]: {message}")
        raise MethodError(
            f"method file {label} has {len(problems)} problem(s)",
            problems,
            hint="compare with the packaged method file and docs/methodology.md",
        ) from None


def method_summary(method: Method) -> list[dict[str, Any]]:
    """Every weight of a method as flat rows (harm, part, name, weight, range, rationale)."""
    rows: list[dict[str, Any]] = []
    for harm in Harm:
        spec = method.harms.of(harm)
        parts: tuple[tuple[str, Mapping[Any, Weight]], ...] = (
            ("likelihood", spec.likelihood),
            ("impact", spec.impact),
        )
        for part, weights in parts:
            for name, weight in weights.items():
                rows.append(
                    {
                        "harm": harm.value,
                        "part": part,
                        "name": str(name),
                        "weight": weight.weight,
                        "low": weight.low,
                        "high": weight.high,
                        "rationale": weight.rationale,
                    }
                )
    return rows
