"""The wizard without a mouse, and a name for every control (issue 8, point 5).

Every key goes to the widget that has the focus (QApplication.focusWidget()), as a
real keyboard does; nothing here clicks, and nothing calls setFocus or go_to.
Chinese text arrives as input-method commits (tests/ui/test_wizard.py, type_text).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTreeWidget,
    QWidget,
)

from models.editing import EditSession
from models.formats import all_formats, get_format
from models.report import Report
from tests.conftest import EVENT_CAP_MS
from tests.ui.test_wizard import type_text
from ui.pages.basics_page import BasicsPage
from ui.pages.check_page import CheckPage
from ui.pages.common import BuiltOnDemandPage
from ui.pages.export_page import ExportPage
from ui.pages.section_page import SectionPage
from ui.pages.table_page import TablePage
from ui.wizard import ReportWizard

Key = Qt.Key


@pytest.fixture
def keyboard_wizard(qtbot, tmp_path):
    def make(report: Report) -> ReportWizard:
        wizard = ReportWizard(EditSession(report), lambda: "12:00", export_folder=tmp_path)
        qtbot.addWidget(wizard)
        wizard.show()
        wizard.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard, timeout=EVENT_CAP_MS)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=EVENT_CAP_MS)
        return wizard

    return make


def focused() -> QWidget:
    """Where Qt delivers a key press: the focus widget, else the active window."""
    widget = QApplication.focusWidget() or QApplication.activeWindow()
    assert widget is not None, "the wizard is the active window"
    return widget


def press(qtbot, key: Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """One key press, to whatever has the focus now."""
    qtbot.keyClick(focused(), key, modifier)


def tab_until(qtbot, wanted: Callable[[QWidget], bool], backwards: bool = False, limit: int = 400) -> QWidget:
    """Tab (or Shift+Tab) until the focus reaches a widget that `wanted` accepts."""
    for _ in range(limit):
        if wanted(focused()):
            return focused()
        if backwards:
            press(qtbot, Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
        else:
            press(qtbot, Key.Key_Tab)
    raise AssertionError(f"Tab never reached the wanted widget; stuck at {focused()!r}")


def next_page(qtbot, wizard: ReportWizard) -> None:
    """Tab to “下一步 >” and press Space, as a keyboard user does on any page."""
    before = wizard.currentId()
    tab_until(qtbot, lambda w: w is wizard.button(wizard.WizardButton.NextButton))
    press(qtbot, Key.Key_Space)
    assert wizard.currentId() == before + 1


def page_key(wizard: ReportWizard) -> str:
    return wizard.pages_info[wizard.currentId()].key


def choose_in_page_list(qtbot, wizard: ReportWizard, key: str) -> None:
    """Shift+Tab to the page list, arrow keys to the page's row, Enter."""
    page_list = wizard.page_list.list
    tab_until(qtbot, lambda w: w is page_list, backwards=True)
    press(qtbot, Key.Key_Home)
    target = wizard.index_of(key)
    for _ in range(target):
        press(qtbot, Key.Key_Down)
    assert page_list.currentRow() == target
    press(qtbot, Key.Key_Return)
    assert page_key(wizard) == key, "Enter opens the chosen page, not the one after it"


