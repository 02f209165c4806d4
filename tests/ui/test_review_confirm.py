"""Submitting and approving are asked about first, with a summary of what is submitted or
approved, and say afterwards what happened and what comes next; a report opened
read-only is legible (issue 14 point 10)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from models import accounts as accounts_module
from models import comments, review
from models.accounts import CLERK, Accounts
from models.findings import Location
from models.store import Store
from tests.conftest import EVENT_CAP_SECONDS, ROOT, SAMPLES
from ui.long_text_dialog import LongTextDialog
from ui.main_window import MainWindow

SUPERVISOR, SUPERVISOR_PASSWORD = "张科长", "科长的密码-2024"
CLERK_NAME, CLERK_PASSWORD = "王科员", "科员的密码-2024"


@pytest.fixture
def office(tmp_path, monkeypatch):
    monkeypatch.setattr(accounts_module, "SCRYPT_PARAMS", {**accounts_module.SCRYPT_PARAMS, "n": 2**10})
    store = Store.open(tmp_path / "data")
    accounts = Accounts(store.data_dir)
    boss = accounts.create_first_supervisor(SUPERVISOR, SUPERVISOR_PASSWORD)
    accounts.add_user(boss, CLERK_NAME, CLERK, CLERK_PASSWORD)
    report_id = store.import_file(SAMPLES / "national-2021-example.json", CLERK_NAME)[0].id
    yield store, accounts, report_id
    store.close()


def answer_dialog(answer):
    """Once a modal dialog is up (exec runs its own event loop), hand it to `answer`.
    Returns what was seen: the dialog's title and text, filled in when it came."""
    seen: dict[str, str] = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            if not seen.get("stop"):
                QTimer.singleShot(0, look)
            return
        seen["title"] = dialog.windowTitle()
        seen["text"] = dialog.text.toPlainText() if isinstance(dialog, LongTextDialog) else dialog.text()
        seen["kind"] = type(dialog).__name__
        answer(dialog)

    QTimer.singleShot(0, look)
    return seen


def window_for(qtbot, store, accounts, name, password):
    window = MainWindow(store, accounts.authenticate(name, password), accounts)
    qtbot.addWidget(window)
    window.show()
    return window


def test_submit_asks_first_with_a_summary_and_cancelling_changes_nothing(qtbot, office):
    store, accounts, report_id = office
    window = window_for(qtbot, store, accounts, CLERK_NAME, CLERK_PASSWORD)
    wizard = window.open_report(report_id)
    panel = wizard.review_panel
    before = store.summary(report_id)

    seen = answer_dialog(lambda dialog: qtbot.mouseClick(dialog.reject_button, Qt.MouseButton.LeftButton))
    qtbot.mouseClick(panel.step_buttons["submit"], Qt.MouseButton.LeftButton)
    seen["stop"] = "yes"
    assert seen["kind"] == "LongTextDialog" and seen["title"] == "提交审核"
    assert "确定提交审核吗？" in seen["text"]
    assert before.title in seen["text"] and "年度：2024" in seen["text"]
    assert "错误 0 项" in seen["text"] and "警告 0 项" in seen["text"]
    assert "未处理的审核意见：无" in seen["text"]
    assert "提交后报告锁定" in seen["text"], "what the step means for the report"
    after = store.summary(report_id)
    assert (after.status, after.version) == (before.status, before.version), "cancelled: nothing changed"
    assert not panel.result.isVisible()

    seen = answer_dialog(lambda dialog: qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton))
    qtbot.mouseClick(panel.step_buttons["submit"], Qt.MouseButton.LeftButton)
    seen["stop"] = "yes"
    assert store.summary(report_id).status == "submitted"
    assert panel.result.isVisible()
    assert panel.result.text().startswith("已提交审核（第 2 版，状态：待审核）。")
    assert "等待审核人审核" in panel.result.text(), "what comes next"
    wizard.close()


