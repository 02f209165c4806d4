"""The cross-year checks T3-06, T2-02, X-01 (docs/design-notes.md §1.5) and finding last year's report.

The scenario is the pair a sound body produces (宿迁-like, docs/design-notes.md §1.6):
next year's report started from the clean sample with start_from and filled in. The pair
gives no cross-year warning; each test then breaks one link and expects exactly one
finding, with the numbers quoted.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest

from models.carry_forward import start_from
from models.cross_year import format_family, previous_report
from models.editing import EditSession
from models.formats import FormatError, get_format, load_format
from models.report import Report
from models.rules import validate

CROSS_YEAR = {"T3-06", "T2-02", "X-01"}


def cross_year(report: Report, previous: Report | None) -> list:
    return [f for f in validate(report, previous) if f.rule in CROSS_YEAR]


@pytest.fixture
def consistent_next_year(clean_national_2021: Report) -> Report:
    """2025 started from the clean 2024 sample, then filled with the same activity."""
    report = start_from(clean_national_2021, 2025)
    for cell, value in clean_national_2021.cells.items():
        if cell[1] != "carried_over" and cell[2] != "in_force":
            report.cells[cell] = value
    for row in ("regulations", "normative_documents"):
        last = clean_national_2021.get("proactive", row, "in_force")
        issued, repealed = report.get("proactive", row, "issued"), report.get("proactive", row, "repealed")
        report.set("proactive", row, "in_force", last + issued - repealed)
    return report


def test_a_consistent_pair_gives_no_cross_year_warning(clean_national_2021, consistent_next_year):
    assert cross_year(consistent_next_year, clean_national_2021) == []


def test_without_last_years_report_no_cross_year_rule_runs(consistent_next_year):
    consistent_next_year.set("requests", "carried_over", "natural", 99)
    assert cross_year(consistent_next_year, None) == []


def test_t3_06_carried_over_differs_from_last_years_carried_forward(clean_national_2021, consistent_next_year):
    consistent_next_year.set("requests", "carried_over", "business", 2)
    (finding,) = cross_year(consistent_next_year, clean_national_2021)
    assert (finding.rule, finding.severity) == ("T3-06", "warning")
    assert (finding.location.table, finding.location.row, finding.location.column) == ("requests", "carried_over", "business")
    assert finding.message == (
        "二、上年结转政府信息公开申请数量·商业企业为 2，上年报告“四、结转下年度继续办理”商业企业为 0，两者应相等：请核对或写明原因"
    )
    assert (finding.expected, finding.actual) == (0, 2)


def test_t3_06_skips_a_blank_on_either_side(clean_national_2021, consistent_next_year):
    """The blank itself is T3-05's finding; a blank of last year gives nothing to compare."""
    consistent_next_year.set("requests", "carried_over", "natural", None)
    previous = copy.deepcopy(clean_national_2021)
    previous.set("requests", "carried_forward", "total", None)
    consistent_next_year.set("requests", "carried_over", "total", 8)
    assert cross_year(consistent_next_year, previous) == []


@pytest.mark.parametrize(
    ("row", "typed", "message"),
    [
        ("regulations", 40, "规章·现行有效件数为 40，按上年现行有效件数 38 + 本年制发件数 2 − 本年废止件数 1 应为 39"),
        ("normative_documents", 126, "行政规范性文件·现行有效件数为 126，按上年现行有效件数 126 + 本年制发件数 15 − 本年废止件数 9 应为 132"),
    ],
)
def test_t2_02_in_force_breaks_the_identity(clean_national_2021, consistent_next_year, row, typed, message):
    consistent_next_year.set("proactive", row, "in_force", typed)
    (finding,) = cross_year(consistent_next_year, clean_national_2021)
    assert (finding.rule, finding.severity, finding.location.row, finding.location.column) == ("T2-02", "warning", row, "in_force")
    assert finding.message.startswith(message + "：请核对")


def test_t2_02_is_not_run_against_a_national_2019_report(consistent_next_year):
    """national-2019's table 二 counts differently: its cells are not found, nothing compared."""
    previous = Report.new(get_format("national-2019"), consistent_next_year.organization, 2024)
    consistent_next_year.set("proactive", "regulations", "in_force", 1000)
    assert [f for f in validate(consistent_next_year, previous) if f.rule == "T2-02"] == []
    assert "T2-02" not in {r.id for r in get_format("national-2019").rules}


