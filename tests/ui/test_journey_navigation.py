"""A clerk's session through the windows, for the navigation (issue 14 point 16).

A clerk creates a report, fills some pages, closes the wizard and opens it again from
the report list: it resumes on the page they left. Then every page is visited through
the page list in a random order, and from every page 上一步 and 下一步 are pressed: each
lands on the page before or after in the list and shows its widgets and data. The same
with the report returned by the supervisor (editable, with a banner and a comment) and
submitted (read-only), and for a supervisor reading it. Real top-level windows, real
clicks on the report list, the page list's entries and the wizard's buttons.
"""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt

from models import accounts as accounts_module
from models import comments, review
from models.accounts import CLERK, Accounts
from models.findings import Location
from models.formats import get_format
from models.report import Report
from models.store import Store
from tests.conftest import EVENT_CAP_MS, SAMPLES
from tests.ui.page_checks import assert_page_shows_its_content
from tests.ui.test_wizard import type_text
from tests.ui.test_wizard_navigation import (
    back_enabled,
    click_back,
    click_in_page_list,
    click_next,
    double_click,
    next_enabled,
)
from ui.main_window import MainWindow
from ui.pages.table_page import TablePage
from ui.wizard import ReportWizard

SUPERVISOR, SUPERVISOR_PASSWORD = "张科长", "科长的密码-2024"
CLERK_NAME, CLERK_PASSWORD = "王科员", "科员的密码-2024"
SCREEN = (1366, 768)
CONTACT = "地址：示例县人民路1号，电话：0734-1234567"
OVERVIEW = "本年度，我县认真贯彻落实条例。"
YEARS = {"national-2021": 2024, "national-2019": 2020, "legacy-2013": 2013}


@pytest.fixture
def office(tmp_path, monkeypatch):
    """A data folder with 张科长 (supervisor) and 王科员 (clerk)."""
    monkeypatch.setattr(accounts_module, "SCRYPT_PARAMS", {**accounts_module.SCRYPT_PARAMS, "n": 2**10})
    store = Store.open(tmp_path / "data")
    accounts = Accounts(store.data_dir)
    boss = accounts.create_first_supervisor(SUPERVISOR, SUPERVISOR_PASSWORD)
    accounts.add_user(boss, CLERK_NAME, CLERK, CLERK_PASSWORD)
    yield store, accounts
    store.close()


def main_window(qtbot, store: Store, accounts: Accounts, name: str, password: str) -> MainWindow:
    window = MainWindow(store, accounts.authenticate(name, password), accounts)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window, timeout=EVENT_CAP_MS):
        window.show()
    return window


def open_from_the_list(qtbot, window: MainWindow, report_id: str) -> ReportWizard:
    """Double-click the report's row in the main window, as a clerk opens a report;
    the wizard is then put at 1366×768, the screen the issue was found on."""
    row = next(i for i, summary in enumerate(window.model.rows) if summary.id == report_id)
    view = window.view
    rect = view.visualRect(window.model.index(row, 0))
    double_click(qtbot, view.viewport(), rect.center())
    qtbot.waitUntil(lambda: report_id in window.wizards, timeout=EVENT_CAP_MS)
    wizard = window.wizards[report_id]
    wizard.move(0, 0)
    wizard.resize(*SCREEN)
    qtbot.waitUntil(lambda: wizard.windowHandle() is not None and wizard.windowHandle().isExposed(), timeout=EVENT_CAP_MS)
    return wizard


