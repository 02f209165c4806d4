"""The wizard's pages however they are reached (issue 14 points 1 and 8).

After a resume on a later page, every earlier page shows its content when clicked in
the page list, and 上一步/下一步 always mean the page before/after in the list, whatever
the visit history: a clerk never lands on an empty page or a dead 上一步.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from models.editing import EditSession
from models.report import Report
from tests.conftest import EVENT_CAP_MS
from tests.ui.page_checks import assert_page_shows_its_content
from ui.pages.check_page import CheckPage
from ui.pages.table_page import TablePage
from ui.wizard import ReportWizard


@pytest.fixture
def open_wizard(qtbot, tmp_path):
    def make(report: Report, start_page: str | None = None) -> ReportWizard:
        wizard = ReportWizard(EditSession(report), lambda: "12:00", start_page=start_page, export_folder=tmp_path)
        qtbot.addWidget(wizard)
        with qtbot.waitExposed(wizard, timeout=EVENT_CAP_MS):
            wizard.show()
        return wizard

    return make


def click_in_page_list(qtbot, wizard: ReportWizard, key: str) -> None:
    page_list = wizard.page_list.list
    item = page_list.item(wizard.index_of(key))
    page_list.scrollToItem(item)
    qtbot.mouseClick(page_list.viewport(), Qt.MouseButton.LeftButton, pos=page_list.visualItemRect(item).center())


def click_back(qtbot, wizard: ReportWizard) -> None:
    qtbot.mouseClick(wizard.button(wizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)


def click_next(qtbot, wizard: ReportWizard) -> None:
    qtbot.mouseClick(wizard.button(wizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def double_click(qtbot, widget, pos) -> None:
    """What a mouse sends for a double click: a click, then the second press as a
    double click (QTest's mouseDClick alone lacks the first press an item view needs)."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def back_enabled(wizard: ReportWizard) -> bool:
    button = wizard.button(wizard.WizardButton.BackButton)
    return button.isVisible() and button.isEnabled()


def next_enabled(wizard: ReportWizard) -> bool:
    button = wizard.button(wizard.WizardButton.NextButton)
    return button.isVisible() and button.isEnabled()


def test_after_a_resume_every_earlier_page_shows_its_content(qtbot, open_wizard, clean_national_2021):
    wizard = open_wizard(clean_national_2021, start_page="table:review_litigation")
    assert_page_shows_its_content(qtbot, wizard, "table:review_litigation")
    click_in_page_list(qtbot, wizard, "basics")
    assert_page_shows_its_content(qtbot, wizard, "basics")
    assert not back_enabled(wizard), "nothing before the first page"
    assert next_enabled(wizard)
    for key in ("section:requests", "table:requests", "section:overview"):
        click_in_page_list(qtbot, wizard, key)
        assert_page_shows_its_content(qtbot, wizard, key)
        assert back_enabled(wizard) and next_enabled(wizard)


def test_back_reaches_the_first_page_after_a_resume(qtbot, open_wizard, clean_national_2021):
    """基本信息 could not be reached at all after a resume (issue 14 point 1)."""
    wizard = open_wizard(clean_national_2021, start_page="section:requests")
    start = wizard.currentId()
    for expected in range(start - 1, -1, -1):
        assert back_enabled(wizard)
        click_back(qtbot, wizard)
        assert_page_shows_its_content(qtbot, wizard, wizard.pages_info[expected].key)
    assert not back_enabled(wizard)


def test_back_and_next_follow_the_page_list_not_the_visit_history(qtbot, open_wizard, clean_national_2021):
    wizard = open_wizard(clean_national_2021)
    check = wizard.index_of("check")
    click_in_page_list(qtbot, wizard, "check")
    click_back(qtbot, wizard)
    assert wizard.currentId() == check - 1, "上一步 is the page before in the list, not the page visited before"
    assert_page_shows_its_content(qtbot, wizard, wizard.pages_info[check - 1].key)
    click_in_page_list(qtbot, wizard, "section:overview")
    click_next(qtbot, wizard)
    assert wizard.currentId() == wizard.index_of("section:overview") + 1
    click_in_page_list(qtbot, wizard, "export")
    assert not next_enabled(wizard), "nothing after the last page"
    assert back_enabled(wizard)
    click_back(qtbot, wizard)
    assert_page_shows_its_content(qtbot, wizard, "check")


def test_a_finding_opens_its_page_after_a_resume_on_the_check_page(qtbot, open_wizard, real_report_hongze_2023):
    """A double click on a finding did nothing when the wizard had resumed on 检查."""
    wizard = open_wizard(real_report_hongze_2023, start_page="check")
    check = wizard.currentPage()
    assert isinstance(check, CheckPage)
    target = next(i for i in check.finding_items() if "行政复议·总计" in i.text(1))
    check.tree.scrollToItem(target)
    double_click(qtbot, check.tree.viewport(), check.tree.visualItemRect(target).center())
    assert_page_shows_its_content(qtbot, wizard, "table:review_litigation")
    page = wizard.currentPage()
    assert isinstance(page, TablePage)
    assert page.editor.current_cell() == ("review_litigation", "cases", "review.total")


def test_only_the_pages_shown_are_built(qtbot, open_wizard, clean_national_2021):
    """Building on demand stays: a resume builds the page resumed on, a click the page clicked."""
    wizard = open_wizard(clean_national_2021, start_page="table:review_litigation")
    click_in_page_list(qtbot, wizard, "basics")
    built = {key for key, page in wizard.page_widgets.items() if page.built}
    assert built == {"table:review_litigation", "basics"}


def test_a_double_click_on_a_warning_opens_its_page_and_on_its_note_edits_the_note(qtbot, open_wizard, real_report_hongze_2023):
    """A warning's row can take a note, and a double click on its text started editing
    the text instead of opening the page: the clerk saw nothing happen."""
    from ui.pages.check_page import NOTE_COLUMN

    wizard = open_wizard(real_report_hongze_2023, start_page="check")
    check = wizard.currentPage()
    warning = next(i for i in check.finding_items() if i.text(0) == "警告" and "成文日期" in i.text(1))
    note_rect = check.tree.visualRect(check.tree.indexFromItem(warning, NOTE_COLUMN))
    double_click(qtbot, check.tree.viewport(), note_rect.center())
    assert wizard.currentPage() is check
    assert check.tree.state() == check.tree.State.EditingState, "the note column takes a note"
    qtbot.keyClick(check.tree.focusWidget() or check.tree, Qt.Key.Key_Escape)
    text_rect = check.tree.visualRect(check.tree.indexFromItem(warning, 1))
    double_click(qtbot, check.tree.viewport(), text_rect.center())
    assert_page_shows_its_content(qtbot, wizard, "basics")
