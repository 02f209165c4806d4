"""Blocks pasted from and copied to Excel/WPS (issue 14, points 6 and 11), without Qt.

A clerk who pastes a row whose 总计 disagrees with its parts has found a mistake in the
source; the grid keeps the computed total, so unless they are told, the mistake is lost.
"""

from __future__ import annotations

import pytest

from models.clipboard import copy_text
from models.editing import EditSession

NEW_NATURAL = ("requests", "new", "natural")
NEW_TOTAL = ("requests", "new", "total")
CARRIED_OVER_TOTAL = ("requests", "carried_over", "total")
GRAND_TOTAL = ("requests", "total", "total")


@pytest.fixture
def session(clean_national_2021) -> EditSession:
    return EditSession(clean_national_2021)


def test_a_pasted_total_that_disagrees_keeps_the_sum_and_says_both_numbers(session):
    result = session.paste("requests", NEW_NATURAL, "1\t1\t1\t1\t0\t0\t5\r\n")

    assert session.report.cells[NEW_TOTAL] == 4
    assert result.problems == [] and len(result.filled) == 6
    assert [(m.cell, m.pasted, m.computed) for m in result.mismatches] == [(NEW_TOTAL, "5", 4)]
    expected = "粘贴的“一、本年新收政府信息公开申请数量·总计”为 5，但各分项之和为 4：已按分项计算为 4，请核对原始数据"
    assert result.mismatches[0].message == expected
    assert result.summary() == ("已粘贴 6 个单元格。\n" + expected, True)


def test_a_pasted_total_that_agrees_or_is_blank_is_not_mentioned(session):
    result = session.paste("requests", NEW_NATURAL, "1\t1\t1\t1\t0\t0\t4\r\n2\t0\t0\t0\t0\t0\t\r\n")

    assert result.mismatches == []
    assert result.summary() == ("已粘贴 12 个单元格", False)
    assert session.report.cells[CARRIED_OVER_TOTAL] == 2


def test_full_width_digits_over_a_total_compare_as_the_number_they_read(session):
    result = session.paste("requests", NEW_NATURAL, "1\t1\t1\t1\t0\t0\t４\n")
    assert result.mismatches == []


def test_words_over_a_total_are_reported_and_the_parts_still_go_in(session):
    result = session.paste("requests", NEW_NATURAL, "1\t1\t1\t1\t0\t0\t合计\n")

    assert session.report.cells[NEW_NATURAL] == 1
    assert session.report.cells[NEW_TOTAL] == 4
    assert [m.message for m in result.mismatches] == [
        "粘贴的“一、本年新收政府信息公开申请数量·总计”为“合计”，不是数字：合计已按各分项计算为 4，请核对原始数据"
    ]


def test_a_total_of_totals_is_compared_after_every_part_is_in(session):
    """The whole 表三 pasted with a wrong grand total: only that one is reported."""
    layout = session.layout("requests")
    block = copy_text(session.report, layout, 3, 3, 27, 9)
    lines = block.split("\r\n")
    row = lines[26 - 3].split("\t")
    assert row[-1] == "212"
    row[-1] = "213"
    lines[26 - 3] = "\t".join(row)

    result = session.paste("requests", NEW_NATURAL, "\r\n".join(lines))

    assert session.report.cells[GRAND_TOTAL] == 212
    assert [(m.cell, m.pasted, m.computed) for m in result.mismatches] == [(GRAND_TOTAL, "213", 212)]


def test_many_disagreeing_totals_are_counted_after_the_first_three(session):
    block = "\r\n".join("1\t0\t0\t0\t0\t0\t9" for _ in range(5))
    text, attention = session.paste("requests", NEW_NATURAL, block).summary()

    lines = text.split("\n")
    assert attention and lines[0] == "已粘贴 30 个单元格。"
    assert len(lines) == 5
    assert lines[-1] == "另有 2 个合计与各分项之和不符，见各合计单元格的提示"


def test_a_paste_only_over_totals_enters_nothing_but_still_compares(session):
    result = session.paste("requests", ("requests", "new", "other_org"), "3\t999\n")
    # 其他 is a part: 3 goes in (unchanged); 999 lay over the total.
    assert result.filled == [("requests", "new", "other_org")]
    assert result.mismatches[0].computed == 213


def test_copying_a_range_gives_excels_text_with_blanks_empty_and_totals_as_shown(session):
    session.enter_cell(("requests", "carried_over", "other_org"), "")
    layout = session.layout("requests")

    assert copy_text(session.report, layout, 3, 7, 4, 9) == "9\t3\t213\r\n0\t\t6\r\n"


def test_a_copied_block_pasted_back_in_place_changes_nothing_and_reports_nothing(session):
    before = dict(session.report.cells)
    block = copy_text(session.report, session.layout("requests"), 3, 3, 27, 9)

    result = session.paste("requests", NEW_NATURAL, block)

    assert result.problems == [] and result.mismatches == []
    assert session.report.cells == before


def test_copying_over_labels_gives_their_text_on_one_line(session):
    layout = session.layout("requests")
    assert copy_text(session.report, layout, 26, 1, 26, 3) == "（七）总计\t\t184\r\n"
