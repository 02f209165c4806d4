"""用户: a supervisor adds clerks (or supervisors) and resets a clerk's password.

The rules (only a signed-in supervisor, password strength, never a supervisor's password)
are in models/accounts.py; refusals are shown as they come.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.accounts import CLERK, ROLE_LABELS, Accounts, User
from models.store_errors import StoreError


class UsersDialog(QDialog):
    def __init__(self, accounts: Accounts, supervisor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.accounts, self.supervisor = accounts, supervisor
        self.setWindowTitle("用户")
        self.list = QListWidget()
        self.list.setAccessibleName("用户列表")
        self.name = QLineEdit()
        self.name.setAccessibleName("用户名")
        self.role = QComboBox()
        self.role.setAccessibleName("角色")
        for role, label in ROLE_LABELS.items():
            self.role.addItem(label, role)
        self.role.setCurrentIndex(self.role.findData(CLERK))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("密码")
        self.add_button = QPushButton("添加用户")
        self.add_button.clicked.connect(self.add_user)
        self.reset_button = QPushButton("为选中的填报人重设密码")
        self.reset_button.clicked.connect(self.reset_password)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("结果")
        form = QFormLayout()
        form.addRow("用户名", self.name)
        form.addRow("角色", self.role)
        form.addRow("密码（至少 8 位）", self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for user in self.accounts.users():
            self.list.addItem(f"{user.name}（{user.role_label}）")

    def _selected_name(self) -> str:
        item = self.list.currentItem()
        return item.text().split("（")[0] if item else self.name.text().strip()

    def _show(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color:#b00020" if error else "")
        self.message.setText(text)

    def add_user(self) -> None:
        try:
            user = self.accounts.add_user(self.supervisor, self.name.text(), self.role.currentData(), self.password.text())
        except StoreError as error:
            self._show(str(error), error=True)
            return
        self.password.clear()
        self.refresh()
        self._show(f"已添加{user.role_label}“{user.name}”")

    def reset_password(self) -> None:
        name = self._selected_name()
        try:
            self.accounts.reset_password(self.supervisor, name, self.password.text())
        except StoreError as error:
            self._show(str(error), error=True)
            return
        self.password.clear()
        self._show(f"已为“{name}”重设密码")
