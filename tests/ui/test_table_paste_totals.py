"""A pasted total that disagrees with its parts (issue 14, point 6), in the grid.

The grid keeps the computed total (totals are read-only), so the number the clerk pasted
is gone from the screen: the editor must say what was pasted and that it did not match,
and mark the total, or the mistake in the clerk's spreadsheet goes unnoticed.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models.editing import EditSession
from tests.ui.test_table_editor import click_cell, item_of, show_editor, type_into
from ui.table_editor import WARNING_BACKGROUND

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

NEW_NATURAL = ("requests", "new", "natural")
NEW_BUSINESS = ("requests", "new", "business")
NEW_TOTAL = ("requests", "new", "total")
MISMATCH = "粘贴的“一、本年新收政府信息公开申请数量·总计”为 5，但各分项之和为 4：已按分项计算为 4，请核对原始数据"


@pytest.fixture
def clean_session(clean_national_2021) -> EditSession:
    return EditSession(clean_national_2021)


def test_a_pasted_row_whose_total_disagrees_keeps_the_sum_and_tells_both_numbers(qtbot, clean_session):
    editor = show_editor(qtbot, clean_session, "requests")
    QApplication.clipboard().setText("1\t1\t1\t1\t0\t0\t5\r\n")
    click_cell(qtbot, editor, NEW_NATURAL)

    with qtbot.waitSignal(editor.message, timeout=30_000) as signal:
        qtbot.keyClick(editor.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)

    assert clean_session.report.cells[NEW_TOTAL] == 4
    assert item_of(editor, NEW_TOTAL).text() == "4"
    assert signal.args == ["已粘贴 6 个单元格。\n" + MISMATCH]
    assert editor.message_label.text() == signal.args[0]
    total = item_of(editor, NEW_TOTAL)
    assert total.background().color() == WARNING_BACKGROUND
    assert total.toolTip().startswith(MISMATCH + "\n")

    # The mark is about that paste: the clerk's next change ends it.
    type_into(qtbot, editor, NEW_BUSINESS, "2")
    assert item_of(editor, NEW_TOTAL).text() == "5"
    assert item_of(editor, NEW_TOTAL).background().color() != WARNING_BACKGROUND
    assert editor.message_label.text() == ""


def test_typing_on_a_total_says_which_parts_to_change(qtbot, clean_session):
    editor = show_editor(qtbot, clean_session, "requests")
    click_cell(qtbot, editor, NEW_TOTAL)

    with qtbot.waitSignal(editor.message, timeout=30_000) as signal:
        qtbot.keyClick(editor.grid, "5")

    assert signal.args == [
        "“一、本年新收政府信息公开申请数量·总计”是合计，由自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他"
        "相加自动得出（现为 213），不能直接填写；要改变它，请修改这些分项"
    ]
    assert item_of(editor, NEW_TOTAL).toolTip() == (
        "合计：由自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他相加自动得出，不能直接填写；要改变它，请修改这些分项"
    )
