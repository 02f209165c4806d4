"""Dialogs fit the screen and scroll (issue 14 point 4): “查看修改…” opened a message
box 1932 px tall whose 确定 was below the bottom of the screen."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from models import accounts as accounts_module
from models import review
from models.accounts import CLERK, Accounts
from models.editing import EditSession
from models.store import Store
from tests.conftest import EVENT_CAP_MS, SAMPLES
from ui import long_text_dialog
from ui.long_text_dialog import LongTextDialog
from ui.main_window import MainWindow

LONG = "\n".join(f"[错误] 表三：第 {n} 行 自然人 未填写" for n in range(400))


def inside_the_screen(dialog) -> bool:
    available = dialog.screen().availableGeometry()
    return available.contains(dialog.frameGeometry())


def test_a_long_text_scrolls_in_a_dialog_that_fits_the_screen(qtbot):
    dialog = LongTextDialog(None, "审核", text=LONG)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog, timeout=EVENT_CAP_MS):
        dialog.show()
    assert inside_the_screen(dialog), (dialog.frameGeometry(), dialog.screen().availableGeometry())
    assert dialog.text.verticalScrollBar().maximum() > 0, "the text scrolls"
    button = dialog.accept_button
    assert button.isVisible() and button.text() == "确定"
    corner = button.mapToGlobal(button.rect().bottomRight())
    assert dialog.screen().availableGeometry().contains(corner), "确定 can be clicked"


def test_a_short_text_stays_small(qtbot):
    dialog = LongTextDialog(None, "审核", text="已保存。")
    qtbot.addWidget(dialog)
    assert dialog.height() < 300


def test_messages_go_to_the_scrolling_dialog_only_when_long(qtbot, monkeypatch):
    boxes, dialogs = [], []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: boxes.append(text))
    monkeypatch.setattr(long_text_dialog, "show_text", lambda _parent, _title, **kw: dialogs.append(kw["text"]))
    long_text_dialog.message(None, "年报", "文件不存在")
    long_text_dialog.message(None, "年报", LONG)
    assert (boxes, dialogs) == (["文件不存在"], [LONG])


@pytest.fixture
def many_changes(tmp_path, monkeypatch):
    """A returned report in which the clerk changed every cell of 表三 and a sentence."""
    monkeypatch.setattr(accounts_module, "SCRYPT_PARAMS", {**accounts_module.SCRYPT_PARAMS, "n": 2**10})
    store = Store.open(tmp_path / "data")
    accounts = Accounts(store.data_dir)
    boss = accounts.create_first_supervisor("张科长", "科长的密码-2024")
    accounts.add_user(boss, "王科员", CLERK, "科员的密码-2024")
    clerk = accounts.authenticate("王科员", "科员的密码-2024")
    report_id = store.import_file(SAMPLES / "national-2021-example.json", "王科员")[0].id
    review.submit(store, report_id, clerk)
    review.return_report(store, report_id, boss, "请核对")
    stored = store.load(report_id)
    report = stored.report
    session = EditSession(report)
    session.enter_cell(("requests", "new", "natural"), "183")
    for (table, row, column), value in list(report.cells.items()):
        if table == "requests" and isinstance(value, int) and (row, column) != ("new", "natural"):
            report.cells[(table, row, column)] = value + 1
    report.texts["overview"] = report.texts["overview"].replace("申请213件", "申请138件")
    store.save(report_id, report, "王科员", base_version=stored.summary.version)
    yield store, accounts, report_id
    store.close()


def test_the_change_view_fits_the_screen_and_lists_cells_old_to_new(qtbot, many_changes):
    store, accounts, report_id = many_changes
    window = MainWindow(store, accounts.authenticate("张科长", "科长的密码-2024"), accounts)
    qtbot.addWidget(window)
    window.show()
    wizard = window.open_report(report_id)
    seen = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(0, look)
            return
        seen["fits"] = inside_the_screen(dialog)
        seen["size"] = (dialog.frameGeometry(), dialog.screen().availableGeometry())
        seen["text"] = dialog.text.toPlainText() if isinstance(dialog, LongTextDialog) else dialog.text()
        seen["scrolls"] = isinstance(dialog, LongTextDialog) and dialog.text.verticalScrollBar().maximum() > 0
        seen["html"] = dialog.text.toHtml() if isinstance(dialog, LongTextDialog) else ""
        dialog.accept()

    QTimer.singleShot(0, look)
    qtbot.mouseClick(wizard.review_panel.changes_button, Qt.MouseButton.LeftButton)
    assert seen["fits"], seen["size"]
    assert seen["scrolls"]
    assert "表三 · 一、本年新收政府信息公开申请数量 · 自然人：186 → 183" in seen["text"]
    assert "一、总体情况 · 第 3 段 · 修改\n全年新收政府信息公开申请213138件，上年结转6件；" in seen["text"]
    assert "进一步规范申请受理" not in seen["text"], "the changed sentence, not its whole paragraph"
    assert re.search(r"line-through[^>]*>213</span>", seen["html"]) and re.search(r"underline[^>]*>138</span>", seen["html"])
    wizard.close()
