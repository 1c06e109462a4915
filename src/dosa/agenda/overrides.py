# SPDX-License-Identifier: EUPL-1.2
"""Manual corrections to imported actions, kept apart from the parser and applied by the importer.

An overrides file names the agenda text it was written for (its SHA-256), so corrections made for
one text are never applied to another. Each correction replaces whole fields of one action and
says why::

    text_sha256: 3f5c...
    actions:
      a042:
        reason: the agenda's table puts the owner in the wrong column
        owners: [bz]
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from dosa.errors import InputError
from dosa.model.entities import Action

SHIPPED_OVERRIDES = Path(__file__).resolve().parent.parent / "data" / "agenda" / "overrides.yaml"
_FIXED_FIELDS = {"id", "number"}


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Overrides:
    text_sha256: str
    actions: dict[str, dict[str, Any]] = field(default_factory=dict)
    source: str = "overrides"

    def matches(self, text: str) -> bool:
        return self.text_sha256 == text_digest(text)

    def apply(self, actions: list[Action]) -> list[Action]:
        """Return the actions with the corrections applied; every correction must hit an action."""
        by_id = {action.id: index for index, action in enumerate(actions)}
        result = list(actions)
        for action_id, correction in sorted(self.actions.items()):
            if action_id not in by_id:
                raise InputError(
                    f"{self.source}: no action '{action_id}' to correct",
                    hint="remove the correction or fix its action id",
                )
            values = {k: v for k, v in correction.items() if k != "reason"}
            data = result[by_id[action_id]].model_dump(mode="json")
            for name, value in values.items():
                if isinstance(value, dict) and isinstance(data.get(name), dict):
                    data[name] = {**data[name], **value}
                else:
                    data[name] = value
            try:
                result[by_id[action_id]] = Action.model_validate(data)
            except ValidationError as exc:
                raise InputError(
                    f"{self.source}: the correction of {action_id} is not valid: {exc.errors()[0]['msg']}",
                    hint="check the field names and values against docs/data-model.md",
                ) from exc
        return result


def load_overrides(path: Path) -> Overrides:
    """Read an overrides file, checking its shape."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read overrides {path}: {exc}", hint="check the file's path and YAML") from exc
    if not isinstance(document, dict) or not isinstance(document.get("text_sha256"), str):
        raise InputError(f"{path}: expected a mapping with 'text_sha256' and 'actions'")
    actions = document.get("actions") or {}
    if not isinstance(actions, dict):
        raise InputError(f"{path}: 'actions' must map action ids to corrections")
    for action_id, correction in actions.items():
        if not isinstance(correction, dict) or not str(correction.get("reason") or "").strip():
            raise InputError(f"{path}: the correction of {action_id} needs a 'reason'", hint="say why it is needed")
        fixed = _FIXED_FIELDS & set(correction)
        if fixed:
            raise InputError(f"{path}: the correction of {action_id} may not change {', '.join(sorted(fixed))}")
        unknown = set(correction) - set(Action.model_fields) - {"reason"}
        if unknown:
            raise InputError(f"{path}: unknown field(s) {', '.join(sorted(unknown))} in the correction of {action_id}")
    return Overrides(document["text_sha256"], {str(k): dict(v) for k, v in actions.items()}, source=str(path))


def overrides_for(text: str, path: Path | None = None) -> Overrides | None:
    """The corrections to apply to ``text``.

    An explicit ``path`` must have been written for this very text (else :class:`InputError`).
    Without a path, the shipped overrides apply when the text is the shipped agenda text.
    """
    if path is not None:
        overrides = load_overrides(path)
        if not overrides.matches(text):
            raise InputError(
                f"{path} was written for another agenda text (its text_sha256 differs)",
                hint="write corrections for this text, or import without --overrides",
            )
        return overrides
    if SHIPPED_OVERRIDES.is_file():
        shipped = load_overrides(SHIPPED_OVERRIDES)
        if shipped.matches(text):
            return shipped
    return None
