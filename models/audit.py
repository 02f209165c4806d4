"""The audit log of a data folder: who signed in, changed a status, commented or exported.

Issue 6 point 6. It is one append-only JSON-lines file, `audit.jsonl`, beside the store,
because it spans reports (a sign-in belongs to none) and must never be rewritten: the
store file is replaced on every save, this file only ever grows. Each line is fsync-ed
before the call returns, and carries the SHA-256 of the line before it, so a line
deleted or changed by hand breaks the chain and `verify_log` names where. (Anyone who
can write the folder can also rebuild the chain: it shows tampering, it cannot prevent
it.)

Appends take their own lock (`audit.lock`), not the store's write lock, because they
happen after a store write has finished, and a process must never wait for a lock it
already holds under another name. A torn last line (a kill half-way) is cut off before
the next append, exactly as models/history.py does.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import filelock
from msgspec import Struct, field

from models.atomic_file import sync_directory, write_line_at
from models.store_errors import StoreError, describe_os_error

AUDIT_FILE = "audit.jsonl"
AUDIT_LOCK = "audit.lock"
LOCK_TIMEOUT = 10.0

ACTION_LABELS = {
    "sign_in": "登录",
    "sign_in_failed": "登录失败",
    "sign_out": "退出登录",
    "user_added": "添加用户",
    "password_reset": "重置密码",
    "password_changed": "修改密码",
    "submit": "提交审核",
    "approve": "审核通过",
    "return": "退回修改",
    "reopen": "重新打开",
    "resume_editing": "继续修改",
    "comment_added": "添加批注",
    "comment_done": "批注已处理",
    "export": "导出",
}


class AuditError(StoreError):
    """The audit log could not be written or read; the message is Chinese and complete."""


class AuditEntry(Struct, frozen=True):
    """One line of the audit log.

    Attributes:
        when: local time with offset, ISO 8601 to the second.
        who: the user name (for a failed sign-in: the name that was typed).
        action: a key of ACTION_LABELS.
        report: the report's id, or "" for an action on no report (sign-in, users).
        detail: free data of the action (a reason, a comment, a file name); never a password.
    """

    when: str
    who: str
    action: str
    report: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    def to_json(self) -> dict[str, Any]:
        return {"when": self.when, "who": self.who, "action": self.action, "report": self.report, "detail": self.detail}

    def describe(self) -> str:
        """One line for the `log` command and the review panel: “2024-03-01 09:30  张科长  退回修改  理由：…”."""
        parts = [self.when[:16].replace("T", " "), self.who, self.action_label]
        detail = self.detail
        for key, label in (("reason", "理由"), ("text", "批注"), ("file", "文件"), ("user", "用户"), ("role", "角色")):
            value = detail.get(key)
            if isinstance(value, str) and value:
                parts.append(f"{label}：{value}")
        if detail.get("final") is True:
            parts.append("正式文档")
        elif detail.get("final") is False:
            parts.append("草稿")
        if isinstance(detail.get("version"), int):
            parts.append(f"第 {detail['version']} 版")
        return "  ".join(parts)


def _now() -> str:
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


def log_path(data_dir: Path) -> Path:
    return Path(data_dir) / AUDIT_FILE


def _line_hash(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()


def _last_complete_line(fd: int, end: int) -> tuple[int, bytes]:
    """(offset just after the last complete line, that line without its newline).

    Reads backwards from the end in growing chunks, so an append costs the same with a
    log of ten lines or of ten years.
    """
    size = 4096
    while True:
        start = max(0, end - size)
        os.lseek(fd, start, os.SEEK_SET)
        chunk = b""
        while len(chunk) < end - start:
            piece = os.read(fd, end - start - len(chunk))
            if not piece:
                break
            chunk += piece
        cut = chunk.rfind(b"\n")
        if cut < 0 and start == 0:
            return 0, b""  # not one complete line: all of it is a torn first line
        if cut >= 0:
            before = chunk.rfind(b"\n", 0, cut)
            if before >= 0 or start == 0:
                return start + cut + 1, chunk[before + 1 : cut]
        size *= 4


def record(
    data_dir: Path,
    who: str,
    action: str,
    report: str = "",
    detail: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry and fsync it.

    Raises:
        AuditError: the log could not be written (read-only folder, full disk, busy).
    """
    if action not in ACTION_LABELS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(_now(), who.strip() or "未知用户", action, report, dict(detail or {}))
    path = log_path(data_dir)
    try:
        with filelock.FileLock(Path(data_dir) / AUDIT_LOCK, thread_local=False).acquire(timeout=LOCK_TIMEOUT):
            created = not path.exists()
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
            try:
                end = os.lseek(fd, 0, os.SEEK_END)
                cut, previous = _last_complete_line(fd, end) if end else (0, b"")
                if cut != end:
                    os.ftruncate(fd, cut)
                data = {**entry.to_json(), "prev": _line_hash(previous) if previous else ""}
                line = (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
                write_line_at(fd, cut, line)
            finally:
                os.close(fd)
            if created:
                sync_directory(path.parent)
    except filelock.Timeout:
        raise AuditError(f"未能写入审计日志：{path} 正被另一个程序写入，等了 {LOCK_TIMEOUT:g} 秒仍未结束") from None
    except OSError as error:
        raise AuditError(f"未能写入审计日志 {path}：{describe_os_error(error)}") from error
    return entry


def _parse(line: bytes) -> tuple[AuditEntry, str] | None:
    try:
        data = json.loads(line.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    strings = ("when", "who", "action", "report", "prev")
    if not all(isinstance(data.get(k), str) for k in strings) or not isinstance(data.get("detail"), dict):
        return None
    return AuditEntry(data["when"], data["who"], data["action"], data["report"], data["detail"]), data["prev"]


def _lines(data_dir: Path) -> list[bytes]:
    path = log_path(data_dir)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as error:
        raise AuditError(f"未能读取审计日志 {path}：{describe_os_error(error)}") from error
    lines = data.split(b"\n")
    lines.pop()  # after the last newline: empty, or a line torn by a kill
    return lines


def read_log(data_dir: Path, report_id: str | None = None) -> list[AuditEntry]:
    """Every readable entry, oldest first; only those of one report when report_id is given."""
    entries = []
    for line in _lines(data_dir):
        parsed = _parse(line)
        if parsed is not None and (report_id is None or parsed[0].report == report_id):
            entries.append(parsed[0])
    return entries


def verify_log(data_dir: Path) -> list[str]:
    """Where the chain of the log is broken, in Chinese; empty when every line is intact.

    A line changed, removed or inserted by hand no longer carries the hash of the line
    before it (or is not an entry at all).
    """
    problems = []
    previous = b""
    for number, line in enumerate(_lines(data_dir), 1):
        parsed = _parse(line)
        if parsed is None:
            problems.append(f"第 {number} 行不是审计记录（已损坏或被改动）")
        elif parsed[1] != (_line_hash(previous) if previous else ""):
            problems.append(f"第 {number} 行与前一行对不上：前面的记录被删除或改动过")
        previous = line
    return problems