def close_wizard(qtbot, window: MainWindow, wizard: ReportWizard, report_id: str) -> None:
    """“关闭”, clicked."""
    qtbot.mouseClick(wizard.button(wizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: report_id not in window.wizards, timeout=EVENT_CAP_MS)


def key_of(wizard: ReportWizard) -> str:
    return wizard.pages_info[wizard.currentId()].key


def fill_some_pages(qtbot, wizard: ReportWizard, with_table: bool) -> None:
    """基本信息's contact, the overview's text and, on a new report, one table cell."""
    click_in_page_list(qtbot, wizard, "basics")
    basics = wizard.currentPage()
    qtbot.mouseClick(basics.contact, Qt.MouseButton.LeftButton)
    basics.contact.selectAll()
    qtbot.keyClick(basics.contact, Qt.Key.Key_Delete)
    type_text(qtbot, basics.contact, CONTACT)
    click_in_page_list(qtbot, wizard, "section:overview")
    section = wizard.currentPage()
    qtbot.mouseClick(section.editor.viewport(), Qt.MouseButton.LeftButton)
    section.editor.selectAll()
    qtbot.keyClick(section.editor, Qt.Key.Key_Delete)
    type_text(qtbot, section.editor, OVERVIEW)
    if with_table:
        click_in_page_list(qtbot, wizard, first_table(wizard))
        page = wizard.currentPage()
        assert isinstance(page, TablePage)
        editor = page.editor
        cell = first_editable_cell(wizard)
        row, column = editor.grid_position(cell)
        grid = editor.grid
        grid.scrollTo(grid.model().index(row, column))
        qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.visualRect(grid.model().index(row, column)).center())
        qtbot.keyClick(grid, "1")
        qtbot.keyClicks(editor.editor_widget(), "2")
        qtbot.keyClick(editor.editor_widget(), Qt.Key.Key_Return)


def first_table(wizard: ReportWizard) -> str:
    return next(p.key for p in wizard.pages_info if p.kind == "table")


def last_table(wizard: ReportWizard) -> str:
    return [p.key for p in wizard.pages_info if p.kind == "table"][-1]


def first_editable_cell(wizard: ReportWizard):
    session = wizard.session
    table = session.format.table(first_table(wizard).removeprefix("table:"))
    return next(c for c in table.cells() if not session.is_total(c))


def visit_every_page(qtbot, wizard: ReportWizard, rng: random.Random) -> None:
    """Every page through the page list in a random order, then 上一步 and 下一步 from
    each page (in another random order): each lands on index−1 / index+1 and shows it."""
    keys = [p.key for p in wizard.pages_info]
    for key in rng.sample(keys, len(keys)):
        click_in_page_list(qtbot, wizard, key)
        assert_page_shows_its_content(qtbot, wizard, key)
    last = len(keys) - 1
    for index in rng.sample(range(len(keys)), len(keys)):
        click_in_page_list(qtbot, wizard, keys[index])
        assert_page_shows_its_content(qtbot, wizard, keys[index])
        assert back_enabled(wizard) == (index > 0), f"上一步 on {keys[index]}"
        assert next_enabled(wizard) == (index < last), f"下一步 on {keys[index]}"
        if index > 0:
            click_back(qtbot, wizard)
            assert_page_shows_its_content(qtbot, wizard, keys[index - 1])
            click_next(qtbot, wizard)
            assert_page_shows_its_content(qtbot, wizard, keys[index])
        if index < last:
            click_next(qtbot, wizard)
            assert_page_shows_its_content(qtbot, wizard, keys[index + 1])
            click_back(qtbot, wizard)
            assert_page_shows_its_content(qtbot, wizard, keys[index])


def clerk_fills_and_leaves(qtbot, window: MainWindow, report_id: str, *, with_table: bool) -> str:
    """The clerk's first session: fill, move on to the last table, close. Returns where they left."""
    wizard = open_from_the_list(qtbot, window, report_id)
    assert key_of(wizard) == "basics", "a new report starts at the beginning"
    fill_some_pages(qtbot, wizard, with_table)
    left_on = last_table(wizard)
    click_in_page_list(qtbot, wizard, left_on)
    close_wizard(qtbot, window, wizard, report_id)
    stored = window.store.load(report_id).report
    assert stored.contact == CONTACT and stored.texts["overview"] == OVERVIEW, "what was typed was saved"
    return left_on