def test_approve_lists_the_open_comments_and_then_says_the_final_document_can_be_exported(qtbot, office):
    store, accounts, report_id = office
    clerk = accounts.authenticate(CLERK_NAME, CLERK_PASSWORD)
    boss = accounts.authenticate(SUPERVISOR, SUPERVISOR_PASSWORD)
    review.submit(store, report_id, clerk)
    comments.add_comment(store, report_id, boss, Location(section="problems"), "请补充整改情况。")
    window = window_for(qtbot, store, accounts, SUPERVISOR, SUPERVISOR_PASSWORD)
    wizard = window.open_report(report_id)
    panel = wizard.review_panel

    seen = answer_dialog(lambda dialog: dialog.reject())
    qtbot.mouseClick(panel.step_buttons["approve"], Qt.MouseButton.LeftButton)
    seen["stop"] = "yes"
    assert seen["title"] == "审核通过"
    assert "未处理的审核意见：1 条" in seen["text"]
    assert "张科长：请补充整改情况。（五、存在的主要问题及改进情况）" in seen["text"]
    assert store.summary(report_id).status == "submitted"

    seen = answer_dialog(lambda dialog: dialog.accept())
    qtbot.mouseClick(panel.step_buttons["approve"], Qt.MouseButton.LeftButton)
    seen["stop"] = "yes"
    assert store.summary(report_id).status == "approved"
    assert panel.result.isVisible() and "已审核通过" in panel.result.text()
    assert "导出正式文档" in panel.result.text()
    wizard.close()


def test_a_report_with_errors_is_not_asked_about_the_clerk_is_told_why(qtbot, office, monkeypatch):
    store, accounts, report_id = office
    stored = store.load(report_id)
    stored.report.cells[("requests", "new", "natural")] = 1
    store.save(report_id, stored.report, CLERK_NAME, base_version=stored.summary.version)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: shown.append((title, text)))
    window = window_for(qtbot, store, accounts, CLERK_NAME, CLERK_PASSWORD)
    wizard = window.open_report(report_id)
    qtbot.mouseClick(wizard.review_panel.step_buttons["submit"], Qt.MouseButton.LeftButton)
    [(title, text)] = shown
    assert title == "提交审核" and text.startswith("还不能提交审核：有 ")
    assert "[错误]" in text
    assert store.summary(report_id).status == "draft"
    wizard.close()


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two colours."""

    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_application_draws_read_only_text_legibly():
    """The program's own QApplication (ui/app.py), in a fresh interpreter: the text of a
    disabled field and label against its background reaches WCAG AA (4.5:1)."""
    script = (
        "from ui.app import application\n"
        "from PySide6.QtGui import QPalette\n"
        "p = application().palette()\n"
        "d = QPalette.ColorGroup.Disabled\n"
        "r = QPalette.ColorRole\n"
        "print(*(p.color(d, role).name() for role in (r.Text, r.Base, r.WindowText, r.Window)))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=EVENT_CAP_SECONDS)
    assert result.returncode == 0, result.stderr
    text, base, window_text, window = (QColor(name) for name in result.stdout.split())
    assert contrast(text, base) >= 4.5
    assert contrast(window_text, window) >= 4.5


def test_a_submitted_report_opens_read_only_in_readable_text(qtbot, office, qapp):
    from ui.app import readable_read_only_text

    store, accounts, report_id = office
    review.submit(store, report_id, accounts.authenticate(CLERK_NAME, CLERK_PASSWORD))
    readable_read_only_text(qapp)
    window = window_for(qtbot, store, accounts, SUPERVISOR, SUPERVISOR_PASSWORD)
    wizard = window.open_report(report_id)
    wizard.go_to(wizard.index_of("basics"))
    page = wizard.page_widgets["basics"]
    field = page.organization
    assert not field.isEnabled(), "read-only while waiting for review"
    palette = field.palette()
    assert contrast(palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text), palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base)) >= 4.5
    wizard.close()
