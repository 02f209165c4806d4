"""The wizard end to end, with keystrokes and clicks (issue 5, point 8)."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from models.editing import EditSession
from models.exchange import to_document
from models.formats import get_format
from models.report import Report
from tests.conftest import EVENT_CAP_MS
from ui.pages.basics_page import BasicsPage
from ui.pages.check_page import CheckPage
from ui.pages.section_page import SectionPage
from ui.pages.table_page import TablePage
from ui.wizard import ReportWizard


class SaveLog:
    """Stands in for the store: records every save the wizard makes."""

    def __init__(self) -> None:
        self.saves: list[dict] = []

    def __call__(self, session: EditSession):
        def save() -> str:
            self.saves.append(to_document(session.report))
            return time.strftime("%H:%M")

        return save


@pytest.fixture
def open_wizard(qtbot):
    def make(report: Report, start_page: str | None = None, log: SaveLog | None = None) -> ReportWizard:
        session = EditSession(report)
        wizard = ReportWizard(session, (log or SaveLog())(session), start_page=start_page)
        qtbot.addWidget(wizard)
        with qtbot.waitExposed(wizard, timeout=EVENT_CAP_MS):
            wizard.show()
        return wizard

    return make


def click_page(qtbot, wizard: ReportWizard, key: str) -> None:
    """Click the page's entry in the list beside the wizard."""
    page_list = wizard.page_list.list
    item = page_list.item(wizard.index_of(key))
    page_list.scrollToItem(item)
    qtbot.mouseClick(page_list.viewport(), Qt.MouseButton.LeftButton, pos=page_list.visualItemRect(item).center())
    assert wizard.currentId() == wizard.index_of(key)


IME_CHUNK = 6
"""A Chinese input method commits a word or phrase at a time."""


def type_text(qtbot, widget, text: str) -> None:
    """Type as a clerk does: ASCII as key presses, Chinese as input-method commits.

    QTest can only press ASCII keys; Chinese reaches a widget from 搜狗 or 微软拼音 as a
    QInputMethodEvent carrying the committed text, which is what is sent here.
    """
    run = ""

    def commit() -> None:
        nonlocal run
        for start in range(0, len(run), IME_CHUNK):
            event = QInputMethodEvent()
            event.setCommitString(run[start : start + IME_CHUNK])
            QApplication.sendEvent(widget, event)
        run = ""

    for character in text:
        if character.isascii() and character.isprintable():
            commit()
            qtbot.keyClick(widget, character)
        else:
            run += character
    commit()


def type_lines(qtbot, widget, text: str) -> None:
    widget.setFocus()
    for index, line in enumerate(text.split("\n")):
        if index:
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        type_text(qtbot, widget, line)


