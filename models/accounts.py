"""Local accounts: who may fill in a report (填报人) and who may approve it (审核人).

Issue 6 point 1. The users of one data folder are in `users.json` beside the store, so
they travel with the folder (a USB stick) like the reports do. Passwords are kept only
as salted scrypt hashes, with the scrypt parameters stored beside each hash so that the
parameters can be raised later without locking anybody out; a check compares with
hmac.compare_digest so that its time does not tell how much of a guess was right.

Signing in gives a User carrying a session token known only to this process. The
review rules (models/review.py, models/comments.py) take a User and call
`Accounts.check_signed_in`, which accepts only a token issued here and re-reads the
user's role from the file: a clerk cannot approve by building a User with a
supervisor's name, nor keep a role taken away since signing in. (Code running in the
same process can still reach into this module; the token keeps honest callers honest,
it is not a security boundary against the program itself.)

The file is written atomically (models/atomic_file.py) under its own lock
(`users.lock`): the store's write lock is taken by store writes that may run while an
account is checked, and one process must not wait for a lock it already holds.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import filelock

from models import audit
from models.atomic_file import write_atomic
from models.audit import AuditError
from models.store_errors import StoreError, describe_os_error

USERS_FILE = "users.json"
USERS_LOCK = "users.lock"
LOCK_TIMEOUT = 10.0
FILE_VERSION = 1

CLERK, SUPERVISOR = "clerk", "supervisor"
ROLE_LABELS = {CLERK: "填报人", SUPERVISOR: "审核人"}
MIN_PASSWORD_LENGTH = 8
MAX_NAME_LENGTH = 40

# scrypt as RFC 7914 recommends for interactive logins (about 50 ms, 16 MiB). Stored
# with every hash; tests may lower it, a stored hash is always checked with its own.
SCRYPT_PARAMS: dict[str, int] = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
SALT_BYTES = 16

# token -> (data folder, user name): the sessions signed in within this process.
_SESSIONS: dict[str, tuple[Path, str]] = {}


class AccountError(StoreError):
    """An account action was refused or failed; str() is the complete Chinese message."""


class AuthenticationError(AccountError):
    """Wrong user name or password (the message does not say which)."""


class PermissionDeniedError(AccountError):
    """The signed-in user's role does not allow the action (or nobody is signed in)."""


class WeakPasswordError(AccountError):
    """A new password the rules refuse: the fault is in the password typed first."""


class PasswordMismatchError(AccountError):
    """The confirmation differs from the new password: the fault is in the confirmation."""


# A dataclass, not a Struct: `session` must stay out of repr (logs) and equality, which Struct cannot set per field.
@dataclass(frozen=True)
class User:
    """One account, as the rules and the UI see it (never the password hash).

    Attributes:
        name: the user name, unique in the data folder, as typed at sign-in.
        role: "clerk" or "supervisor".
        session: set on a User returned by sign-in; empty otherwise. Not shown, not compared.
    """

    name: str
    role: str
    created_at: str = ""
    created_by: str = ""
    session: str = field(default="", repr=False, compare=False)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def is_supervisor(self) -> bool:
        return self.role == SUPERVISOR

    @property
    def signed_in(self) -> bool:
        return bool(self.session)


def _now() -> str:
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> dict[str, Any]:
    """A new salted scrypt hash of a password, with everything needed to check it later."""
    salt = os.urandom(SALT_BYTES)
    params = dict(SCRYPT_PARAMS)
    digest = _scrypt(password, salt, params)
    return {"algorithm": "scrypt", **params, "salt": _b64(salt), "hash": _b64(digest)}


def _scrypt(password: str, salt: bytes, params: dict[str, int]) -> bytes:
    n, r, p, dklen = params["n"], params["r"], params["p"], params["dklen"]
    return hashlib.scrypt(
        unicodedata.normalize("NFC", password).encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        dklen=dklen,
        maxmem=256 * r * n + 1024 * 1024,
    )


