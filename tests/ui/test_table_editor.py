"""The table page's grid editor (issue 5), driven with real keystrokes and clicks.

Each test types or clicks into the real widget and then reads both the report (the
truth) and the grid (what the clerk sees), because the editor's job is to keep the two
in step: a refused value must reach neither, an accepted one must reach both, totals
included.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QStyleOptionViewItem,
    QTableWidgetItem,
)

from models.editing import EditSession
from models.formats import Cell
from models.table_layout import BLANK_TEXT
from tests.conftest import EVENT_CAP_MS
from ui.table_editor import ERROR_BACKGROUND, TableEditor

# The offscreen platform (tests/conftest.py) logs this warning whenever a window is
# shown; it says nothing about the widget under test.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

NEW_NATURAL: Cell = ("requests", "new", "natural")
NEW_OTHER_ORG: Cell = ("requests", "new", "other_org")
NEW_TOTAL: Cell = ("requests", "new", "total")
CARRIED_OVER_NATURAL: Cell = ("requests", "carried_over", "natural")
GRAND_TOTAL_NATURAL: Cell = ("requests", "total", "natural")
OTHER_OTHER_NATURAL: Cell = ("requests", "other.other", "natural")
CARRIED_FORWARD_NATURAL: Cell = ("requests", "carried_forward", "natural")
REVIEW_TOTAL: Cell = ("review_litigation", "cases", "review.total")


def show_editor(qtbot, session: EditSession, table_id: str) -> TableEditor:
    """A shown editor at a laptop-sized window, so columns and rows get real sizes."""
    editor = TableEditor(session, table_id)
    qtbot.addWidget(editor)
    editor.resize(1100, 700)
    with qtbot.waitExposed(editor, timeout=EVENT_CAP_MS):
        editor.show()
    return editor


def item_of(editor: TableEditor, cell: Cell) -> QTableWidgetItem:
    item = editor.grid.item(*editor.grid_position(cell))
    assert item is not None
    return item


def click_cell(qtbot, editor: TableEditor, cell: Cell) -> None:
    rect = editor.grid.visualItemRect(item_of(editor, cell))
    qtbot.mouseClick(editor.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def type_into(qtbot, editor: TableEditor, cell: Cell, text: str, finish: Qt.Key = Qt.Key.Key_Return) -> None:
    """Click a cell and type as a clerk does: the first key opens the editor."""
    click_cell(qtbot, editor, cell)
    qtbot.keyClick(editor.grid, text[0])
    line = editor.editor_widget()
    assert isinstance(line, QLineEdit)
    qtbot.keyClicks(line, text[1:])
    qtbot.keyClick(line, finish)


def current(editor: TableEditor) -> Cell | None:
    return editor.current_cell()


@pytest.fixture
def clean_session(clean_national_2021) -> EditSession:
    return EditSession(clean_national_2021)


@pytest.fixture
def empty_session(empty_national_2021) -> EditSession:
    return EditSession(empty_national_2021)


@pytest.fixture
def hongze_session(real_report_hongze_2023) -> EditSession:
    return EditSession(real_report_hongze_2023)


@pytest.fixture
def hengyang_session(legacy_hengyang_2013) -> EditSession:
    return EditSession(legacy_hengyang_2013)


def test_typing_a_value_updates_the_report_its_total_and_the_shown_total(qtbot, clean_session):
    """The total is read-only and follows its parts: the clerk sees it change at once."""
    editor = show_editor(qtbot, clean_session, "requests")
    cells = clean_session.report.cells
    expected_total = cells[NEW_TOTAL] - cells[NEW_NATURAL] + 1234

    type_into(qtbot, editor, NEW_NATURAL, "1234")

    assert cells[NEW_NATURAL] == 1234
    assert cells[NEW_TOTAL] == expected_total
    assert item_of(editor, NEW_NATURAL).text() == "1234"
    assert item_of(editor, NEW_TOTAL).text() == str(expected_total)
    assert editor.editor_widget() is None
    assert current(editor) == CARRIED_OVER_NATURAL


def test_a_negative_count_is_refused_with_the_models_chinese_message(qtbot, clean_session):
    """“-3” must not reach the report; the editor keeps the text so the clerk can fix it."""
    editor = show_editor(qtbot, clean_session, "requests")
    before = dict(clean_session.report.cells)
    shown_before = item_of(editor, NEW_NATURAL).text()

    with qtbot.waitSignal(editor.message) as signal:
        type_into(qtbot, editor, NEW_NATURAL, "-3")

    expected = "一、本年新收政府信息公开申请数量·自然人：件数不能为负数（-3）"
    assert signal.args == [expected]
    assert editor.message_label.text() == expected
    assert clean_session.report.cells == before
    line = editor.editor_widget()
    assert line is not None and line.text() == "-3"
    assert current(editor) == NEW_NATURAL
    assert editor.commit_pending() is False

    qtbot.keyClick(line, Qt.Key.Key_Escape)
    assert editor.editor_widget() is None
    assert item_of(editor, NEW_NATURAL).text() == shown_before
    assert clean_session.report.cells == before


def test_a_total_cell_cannot_be_edited(qtbot, clean_session):
    """Totals are computed (docs/design-notes.md §1.4): no editor opens, typing is refused."""
    editor = show_editor(qtbot, clean_session, "requests")
    before = clean_session.report.cells[NEW_TOTAL]
    assert not item_of(editor, NEW_TOTAL).flags() & Qt.ItemFlag.ItemIsEditable

    click_cell(qtbot, editor, NEW_TOTAL)
    with qtbot.waitSignal(editor.message) as signal:
        qtbot.keyClick(editor.grid, "5")
    rect = editor.grid.visualItemRect(item_of(editor, NEW_TOTAL))
    qtbot.mouseDClick(editor.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    assert editor.editor_widget() is None
    assert clean_session.report.cells[NEW_TOTAL] == before
    assert "是合计" in signal.args[0]


def test_tab_skips_totals_and_labels_and_shift_tab_goes_back(qtbot, clean_session):
    """After the last party column of a row comes its total and the next row's label."""
    editor = show_editor(qtbot, clean_session, "requests")
    click_cell(qtbot, editor, NEW_OTHER_ORG)

    qtbot.keyClick(editor.grid, Qt.Key.Key_Tab)
    assert current(editor) == CARRIED_OVER_NATURAL

    qtbot.keyClick(editor.grid, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert current(editor) == NEW_OTHER_ORG

    type_into(qtbot, editor, NEW_OTHER_ORG, "2", finish=Qt.Key.Key_Tab)
    assert clean_session.report.cells[NEW_OTHER_ORG] == 2
    assert current(editor) == CARRIED_OVER_NATURAL


def test_enter_moves_down_the_column_past_the_total_row(qtbot, clean_session):
    """Enter fills a column as in Excel; the all-totals row （七）总计 is skipped."""
    editor = show_editor(qtbot, clean_session, "requests")
    click_cell(qtbot, editor, NEW_NATURAL)
    qtbot.keyClick(editor.grid, Qt.Key.Key_Return)
    assert current(editor) == CARRIED_OVER_NATURAL

    type_into(qtbot, editor, OTHER_OTHER_NATURAL, "0")
    assert current(editor) == CARRIED_FORWARD_NATURAL


def test_arrow_keys_move_between_value_cells_only(qtbot, clean_session):
    """Arrows may land on a total (to read it) but never on a label or header."""
    editor = show_editor(qtbot, clean_session, "requests")
    click_cell(qtbot, editor, NEW_NATURAL)
    qtbot.keyClick(editor.grid, Qt.Key.Key_Up)
    assert current(editor) == NEW_NATURAL
    qtbot.keyClick(editor.grid, Qt.Key.Key_Left)
    assert current(editor) == NEW_NATURAL
    qtbot.keyClick(editor.grid, Qt.Key.Key_Down)
    assert current(editor) == CARRIED_OVER_NATURAL

    click_cell(qtbot, editor, OTHER_OTHER_NATURAL)
    qtbot.keyClick(editor.grid, Qt.Key.Key_Down)
    assert current(editor) == GRAND_TOTAL_NATURAL


def test_pasting_a_block_from_excel_fills_the_cells_under_it(qtbot, clean_session):
    """A tab-separated block goes to the cells at the same offsets; the total follows."""
    editor = show_editor(qtbot, clean_session, "requests")
    QApplication.clipboard().setText("1\t2\t3\r\n4\t5\t6\r\n")
    click_cell(qtbot, editor, NEW_NATURAL)

    with qtbot.waitSignal(editor.message) as signal:
        qtbot.keyClick(editor.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)

    cells = clean_session.report.cells
    assert [cells[("requests", "new", c)] for c in ("natural", "business", "research")] == [1, 2, 3]
    assert [cells[("requests", "carried_over", c)] for c in ("natural", "business", "research")] == [4, 5, 6]
    assert signal.args == ["已粘贴 6 个单元格"]
    assert item_of(editor, ("requests", "carried_over", "research")).text() == "6"
    assert item_of(editor, NEW_TOTAL).text() == str(cells[NEW_TOTAL])


def test_pasting_a_block_inside_an_open_editor_pastes_into_the_cells(qtbot, clean_session):
    """A clerk who started typing and then pastes a block means the block, not one cell."""
    editor = show_editor(qtbot, clean_session, "requests")
    click_cell(qtbot, editor, NEW_NATURAL)
    qtbot.keyClick(editor.grid, "1")
    line = editor.editor_widget()
    assert line is not None
    QApplication.clipboard().setText("7\t8\n")

    qtbot.keyClick(line, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)

    assert editor.editor_widget() is None
    assert clean_session.report.cells[NEW_NATURAL] == 7
    assert clean_session.report.cells[("requests", "new", "business")] == 8


def test_a_paste_with_a_bad_value_changes_nothing_and_says_where(qtbot, clean_session):
    editor = show_editor(qtbot, clean_session, "requests")
    before = dict(clean_session.report.cells)
    QApplication.clipboard().setText("1\t两\n")
    click_cell(qtbot, editor, NEW_NATURAL)

    qtbot.keyClick(editor.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)

    assert clean_session.report.cells == before
    assert editor.message_label.text().startswith("没有粘贴")
    assert "第 1 行第 2 列" in editor.message_label.text()


def test_fill_blanks_with_zero_on_an_empty_table_four_clears_the_red_marks(qtbot, empty_session):
    """表四 has 12 parts and 3 totals: the button fills the 12 and the totals follow."""
    editor = show_editor(qtbot, empty_session, "review_litigation")
    assert item_of(editor, ("review_litigation", "cases", "review.upheld")).background().color() == ERROR_BACKGROUND

    qtbot.mouseClick(editor.fill_zero_button, Qt.MouseButton.LeftButton)

    assert editor.message_label.text() == "已将 12 个空白单元格填为 0"
    for row in range(editor.grid.rowCount()):
        for column in range(editor.grid.columnCount()):
            item = editor.grid.item(row, column)
            if item is not None:
                assert item.background().color() != ERROR_BACKGROUND
    assert item_of(editor, REVIEW_TOTAL).text() == "0"


def test_an_invalid_total_is_red_with_the_findings_message_until_recomputed(qtbot, hongze_session):
    """洪泽 2023 came with 行政复议·总计 = 0 (T4-01); “重新计算合计” puts in the sum."""
    editor = show_editor(qtbot, hongze_session, "review_litigation")
    item = item_of(editor, REVIEW_TOTAL)
    assert item.background().color() == ERROR_BACKGROUND
    expected = "行政复议·总计 应为 11（结果维持、结果纠正、其他结果、尚未审结之和），现为 0"
    assert item.toolTip() == expected + "\n合计不能直接填写：点“重新计算合计”即可更正为 11"

    qtbot.mouseClick(editor.fill_totals_button, Qt.MouseButton.LeftButton)

    assert item.text() == "11"
    assert item.background().color() != ERROR_BACKGROUND
    assert editor.message_label.text().startswith("已重新计算合计")


def test_commit_pending_commits_a_half_typed_value_and_delete_clears_a_cell(qtbot, empty_session):
    """Before a page change the open editor is committed; Delete makes a cell blank again."""
    editor = show_editor(qtbot, empty_session, "requests")
    click_cell(qtbot, editor, NEW_NATURAL)
    qtbot.keyClick(editor.grid, "9")

    assert editor.commit_pending() is True
    assert editor.editor_widget() is None
    assert empty_session.report.cells[NEW_NATURAL] == 9
    assert item_of(editor, NEW_TOTAL).text() == "9"

    qtbot.keyClick(editor.grid, Qt.Key.Key_Delete)
    assert empty_session.report.cells[NEW_NATURAL] is None
    assert item_of(editor, NEW_NATURAL).text() == ""


def test_blank_shows_a_grey_placeholder_but_stays_blank(qtbot, empty_session):
    """Blank is not 0: the item text is empty, only the painting says “未填”."""
    editor = show_editor(qtbot, empty_session, "requests")
    item = item_of(editor, NEW_NATURAL)
    option = QStyleOptionViewItem()
    editor.grid.itemDelegate().initStyleOption(option, editor.grid.indexFromItem(item))

    assert empty_session.report.cells[NEW_NATURAL] is None
    assert item.text() == ""
    assert option.text == BLANK_TEXT


def test_focus_cell_selects_the_grid_cell_of_a_report_cell(qtbot, clean_session):
    """The check page jumps to a finding's cell: （七）总计·总计 is row 26, column 9."""
    editor = show_editor(qtbot, clean_session, "requests")
    editor.focus_cell(("requests", "total", "total"))

    assert (editor.grid.currentRow(), editor.grid.currentColumn()) == (26, 9)
    assert editor.grid.selectedItems() == [item_of(editor, ("requests", "total", "total"))]


def test_table_three_is_laid_out_like_the_official_table(qtbot, clean_session):
    """Corner note over 3×3, 三、本年度办理结果 down 22 rows, grouped party headers."""
    editor = show_editor(qtbot, clean_session, "requests")
    grid = editor.grid

    assert grid.horizontalHeader().isHidden() and grid.verticalHeader().isHidden()
    assert (grid.rowSpan(0, 0), grid.columnSpan(0, 0)) == (3, 3)
    assert grid.item(0, 0).text().startswith("（本列数据的勾稽关系为")
    assert grid.item(0, 3).text() == "申请人情况" and grid.columnSpan(0, 3) == 7
    assert grid.item(5, 0).text() == "三、本年度办理结果" and grid.rowSpan(5, 0) == 22
    assert grid.item(7, 1).text() == "（三）不予公开" and grid.rowSpan(7, 1) == 8
    assert grid.accessibleName() == "表三 收到和处理政府信息公开申请情况"
    widths = [grid.columnWidth(c) for c in range(grid.columnCount())]
    assert widths[2] > 3 * widths[3]


def test_legacy_tables_show_label_unit_and_value(qtbot, hengyang_session):
    """附表1 of 衡阳 2013 is 指标 | 单位 | 数量, as printed."""
    editor = show_editor(qtbot, hengyang_session, "proactive")
    grid = editor.grid

    assert [grid.item(0, c).text() for c in range(3)] == ["指 标", "单位", "数 量"]
    assert [grid.item(1, c).text() for c in range(3)] == ["主动公开信息数", "条", "138"]


def test_a_change_made_elsewhere_is_shown_and_a_deleted_editor_is_forgotten(qtbot, clean_session):
    """Another page may edit the same session; a closed page must not break later edits."""
    editor = TableEditor(clean_session, "requests")  # not qtbot-managed: deleted below
    clean_session.enter_cell(NEW_NATURAL, "77")
    assert item_of(editor, NEW_NATURAL).text() == "77"

    listeners = len(clean_session.on_change)
    editor.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    clean_session.enter_cell(NEW_NATURAL, "78")
    assert len(clean_session.on_change) == listeners - 1
