"""Which password field a refusal is about (issue 14, point 15): the rules on the new
password come before the confirmation, so the clerk is never sent to retype both."""

from __future__ import annotations

import pytest

from models import accounts as accounts_module
from models.accounts import CLERK, Accounts, PasswordMismatchError, WeakPasswordError, check_password_rules


def test_a_weak_password_is_the_first_field_even_when_the_confirmation_differs():
    with pytest.raises(WeakPasswordError, match="至少需要 8 个字符"):
        check_password_rules("short", "other")
    with pytest.raises(WeakPasswordError, match="全是空格"):
        check_password_rules(" " * 9, " " * 9)
    with pytest.raises(PasswordMismatchError, match="两次输入的密码不一致"):
        check_password_rules("long-enough-1", "long-enough-2")
    check_password_rules("long-enough-1", "long-enough-1")
    check_password_rules("long-enough-1")  # no confirmation asked (the command line)


def test_the_account_changes_check_the_confirmation(tmp_path, monkeypatch):
    monkeypatch.setattr(accounts_module, "SCRYPT_PARAMS", {**accounts_module.SCRYPT_PARAMS, "n": 2**10})
    accounts = Accounts(tmp_path)
    with pytest.raises(PasswordMismatchError):
        accounts.create_first_supervisor("张科长", "boss-pass-1", "boss-pass-2")
    assert accounts.needs_first_supervisor()
    boss = accounts.create_first_supervisor("张科长", "boss-pass-1", "boss-pass-1")
    with pytest.raises(PasswordMismatchError):
        accounts.add_user(boss, "li", CLERK, "clerk-pass-1", "clerk-pass-x")
    assert accounts.find("li") is None
    accounts.add_user(boss, "li", CLERK, "clerk-pass-1", "clerk-pass-1")
    with pytest.raises(PasswordMismatchError):
        accounts.reset_password(boss, "li", "clerk-pass-2", "clerk-pass-3")
    assert accounts.authenticate("li", "clerk-pass-1").name == "li"
