"""Local accounts (issue 6 point 1): first start, roles, scrypt hashes, sign-in, resets.

Most tests run with cheap scrypt (`fast_scrypt`); the tests named for the real
parameters use them, since those are what protects a stolen users.json.
"""

from __future__ import annotations

import base64
import json

import pytest

from models import accounts as accounts_module
from models import audit
from models.accounts import (
    CLERK,
    SUPERVISOR,
    AccountError,
    Accounts,
    AuthenticationError,
    PermissionDeniedError,
    User,
    hash_password,
    verify_password,
)
from tests.models.review_fixtures import *  # the named review scenarios (fixtures)
from tests.models.review_fixtures import (
    CLERK_NAME,
    CLERK_PASSWORD,
    SUPERVISOR_NAME,
    SUPERVISOR_PASSWORD,
)


def test_first_start_creates_the_first_supervisor_signed_in(accounts):
    assert accounts.needs_first_supervisor() and accounts.users() == []
    first = accounts.create_first_supervisor(f"  {SUPERVISOR_NAME} ", SUPERVISOR_PASSWORD)
    assert (first.name, first.role, first.role_label, first.signed_in) == (SUPERVISOR_NAME, SUPERVISOR, "审核人", True)
    assert not accounts.needs_first_supervisor()
    assert accounts.check_signed_in(first, SUPERVISOR).name == SUPERVISOR_NAME
    assert [e.action for e in audit.read_log(accounts.data_dir)] == ["user_added", "sign_in"]


def test_the_first_run_path_closes_once_there_is_a_user(accounts, supervisor):
    with pytest.raises(AccountError, match="已经有用户了：新用户只能由审核人添加"):
        accounts.create_first_supervisor("另一个人", "another-password")
    assert [u.name for u in accounts.users()] == [SUPERVISOR_NAME]


@pytest.mark.parametrize(
    ("password", "message"),
    [("short", "密码至少需要 8 个字符"), ("1234567", "密码至少需要 8 个字符"), (" " * 10, "密码不能全是空格")],
)
def test_weak_passwords_are_refused_in_chinese(accounts, password, message):
    with pytest.raises(AccountError, match=message):
        accounts.create_first_supervisor(SUPERVISOR_NAME, password)
    assert accounts.needs_first_supervisor()


@pytest.mark.parametrize(("name", "message"), [("  ", "用户名不能为空"), ("名" * 41, "不能超过 40 个字符"), ("a\x00b", "控制字符")])
def test_bad_user_names_are_refused(accounts, name, message):
    with pytest.raises(AccountError, match=message):
        accounts.create_first_supervisor(name, SUPERVISOR_PASSWORD)


def test_passwords_are_stored_only_as_salted_scrypt_hashes_with_their_parameters(store):
    """The real parameters (n=2**14, r=8, p=1), a 16-byte salt each; the password is nowhere
    in the file, and the same password gives two different hashes."""
    accounts = Accounts(store.data_dir)
    supervisor = accounts.create_first_supervisor(SUPERVISOR_NAME, SUPERVISOR_PASSWORD)
    accounts.add_user(supervisor, CLERK_NAME, CLERK, SUPERVISOR_PASSWORD)
    raw = accounts.path.read_bytes()
    assert SUPERVISOR_PASSWORD.encode("utf-8") not in raw
    assert base64.b64encode(SUPERVISOR_PASSWORD.encode("utf-8")) not in raw
    assert SUPERVISOR_PASSWORD.encode("utf-8").hex().encode() not in raw
    records = json.loads(raw)["users"]
    for record in records:
        stored = record["password"]
        assert {k: stored[k] for k in ("algorithm", "n", "r", "p", "dklen")} == {
            "algorithm": "scrypt", "n": 2**14, "r": 8, "p": 1, "dklen": 32
        }
        assert len(base64.b64decode(stored["salt"])) == 16 and len(base64.b64decode(stored["hash"])) == 32
    assert records[0]["password"]["salt"] != records[1]["password"]["salt"]
    assert records[0]["password"]["hash"] != records[1]["password"]["hash"]
    assert accounts.authenticate(CLERK_NAME, SUPERVISOR_PASSWORD).role == CLERK


