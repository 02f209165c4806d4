"""Long tables keep their headers in view (issue 14, point 11).

表三 of national-2021 has 28 rows under a three-row merged header and three label
columns; on a laptop screen the clerk scrolls, and must still see which column and which
row a number belongs to. Checked as the clerk sees it: the pixels at the top (left) of
the grid are the header (labels) after scrolling, exactly as before.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage

from models.editing import EditSession
from tests.ui.test_table_editor import click_cell, show_editor

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

NEW_NATURAL = ("requests", "new", "natural")
NEW_TOTAL = ("requests", "new", "total")
CARRIED_FORWARD_NATURAL = ("requests", "carried_forward", "natural")


@pytest.fixture
def clean_session(clean_national_2021) -> EditSession:
    return EditSession(clean_national_2021)


def seen(grid, rect: QRect) -> QImage:
    """What the grid shows in a rectangle of its viewport (children drawn on it included)."""
    area = grid.viewport().geometry()
    return grid.grab(rect.translated(area.topLeft())).toImage()


def header_height(editor, session) -> int:
    rows = session.layout("requests").header_rows
    assert rows == 3
    return sum(editor.grid.rowHeight(r) for r in range(rows))


def label_width(editor) -> int:
    return sum(editor.grid.columnWidth(c) for c in range(3))


def test_scrolled_to_the_bottom_the_column_headers_stay_at_the_top(qtbot, clean_session):
    editor = show_editor(qtbot, clean_session, "requests")
    editor.resize(1100, 450)
    qtbot.waitUntil(lambda: editor.grid.verticalScrollBar().isVisible(), timeout=30_000)
    grid = editor.grid
    height = header_height(editor, clean_session)
    strip = QRect(0, 0, grid.viewport().width(), height)
    click_cell(qtbot, editor, NEW_NATURAL)
    at_rest = seen(grid, strip)

    for _ in range(40):
        if editor.current_cell() == CARRIED_FORWARD_NATURAL:
            break
        qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert editor.current_cell() == CARRIED_FORWARD_NATURAL

    assert grid.verticalScrollBar().value() == grid.verticalScrollBar().maximum() > 0
    assert seen(grid, strip) == at_rest, "the merged column headers are still drawn at the top"
    # The row label of the current row (四、结转下年度继续办理) is in view, below the headers.
    label = grid.visualRect(grid.model().index(grid.currentRow(), 0))
    assert label.top() >= height and label.bottom() <= grid.viewport().height()
    assert grid.item(grid.currentRow(), 0).text() == "四、结转下年度继续办理"

    # Going back up, the current cell comes out below the frozen headers, never under them.
    for _ in range(20):
        qtbot.keyClick(grid, Qt.Key.Key_Up)
        assert grid.visualRect(grid.currentIndex()).top() >= height


def test_scrolled_sideways_the_row_labels_stay_at_the_left(qtbot, clean_session):
    """A narrow window: the 总计 column needs scrolling right, the labels must not go."""
    editor = show_editor(qtbot, clean_session, "requests")
    editor.resize(480, 450)
    bars = (editor.grid.horizontalScrollBar(), editor.grid.verticalScrollBar())
    qtbot.waitUntil(lambda: all(bar.isVisible() for bar in bars), timeout=30_000)
    grid = editor.grid
    width = label_width(editor)
    click_cell(qtbot, editor, NEW_NATURAL)
    row = grid.currentRow()
    labels = QRect(0, grid.rowViewportPosition(row), width, grid.rowHeight(row))
    corner = QRect(0, 0, width, header_height(editor, clean_session))
    label_at_rest, corner_at_rest = seen(grid, labels), seen(grid, corner)

    qtbot.keyClick(grid, Qt.Key.Key_End)

    assert editor.current_cell() == NEW_TOTAL
    assert grid.horizontalScrollBar().value() > 0
    assert seen(grid, labels) == label_at_rest, "一、本年新收政府信息公开申请数量 is still shown beside its row"
    assert seen(grid, corner) == corner_at_rest
    assert grid.visualRect(grid.currentIndex()).left() >= width

    qtbot.keyClick(grid, Qt.Key.Key_Home)
    assert editor.current_cell() == NEW_NATURAL
    assert grid.visualRect(grid.currentIndex()).left() >= width, "not hidden under the frozen labels"


def test_a_half_hidden_cell_clicked_and_typed_into_opens_below_the_headers(qtbot, clean_session):
    """Clicking leaves the view as it is (as Qt always does); typing must not happen under the headers."""
    editor = show_editor(qtbot, clean_session, "requests")
    editor.resize(1100, 450)
    qtbot.waitUntil(lambda: editor.grid.verticalScrollBar().isVisible(), timeout=30_000)
    grid = editor.grid
    height = header_height(editor, clean_session)
    row = 12  # （三）不予公开/6.属于四类过程性信息, scrolled to be half under the headers
    grid.verticalScrollBar().setValue(grid.verticalHeader().sectionPosition(row) - height + grid.rowHeight(row) // 2)
    cell = grid.visualRect(grid.model().index(row, 3))
    assert cell.top() < height < cell.bottom()

    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=cell.adjusted(0, cell.height() // 2 + 1, 0, 0).center())
    assert (grid.currentRow(), grid.currentColumn()) == (row, 3)
    qtbot.keyClick(grid, "9")

    line = editor.editor_widget()
    assert line is not None
    qtbot.waitUntil(lambda: line.geometry().top() >= height, timeout=30_000)
    assert grid.visualRect(grid.currentIndex()).top() >= height
