"""The review on one machine, through the windows (issue 6, point 10): a clerk submits,
the supervisor comments and returns it with a reason, the clerk sees the banner and the
comment, fixes the report and submits again, the supervisor approves, and the export
from the wizard comes out final, without the 草稿 mark."""

from __future__ import annotations

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from models import accounts as accounts_module
from models.accounts import CLERK, Accounts
from models.store import Store
from tests.conftest import EVENT_CAP_MS, SAMPLES
from ui import long_text_dialog
from ui.main_window import MainWindow
from ui.sign_in_dialog import SignInDialog

SUPERVISOR, SUPERVISOR_PASSWORD = "张科长", "科长的密码-2024"
CLERK_NAME, CLERK_PASSWORD = "王科员", "科员的密码-2024"


@pytest.fixture
def office(tmp_path, monkeypatch):
    """A data folder with 张科长 (supervisor), 王科员 (clerk) and the clean sample as a draft."""
    monkeypatch.setattr(accounts_module, "SCRYPT_PARAMS", {**accounts_module.SCRYPT_PARAMS, "n": 2**10})
    store = Store.open(tmp_path / "data")
    accounts = Accounts(store.data_dir)
    boss = accounts.create_first_supervisor(SUPERVISOR, SUPERVISOR_PASSWORD)
    accounts.add_user(boss, CLERK_NAME, CLERK, CLERK_PASSWORD)
    report_id = store.import_file(SAMPLES / "national-2021-example.json", CLERK_NAME)[0].id
    yield store, accounts, report_id
    store.close()


def sign_in_as(monkeypatch, window: MainWindow, name: str, password: str) -> None:
    monkeypatch.setattr(SignInDialog, "ask", classmethod(lambda cls, accounts, parent=None: accounts.authenticate(name, password)))
    window.switch_user()
    assert window.user.name == name


def test_submit_return_fix_approve_and_export_final(qtbot, office, monkeypatch, tmp_path):
    store, accounts, report_id = office
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    # Submitting and approving are confirmed first (issue 14 point 10, tested in test_review_confirm.py).
    monkeypatch.setattr(long_text_dialog, "confirm", lambda *args: True)
    clerk = accounts.authenticate(CLERK_NAME, CLERK_PASSWORD)
    window = MainWindow(store, clerk, accounts)
    qtbot.addWidget(window)
    window.show()

    # The clerk submits.
    wizard = window.open_report(report_id)
    panel = wizard.review_panel
    assert panel.step_buttons["submit"].isVisible() and not panel.step_buttons["approve"].isVisible()
    qtbot.mouseClick(panel.step_buttons["submit"], Qt.MouseButton.LeftButton)
    assert warnings == []
    assert store.summary(report_id).status == "submitted"
    assert wizard.read_only_reason.startswith("这份报告已提交审核")
    assert not wizard.page_widgets["section:overview"].isEnabled()

    # The supervisor comments on 五 and returns it with a reason.
    sign_in_as(monkeypatch, window, SUPERVISOR, SUPERVISOR_PASSWORD)
    wizard = window.open_report(report_id)
    panel = wizard.review_panel
    assert not panel.step_buttons["submit"].isVisible() and panel.step_buttons["approve"].isVisible()
    wizard.go_to(wizard.index_of("section:problems"))
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *args: ("请补充上一年度问题的整改情况。", True))
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *args: ("第五部分不完整，见意见。", True))
    qtbot.mouseClick(panel.step_buttons["return"], Qt.MouseButton.LeftButton)
    assert warnings == []
    assert store.summary(report_id).status == "returned"

    # The clerk sees why, fixes 五, marks the comment done and submits again.
    sign_in_as(monkeypatch, window, CLERK_NAME, CLERK_PASSWORD)
    wizard = window.open_report(report_id)
    assert "第五部分不完整，见意见。" in wizard.banner.text() and wizard.banner.isVisible()
    assert wizard.read_only_reason == ""
    wizard.go_to(wizard.index_of("section:problems"))
    panel = wizard.review_panel
    assert panel.comment_list.count() == 1
    assert panel.comment_list.item(0).text().startswith("张科长：请补充上一年度问题的整改情况。")
    page = wizard.currentPage()
    page.editor.moveCursor(page.editor.textCursor().MoveOperation.End)
    page.editor.insertPlainText("\n上一年度提出的平台栏目问题已全部整改。")
    qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
    assert panel.comment_list.count() == 0
    qtbot.mouseClick(panel.step_buttons["submit"], Qt.MouseButton.LeftButton)
    assert warnings == []
    assert store.summary(report_id).status == "submitted"
    assert store.load(report_id).report.texts["problems"].endswith("上一年度提出的平台栏目问题已全部整改。")

    # The supervisor sees what changed, approves, and exports: final, unmarked.
    sign_in_as(monkeypatch, window, SUPERVISOR, SUPERVISOR_PASSWORD)
    wizard = window.open_report(report_id)
    panel = wizard.review_panel
    shown = []
    monkeypatch.setattr(long_text_dialog, "show_text", lambda _parent, _title, **shown_as: shown.append(shown_as["html_text"]))
    qtbot.mouseClick(panel.changes_button, Qt.MouseButton.LeftButton)
    assert "上一年度提出的平台栏目问题已全部整改" in shown[0]
    qtbot.mouseClick(panel.step_buttons["approve"], Qt.MouseButton.LeftButton)
    assert warnings == []
    assert store.summary(report_id).status == "approved"
    wizard.go_to(wizard.index_of("export"))
    export_page = wizard.currentPage()
    assert export_page.status.text().startswith("报告已审核通过且未再修改")
    export_page.path.setText(str(tmp_path / "年报.docx"))
    qtbot.mouseClick(export_page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: export_page.result.text().startswith(("已导出", "导出失败")), timeout=EVENT_CAP_MS)
    assert export_page.result.text().startswith("已导出正式文档"), export_page.result.text()
    assert export_page.last_path == tmp_path / "年报.docx"
    document = docx.Document(str(export_page.last_path))
    assert all("草稿" not in p.text for section in document.sections for p in section.header.paragraphs)
    wizard.close()


