"""Typing anything into the wizard's real fields stores what the clerk reads back, or is
refused where the clerk sees it (issue 14, points 3 and 16).

The rule itself is tested without Qt, with many more examples, in
tests/models/test_field_input_properties.py; here the same reading is checked through
the widgets a clerk types into: the 成文日期 and 机关名称 fields of 基本信息, and a count
and a money cell of the tables, with text committed as a Chinese input method commits it.
What counts as typed is what the widget holds afterwards (Qt drops a lone surrogate
before any widget sees it). deadline=None: no timing verdicts.
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from models.editing import EditSession
from models.formats import get_format
from models.report import Report
from tests.conftest import EVENT_CAP_MS
from tests.models.test_field_input_properties import dates_typed, day_read, number_read, numbers_typed, typed_texts, without_blanks
from ui.pages.basics_page import BasicsPage
from ui.pages.table_page import TablePage
from ui.wizard import ReportWizard

WIDGETS = settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
COUNT_CELL = ("requests", "new", "natural")
MONEY_CELL = ("proactive", "fees", "fee_amount")


@pytest.fixture
def wizard(qtbot):
    session = EditSession(Report.new(get_format("national-2021"), "示例县人民政府办公室", 2024))
    shown = ReportWizard(session, lambda: "（不保存）")
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown, timeout=EVENT_CAP_MS):
        shown.show()
    return shown


def commit(widget, text: str) -> None:
    """What 搜狗 or 微软拼音 sends when the clerk picks a candidate: the text at once."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def replace_text(qtbot, edit, text: str) -> str:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    commit(edit, text)
    return edit.text()


def page(wizard: ReportWizard, key: str):
    wizard.go_to(wizard.index_of(key))
    return wizard.currentPage()


@WIDGETS
@given(typed=dates_typed)
@example(typed="2014年2月30日")
@example(typed="2014-13-01")
@example(typed="2014.2.3")
@example(typed="２０１４年２月３日")
@example(typed="2O14年2月3日")
def test_the_date_field(qtbot, wizard, typed):
    basics = page(wizard, "basics")
    assert isinstance(basics, BasicsPage)
    shown = replace_text(qtbot, basics.date, typed)
    report = wizard.session.report
    read = day_read(shown)
    if read is None:
        assert (report.date, report.date_as_typed) == (None, "")
    elif isinstance(read, datetime.date):
        assert (report.date, report.date_as_typed) == (read, "")
        assert basics.date_problem.text() == ""
    else:
        assert report.date is None, f"{shown!r} is no day, yet {report.date} was stored"
        assert without_blanks(report.date_as_typed) == without_blanks(shown)
        assert basics.date_problem.isVisibleTo(basics) and basics.date_problem.text() == report.date_problem()
        assert any(f.rule == "IN-02" for f in wizard.session.findings_on("basics"))


@WIDGETS
@given(typed=typed_texts)
@example(typed="某某\u3000市人民政府")
def test_the_organization_field(qtbot, wizard, typed):
    basics = page(wizard, "basics")
    shown = replace_text(qtbot, basics.organization, typed)
    assert without_blanks(wizard.session.report.organization) == without_blanks(shown)


def _type_into_cell(qtbot, wizard: ReportWizard, cell, typed: str) -> None:
    table_page = page(wizard, f"table:{cell[0]}")
    assert isinstance(table_page, TablePage)
    editor = table_page.editor
    editor.focus_cell(cell)
    before = wizard.session.report.cells[cell]
    qtbot.keyClick(editor.grid, "1")  # typing on a cell opens its editor
    line = editor.editor_widget()
    assert line is not None
    shown = replace_text(qtbot, line, typed)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    stored = wizard.session.report.cells[cell]
    read = number_read(shown)
    open_editor = editor.editor_widget()
    if open_editor is not None:
        # Refused: the text stays in the open editor, the reason under the grid.
        assert open_editor.text() == shown
        assert editor.message_label.text(), "the clerk is told why"
        assert stored == before
        qtbot.keyClick(open_editor, Qt.Key.Key_Escape)
        return
    if shown == editor.grid.item(*editor.grid_position(cell)).text() and stored == before:
        return  # the same text as the cell already showed: nothing was committed
    assert not isinstance(read, str), f"{shown!r} is no one number, yet {stored!r} was stored"
    assert stored == read, f"{shown!r} reads as {read}, yet {stored!r} was stored"


@WIDGETS
@given(typed=numbers_typed)
@example(typed="1²")
@example(typed="1 2")
@example(typed="1,2")
@example(typed="12.5")
@example(typed="１２")
@example(typed="9" * 40)
def test_a_count_cell(qtbot, wizard, typed):
    _type_into_cell(qtbot, wizard, COUNT_CELL, typed)


@WIDGETS
@given(typed=numbers_typed)
@example(typed="96,171.60")
@example(typed="0.1234567")
def test_a_money_cell(qtbot, wizard, typed):
    _type_into_cell(qtbot, wizard, MONEY_CELL, typed)