def test_a_hash_is_checked_with_its_own_parameters(fast_scrypt):
    """Stored parameters let them change: a hash made with other ones still verifies."""
    old = hash_password("旧参数下的密码")
    assert old["n"] == 2**10
    accounts_module.SCRYPT_PARAMS = {**accounts_module.SCRYPT_PARAMS, "n": 2**11}
    assert verify_password("旧参数下的密码", old)
    assert not verify_password("旧参数下的密码x", old)
    assert not verify_password("旧参数下的密码", {**old, "algorithm": "md5"})
    assert not verify_password("旧参数下的密码", {"algorithm": "scrypt"})


def test_sign_in_with_the_right_password_is_audited(accounts, clerk):
    user = accounts.authenticate(CLERK_NAME, CLERK_PASSWORD)
    assert (user.name, user.role_label, user.signed_in) == (CLERK_NAME, "填报人", True)
    assert user.session != clerk.session
    last = audit.read_log(accounts.data_dir)[-1]
    assert (last.who, last.action, last.detail) == (CLERK_NAME, "sign_in", {"role": "填报人"})


@pytest.mark.parametrize(("name", "password"), [(CLERK_NAME, "wrong-password"), ("没有这个人", CLERK_PASSWORD), ("", "")])
def test_a_failed_sign_in_says_the_same_for_name_and_password_and_never_logs_the_password(accounts, clerk, name, password):
    with pytest.raises(AuthenticationError, match="^用户名或密码不正确$"):
        accounts.authenticate(name, password)
    last = audit.read_log(accounts.data_dir)[-1]
    assert last.action == "sign_in_failed" and last.who == (name or "（空）")
    log = audit.log_path(accounts.data_dir).read_text(encoding="utf-8")
    assert "wrong-password" not in log and CLERK_PASSWORD not in log


def test_only_a_signed_in_supervisor_adds_users(accounts, supervisor, clerk):
    with pytest.raises(PermissionDeniedError, match="填报人“王科员”不能添加用户：只有审核人可以添加用户"):
        accounts.add_user(clerk, "李科员", CLERK, "password-123")
    with pytest.raises(PermissionDeniedError, match="请先登录再添加用户"):
        accounts.add_user(User(SUPERVISOR_NAME, SUPERVISOR), "李科员", CLERK, "password-123")
    added = accounts.add_user(supervisor, "李科长", SUPERVISOR, "password-123")
    assert (added.role, added.created_by, added.signed_in) == (SUPERVISOR, SUPERVISOR_NAME, False)
    assert [u.name for u in accounts.users()] == [SUPERVISOR_NAME, CLERK_NAME, "李科长"]
    entry = audit.read_log(accounts.data_dir)[-1]
    assert (entry.who, entry.action, entry.detail) == (SUPERVISOR_NAME, "user_added", {"user": "李科长", "role": "审核人"})


def test_a_taken_name_or_an_unknown_role_is_refused(accounts, supervisor, clerk):
    with pytest.raises(AccountError, match="已经有名为“王科员”的用户"):
        accounts.add_user(supervisor, f" {CLERK_NAME}", CLERK, "password-123")
    with pytest.raises(AccountError, match="没有“admin”这个角色"):
        accounts.add_user(supervisor, "李科员", "admin", "password-123")


def test_a_supervisor_resets_a_clerks_password(accounts, supervisor, clerk):
    accounts.reset_password(supervisor, CLERK_NAME, "new-clerk-password")
    with pytest.raises(AuthenticationError):
        accounts.authenticate(CLERK_NAME, CLERK_PASSWORD)
    assert accounts.authenticate(CLERK_NAME, "new-clerk-password").role == CLERK
    reset = [e for e in audit.read_log(accounts.data_dir) if e.action == "password_reset"]
    assert [(e.who, e.detail) for e in reset] == [(SUPERVISOR_NAME, {"user": CLERK_NAME})]
    record = json.loads(accounts.path.read_text(encoding="utf-8"))["users"][1]
    assert record["password_set_by"] == SUPERVISOR_NAME


