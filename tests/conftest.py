"""Named scenarios shared by the tests (docs/design-notes.md §7.4): each is a data file plus a
fixture of the same name, never a report built ad hoc inside a test."""

from __future__ import annotations

import os
from pathlib import Path

# GUI tests run without a screen (docs/design-notes.md §3.3); set before Qt is first imported.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from models.exchange import read_exchange
from models.formats import get_format
from models.report import Report

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

EVENT_CAP_SECONDS = 120
"""The cap on any wait for an event (a child process's answer, a window exposed, a
background export done, a killed process gone). Tests count events, never time: the cap
only stops a wait whose event will never come, so it is far above what the slowest,
most loaded machine needs, and a test that reaches it has failed for real."""
EVENT_CAP_MS = EVENT_CAP_SECONDS * 1000
"""The same cap for pytest-qt's waits, which take milliseconds."""


def _read(path: Path) -> Report:
    report, _notices = read_exchange(path)
    return report


@pytest.fixture
def clean_national_2021() -> Report:
    """The complete, consistent national-2021 sample: no finding at all."""
    return _read(SAMPLES / "national-2021-example.json")


@pytest.fixture
def legacy_hengyang_2013() -> Report:
    """The 衡阳市 2013 sample report, re-entered without its web-page debris."""
    return _read(SAMPLES / "hengyang-2013.json")


@pytest.fixture
def real_report_huaian_2024() -> Report:
    return _read(FIXTURES / "real-report-huaian-2024.json")


@pytest.fixture
def real_report_hongze_2023() -> Report:
    return _read(FIXTURES / "real-report-hongze-2023.json")


@pytest.fixture
def empty_national_2021() -> Report:
    """What a clerk starts from: a new report with nothing typed yet."""
    return Report.new(get_format("national-2021"), "示例县人民政府办公室", 2024)
