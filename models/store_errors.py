"""What can go wrong with the local store, each as its own exception with a Chinese message.

They live apart from models/store.py because the storage, history, backup and schema
modules raise them too, and the wizard (issue 5) catches them by kind: a damaged store
offers a backup, a read-only store offers to retry, a conflict offers to reload. str()
of every one of them is the complete message a clerk sees.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.backups import BackupInfo


class StoreError(Exception):
    """Any store operation that could not be done; nothing saved before was lost."""


class DamagedDataError(StoreError):
    """A file whose content is not what it should be (truncated, garbage, wrong shape).

    Attributes:
        reason: what is wrong, in Chinese, without naming the file (the caller knows it).
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class StoreDamagedError(StoreError):
    """The store file was damaged when opened; it has been set aside, never overwritten.

    Attributes:
        damaged_file: the store file as it was named in the data folder.
        set_aside: where the damaged file now is (None if it could not be moved).
        backup: the newest backup that was checked and is good, if any.
        reason: what is wrong with the file, in Chinese.
    """

    def __init__(
        self,
        message: str,
        *,
        damaged_file: Path,
        set_aside: Path | None,
        backup: BackupInfo | None,
        reason: str,
    ) -> None:
        self.damaged_file = damaged_file
        self.set_aside = set_aside
        self.backup = backup
        self.reason = reason
        super().__init__(message)


class StoreVersionError(StoreError):
    """The store (or a backup) was written by a newer version of the app."""


class StoreReadOnlyError(StoreError):
    """A save was asked of a store opened read-only (second window, read-only folder)."""


class StoreBusyError(StoreError):
    """Another process held the store lock for longer than we wait."""


class StoreConflictError(StoreError):
    """The report was saved elsewhere since it was loaded; saving would overwrite that.

    Attributes:
        base_version: the version the caller edited.
        current_version: the version now in the store.
    """

    def __init__(self, message: str, *, base_version: int, current_version: int) -> None:
        self.base_version = base_version
        self.current_version = current_version
        super().__init__(message)


class StoreWriteError(StoreError):
    """Writing failed (full disk, no permission, device removed); previous data intact."""


class ReportNotFoundError(StoreError):
    """No report with the given id (or id prefix) is in the store."""


class BackupError(StoreError):
    """A file offered as a backup is not one of ours, or is damaged, or is too new."""


class HistoryError(StoreError):
    """A version that was asked for is not in the history, or cannot be rebuilt."""


_OS_PROBLEMS = {
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "超出了磁盘配额",
    errno.EACCES: "没有写入这个文件夹的权限",
    errno.EPERM: "没有写入这个文件夹的权限",
    errno.EROFS: "磁盘或文件夹是只读的（例如写保护的U盘）",
    errno.EIO: "磁盘读写出错（U盘或网络盘可能已断开）",
    errno.ENOENT: "文件夹不存在或已被移走（U盘可能已拔出）",
}


def describe_os_error(error: OSError) -> str:
    """A Chinese description of why the operating system refused, for any OSError."""
    if error.errno in _OS_PROBLEMS:
        return _OS_PROBLEMS[error.errno]
    if isinstance(error, PermissionError):
        return "没有写入这个文件夹的权限"
    return f"系统错误：{error.strerror or error}"
