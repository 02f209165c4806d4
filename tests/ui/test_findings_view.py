"""A page's findings in a short list that opens and scrolls, one line per kind, and a
click that leads to the place (issue 14, points 2 and 9): on a new report 表三's 175
blank cells no longer push the grid off the page, and pasted debris is selected in the
text when its warning is clicked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from models.editing import EditSession
from models.report import Report
from tests.conftest import EVENT_CAP_MS, FIXTURES
from ui.findings_view import FindingsView
from ui.pages.check_page import CheckPage
from ui.pages.section_page import SectionPage
from ui.pages.table_page import TablePage
from ui.wizard import ReportWizard

SPAM = "雷速体育,雷速直播"


@pytest.fixture
def open_wizard(qtbot, tmp_path):
    def make(report: Report, start_page: str | None = None) -> ReportWizard:
        wizard = ReportWizard(EditSession(report), lambda: "12:00", start_page=start_page, export_folder=tmp_path)
        qtbot.addWidget(wizard)
        with qtbot.waitExposed(wizard, timeout=EVENT_CAP_MS):
            wizard.show()
        return wizard

    return make


def click_line(qtbot, view: FindingsView, item) -> None:
    view.list.scrollToItem(item)
    qtbot.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=view.list.visualItemRect(item).center())


def seed_overview() -> str:
    lines = (FIXTURES / "published-hengyang-2013.txt").read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[lines.index("一、概述") + 1:lines.index("二、主动公开政府信息情况")])


def test_table_three_of_a_new_report_lists_two_lines_and_keeps_the_grid(qtbot, open_wizard, empty_national_2021):
    wizard = open_wizard(empty_national_2021, start_page="table:requests")
    page = wizard.currentPage()
    assert isinstance(page, TablePage)
    view = page.findings
    assert view.header.text() == "▾ 错误 175 项"
    assert view.lines() == ["【错误】144 个单元格未填写：没有发生的事项也应填 0", "【错误】31 个合计尚无数值：由各分项自动计算，先填写分项"]
    assert view.height() * 3 < page.editor.height(), "the grid keeps most of the page"
    available = wizard.screen().availableGeometry()
    assert wizard.frameGeometry().height() <= available.height()


def test_the_header_shows_and_hides_the_list(qtbot, open_wizard, empty_national_2021):
    wizard = open_wizard(empty_national_2021, start_page="table:requests")
    view = wizard.currentPage().findings
    grid_height = wizard.currentPage().editor.height()
    qtbot.mouseClick(view.header, Qt.MouseButton.LeftButton)
    assert not view.list.isVisible() and view.header.text() == "▸ 错误 175 项"
    qtbot.waitUntil(lambda: wizard.currentPage().editor.height() > grid_height, timeout=EVENT_CAP_MS)
    qtbot.mouseClick(view.header, Qt.MouseButton.LeftButton)
    assert view.list.isVisible()


def test_a_click_on_a_line_or_one_finding_selects_its_cell(qtbot, open_wizard, empty_national_2021):
    wizard = open_wizard(empty_national_2021, start_page="table:review_litigation")
    page = wizard.currentPage()
    view = page.findings
    blanks = view.list.topLevelItem(0)
    click_line(qtbot, view, blanks)
    assert page.editor.current_cell() == ("review_litigation", "cases", "review.upheld"), "the first blank cell"
    blanks.setExpanded(True)
    third = blanks.child(2)
    click_line(qtbot, view, third)
    assert page.editor.current_cell() == ("review_litigation", "cases", "review.other")
    assert page.editor.grid.hasFocus()


def test_a_debris_warning_selects_the_debris_in_the_text(qtbot, open_wizard, legacy_hengyang_2013):
    text = seed_overview()
    legacy_hengyang_2013.set_text("overview", text)
    wizard = open_wizard(legacy_hengyang_2013, start_page="section:overview")
    page = wizard.currentPage()
    assert isinstance(page, SectionPage)
    [line] = [page.findings.list.topLevelItem(i) for i in range(page.findings.list.topLevelItemCount())]
    assert "共 3 处，在第2、5段" in line.text(0)
    click_line(qtbot, page.findings, line)
    cursor = page.editor.textCursor()
    assert cursor.selectedText() == SPAM
    assert cursor.selectionStart() == text.index(SPAM)
    assert page.editor.hasFocus()


def test_a_debris_warning_on_the_check_page_opens_the_text_with_the_debris_selected(qtbot, open_wizard, legacy_hengyang_2013):
    legacy_hengyang_2013.set_text("problems", legacy_hengyang_2013.texts["problems"] + "\n扫一扫在手机打开当前页")
    wizard = open_wizard(legacy_hengyang_2013, start_page="check")
    check = wizard.currentPage()
    assert isinstance(check, CheckPage)
    [item] = [i for i in check.finding_items() if "扫一扫" in i.text(1)]
    check.tree.scrollToItem(item)
    rect = check.tree.visualItemRect(item)
    qtbot.mouseClick(check.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(check.tree, Qt.Key.Key_Return)
    page = wizard.currentPage()
    assert isinstance(page, SectionPage) and page.section_id == "problems"
    assert page.editor.textCursor().selectedText() == "扫一扫在手机打开当前页"


def test_debris_in_the_preface_is_selected_on_the_basics_page(qtbot, open_wizard, clean_national_2021):
    clean_national_2021.preface += "\n打印本页"
    wizard = open_wizard(clean_national_2021, start_page="basics")
    view = wizard.currentPage().findings
    [line] = [view.list.topLevelItem(i) for i in range(view.list.topLevelItemCount())]
    click_line(qtbot, view, line)
    assert wizard.currentPage().preface.textCursor().selectedText() == "打印本页"


def test_pasted_web_text_is_tidied_in_one_click_that_ctrl_z_undoes(qtbot, open_wizard, legacy_hengyang_2013):
    text = seed_overview()
    legacy_hengyang_2013.set_text("overview", text)
    wizard = open_wizard(legacy_hengyang_2013, start_page="section:overview")
    page = wizard.currentPage()
    assert page.tidy_button.isVisible()
    assert "合并 1 处句中断行" in page.tidy_button.toolTip()
    qtbot.mouseClick(page.tidy_button, Qt.MouseButton.LeftButton)
    tidied = wizard.session.report.texts["overview"]
    assert "\n（一）全面部署工作。" in tidied and "㈠" not in tidied
    assert "该制度包括政府信息主动公开制度" in tidied
    assert not page.tidy_button.isVisible(), "nothing left to tidy"
    page.editor.setFocus()
    qtbot.keyClick(page.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert wizard.session.report.texts["overview"] == text


def test_no_tidy_button_on_a_text_typed_as_it_should_be(qtbot, open_wizard, clean_national_2021):
    wizard = open_wizard(clean_national_2021, start_page="section:overview")
    assert not wizard.currentPage().tidy_button.isVisible()


def test_the_check_page_sums_up_many_findings_of_a_kind_and_keeps_an_opened_line_open(qtbot, open_wizard, empty_national_2021):
    wizard = open_wizard(empty_national_2021, start_page="check")
    check = wizard.currentPage()
    assert isinstance(check, CheckPage)
    table_three = next(
        check.tree.topLevelItem(i) for i in range(check.tree.topLevelItemCount()) if check.tree.topLevelItem(i).text(0).startswith("表三")
    )
    assert [table_three.child(i).text(1) for i in range(table_three.childCount())] == [
        "144 个单元格未填写：没有发生的事项也应填 0",
        "31 个合计尚无数值：由各分项自动计算，先填写分项",
    ]
    assert len(check.finding_items()) == len(wizard.session.findings()), "every finding is still listed"
    blanks = table_three.child(0)
    assert not blanks.isExpanded()
    blanks.setExpanded(True)
    wizard.session.set_note(wizard.session.findings_on("basics")[0], "落款日期待定")  # any change redraws the list
    table_three = next(
        check.tree.topLevelItem(i) for i in range(check.tree.topLevelItemCount()) if check.tree.topLevelItem(i).text(0).startswith("表三")
    )
    assert table_three.child(0).isExpanded()
    check.tree.setCurrentItem(table_three.child(1))
    qtbot.keyClick(check.tree, Qt.Key.Key_Return)
    page = wizard.currentPage()
    assert isinstance(page, TablePage)
    assert page.editor.current_cell() == ("requests", "new", "total"), "the first blank total"
