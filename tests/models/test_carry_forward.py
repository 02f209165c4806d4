"""Starting a report from last year's (issue 7 point 1; docs/design-notes.md §8.2) and C-01."""

from __future__ import annotations

import pytest

from models.carry_forward import DRAFT_MARKER, CarryForwardError, carry_forward, start_from
from models.formats import get_format
from models.report import Report
from models.rules import validate

COLUMNS = ("natural", "business", "research", "public_interest", "legal_services", "other_org", "total")


def test_organization_contacts_and_last_years_carried_forward_are_copied(clean_national_2021):
    """上年结转 ← last year's 结转下年度 in every column, the body and contacts as they were."""
    report = start_from(clean_national_2021, 2025)
    assert (report.format.id, report.year) == ("national-2021", 2025)
    assert report.organization == clean_national_2021.organization
    assert (report.issuer, report.contact) == (clean_national_2021.issuer, clean_national_2021.contact)
    for column in COLUMNS:
        assert report.get("requests", "carried_over", column) == clean_national_2021.get("requests", "carried_forward", column)
    assert report.get("requests", "new", "natural") is None
    assert report.date is None and report.notes == {}


def test_in_force_is_a_baseline_only_not_copied(clean_national_2021):
    """Copying 现行有效件数 would make T2-02 pass on a number nobody typed this year."""
    carried = carry_forward(clean_national_2021, 2025, source="上年.json")
    assert carried.report.get("proactive", "regulations", "in_force") is None
    assert carried.report.get("proactive", "normative_documents", "in_force") is None
    assert [(b.what, b.value) for b in carried.baselines] == [
        ("表二 规章·现行有效件数", "38"),
        ("表二 行政规范性文件·现行有效件数", "126"),
    ]
    lines = carried.lines()
    assert lines[0] == "从上年.json结转："
    assert "  表三 二、上年结转政府信息公开申请数量·自然人：7（来自2024年报告 表三 四、结转下年度继续办理·自然人）" in lines


def test_last_years_texts_come_back_as_marked_drafts(clean_national_2021):
    report = start_from(clean_national_2021, 2025)
    for section in report.format.sections:
        last = clean_national_2021.texts[section.id]
        if last.strip():
            assert report.texts[section.id] == f"{DRAFT_MARKER}\n{last.strip()}"
        else:
            assert report.texts[section.id] == section.default_text
    assert report.preface.startswith(DRAFT_MARKER + "\n")


def test_a_marker_left_in_a_text_warns_c01_until_rewritten(clean_national_2021):
    """C-01 names each text that still carries last year's marker, and only those."""
    report = start_from(clean_national_2021, 2025)
    c01 = [f for f in validate(report) if f.rule == "C-01"]
    assert [(f.severity, f.location.field or f.location.section) for f in c01] == [
        ("warning", "preface"),
        ("warning", "overview"),
        ("warning", "problems"),
        ("warning", "other"),
    ]
    assert c01[1].message == "“一、总体情况”仍是从上年报告带来的文字（开头有“【上年文字，请改写】”）：请按本年情况改写，并删去这一标记"
    report.preface = report.preface.replace(DRAFT_MARKER + "\n", "")
    for section in ("overview", "problems", "other"):
        report.texts[section] = "本年重写的文字。"
    assert [f for f in validate(report) if f.rule == "C-01"] == []


def test_the_clean_sample_has_no_marker_warning(clean_national_2021):
    assert [f for f in validate(clean_national_2021) if f.rule == "C-01"] == []


def test_a_national_2019_report_starts_2021_in_the_format_of_the_year():
    """2020 → 2021: the body moves to national-2021; table 三 carries by the same ids."""
    previous = Report.new(get_format("national-2019"), "某县人民政府办公室", 2020)
    previous.set("requests", "carried_forward", "natural", 4)
    previous.set("requests", "carried_forward", "total", 4)
    report = start_from(previous, 2021)
    assert report.format.id == "national-2021"
    assert report.get("requests", "carried_over", "natural") == 4
    assert report.get("requests", "carried_over", "business") is None
    assert start_from(previous, 2021, "national-2019").format.id == "national-2019"


def test_legacy_report_carries_texts_and_row_labels_but_no_cells(legacy_hengyang_2013):
    report = start_from(legacy_hengyang_2013, 2014)
    assert report.format.id == "legacy-2013"
    assert report.row_labels == legacy_hengyang_2013.row_labels
    assert all(value is None for value in report.cells.values())


@pytest.mark.parametrize("year", [2024, 2026, 2030])
def test_a_report_not_of_last_year_is_refused(clean_national_2021, year):
    with pytest.raises(CarryForwardError, match=f"上年报告是 2024 年度的，不能作为 {year} 年度报告的起点"):
        start_from(clean_national_2021, year)