def verify_password(password: str, stored: dict[str, Any]) -> bool:
    """Whether a password matches a stored hash, checked with the hash's own parameters."""
    try:
        if stored.get("algorithm") != "scrypt":
            return False
        params = {k: int(stored[k]) for k in ("n", "r", "p", "dklen")}
        salt = base64.b64decode(stored["salt"], validate=True)
        expected = base64.b64decode(stored["hash"], validate=True)
        digest = _scrypt(password, salt, params)
    except (KeyError, TypeError, ValueError):
        return False
    return hmac.compare_digest(digest, expected)


def check_password_rules(password: str, confirm: str | None = None) -> None:
    """Raises WeakPasswordError (Chinese) when a new password is too weak to accept, then
    PasswordMismatchError when a confirmation was typed and differs.

    The rules come first: a clerk told that the two differ would retype both, only to be
    told next that the first is too short. Which error it is tells a form which field to
    send the clerk back to.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符")
    if not password.strip():
        raise WeakPasswordError("密码不能全是空格")
    if confirm is not None and confirm != password:
        raise PasswordMismatchError("两次输入的密码不一致，请再输入一次")


def _clean_name(name: str) -> str:
    cleaned = " ".join(unicodedata.normalize("NFC", name).split())
    if not cleaned:
        raise AccountError("用户名不能为空")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise AccountError(f"用户名不能超过 {MAX_NAME_LENGTH} 个字符")
    if any(unicodedata.category(c).startswith("C") for c in cleaned):
        raise AccountError("用户名中不能有控制字符")
    return cleaned


def _check_role(role: str) -> None:
    if role not in ROLE_LABELS:
        raise AccountError(f"没有“{role}”这个角色；角色只能是 clerk（填报人）或 supervisor（审核人）")


class Accounts:
    """The accounts of one data folder.

    Attributes:
        data_dir: the data folder (users.json and audit.jsonl are in it).
        warnings: problems that stopped nothing, in Chinese (a sign-in the read-only
            folder could not record in the audit log).
    """

    def __init__(self, data_dir: Path, lock_timeout: float = LOCK_TIMEOUT) -> None:
        self.data_dir = Path(data_dir).absolute()
        self.lock_timeout = lock_timeout
        self.warnings: list[str] = []

    @property
    def path(self) -> Path:
        return self.data_dir / USERS_FILE

    # -- the file ----------------------------------------------------------------------

    def _read(self) -> list[dict[str, Any]]:
        """The user records; none when the file does not exist yet.

        Raises:
            AccountError: the file exists but cannot be read or is damaged. It is never
                taken for "no users", which would let anybody create a supervisor.
        """
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as error:
            raise AccountError(f"未能读取用户文件 {self.path}：{describe_os_error(error)}") from error
        try:
            data = json.loads(raw.decode("utf-8"))
            users = data["users"]
            if not isinstance(users, list) or not all(
                isinstance(u, dict) and isinstance(u.get("name"), str) and u.get("role") in ROLE_LABELS
                and isinstance(u.get("password"), dict)
                for u in users
            ):
                raise ValueError("bad users")
            if data.get("version", 0) > FILE_VERSION:
                raise AccountError(f"用户文件 {self.path} 是较新版本的软件写的，请升级软件")
        except AccountError:
            raise
        except (ValueError, UnicodeDecodeError, KeyError, TypeError):
            raise AccountError(
                f"用户文件 {self.path} 已损坏，无法读取。为安全起见，不会把它当作没有用户；"
                "请从备份中取回这个文件，或由管理员处理。"
            ) from None
        return users

    def _write(self, users: list[dict[str, Any]]) -> None:
        data = {"version": FILE_VERSION, "users": users}
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        except OSError as error:
            raise AccountError(f"未能写入用户文件 {self.path}：{describe_os_error(error)}。原有的用户没有改动。") from error

    @contextmanager
    def _locked(self) -> Iterator[list[dict[str, Any]]]:
        """The user records, re-read under the lock, for a read-modify-write."""
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            lock = filelock.FileLock(self.data_dir / USERS_LOCK, thread_local=False)
            lock.acquire(timeout=self.lock_timeout)
        except filelock.Timeout:
            raise AccountError(f"用户文件正被另一个程序修改，等了 {self.lock_timeout:g} 秒仍未结束，请稍后再试") from None
        except OSError as error:
            raise AccountError(f"未能修改用户文件：{describe_os_error(error)}（数据文件夹 {self.data_dir}）") from error
        try:
            yield self._read()
        finally:
            lock.release()

    @staticmethod
    def _user(record: dict[str, Any], session: str = "") -> User:
        return User(record["name"], record["role"], record.get("created_at", ""), record.get("created_by", ""), session)

    def _audit(self, who: str, action: str, detail: dict[str, Any] | None = None) -> None:
        """Record an account action; an unwritable log is a warning, the action stands."""
        try:
            audit.record(self.data_dir, who, action, "", detail)
        except AuditError as error:
            self.warnings.append(str(error))

    # -- reading -----------------------------------------------------------------------

    def users(self) -> list[User]:
        """Every account, in the order they were added."""
        return [self._user(r) for r in self._read()]

    def find(self, name: str) -> User | None:
        wanted = " ".join(unicodedata.normalize("NFC", name).split())
        return next((self._user(r) for r in self._read() if r["name"] == wanted), None)

    def needs_first_supervisor(self) -> bool:
        """True on first start: no account at all, so the first one must be created."""
        return not self._read()

    # -- signing in ----------------------------------------------------------------------

    def _session(self, record: dict[str, Any]) -> User:
        token = secrets.token_hex(16)
        _SESSIONS[token] = (self.data_dir, record["name"])
        return self._user(record, token)

    def authenticate(self, name: str, password: str) -> User:
        """Sign in: the user, with a session, if the password is right; recorded in the audit log.

        A wrong name and a wrong password get the same message and take the same time,
        so the sign-in does not tell which names exist.

        Raises:
            AuthenticationError: wrong name or password (recorded as sign_in_failed,
                with the name typed, never the password).
            AccountError: the users file cannot be read.
        """
        typed = " ".join(unicodedata.normalize("NFC", name).split())
        record = next((r for r in self._read() if r["name"] == typed), None)
        if record is None:
            verify_password(password, {**_DUMMY_HASH, **SCRYPT_PARAMS})
            ok = False
        else:
            ok = verify_password(password, record["password"])
        if not ok or record is None:
            self._audit(typed or "（空）", "sign_in_failed")
            raise AuthenticationError("用户名或密码不正确")
        self._audit(record["name"], "sign_in", {"role": ROLE_LABELS[record["role"]]})
        return self._session(record)

    def sign_out(self, user: User) -> None:
        """End a session (switching user): its token is no longer accepted."""
        if _SESSIONS.pop(user.session, None) is not None:
            self._audit(user.name, "sign_out")

    def check_signed_in(self, user: User, role: str | None = None, what: str = "") -> User:
        """The user as the file says now, if signed in here (and with the role, if given).

        Args:
            role: the role the action needs, or None for any signed-in user.
            what: the action, for the message (“审核通过”).

        Raises:
            PermissionDeniedError: not signed in, signed out, removed, or without the role.
        """
        doing = f"{what}" if what else "这项操作"
        session = _SESSIONS.get(user.session) if user.session else None
        if session is None or session != (self.data_dir, user.name):
            raise PermissionDeniedError(f"请先登录再{doing}")
        current = self.find(user.name)
        if current is None:
            raise PermissionDeniedError(f"用户“{user.name}”已不存在，不能{doing}")
        if role is not None and current.role != role:
            raise PermissionDeniedError(
                f"{current.role_label}“{current.name}”不能{doing}：只有{ROLE_LABELS[role]}可以{doing}"
            )
        return User(current.name, current.role, current.created_at, current.created_by, user.session)

    # -- changing accounts ------------------------------------------------------------------

    def create_first_supervisor(self, name: str, password: str, confirm: str | None = None) -> User:
        """First start: the first account, a supervisor, signed in at once.

        Args:
            confirm: the password typed a second time, when the form asks for it.

        Raises:
            AccountError: there are accounts already (the first-run path is closed), or
                the name or password is not acceptable (WeakPasswordError,
                PasswordMismatchError).
        """
        name = _clean_name(name)
        check_password_rules(password, confirm)
        with self._locked() as users:
            if users:
                raise AccountError("已经有用户了：新用户只能由审核人添加")
            record = {
                "name": name,
                "role": SUPERVISOR,
                "password": hash_password(password),
                "created_at": _now(),
                "created_by": name,
            }
            self._write([record])
        self._audit(name, "user_added", {"user": name, "role": ROLE_LABELS[SUPERVISOR], "first": True})
        self._audit(name, "sign_in", {"role": ROLE_LABELS[SUPERVISOR]})
        return self._session(record)

    def add_user(self, by: User, name: str, role: str, password: str, confirm: str | None = None) -> User:
        """A new account, added by a signed-in supervisor.

        Args:
            confirm: the password typed a second time, when the form asks for it.

        Raises:
            PermissionDeniedError: `by` is not a signed-in supervisor.
            AccountError: the name is taken, the role unknown, the password too weak
                (WeakPasswordError) or not confirmed (PasswordMismatchError).
        """
        acting = self.check_signed_in(by, SUPERVISOR, "添加用户")
        name = _clean_name(name)
        _check_role(role)
        check_password_rules(password, confirm)
        with self._locked() as users:
            if any(u["name"] == name for u in users):
                raise AccountError(f"已经有名为“{name}”的用户")
            record = {
                "name": name,
                "role": role,
                "password": hash_password(password),
                "created_at": _now(),
                "created_by": acting.name,
            }
            self._write([*users, record])
        self._audit(acting.name, "user_added", {"user": name, "role": ROLE_LABELS[role]})
        return self._user(record)

    def reset_password(self, by: User, name: str, new_password: str, confirm: str | None = None) -> None:
        """A supervisor sets a new password for a clerk who forgot theirs.

        A supervisor's password is changed only by its owner (change_password), so that
        one supervisor cannot take over another's account.

        Raises:
            PermissionDeniedError: `by` is not a signed-in supervisor, or `name` is a supervisor.
            AccountError: no such user, or the password is too weak.
        """
        acting = self.check_signed_in(by, SUPERVISOR, "重置密码")
        check_password_rules(new_password, confirm)
        name = " ".join(unicodedata.normalize("NFC", name).split())
        with self._locked() as users:
            record = next((u for u in users if u["name"] == name), None)
            if record is None:
                raise AccountError(f"没有名为“{name}”的用户")
            if record["role"] != CLERK:
                raise PermissionDeniedError("审核人的密码只能由本人修改，不能由他人重置")
            record["password"] = hash_password(new_password)
            record["password_set_at"], record["password_set_by"] = _now(), acting.name
            self._write(users)
        self._audit(acting.name, "password_reset", {"user": name})

    def change_password(self, user: User, old_password: str, new_password: str) -> None:
        """A signed-in user changes their own password, giving the old one again.

        Raises:
            PermissionDeniedError: not signed in.
            AuthenticationError: the old password is wrong.
            AccountError: the new password is too weak.
        """
        current = self.check_signed_in(user, None, "修改密码")
        check_password_rules(new_password)
        with self._locked() as users:
            record = next((u for u in users if u["name"] == current.name), None)
            if record is None or not verify_password(old_password, record["password"]):
                raise AuthenticationError("原密码不正确")
            record["password"] = hash_password(new_password)
            record["password_set_at"], record["password_set_by"] = _now(), current.name
            self._write(users)
        self._audit(current.name, "password_changed", {"user": current.name})


# Checked against when the name is unknown, so that both failures take the same time.
_DUMMY_HASH: dict[str, Any] = {"algorithm": "scrypt", "salt": _b64(b"\0" * SALT_BYTES), "hash": _b64(b"\0" * 32)}
