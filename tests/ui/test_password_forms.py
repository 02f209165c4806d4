"""Password forms that send the clerk back to the field at fault (issue 14, point 15).

On first start, “密码至少需要 8 个字符” cleared both password fields, so the clerk typed
both again; the users dialog shared one password field between adding a user and
resetting a password. Now a refusal keeps what was typed in the field to correct,
selected and focused, and each form has its password, its confirmation and one button.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from models import accounts as accounts_module
from models.accounts import CLERK, Accounts, AuthenticationError
from tests.conftest import EVENT_CAP_MS
from ui.sign_in_dialog import SignInDialog
from ui.users_dialog import UsersDialog

BOSS, BOSS_PASSWORD = "张科长", "boss-pass-2024"


@pytest.fixture
def accounts(tmp_path, monkeypatch):
    monkeypatch.setattr(accounts_module, "SCRYPT_PARAMS", {**accounts_module.SCRYPT_PARAMS, "n": 2**10})
    return Accounts(tmp_path / "data")


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog, timeout=EVENT_CAP_MS)
    dialog.activateWindow()
    return dialog


def type_into(qtbot, edit, text: str) -> None:
    """Key presses (QTest presses ASCII keys only, hence ASCII passwords here)."""
    edit.setFocus()
    qtbot.keyClicks(edit, text)


def press_ok(qtbot, dialog) -> None:
    button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_too_short_first_password_is_kept_selected_for_correction(qtbot, accounts):
    dialog = shown(qtbot, SignInDialog(accounts))
    dialog.name.setEditText(BOSS)
    type_into(qtbot, dialog.password, "short12")
    type_into(qtbot, dialog.confirm, "short12")
    press_ok(qtbot, dialog)
    assert dialog.problem.text() == "密码至少需要 8 个字符"
    assert dialog.password.text() == "short12", "the first password is kept"
    assert dialog.confirm.text() == "", "the confirmation is typed again for the corrected one"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.password, timeout=EVENT_CAP_MS)
    assert dialog.password.selectedText() == "short12", "selected, so typing replaces it"
    qtbot.keyClick(dialog.password, Qt.Key.Key_End)
    qtbot.keyClicks(dialog.password, "3")
    type_into(qtbot, dialog.confirm, "short123")
    press_ok(qtbot, dialog)
    assert dialog.user is not None and dialog.user.name == BOSS
    assert accounts.authenticate(BOSS, "short123").is_supervisor


def test_a_confirmation_that_differs_sends_the_clerk_to_the_confirmation(qtbot, accounts):
    dialog = shown(qtbot, SignInDialog(accounts))
    dialog.name.setEditText(BOSS)
    type_into(qtbot, dialog.password, BOSS_PASSWORD)
    type_into(qtbot, dialog.confirm, "boss-pass-2025")
    press_ok(qtbot, dialog)
    assert dialog.problem.text() == "两次输入的密码不一致，请再输入一次"
    assert (dialog.password.text(), dialog.confirm.text()) == (BOSS_PASSWORD, "")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.confirm, timeout=EVENT_CAP_MS)
    assert accounts.needs_first_supervisor(), "nothing was created"


def test_a_wrong_password_at_sign_in_is_selected_to_be_typed_over(qtbot, accounts):
    accounts.create_first_supervisor(BOSS, BOSS_PASSWORD)
    dialog = shown(qtbot, SignInDialog(accounts))
    dialog.name.setEditText(BOSS)
    type_into(qtbot, dialog.password, "boss-pass-2023")
    press_ok(qtbot, dialog)
    assert dialog.problem.text() == "用户名或密码不正确"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.password, timeout=EVENT_CAP_MS)
    assert dialog.password.selectedText() == "boss-pass-2023"


@pytest.fixture
def users_dialog(qtbot, accounts):
    boss = accounts.create_first_supervisor(BOSS, BOSS_PASSWORD)
    return shown(qtbot, UsersDialog(accounts, boss))


def test_adding_a_clerk_is_one_form_with_a_confirmation_and_one_submit(qtbot, users_dialog, accounts):
    dialog = users_dialog
    type_into(qtbot, dialog.name, "li")
    type_into(qtbot, dialog.password, "clerk-pass-1")
    type_into(qtbot, dialog.confirm, "clerk-pass-1")
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    assert dialog.message.text() == "已添加填报人“li”"
    assert accounts.authenticate("li", "clerk-pass-1").role == CLERK
    assert (dialog.name.text(), dialog.password.text(), dialog.confirm.text()) == ("", "", ""), "ready for the next"
    assert [u.name for u in accounts.users()] == [BOSS, "li"], "added once"


def test_adding_a_clerk_refuses_a_short_or_unconfirmed_password_at_the_right_field(qtbot, users_dialog, accounts):
    dialog = users_dialog
    type_into(qtbot, dialog.name, "wang")
    type_into(qtbot, dialog.password, "short")
    type_into(qtbot, dialog.confirm, "short")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "密码至少需要 8 个字符"
    assert (dialog.name.text(), dialog.password.text(), dialog.confirm.text()) == ("wang", "short", "")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.password, timeout=EVENT_CAP_MS)
    assert dialog.password.selectedText() == "short"
    qtbot.keyClicks(dialog.password, "wang-pass-1")
    type_into(qtbot, dialog.confirm, "wang-pass-2")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "两次输入的密码不一致，请再输入一次"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.confirm, timeout=EVENT_CAP_MS)
    assert accounts.find("wang") is None
    qtbot.keyClicks(dialog.confirm, "wang-pass-1")
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    assert accounts.authenticate("wang", "wang-pass-1").role == CLERK


def test_resetting_a_password_has_its_own_fields_and_only_for_a_clerk(qtbot, users_dialog, accounts):
    dialog = users_dialog
    accounts.add_user(dialog.supervisor, "li", CLERK, "clerk-pass-1")
    dialog.refresh()
    dialog.list.setCurrentRow(0)  # the supervisor
    assert not dialog.reset_button.isEnabled() and not dialog.new_password.isEnabled()
    assert "审核人的密码只能由本人修改" in dialog.reset_for.text()
    dialog.list.setCurrentRow(1)
    assert dialog.reset_button.isEnabled() and dialog.reset_for.text() == "“li”"
    type_into(qtbot, dialog.name, "nobody")
    type_into(qtbot, dialog.password, "not-this-one")
    type_into(qtbot, dialog.new_password, "clerk-pass-2")
    type_into(qtbot, dialog.new_confirm, "clerk-pass-2")
    qtbot.keyClick(dialog.new_confirm, Qt.Key.Key_Return)
    assert dialog.message.text() == "已为“li”重设密码"
    assert accounts.authenticate("li", "clerk-pass-2").name == "li"
    with pytest.raises(AuthenticationError):
        accounts.authenticate("li", "not-this-one")
    assert accounts.find("nobody") is None, "Enter in the reset form does not add a user"
