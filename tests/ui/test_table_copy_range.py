"""Selecting a range of the grid and copying it out to Excel/WPS (issue 14, point 11).

Shift+click and Shift+arrows select a rectangle as in a spreadsheet; Ctrl+C puts it on
the clipboard as tab-separated lines, the text Excel and WPS paste as a block: blank
cells empty (never “未填”), totals as shown.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models.editing import EditSession
from tests.ui.test_table_editor import click_cell, item_of, show_editor

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def clean_session(clean_national_2021) -> EditSession:
    return EditSession(clean_national_2021)


def shift_click(qtbot, editor, cell) -> None:
    rect = editor.grid.visualItemRect(item_of(editor, cell))
    qtbot.mouseClick(editor.grid.viewport(), Qt.MouseButton.LeftButton, SHIFT, rect.center())


def test_shift_click_selects_a_range_and_ctrl_c_copies_it_for_excel(qtbot, clean_session):
    editor = show_editor(qtbot, clean_session, "requests")
    click_cell(qtbot, editor, ("requests", "carried_over", "other_org"))
    qtbot.keyClick(editor.grid, Qt.Key.Key_Delete)  # a blank cell inside the range
    QApplication.clipboard().setText("")

    click_cell(qtbot, editor, ("requests", "new", "legal_services"))
    shift_click(qtbot, editor, ("requests", "carried_over", "total"))
    with qtbot.waitSignal(editor.message, timeout=30_000) as signal:
        qtbot.keyClick(editor.grid, Qt.Key.Key_C, CTRL)

    assert len(editor.grid.selectedIndexes()) == 6
    assert QApplication.clipboard().text() == "9\t3\t213\r\n0\t\t6\r\n"
    assert signal.args == ["已复制 2 行 3 列，可粘贴到 Excel 或 WPS"]


def test_shift_arrows_extend_the_range(qtbot, clean_session):
    editor = show_editor(qtbot, clean_session, "requests")
    click_cell(qtbot, editor, ("requests", "new", "natural"))
    qtbot.keyClick(editor.grid, Qt.Key.Key_Right, SHIFT)
    qtbot.keyClick(editor.grid, Qt.Key.Key_Right, SHIFT)
    qtbot.keyClick(editor.grid, Qt.Key.Key_Down, SHIFT)

    qtbot.keyClick(editor.grid, Qt.Key.Key_C, CTRL)

    assert QApplication.clipboard().text() == "186\t12\t1\r\n5\t1\t0\r\n"


def test_a_block_pasted_over_a_selected_range_starts_at_its_top_left(qtbot, clean_session):
    """As in Excel, although Qt's current cell is the corner clicked last."""
    editor = show_editor(qtbot, clean_session, "requests")
    QApplication.clipboard().setText("7\t8\r\n")
    click_cell(qtbot, editor, ("requests", "new", "natural"))
    shift_click(qtbot, editor, ("requests", "carried_over", "business"))
    assert editor.current_cell() == ("requests", "carried_over", "business")

    qtbot.keyClick(editor.grid, Qt.Key.Key_V, CTRL)

    cells = clean_session.report.cells
    assert (cells[("requests", "new", "natural")], cells[("requests", "new", "business")]) == (7, 8)
    assert cells[("requests", "carried_over", "business")] == 1