@pytest.mark.parametrize(
    ("cell", "value", "ratio"),
    [
        (("requests", "new", "total"), 1066, "5.00"),  # 213 × 5 + 1: just over
        (("requests", "new", "total"), 42, "0.20"),  # 42 / 213 = 0.197
        (("requests", "total", "total"), 0, "0.00"),
        (("review_litigation", "cases", "review.total"), 31, "5.17"),
        (("review_litigation", "cases", "after_review.total"), 6, "6.00"),
        (("proactive", "licensing", "decisions"), 100, "0.02"),
        (("proactive", "fees", "fee_amount"), Decimal("9000.00"), "5.91"),
    ],
)
def test_x01_key_count_swings_more_than_fivefold(clean_national_2021, consistent_next_year, cell, value, ratio):
    consistent_next_year.cells[cell] = value
    (finding,) = cross_year(consistent_next_year, clean_national_2021)
    assert (finding.rule, finding.severity) == ("X-01", "warning")
    assert (finding.location.table, finding.location.row, finding.location.column) == cell
    last = clean_national_2021.cells[cell]
    assert f"本年为 {value}，上年为 {last}，是上年的 {ratio} 倍" in finding.message


@pytest.mark.parametrize(("value", "warns"), [(1065, False), (43, False), (1066, True), (42, True)])
def test_x01_bounds_five_times_and_a_fifth_are_allowed(clean_national_2021, consistent_next_year, value, warns):
    """213 × 5 = 1065 and 213 / 5 = 42.6: the bounds themselves are no swing."""
    consistent_next_year.set("requests", "new", "total", value)
    assert bool(cross_year(consistent_next_year, clean_national_2021)) is warns


@pytest.mark.parametrize("last", [0, None])
def test_x01_skips_when_last_year_was_zero_or_blank(clean_national_2021, consistent_next_year, last):
    previous = copy.deepcopy(clean_national_2021)
    previous.cells[("review_litigation", "cases", "after_review.total")] = last
    consistent_next_year.set("review_litigation", "cases", "after_review.total", 50)
    assert cross_year(consistent_next_year, previous) == []


def test_x01_on_legacy_totals(legacy_hengyang_2013):
    report = copy.deepcopy(legacy_hengyang_2013)
    report.year = 2014
    report.set("proactive", "01", "value", 20)  # 138 last year
    report.set("requests", "10", "value", 12)  # 0 last year: no ratio, skipped
    findings = [f for f in validate(report, legacy_hengyang_2013) if f.rule in CROSS_YEAR]
    assert [(f.rule, f.location.row) for f in findings] == [("X-01", "01")]
    assert findings[0].message.startswith("主动公开信息数本年为 20，上年为 138，是上年的 0.14 倍")
    assert "T3-06" not in {r.id for r in legacy_hengyang_2013.format.rules}


def test_a_bad_cross_year_entry_is_reported_naming_file_and_entry(tmp_path: Path):
    source = get_format("national-2021").path.read_text(encoding="utf-8")
    path = tmp_path / "national-2021.json"
    path.write_text(source.replace('"from_row": "carried_forward"', '"from_row": "carried_fwd"'), encoding="utf-8")
    with pytest.raises(FormatError, match=r"national-2021\.json 有误（条目 顶层 › rules\[\d+\]）：“from_row”引用了表“requests”中不存在"):
        load_format(path)


def test_format_family():
    assert format_family("national-2019") == format_family("national-2021") == "national"
    assert format_family("legacy-2013") == "legacy"


def test_previous_report_finds_last_year_of_the_same_body(store, clean_national_2021, consistent_next_year):
    """What the wizard asks when it opens a report: last year's of the same body, if stored."""
    last = store.create(clean_national_2021, "王科员")
    other = copy.deepcopy(clean_national_2021)
    other.organization = "别的单位"
    store.create(other, "王科员")
    this = store.create(consistent_next_year, "王科员")
    found = previous_report(store, this)
    assert found is not None and found.year == 2024 and found.organization == clean_national_2021.organization
    assert previous_report(store, last) is None
    assert previous_report(store, store.create(other, "王科员")) is None


def test_edit_session_checks_against_last_year(clean_national_2021, consistent_next_year):
    consistent_next_year.set("requests", "carried_over", "natural", 8)
    assert [f.rule for f in EditSession(consistent_next_year, clean_national_2021).findings() if f.rule in CROSS_YEAR] == ["T3-06"]
    assert [f.rule for f in EditSession(consistent_next_year).findings() if f.rule in CROSS_YEAR] == []
