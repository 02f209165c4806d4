"""Every message points at something the clerk can do (issue 14, point 7): a computed
total is never told to be filled (“未填写：应填 0” on a read-only cell), and no message
sends the clerk to a 备注 field that no format has."""

from __future__ import annotations

import re

import pytest

from models.editing import ONE_LINE_FIELDS, EditSession
from models.rules import total_cells, total_leaves, validate
from models.values import InputError
from tests.report_scenarios import FORMAT_IDS, empty_report, report_full_of_errors

FILL_IT = re.compile(r"未填写|应填|填写 ?0|没有发生的事项")
"""What a message says to a cell the clerk should type into."""


def places(report) -> set[str]:
    """Every field and part of the report a message may send the clerk to."""
    return {s.heading for s in report.format.sections} | set(ONE_LINE_FIELDS.values()) | {"编制说明", "报告年度", "成文日期"}


@pytest.mark.parametrize("scenario", [empty_report, report_full_of_errors], ids=["empty", "full_of_errors"])
@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_no_finding_gives_advice_that_cannot_be_followed(format_id, scenario):
    report = scenario(format_id)
    totals = total_cells(report.format)
    for finding in validate(report):
        where = finding.location
        if (where.table, where.row, where.column) in totals:
            assert not FILL_IT.search(finding.message.replace("请先填写", "")), finding.message
        if not any("备注" in place for place in places(report)):
            assert "备注" not in finding.message, finding.message
        if finding.severity == "error":
            # Notes are written on warnings only (docs/design-notes.md §1.1): an error
            # cannot be explained away.
            assert "写明原因" not in finding.message, finding.message


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_a_blank_total_names_the_blank_cells_to_fill_and_none_is_a_total(format_id):
    report = empty_report(format_id)
    names_of_totals = {report.cell_name(*cell) for cell in total_cells(report.format)}
    blank_totals = [f for f in validate(report) if (f.location.table, f.location.row, f.location.column) in total_cells(report.format)]
    assert blank_totals, "a new report's totals are blank"
    for finding in blank_totals:
        assert "是合计，由各分项自动计算，不用填写：请先填写“" in finding.message
        named = re.findall(r"“([^”]+)”", finding.message.split("请先填写", 1)[1])
        assert named and not set(named) & names_of_totals, finding.message


def test_a_grand_total_is_fed_only_by_cells_the_clerk_can_type(empty_national_2021):
    """（七）总计·总计 sums totals of totals: what it names are the cells under them."""
    leaves = total_leaves(empty_national_2021.format)[("requests", "total", "total")]
    session = EditSession(empty_national_2021)
    assert leaves and not any(session.is_total(cell) for cell in leaves)
    assert ("requests", "granted", "natural") in leaves


def test_a_blank_total_whose_parts_are_all_filled_says_how_to_compute_it(empty_national_2021):
    """An imported file whose totals were never computed: the parts are there, the total is
    blank, and the clerk is sent to the button that computes it."""
    report = empty_national_2021
    for cell in report.format.table("requests").cells():
        report.cells[cell] = 0
    report.cells[("requests", "new", "total")] = None
    [finding] = [f for f in validate(report) if f.location.row == "new" and f.location.column == "total"]
    assert finding.message == "一、本年新收政府信息公开申请数量·总计 是合计，尚未按各分项计算：请点击本表的“重新计算合计”按钮"


def test_words_typed_into_a_number_cell_are_told_where_words_go(empty_national_2021):
    with pytest.raises(InputError) as refused:
        empty_national_2021.enter("requests", "new", "natural", "无")
    assert "备注" not in str(refused.value)
    assert "没有发生的事项填 0" in str(refused.value)
