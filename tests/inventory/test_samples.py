# SPDX-License-Identifier: EUPL-1.2
"""Every file of the real SBOM corpus imports as its manifest says, or is rejected when it is no SBOM."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from dosa.errors import InputError
from dosa.inventory.importer import Status, import_paths
from dosa.inventory.sbom import parse_sbom
from dosa.inventory.tables import ComponentRow, Sbom
from dosa.store import Store

REJECTED_FORMATS = {"broken-json", "broken-xml", "not-sbom-json"}


def _expected_format(row: dict[str, str]) -> str:
    return row["format"].removesuffix("+bz2")


def test_manifest_lists_the_whole_corpus(samples_dir: Path, manifest: list[dict[str, str]]) -> None:
    on_disk = {p.name for p in samples_dir.iterdir()} - {"MANIFEST.tsv", "README.md"}
    assert {row["file"] for row in manifest} == on_disk
    assert len(manifest) == 105


def test_each_sample_parses_as_its_manifest_says(samples_dir: Path, manifest: list[dict[str, str]]) -> None:
    wrong = []
    for row in manifest:
        path = samples_dir / row["file"]
        if row["format"] in REJECTED_FORMATS:
            with pytest.raises(InputError) as caught:
                parse_sbom(path)
            assert row["file"] in caught.value.message
            continue
        sbom = parse_sbom(path)
        got = (sbom.format.value, len(sbom.components))
        if got != (_expected_format(row), int(row["component_count"])):
            wrong.append((row["file"], got, row["format"], row["component_count"]))
        if not row["spec_version"].startswith("unknown") and sbom.spec_version != row["spec_version"]:
            wrong.append((row["file"], sbom.spec_version, row["spec_version"]))
    assert wrong == []


def test_each_sample_imports_with_its_component_count(
    samples_dir: Path, manifest: list[dict[str, str]], store: Store
) -> None:
    """Each file in its own project, so that no two files share a subject and version."""
    for row in manifest:
        summary = import_paths(store, [samples_dir / row["file"]], f"p-{row['file']}")
        (outcome,) = summary.outcomes
        if row["format"] in REJECTED_FORMATS:
            assert outcome.status is Status.REJECTED, row["file"]
            assert outcome.error
            continue
        assert outcome.status is Status.IMPORTED, (row["file"], outcome.error)
        assert outcome.component_count == int(row["component_count"]), row["file"]
    with store.engine.connect() as conn:
        stored = dict(
            conn.execute(
                select(Sbom.source_name, func.count(ComponentRow.id))
                .join(ComponentRow, ComponentRow.sbom_id == Sbom.id, isouter=True)
                .group_by(Sbom.id)
            ).all()
        )
        declared = dict(conn.execute(select(Sbom.source_name, Sbom.component_count)).all())
    expected = {r["file"]: int(r["component_count"]) for r in manifest if r["format"] not in REJECTED_FORMATS}
    assert stored == expected
    assert declared == expected


def test_the_whole_folder_imports_in_one_run_and_again_changes_nothing(samples_dir: Path, store: Store) -> None:
    first = import_paths(store, [samples_dir], "corpus")
    assert first.count(Status.REJECTED) == 5  # 3 broken or not SBOMs, plus MANIFEST.tsv and README.md
    with store.engine.connect() as conn:
        before = conn.execute(select(func.count(ComponentRow.id))).scalar()
    second = import_paths(store, [samples_dir], "corpus")
    keys = [(o.subject, o.subject_version) for o in first.outcomes if o.status is not Status.REJECTED]
    alone = {key for key in keys if keys.count(key) == 1}
    for outcome in second.outcomes:
        if (outcome.subject, outcome.subject_version) in alone:
            assert outcome.status is Status.UNCHANGED, outcome.path
        else:  # files describing the same subject and version replace each other, ending as before
            assert outcome.status in (Status.UPDATED, Status.REJECTED), outcome.path
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count(ComponentRow.id))).scalar() == before
