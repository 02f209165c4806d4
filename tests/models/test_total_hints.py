"""What a clerk is told about a read-only total (issue 14, points 6 and 7): every message
names the parts they can change instead of asking for the total itself."""

from __future__ import annotations

import pytest

from models.editing import EditSession
from models.rules import computed_totals, total_cells
from models.total_hints import parts_phrase, total_advice

NEW_TOTAL = ("requests", "new", "total")
COLUMN_TOTAL = ("requests", "total", "natural")
REVIEW_TOTAL = ("review_litigation", "cases", "review.total")


def parts(report, cell):
    return total_cells(report.format)[cell][0]


def test_typing_into_a_total_says_which_parts_to_change(clean_national_2021):
    session = EditSession(clean_national_2021)
    with pytest.raises(PermissionError) as refused:
        session.enter_cell(NEW_TOTAL, "5")
    assert str(refused.value) == (
        "“一、本年新收政府信息公开申请数量·总计”是合计，由自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他"
        "相加自动得出（现为 213），不能直接填写；要改变它，请修改这些分项"
    )
    assert clean_national_2021.cells[NEW_TOTAL] == 213


def test_parts_are_named_by_their_column_or_row_and_long_lists_by_where_they_are(clean_national_2021, legacy_hengyang_2013):
    report = clean_national_2021
    assert parts_phrase(report, REVIEW_TOTAL, parts(report, REVIEW_TOTAL)) == "结果维持、结果纠正、其他结果、尚未审结"
    assert parts_phrase(report, COLUMN_TOTAL, parts(report, COLUMN_TOTAL)) == "本列各分项"
    legacy_total = ("requests", "10", "value")
    assert parts_phrase(legacy_hengyang_2013, legacy_total, parts(legacy_hengyang_2013, legacy_total)).startswith("其中：1.当面申请数、2.传真申请数")


def test_a_marked_total_advises_what_the_clerk_can_do(empty_national_2021, real_report_hongze_2023):
    blank = empty_national_2021
    advice = total_advice(blank, REVIEW_TOTAL, parts(blank, REVIEW_TOTAL), computed_totals(blank)[REVIEW_TOTAL], True)
    assert advice == "", "the blank total's own finding names the parts to fill; not said twice"

    stale = real_report_hongze_2023
    advice = total_advice(stale, REVIEW_TOTAL, parts(stale, REVIEW_TOTAL), computed_totals(stale)[REVIEW_TOTAL], True)
    assert advice == "合计不能直接填写：点“重新计算合计”即可更正为 11"


def test_an_unmarked_total_says_how_it_is_made(clean_national_2021):
    report = clean_national_2021
    advice = total_advice(report, COLUMN_TOTAL, parts(report, COLUMN_TOTAL), 184, False)
    assert advice == "合计：由本列各分项相加自动得出，不能直接填写；要改变它，请修改这些分项"
