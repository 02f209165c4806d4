"""Named store scenarios (docs/design-notes.md §7.4): every test gets a fresh data folder of its
own (the Vorta pattern), never the user's real one."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.formats import get_format
from models.report import Report
from models.store import ReportSummary, Store
from tests.conftest import FIXTURES


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder that does not exist yet, as on first start."""
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    """An empty store, opened as the editing window opens it."""
    with Store.open(data_dir) as opened:
        yield opened


@pytest.fixture
def store_with_clean_report(store: Store, clean_national_2021: Report) -> tuple[Store, ReportSummary]:
    """The clean national-2021 sample saved once, by 王科员."""
    return store, store.create(clean_national_2021, "王科员")


@pytest.fixture
def store_v1_prototype(data_dir: Path) -> Path:
    """A data folder holding tests/fixtures/store-v1-prototype.json as its store file."""
    data_dir.mkdir()
    shutil.copy(FIXTURES / "store-v1-prototype.json", data_dir / "store.json")
    return data_dir


@pytest.fixture
def format_copy(tmp_path: Path):
    """A writable copy of national-2021.json, to break in one place per test: call it
    with a function that changes the parsed data; it returns the file's path."""
    target = tmp_path / "national-2021.json"
    shutil.copy(get_format("national-2021").path, target)

    def edit(change):
        data = json.loads(target.read_text(encoding="utf-8"))
        change(data)
        target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return target

    return edit


def rule_of(data: dict, rule_id: str) -> dict:
    """The entry of a rule in a parsed format file."""
    return next(r for r in data["rules"] if r["id"] == rule_id)
