"""Sign in at start, or create the first supervisor on a new data folder (issue 6).

A refusal sends the clerk back to the field at fault with what they typed kept and
selected (issue 14, point 15): a too-short password is corrected, not typed twice again.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from models.accounts import Accounts, AuthenticationError, PasswordMismatchError, User, WeakPasswordError
from models.store_errors import StoreError


class SignInDialog(QDialog):
    """Attributes:
    user: the signed-in user once the dialog is accepted.
    """

    def __init__(self, accounts: Accounts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.accounts = accounts
        self.user: User | None = None
        self.first = accounts.needs_first_supervisor()
        self.setWindowTitle("创建第一个审核人" if self.first else "登录")
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.setAccessibleName("用户名")
        self.name.addItems([u.name for u in accounts.users()])
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("密码")
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm.setAccessibleName("再次输入密码")
        self.problem = QLabel()
        self.problem.setStyleSheet("color:#b00020")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("创建" if self.first else "登录")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        if self.first:
            form.addRow(QLabel("这是第一次在这个数据文件夹中使用本软件：请先创建一个审核人账户，再由审核人添加填报人。"))
        form.addRow("用户名", self.name)
        form.addRow("密码", self.password)
        if self.first:
            form.addRow("再次输入", self.confirm)
        form.addRow(self.problem)
        form.addRow(buttons)

    def _accept(self) -> None:
        name, password = self.name.currentText().strip(), self.password.text()
        try:
            if self.first:
                self.user = self.accounts.create_first_supervisor(name, password, self.confirm.text())
            else:
                self.user = self.accounts.authenticate(name, password)
        except StoreError as error:
            self.problem.setText(str(error))
            self._back_to_the_field(error)
            return
        self.accept()

    def _back_to_the_field(self, error: StoreError) -> None:
        if isinstance(error, (WeakPasswordError, AuthenticationError)):
            # The first password is what to correct; the confirmation goes with it.
            self.confirm.clear()
            self.password.setFocus()
            self.password.selectAll()
        elif isinstance(error, PasswordMismatchError):
            self.confirm.clear()
            self.confirm.setFocus()
        else:
            # The name (empty, too long) or the folder: the passwords typed still stand.
            self.name.setFocus()
            self.name.lineEdit().selectAll()

    @classmethod
    def ask(cls, accounts: Accounts, parent: QWidget | None = None) -> User | None:
        """Show the dialog; the signed-in user, or None when the clerk cancelled.

        A class method so that tests can replace the whole interaction.
        """
        dialog = cls(accounts, parent)
        return dialog.user if dialog.exec() == QDialog.DialogCode.Accepted else None
