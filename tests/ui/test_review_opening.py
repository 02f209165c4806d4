"""A report opened by a clerk and by a supervisor on the same machine (issue 14 point 13):
pages with open comments are marked in the page list, the supervisor starts where there
is something to review (not on the clerk's last page), and the banner speaks to whoever
reads it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from models import accounts as accounts_module
from models import review
from models.accounts import CLERK, Accounts
from models.store import Store
from tests.conftest import SAMPLES
from ui.main_window import MainWindow
from ui.sign_in_dialog import SignInDialog

SUPERVISOR, SUPERVISOR_PASSWORD = "张科长", "科长的密码-2024"
CLERK_NAME, CLERK_PASSWORD = "王科员", "科员的密码-2024"


@pytest.fixture
def office(tmp_path, monkeypatch):
    """张科长 (supervisor), 王科员 (clerk) and the clean sample as 王科员's draft."""
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


def key_of(wizard) -> str:
    return wizard.pages_info[wizard.currentId()].key


def entry_text(wizard, key: str) -> str:
    return wizard.page_list.list.item(wizard.index_of(key)).text()


def test_comments_marked_in_the_page_list_and_each_reader_opens_where_they_should(qtbot, office, monkeypatch):
    store, accounts, report_id = office
    window = MainWindow(store, accounts.authenticate(CLERK_NAME, CLERK_PASSWORD), accounts)
    qtbot.addWidget(window)
    window.show()

    # The clerk works up to 导出 and submits there.
    wizard = window.open_report(report_id)
    wizard.go_to(wizard.index_of("export"))
    review.submit(store, report_id, window.user, base_version=wizard.review_panel.before_step())
    wizard.close()

    # The supervisor opens it on the check page, not on the clerk's 导出, told what to do.
    sign_in_as(monkeypatch, window, SUPERVISOR, SUPERVISOR_PASSWORD)
    wizard = window.open_report(report_id)
    assert key_of(wizard) == "check"
    assert wizard.banner.isVisible() and "“审核通过”或“退回修改”" in wizard.banner.text()
    assert "请审核人退回" not in wizard.banner.text(), "not the clerk's sentence"

    # A comment on 五: its entry in the page list is marked at once.
    wizard.go_to(wizard.index_of("section:problems"))
    assert "意见" not in entry_text(wizard, "section:problems")
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *args: ("请补充上一年度问题的整改情况。", True))
    qtbot.mouseClick(wizard.review_panel.add_button, Qt.MouseButton.LeftButton)
    assert wizard.page_list.comments_of("section:problems") == 1
    assert "意见 1" in entry_text(wizard, "section:problems")
    assert "审核意见 1 条未处理" in wizard.page_list.list.item(wizard.index_of("section:problems")).toolTip()
    assert all(wizard.page_list.comments_of(p.key) == 0 for p in wizard.pages_info if p.key != "section:problems")

    # Returned: the banner says what was done, to the supervisor.
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *args: ("第五部分不完整，见意见。", True))
    qtbot.mouseClick(wizard.review_panel.step_buttons["return"], Qt.MouseButton.LeftButton)
    assert store.summary(report_id).status == "returned"
    assert wizard.banner.text().startswith("已退回给填报人：第五部分不完整，见意见。")
    wizard.go_to(wizard.index_of("table:requests"))
    wizard.close()

    # Opened again by the supervisor: on the first page with an open comment.
    wizard = window.open_report(report_id)
    assert key_of(wizard) == "section:problems"
    assert "意见 1" in entry_text(wizard, "section:problems")
    wizard.close()

    # The clerk: back on 导出 where they stopped (the supervisor's reading did not move
    # it), told what to do, the commented page marked; marking it done clears the mark.
    sign_in_as(monkeypatch, window, CLERK_NAME, CLERK_PASSWORD)
    wizard = window.open_report(report_id)
    assert key_of(wizard) == "export"
    assert wizard.banner.text().startswith("审核人退回：第五部分不完整，见意见。请修改后重新提交审核。")
    assert "意见 1" in entry_text(wizard, "section:problems")
    wizard.go_to(wizard.index_of("section:problems"))
    qtbot.mouseClick(wizard.review_panel.done_button, Qt.MouseButton.LeftButton)
    assert wizard.page_list.comments_of("section:problems") == 0
    assert "意见" not in entry_text(wizard, "section:problems")
    wizard.close()