def test_walk_the_whole_wizard_by_keyboard(qtbot, keyboard_wizard, tmp_path):
    """基本信息 → every section and table page → 检查 → 导出, by key presses only."""
    report = Report.new(get_format("national-2021"), "", 2024)
    wizard = keyboard_wizard(report)
    session = wizard.session
    next_button = wizard.button(wizard.WizardButton.NextButton)
    assert next_button.isDefault(), "Enter on a field that does not use it means 下一步"

    # 基本信息: the focus starts in 机关名称; Tab walks the form in the order it is shown.
    basics = wizard.currentPage()
    assert isinstance(basics, BasicsPage)
    assert focused() is basics.organization
    type_text(qtbot, focused(), "示例县人民政府办公室")
    press(qtbot, Key.Key_Tab)
    assert focused() is basics.year
    press(qtbot, Key.Key_Down)
    assert session.report.year == 2023
    press(qtbot, Key.Key_Up)
    assert session.report.year == 2024
    order = [basics.title_edit, basics.issuer, basics.date, basics.contact, basics.preface]
    for widget in order:
        press(qtbot, Key.Key_Tab)
        assert focused() is widget
    press(qtbot, Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is basics.contact
    press(qtbot, Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is basics.date
    type_text(qtbot, focused(), "2025-01-20")
    assert session.report.organization == "示例县人民政府办公室"
    assert session.report.date is not None
    # Enter in a line edit presses the default button: 下一步.
    press(qtbot, Key.Key_Return)
    assert page_key(wizard) == "section:overview"

    # A section: Tab from the text moves on (it does not insert a tab character).
    section = wizard.currentPage()
    assert isinstance(section, SectionPage)
    tab_until(qtbot, lambda w: w is section.editor, backwards=True)
    type_text(qtbot, focused(), "本年度，我县认真贯彻落实条例。")
    press(qtbot, Key.Key_Return)
    assert page_key(wizard) == "section:overview", "Enter in the text starts a new paragraph"
    type_text(qtbot, focused(), "第二段。")
    assert session.report.texts["overview"] == "本年度，我县认真贯彻落实条例。\n第二段。"
    press(qtbot, Key.Key_Tab)
    assert focused() is not section.editor
    assert "\t" not in session.report.texts["overview"]

    # Every other page up to the first table with 下一步 reached by Tab.
    while not page_key(wizard).startswith("table:"):
        next_page(qtbot, wizard)

    # A table: arrows to the first value cell, typing opens its editor, Tab and Enter commit.
    table_page = wizard.currentPage()
    assert isinstance(table_page, TablePage)
    editor = table_page.editor
    grid = tab_until(qtbot, lambda w: w is editor.grid, backwards=True)
    assert grid is editor.grid
    press(qtbot, Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Key.Key_Down)
    first = editor.current_cell()
    assert first is not None and not session.is_total(first)
    for character in "12":
        press(qtbot, getattr(Key, f"Key_{character}"))
    assert editor.editor_widget() is not None, "typing on a cell opens its editor"
    press(qtbot, Key.Key_Tab)
    assert session.report.get(*first) == 12
    second = editor.current_cell()
    assert second is not None and second != first
    press(qtbot, Key.Key_3)
    press(qtbot, Key.Key_Return)
    assert session.report.get(*second) == 3
    # 空白填 0 by keyboard: Tab leaves the grid after its last cell, Shift+Tab comes back.
    fill_zero = tab_until(qtbot, lambda w: w is editor.fill_zero_button)
    press(qtbot, Key.Key_Space)
    table = session.format.table(editor.table_id)
    assert all(session.report.get(*cell) is not None for cell in table.cells())
    assert session.report.get(*first) == 12, "filling blanks leaves typed values"
    assert fill_zero is editor.fill_zero_button

    # The rest of the pages up to 检查 with 下一步; the table pages get 空白填 0.
    while page_key(wizard) != "check":
        next_page(qtbot, wizard)
        page = wizard.currentPage()
        if isinstance(page, TablePage):
            tab_until(qtbot, lambda w, page=page: w is page.editor.fill_zero_button)
            press(qtbot, Key.Key_Space)

    # 检查: Tab to the list, arrows to a finding, Enter jumps to its page.
    check = wizard.currentPage()
    assert isinstance(check, CheckPage)
    tree = tab_until(qtbot, lambda w: w is check.tree)
    assert tree is check.tree
    press(qtbot, Key.Key_Home)
    press(qtbot, Key.Key_Down)
    finding_item = check.tree.currentItem()
    assert finding_item is not None and finding_item.parent() is not None, "the first finding under its page"
    target_key, _finding = finding_item.data(0, Qt.ItemDataRole.UserRole)
    press(qtbot, Key.Key_Return)
    assert page_key(wizard) == target_key

    # The page list: Shift+Tab to it, arrows and Enter choose any page.
    choose_in_page_list(qtbot, wizard, "table:requests")
    choose_in_page_list(qtbot, wizard, "check")
    next_page(qtbot, wizard)

    # 导出: Tab to 导出, Space; the draft is written off the GUI thread.
    export = wizard.currentPage()
    assert isinstance(export, ExportPage)
    assert page_key(wizard) == "export"
    assert wizard.button(wizard.WizardButton.FinishButton).isDefault()
    tab_until(qtbot, lambda w: w is export.export_button)
    press(qtbot, Key.Key_Space)
    qtbot.waitUntil(lambda: export.result.text().startswith(("已导出", "导出失败")), timeout=EVENT_CAP_MS)
    assert export.result.text().startswith("已导出草稿"), export.result.text()
    assert export.last_path is not None and export.last_path.exists()
    assert Path(export.last_path).parent == tmp_path
    if QApplication.activeWindow() is None:
        # The offscreen platform sometimes drops the active window while the event loop
        # waits for the export thread; a real desktop keeps it. Give it back.
        wizard.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard, timeout=EVENT_CAP_MS)
    # And back again: Shift+Tab to “< 上一步”, Space.
    tab_until(qtbot, lambda w: w is wizard.button(wizard.WizardButton.BackButton), backwards=True)
    press(qtbot, Key.Key_Space)
    assert page_key(wizard) == "check"


# -- a name for every control ---------------------------------------------------------

INPUT_TYPES = (
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QComboBox,
    QTableWidget,
    QTableView,
    QListWidget,
    QTreeWidget,
    QCheckBox,
    QPushButton,
)


def _is_part_of_another_control(widget: QWidget) -> bool:
    """The line edit inside a spin box or a combo box, or a cell editor inside a grid:
    the screen reader reads the outer control's name."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QAbstractSpinBox, QComboBox, QAbstractItemView)):
            return True
        parent = parent.parentWidget()
    return False


def _form_label(widget: QWidget) -> str:
    """The text of the QLabel a QFormLayout row puts before the widget (its buddy)."""
    parent = widget.parentWidget()
    layouts = parent.findChildren(QFormLayout) if parent is not None else []
    if parent is not None and isinstance(parent.layout(), QFormLayout):
        layouts.append(parent.layout())
    for layout in layouts:
        label = layout.labelForField(widget)
        if isinstance(label, QLabel) and label.text().strip():
            return label.text().strip()
    return ""


def readable_name(widget: QWidget) -> str:
    """What a screen reader can announce for the control.

    Counts: a non-empty accessibleName(); for a button or check box, its own text
    (without the & of a shortcut); for any other control, the text of the QLabel that
    a QFormLayout row shows before it (Qt makes that label the field's buddy, and the
    accessibility bridge reads it as the field's name). Does not count: a tool tip or a
    placeholder text (gone once something is typed), nor a label merely placed nearby.
    """
    if widget.accessibleName().strip():
        return widget.accessibleName().strip()
    if isinstance(widget, QAbstractButton):
        return widget.text().replace("&", "").strip()
    return _form_label(widget)


def unnamed_controls(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUT_TYPES) or _is_part_of_another_control(widget):
            continue
        if not readable_name(widget):
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.window()).__name__}")
    return missing


@pytest.mark.parametrize("format_id", sorted(all_formats()))
def test_every_control_on_every_page_has_a_name(qtbot, keyboard_wizard, format_id):
    """On each format, every page is built (visited) and every control in it, in the page
    list and among the wizard's buttons has a name a screen reader can announce; the rule
    for what counts is `readable_name`."""
    wizard = keyboard_wizard(Report.new(get_format(format_id), "示例县人民政府办公室", 2024))
    for index, info in enumerate(wizard.pages_info):
        wizard.go_to(index)
        page = wizard.page_widgets[info.key]
        assert isinstance(page, BuiltOnDemandPage) and page.built
    counted = [w for w in wizard.findChildren(QWidget) if isinstance(w, INPUT_TYPES) and not _is_part_of_another_control(w)]
    for kind in (QLineEdit, QPlainTextEdit, QSpinBox, QComboBox, QTableWidget, QListWidget, QTreeWidget, QCheckBox, QPushButton):
        assert any(isinstance(w, kind) for w in counted), f"no {kind.__name__} checked: the walk missed a page"
    assert unnamed_controls(wizard) == []
    # The side widget is not a child of the wizard in PySide (setSideWidget), so it is checked too.
    assert unnamed_controls(wizard.side) == []


def test_every_control_of_the_other_windows_has_a_name(qtbot, tmp_path, monkeypatch):
    """The same rule for the main window, the dialogs and the review panel beside the
    wizard: new report, sign-in (first start and later), users, review panel."""
    from models import accounts as accounts_module
    from models.accounts import Accounts
    from models.store import Store
    from tests.conftest import SAMPLES
    from ui.main_window import MainWindow
    from ui.new_report_dialog import NewReportDialog
    from ui.sign_in_dialog import SignInDialog
    from ui.users_dialog import UsersDialog

    monkeypatch.setattr(accounts_module, "SCRYPT_PARAMS", {**accounts_module.SCRYPT_PARAMS, "n": 2**10})
    with Store.open(tmp_path / "data") as store:
        accounts = Accounts(store.data_dir)
        first = SignInDialog(accounts)
        qtbot.addWidget(first)
        assert unnamed_controls(first) == []
        boss = accounts.create_first_supervisor("张科长", "科长的密码-2024")
        later = SignInDialog(accounts)
        qtbot.addWidget(later)
        report_id = store.import_file(SAMPLES / "national-2021-example.json", "张科长")[0].id
        window = MainWindow(store, boss, accounts)
        qtbot.addWidget(window)
        dialogs = [later, NewReportDialog(window), UsersDialog(accounts, boss, window)]
        for dialog in dialogs:
            qtbot.addWidget(dialog)
        wizard = window.open_report(report_id)
        try:
            for root in (window, *dialogs, wizard.side):
                assert unnamed_controls(root) == [], type(root).__name__
        finally:
            wizard.close()
