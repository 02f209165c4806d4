"""用户: a supervisor adds clerks (or supervisors) and resets a clerk's password.

Two forms as in any account dialog, each with its own fields and its one button: adding
a user (name, role, password and its confirmation) and resetting the selected clerk's
password (new password and its confirmation). They used to share one password field, so
the password typed for the new clerk was also the one a reset would set (issue 14, point
15). Enter in a form's field submits that form. A refusal sends the supervisor back to
the field at fault with what was typed kept and selected.

The rules (only a signed-in supervisor, password strength, confirmation, never a
supervisor's password) are in models/accounts.py; refusals are shown as they come.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.accounts import CLERK, MIN_PASSWORD_LENGTH, ROLE_LABELS, Accounts, PasswordMismatchError, User, WeakPasswordError
from models.store_errors import StoreError


def _password_field(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


def _submit_button(text: str) -> QPushButton:
    button = QPushButton(text)
    # Enter is wired per form (returnPressed); a dialog-wide default button would also
    # fire, and submit the other form.
    button.setAutoDefault(False)
    return button


class UsersDialog(QDialog):
    def __init__(self, accounts: Accounts, supervisor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.accounts, self.supervisor = accounts, supervisor
        self.setWindowTitle("用户")
        self._users: list[User] = []
        self.list = QListWidget()
        self.list.setAccessibleName("用户列表")
        self.list.currentRowChanged.connect(lambda _row: self._selection_changed())

        self.name = QLineEdit()
        self.name.setAccessibleName("用户名")
        self.role = QComboBox()
        self.role.setAccessibleName("角色")
        for role, label in ROLE_LABELS.items():
            self.role.addItem(label, role)
        self.role.setCurrentIndex(self.role.findData(CLERK))
        self.password = _password_field("密码")
        self.confirm = _password_field("再次输入密码")
        self.add_button = _submit_button("添加用户")
        self.add_button.clicked.connect(self.add_user)
        for edit in (self.name, self.password, self.confirm):
            edit.returnPressed.connect(self.add_user)
        add_form = QFormLayout()
        add_form.addRow("用户名", self.name)
        add_form.addRow("角色", self.role)
        add_form.addRow(f"密码（至少 {MIN_PASSWORD_LENGTH} 位）", self.password)
        add_form.addRow("再次输入密码", self.confirm)
        add_form.addRow("", self.add_button)
        add_box = QGroupBox("添加用户")
        add_box.setLayout(add_form)

        self.reset_for = QLabel()
        self.reset_for.setAccessibleName("要重设密码的填报人")
        self.reset_for.setWordWrap(True)
        self.new_password = _password_field("新密码")
        self.new_confirm = _password_field("再次输入新密码")
        self.reset_button = _submit_button("重设密码")
        self.reset_button.clicked.connect(self.reset_password)
        for edit in (self.new_password, self.new_confirm):
            edit.returnPressed.connect(self.reset_password)
        reset_form = QFormLayout()
        reset_form.addRow("填报人", self.reset_for)
        reset_form.addRow(f"新密码（至少 {MIN_PASSWORD_LENGTH} 位）", self.new_password)
        reset_form.addRow("再次输入新密码", self.new_confirm)
        reset_form.addRow("", self.reset_button)
        self.reset_box = QGroupBox("为选中的填报人重设密码")
        self.reset_box.setLayout(reset_form)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("结果")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        close.rejected.connect(self.reject)

        forms = QHBoxLayout()
        forms.addWidget(add_box, 1)
        forms.addWidget(self.reset_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(forms)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.refresh()
        self.name.setFocus()

    def refresh(self) -> None:
        self.list.clear()
        self._users = self.accounts.users()
        for user in self._users:
            self.list.addItem(f"{user.name}（{user.role_label}）")
        self._selection_changed()

    def selected_user(self) -> User | None:
        row = self.list.currentRow()
        return self._users[row] if 0 <= row < len(self._users) else None

    def _selection_changed(self) -> None:
        user = self.selected_user()
        clerk = user is not None and user.role == CLERK
        if user is None:
            self.reset_for.setText("请先在上面的列表中选中一个填报人")
        elif not clerk:
            self.reset_for.setText(f"“{user.name}”是审核人：审核人的密码只能由本人修改")
        else:
            self.reset_for.setText(f"“{user.name}”")
        for widget in (self.new_password, self.new_confirm, self.reset_button):
            widget.setEnabled(clerk)

    def _show(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color:#b00020" if error else "")
        self.message.setText(text)

    @staticmethod
    def _back_to_the_field(error: StoreError, password: QLineEdit, confirm: QLineEdit, other: QLineEdit | None) -> None:
        """Focus the field the refusal is about, keeping what was typed there selected."""
        if isinstance(error, WeakPasswordError):
            confirm.clear()  # it confirmed a password that will change
            password.setFocus()
            password.selectAll()
        elif isinstance(error, PasswordMismatchError):
            confirm.clear()
            confirm.setFocus()
        elif other is not None:
            other.setFocus()
            other.selectAll()

    def add_user(self) -> None:
        try:
            user = self.accounts.add_user(
                self.supervisor, self.name.text(), self.role.currentData(), self.password.text(), self.confirm.text()
            )
        except StoreError as error:
            self._show(str(error), error=True)
            self._back_to_the_field(error, self.password, self.confirm, self.name)
            return
        for edit in (self.name, self.password, self.confirm):
            edit.clear()
        self.refresh()
        self.name.setFocus()
        self._show(f"已添加{user.role_label}“{user.name}”")

    def reset_password(self) -> None:
        user = self.selected_user()
        if user is None or user.role != CLERK:
            return
        try:
            self.accounts.reset_password(self.supervisor, user.name, self.new_password.text(), self.new_confirm.text())
        except StoreError as error:
            self._show(str(error), error=True)
            self._back_to_the_field(error, self.new_password, self.new_confirm, None)
            return
        self.new_password.clear()
        self.new_confirm.clear()
        self._show(f"已为“{user.name}”重设密码")