def test_a_supervisor_adds_a_clerk_and_resets_a_password_in_the_window(qtbot, office):
    from ui.users_dialog import UsersDialog

    store, accounts, _report_id = office
    boss = accounts.authenticate(SUPERVISOR, SUPERVISOR_PASSWORD)
    window = MainWindow(store, boss, accounts)
    qtbot.addWidget(window)
    assert window.actions_by_name["users"].isVisible()
    dialog = UsersDialog(accounts, boss)
    qtbot.addWidget(dialog)
    dialog.name.setText("李科员")
    dialog.password.setText("李科员的密码-2024")
    dialog.confirm.setText("李科员的密码-2024")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "已添加填报人“李科员”"
    assert accounts.authenticate("李科员", "李科员的密码-2024").role == CLERK
    dialog.list.setCurrentRow(next(i for i in range(dialog.list.count()) if dialog.list.item(i).text().startswith("李科员")))
    dialog.new_password.setText("新的密码-2025")
    dialog.new_confirm.setText("新的密码-2025")
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert accounts.authenticate("李科员", "新的密码-2025").name == "李科员"
    dialog.name.setText("王科员")
    dialog.password.setText("短")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "密码" in dialog.message.text(), "a weak password is refused with a message"
    clerk_window = MainWindow(store, accounts.authenticate(CLERK_NAME, CLERK_PASSWORD), accounts)
    qtbot.addWidget(clerk_window)
    assert not clerk_window.actions_by_name["users"].isVisible(), "only a supervisor manages users"


def test_a_hand_edited_approved_report_is_shown_as_no_longer_approved(qtbot, office):
    """Approval seals the content; editing store.json by hand breaks it, and the main
    window says so in the status column with the reason as tooltip."""
    import json

    from models import review

    store, accounts, report_id = office
    clerk = accounts.authenticate(CLERK_NAME, CLERK_PASSWORD)
    boss = accounts.authenticate(SUPERVISOR, SUPERVISOR_PASSWORD)
    review.submit(store, report_id, clerk)
    review.approve(store, report_id, boss)
    window = MainWindow(store, boss, accounts)
    qtbot.addWidget(window)
    assert window.model.data(window.model.index(0, 3)) == "已审核"
    path = store.store_path
    data = json.loads(path.read_text(encoding="utf-8"))
    record = next(iter(data["reports"].values()))
    record["document"]["tables"]["requests"]["new"]["natural"] += 1
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    window.refresh()
    model = window.model
    assert model.data(model.index(0, 3)) == "已审核（审核已失效）"
    assert "审核不再有效" in model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole)