def test_password_resets_are_refused_to_clerks_and_for_supervisors(accounts, supervisor, clerk):
    with pytest.raises(PermissionDeniedError, match="只有审核人可以重置密码"):
        accounts.reset_password(clerk, CLERK_NAME, "new-clerk-password")
    accounts.add_user(supervisor, "李科长", SUPERVISOR, "password-123")
    with pytest.raises(PermissionDeniedError, match="审核人的密码只能由本人修改"):
        accounts.reset_password(supervisor, "李科长", "taken-over-123")
    with pytest.raises(AccountError, match="没有名为“赵六”的用户"):
        accounts.reset_password(supervisor, "赵六", "password-123")
    with pytest.raises(AccountError, match="至少需要 8 个字符"):
        accounts.reset_password(supervisor, CLERK_NAME, "short")
    assert accounts.authenticate(CLERK_NAME, CLERK_PASSWORD)


def test_everyone_changes_their_own_password_with_the_old_one(accounts, clerk):
    with pytest.raises(AuthenticationError, match="原密码不正确"):
        accounts.change_password(clerk, "not-the-old-one", "brand-new-password")
    accounts.change_password(clerk, CLERK_PASSWORD, "brand-new-password")
    assert accounts.authenticate(CLERK_NAME, "brand-new-password")


def test_switching_user_ends_the_old_session(accounts, supervisor, clerk):
    """Sign out, then sign in as someone else, without restarting (issue 6 point 1)."""
    accounts.sign_out(clerk)
    with pytest.raises(PermissionDeniedError, match="请先登录"):
        accounts.check_signed_in(clerk)
    other = accounts.authenticate(SUPERVISOR_NAME, SUPERVISOR_PASSWORD)
    assert accounts.check_signed_in(other, SUPERVISOR).name == SUPERVISOR_NAME
    assert "sign_out" in [e.action for e in audit.read_log(accounts.data_dir)]


def test_a_session_belongs_to_its_data_folder(tmp_path, accounts, supervisor, fast_scrypt):
    """A supervisor of one folder is nobody in another, even with the same name there."""
    other = Accounts(tmp_path / "另一个文件夹")
    other.create_first_supervisor(SUPERVISOR_NAME, "other-password")
    with pytest.raises(PermissionDeniedError, match="请先登录"):
        other.check_signed_in(supervisor, SUPERVISOR)


def test_a_damaged_users_file_is_never_taken_for_no_users(accounts, supervisor):
    """Otherwise garbling the file would open the first-run path to anybody."""
    accounts.path.write_text('{"users": [', encoding="utf-8")
    with pytest.raises(AccountError, match="已损坏，无法读取。为安全起见，不会把它当作没有用户"):
        accounts.needs_first_supervisor()
    with pytest.raises(AccountError, match="已损坏"):
        accounts.create_first_supervisor("闯入者", "password-123")
    with pytest.raises(AccountError, match="已损坏"):
        accounts.authenticate(SUPERVISOR_NAME, SUPERVISOR_PASSWORD)


def test_a_users_file_from_a_newer_version_is_refused(accounts, supervisor):
    data = json.loads(accounts.path.read_text(encoding="utf-8"))
    accounts.path.write_text(json.dumps({**data, "version": 99}), encoding="utf-8")
    with pytest.raises(AccountError, match="较新版本的软件写的"):
        accounts.users()


def test_a_sign_in_that_cannot_be_audited_still_signs_in_with_a_warning(accounts, clerk):
    """A write-protected folder can still be opened to read and export (docs/store.md)."""
    audit.log_path(accounts.data_dir).unlink()
    audit.log_path(accounts.data_dir).mkdir()  # the log cannot be opened for writing
    assert accounts.authenticate(CLERK_NAME, CLERK_PASSWORD).signed_in
    assert accounts.warnings and accounts.warnings[-1].startswith("未能写入审计日志")
