# SPDX-License-Identifier: EUPL-1.2
"""The dataset cache is an optimisation only: never stale, never trusted when damaged."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dosa.dataset import cache
from dosa.dataset.loader import default_dataset_path, load_dataset_with_report


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    return folder


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("dataset-*.pickle")) if folder.exists() else []


def test_the_cached_dataset_equals_the_one_read_from_the_files(cache_dir: Path) -> None:
    fresh, report = load_dataset_with_report()
    first = cache.load_dataset_cached()
    (entry,) = _entries(cache_dir)
    assert oct(entry.stat().st_mode & 0o777) in ("0o600", "0o644")
    second = cache.load_dataset_cached()
    assert second[0] is not None
    assert fresh is not None
    assert first[0] == fresh
    assert second[0].actions == fresh.actions
    assert second[0].info == fresh.info
    assert len(second[1].warnings) == len(report.warnings)


def test_a_damaged_or_foreign_entry_is_ignored_and_replaced(cache_dir: Path) -> None:
    cache.load_dataset_cached()
    (entry,) = _entries(cache_dir)
    entry.write_bytes(b"\x80\x05not a pickle at all")
    dataset, _ = cache.load_dataset_cached()
    assert dataset is not None
    assert dataset.info.label.startswith("dosa-default")
    entry.write_bytes(b"")
    assert cache.load_dataset_cached()[0] is not None
    if os.name == "posix":
        entry.chmod(0o666)  # writable by others: not trusted
        assert cache._read(entry, cache.content_key(default_dataset_path())) is None


def test_the_key_follows_the_content(tmp_path: Path) -> None:
    copy = tmp_path / "default"
    shutil.copytree(default_dataset_path(), copy)
    before = cache.content_key(copy)
    assert cache.content_key(copy) == before
    actions = copy / "actions.yaml"
    actions.write_text(actions.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cache.content_key(copy) != before


def test_other_datasets_and_no_cache_are_read_from_their_files(
    cache_dir: Path, mini_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset, _ = cache.load_dataset_cached(mini_path)
    assert dataset is not None
    assert dataset.info.label == "mini 0.0.1"
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    cache.load_dataset_cached()
    assert _entries(cache_dir) == []


def test_an_unwritable_cache_folder_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    assert cache.load_dataset_cached()[0] is not None


def test_actions_per_priority_and_owner_are_answered_by_the_dataset(mini_path: Path) -> None:
    import yaml

    from dosa.dataset import load_dataset

    dataset = load_dataset(mini_path)
    raw = yaml.safe_load((mini_path / "actions.yaml").read_text(encoding="utf-8"))
    for priority in dataset.priorities:
        expected = sorted((a["number"], a["id"]) for a in raw if a["priority"] == priority)
        assert [(a.number, a.id) for a in dataset.actions_of_priority(priority)] == expected
    owners = {owner for a in raw for owner in a.get("owners", [])}
    for owner in owners:
        assert {a.id for a in dataset.actions_owned_by(owner)} == {a["id"] for a in raw if owner in a.get("owners", [])}