def type_line(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    type_text(qtbot, widget, text)


def click_cell(qtbot, editor, cell) -> None:
    row, column = editor.grid_position(cell)
    grid = editor.grid
    rect = grid.visualRect(grid.model().index(row, column))
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def fill_table(qtbot, editor, session: EditSession, values: dict) -> None:
    """Click the first cell, then type each editable cell's value and Tab onwards."""
    editable = [c for c in session.format.table(editor.table_id).cells() if not session.is_total(c)]
    click_cell(qtbot, editor, editable[0])
    for cell in editable:
        assert editor.current_cell() == cell, "Tab walks the editable cells in order"
        text = str(values[cell])
        qtbot.keyClick(editor.grid, text[0])  # typing on a cell opens its editor
        qtbot.keyClicks(editor.editor_widget(), text[1:])
        qtbot.keyClick(editor.editor_widget(), Qt.Key.Key_Tab)


def test_fill_the_whole_hengyang_sample_through_the_wizard(qtbot, open_wizard, legacy_hengyang_2013):
    """From a new legacy-2013 report to the 衡阳市 2013 sample, by keyboard and mouse
    only; what comes out is the same report."""
    expected = legacy_hengyang_2013
    report = Report.new(get_format("legacy-2013"), "", 2013)
    wizard = open_wizard(report)
    basics = wizard.currentPage()
    assert isinstance(basics, BasicsPage)
    type_line(qtbot, basics.organization, expected.organization)
    type_line(qtbot, basics.title_edit, expected.title)
    type_line(qtbot, basics.issuer, expected.issuer)
    type_line(qtbot, basics.date, "2014年3月21日")
    type_lines(qtbot, basics.preface, expected.preface)
    for section in report.format.sections:
        click_page(qtbot, wizard, f"section:{section.id}")
        page = wizard.currentPage()
        assert isinstance(page, SectionPage)
        page.editor.selectAll()
        qtbot.keyClick(page.editor, Qt.Key.Key_Delete)
        if expected.texts[section.id]:
            type_lines(qtbot, page.editor, expected.texts[section.id])
    for table in report.format.tables:
        click_page(qtbot, wizard, f"table:{table.id}")
        page = wizard.currentPage()
        assert isinstance(page, TablePage)
        fill_table(qtbot, page.editor, wizard.session, {c: expected.cells[c] for c in table.cells()})
    click_page(qtbot, wizard, "check")
    assert wizard.session.findings() == []
    assert to_document(report) == to_document(expected)


def test_a_badge_appears_and_goes(qtbot, open_wizard, clean_national_2021):
    wizard = open_wizard(clean_national_2021, start_page="section:problems")
    page = wizard.currentPage()
    assert wizard.page_list.badge_of("section:problems") == ""
    page.editor.selectAll()
    qtbot.keyClick(page.editor, Qt.Key.Key_Delete)
    assert wizard.page_list.badge_of("section:problems") == "（警告 1）"
    assert "（警告 1）" in wizard.page_list.list.item(wizard.index_of("section:problems")).text()
    type_text(qtbot, page.editor, "本年度未发现突出问题。")
    assert wizard.page_list.badge_of("section:problems") == ""


def test_a_table_error_shows_on_its_page_and_in_the_check_page(qtbot, open_wizard, real_report_hongze_2023):
    wizard = open_wizard(real_report_hongze_2023, start_page="check")
    check = wizard.currentPage()
    assert isinstance(check, CheckPage)
    items = check.finding_items()
    target = next(i for i in items if "行政复议·总计" in i.text(1))
    qtbot.mouseClick(check.tree.viewport(), Qt.MouseButton.LeftButton, pos=check.tree.visualItemRect(target).center())
    qtbot.keyClick(check.tree, Qt.Key.Key_Return)
    assert wizard.currentId() == wizard.index_of("table:review_litigation")
    editor = wizard.currentPage().editor
    assert editor.current_cell() == ("review_litigation", "cases", "review.total")
    qtbot.mouseClick(editor.fill_totals_button, Qt.MouseButton.LeftButton)
    assert wizard.page_list.badge_of("table:review_litigation") == ""


def test_paste_a_block_through_the_wizard(qtbot, open_wizard, empty_national_2021):
    wizard = open_wizard(empty_national_2021, start_page="table:review_litigation")
    editor = wizard.currentPage().editor
    QApplication.clipboard().setText("3\t1\t1\t1\t\t2\t0\t1\t1")
    click_cell(qtbot, editor, ("review_litigation", "cases", "review.upheld"))
    qtbot.keyClick(editor.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    report = wizard.session.report
    assert report.get("review_litigation", "cases", "review.total") == 6
    assert report.get("review_litigation", "cases", "direct.total") == 4


def test_autosave_a_second_after_an_edit_and_on_page_change(qtbot, open_wizard, clean_national_2021):
    """Counted in events, not seconds: an edit arms the autosaver's one-second single-shot
    timer, and that timer's time-out, fired here rather than waited for, saves. A page
    change saves at once, while the next edit's timer has not fired (QTest's keys and
    clicks run no event loop, so no timer fires unless the test fires it)."""
    log = SaveLog()
    wizard = open_wizard(clean_national_2021, start_page="section:overview", log=log)
    timer = wizard.autosaver.timer
    timeouts: list[int] = []
    timer.timeout.connect(lambda: timeouts.append(len(log.saves)))
    page = wizard.currentPage()
    page.editor.moveCursor(page.editor.textCursor().MoveOperation.End)
    type_text(qtbot, page.editor, "补充一句。")
    assert log.saves == [], "not on every keystroke"
    assert timer.isActive() and timer.isSingleShot() and timer.interval() == 1000, "a save a second after the edit"
    timer.timeout.emit()  # the second is up
    assert len(log.saves) == 1
    assert log.saves[0]["texts"]["overview"].endswith("补充一句。")
    assert wizard.page_list.saved.text().startswith("已保存 ")
    type_text(qtbot, page.editor, "再补充。")
    assert timer.isActive() and len(log.saves) == 1, "the second edit waits for its own second"
    click_page(qtbot, wizard, "basics")
    assert len(log.saves) == 2, "a page change saves at once"
    assert log.saves[1]["texts"]["overview"].endswith("再补充。")
    assert len(timeouts) == 1 and not timer.isActive(), "the page change saved, not the timer"


def test_qt_buttons_are_chinese(qtbot, open_wizard, clean_national_2021):
    wizard = open_wizard(clean_national_2021)
    texts = {wizard.button(b).text() for b in (wizard.WizardButton.NextButton, wizard.WizardButton.BackButton)}
    assert texts == {"下一步 >", "< 上一步"}


def test_the_default_text_can_be_undone(qtbot, open_wizard, legacy_hengyang_2013):
    """A clerk who clicks “填入‘无’” by mistake gets the own text back with Ctrl+Z."""
    wizard = open_wizard(legacy_hengyang_2013, start_page="section:fees")
    page = wizard.currentPage()
    page.editor.selectAll()
    type_text(qtbot, page.editor, "收取复制费20元。")
    qtbot.mouseClick(page.default_button, Qt.MouseButton.LeftButton)
    assert wizard.session.report.texts["fees"] == "无"
    qtbot.keyClick(page.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert wizard.session.report.texts["fees"] == "收取复制费20元。"
    assert page.count.text() == "已写 9 字"
