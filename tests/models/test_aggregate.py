"""Summing departments' reports into a city's (issue 7 point 7)."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from models.aggregate import AggregateError, aggregate, blank_parts
from models.report import Report
from models.rules import validate


def variation(report: Report, organization: str, factor: int) -> Report:
    """The sample as another body with every number times factor: still consistent."""
    varied = copy.deepcopy(report)
    varied.organization = organization
    varied.cells = {cell: None if value is None else value * factor for cell, value in varied.cells.items()}
    return varied


@pytest.fixture
def two_departments(clean_national_2021: Report) -> list[Report]:
    return [variation(clean_national_2021, "示例市教育局", 1), variation(clean_national_2021, "示例市财政局", 2)]


def test_two_variations_sum_cell_by_cell_and_totals_still_hold(clean_national_2021, two_departments):
    summed, sources = aggregate(two_departments, "示例市人民政府办公室")
    assert sources == ["示例市教育局", "示例市财政局"]
    assert (summed.format.id, summed.year, summed.organization) == ("national-2021", 2024, "示例市人民政府办公室")
    for cell, value in clean_national_2021.cells.items():
        assert summed.cells[cell] == value * 3
    fee = summed.get("proactive", "fees", "fee_amount")
    assert isinstance(fee, Decimal) and fee == Decimal("4570.38")
    errors = [f for f in validate(summed) if f.severity == "error"]
    # Only the sections the city has to write are missing; every table check passes.
    assert {f.rule for f in errors} == {"S-03"}


def test_preface_lists_the_sources_and_sections_are_left_to_write(two_departments):
    summed, _ = aggregate(two_departments, "示例市人民政府办公室")
    assert summed.preface == "本报告汇总了以下2个单位的数据：示例市教育局、示例市财政局。"
    assert all(text == "" for text in summed.texts.values())


def test_a_blank_in_any_source_leaves_the_sum_blank_and_is_reported(two_departments):
    """Blank is not 0 (docs/design-notes.md §1.3): a total missing a part is not published."""
    two_departments[1].set("requests", "new", "business", None)
    summed, _ = aggregate(two_departments, "市")
    assert summed.get("requests", "new", "business") is None
    assert summed.get("requests", "new", "natural") == 186 * 3
    assert blank_parts(two_departments, ["jiaoyu.json", "caizheng.json"]) == [
        "caizheng.json：表三 一、本年新收政府信息公开申请数量·商业企业 未填，汇总值留空"
    ]
    assert any(f.rule == "T3-05" and f.location.column == "business" for f in validate(summed))


def test_real_reports_of_different_years_are_refused(real_report_huaian_2024, real_report_hongze_2023):
    with pytest.raises(AggregateError) as caught:
        aggregate([real_report_huaian_2024, real_report_hongze_2023], "淮安市", names=["huaian.json", "hongze.json"])
    assert str(caught.value) == "不能汇总：各报告的年度不同（2024年度：huaian.json；2023年度：hongze.json）"


def test_different_formats_are_refused(clean_national_2021, legacy_hengyang_2013):
    with pytest.raises(AggregateError, match=r"^不能汇总：各报告的格式不同（national-2021：a\.json；legacy-2013：b\.json）$"):
        aggregate([clean_national_2021, legacy_hengyang_2013], "市", names=["a.json", "b.json"])


def test_the_same_body_twice_is_refused(clean_national_2021):
    again = copy.deepcopy(clean_national_2021)
    again.organization = " 示例市人民政府办公室 "
    with pytest.raises(AggregateError, match=r"^不能汇总：同一单位的报告出现了不止一次（示例市人民政府办公室：a\.json、b\.json）$"):
        aggregate([clean_national_2021, again], "市", names=["a.json", "b.json"])


def test_nothing_to_sum_and_missing_year_are_refused(clean_national_2021):
    with pytest.raises(AggregateError, match="没有要汇总的报告"):
        aggregate([], "市")
    undated = copy.deepcopy(clean_national_2021)
    undated.year = None
    with pytest.raises(AggregateError, match="以下报告未填年度：示例市人民政府办公室"):
        aggregate([undated], "市")
