# SPDX-License-Identifier: EUPL-1.2
"""Manual corrections: applied by the importer, bound to one text, each with a reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dosa.agenda import ImportResult, import_agenda, load_overrides, overrides_for, write_actions
from dosa.agenda.overrides import SHIPPED_OVERRIDES, text_digest
from dosa.errors import InputError


def _write(path: Path, digest: str, body: str) -> Path:
    path.write_text(f"text_sha256: {digest}\nactions:\n{body}", encoding="utf-8")
    return path


def test_shipped_overrides_belong_to_the_shipped_text(agenda_text: str, imported: ImportResult) -> None:
    shipped = load_overrides(SHIPPED_OVERRIDES)
    assert shipped.matches(agenda_text)
    assert overrides_for(agenda_text) == shipped
    assert set(imported.overrides_applied) == set(shipped.actions)
    assert overrides_for(agenda_text + "\n") is None  # another text: the shipped corrections stay out


def test_a_correction_is_applied(agenda_text: str, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "overrides.yaml",
        text_digest(agenda_text),
        "  a030:\n    reason: the CIO beraad of Sept/Okt 2023\n"
        "    timeline: {kind: dated, start: '2023-09-01', end: '2023-10-31', flag: year added by hand}\n"
        "    owners: [bzk, cio_rijk]\n",
    )
    result = import_agenda(agenda_text, overrides=overrides_for(agenda_text, path))
    action = next(a for a in result.actions if a.id == "a030")
    assert str(action.timeline.end) == "2023-10-31"
    assert action.timeline.text == "Ter bespreking in het CIO beraad Sept/Okt"  # merged, not replaced
    assert action.owners == ("bzk", "cio_rijk")
    assert result.overrides_applied == ("a030",)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("  a030:\n    owners: [bzk]\n", "needs a 'reason'"),
        ("  a030:\n    reason: x\n    colour: red\n", "unknown field"),
        ("  a030:\n    reason: x\n    id: a999\n", "may not change id"),
    ],
)
def test_malformed_corrections_are_refused(agenda_text: str, tmp_path: Path, body: str, message: str) -> None:
    path = _write(tmp_path / "overrides.yaml", text_digest(agenda_text), body)
    with pytest.raises(InputError, match=message):
        load_overrides(path)


def test_corrections_for_another_text_or_action_are_refused(agenda_text: str, tmp_path: Path) -> None:
    other = _write(tmp_path / "other.yaml", text_digest("another text"), "  a001:\n    reason: x\n    owners: []\n")
    with pytest.raises(InputError, match="another agenda text"):
        overrides_for(agenda_text, other)
    with pytest.raises(InputError, match="another agenda text"):
        import_agenda(agenda_text, overrides=load_overrides(other))
    missing = _write(tmp_path / "missing.yaml", text_digest(agenda_text), "  a999:\n    reason: x\n    owners: []\n")
    with pytest.raises(InputError, match="no action 'a999'"):
        import_agenda(agenda_text, overrides=load_overrides(missing))
    invalid = _write(tmp_path / "bad.yaml", text_digest(agenda_text), "  a001:\n    reason: x\n    status: paused\n")
    with pytest.raises(InputError, match="not valid"):
        import_agenda(agenda_text, overrides=load_overrides(invalid))


def test_a_failed_write_leaves_the_old_file(
    imported: ImportResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "actions.yaml"
    target.write_text("# old\n", encoding="utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_actions(imported.actions, target)
    assert target.read_text(encoding="utf-8") == "# old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["actions.yaml"]