@pytest.mark.parametrize(
    ("format_id", "seed"),
    [("national-2021", 1), ("national-2021", 2), ("national-2021", 3), ("national-2019", 4), ("legacy-2013", 5)],
)
def test_a_new_report_reopened_shows_every_page_however_it_is_reached(qtbot, office, format_id, seed):
    store, accounts = office
    report_id = store.create(Report.new(get_format(format_id), "示例县人民政府办公室", YEARS[format_id]), CLERK_NAME).id
    window = main_window(qtbot, store, accounts, CLERK_NAME, CLERK_PASSWORD)
    left_on = clerk_fills_and_leaves(qtbot, window, report_id, with_table=True)

    wizard = open_from_the_list(qtbot, window, report_id)
    assert key_of(wizard) == left_on, "reopening resumes on the page left"
    assert_page_shows_its_content(qtbot, wizard, left_on)
    assert wizard.session.report.get(*first_editable_cell(wizard)) == 12
    visit_every_page(qtbot, wizard, random.Random(seed))
    assert wizard.page_widgets["basics"].contact.text() == CONTACT
    close_wizard(qtbot, window, wizard, report_id)


@pytest.mark.parametrize("seed", [6, 7])
def test_a_returned_report_shows_every_page_however_it_is_reached(qtbot, office, seed):
    store, accounts = office
    report_id = store.import_file(SAMPLES / "national-2021-example.json", CLERK_NAME)[0].id
    window = main_window(qtbot, store, accounts, CLERK_NAME, CLERK_PASSWORD)
    left_on = clerk_fills_and_leaves(qtbot, window, report_id, with_table=False)
    clerk, boss = window.user, accounts.authenticate(SUPERVISOR, SUPERVISOR_PASSWORD)
    review.submit(store, report_id, clerk)
    comments.add_comment(store, report_id, boss, Location(section="problems"), "请补充整改情况。")
    review.return_report(store, report_id, boss, "第五部分不完整，见意见。")
    window.refresh()

    wizard = open_from_the_list(qtbot, window, report_id)
    assert key_of(wizard) == left_on
    assert wizard.banner.isVisible() and wizard.banner.text().startswith("审核人退回：第五部分不完整，见意见。")
    assert wizard.page_list.comments_of("section:problems") == 1
    assert wizard.read_only_reason == ""
    visit_every_page(qtbot, wizard, random.Random(seed))
    close_wizard(qtbot, window, wizard, report_id)


@pytest.mark.parametrize("seed", [8, 9])
def test_a_submitted_report_read_only_shows_every_page_however_it_is_reached(qtbot, office, seed):
    store, accounts = office
    report_id = store.import_file(SAMPLES / "national-2021-example.json", CLERK_NAME)[0].id
    window = main_window(qtbot, store, accounts, CLERK_NAME, CLERK_PASSWORD)
    left_on = clerk_fills_and_leaves(qtbot, window, report_id, with_table=False)
    review.submit(store, report_id, window.user)
    window.refresh()

    wizard = open_from_the_list(qtbot, window, report_id)
    assert key_of(wizard) == left_on
    assert wizard.read_only_reason.startswith("这份报告已提交审核")
    visit_every_page(qtbot, wizard, random.Random(seed))
    for info in wizard.pages_info:
        if info.kind not in ("check", "export"):
            assert not wizard.page_widgets[info.key].isEnabled(), f"{info.key} stays read-only"
    close_wizard(qtbot, window, wizard, report_id)


def test_a_supervisor_reads_a_submitted_report_page_by_page(qtbot, office):
    store, accounts = office
    report_id = store.import_file(SAMPLES / "national-2021-example.json", CLERK_NAME)[0].id
    review.submit(store, report_id, accounts.authenticate(CLERK_NAME, CLERK_PASSWORD))
    window = main_window(qtbot, store, accounts, SUPERVISOR, SUPERVISOR_PASSWORD)

    wizard = open_from_the_list(qtbot, window, report_id)
    assert key_of(wizard) == "check", "a supervisor starts on the check page"
    assert_page_shows_its_content(qtbot, wizard, "check")
    visit_every_page(qtbot, wizard, random.Random(10))
    close_wizard(qtbot, window, wizard, report_id)
