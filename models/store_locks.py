"""The two cross-process locks of a data folder: one per write, one per editing window.

tinydb is not safe across processes and declines to lock (docs/design-notes.md §2.2), so the
store locks for itself: flock on POSIX, msvcrt.locking on Windows. The operating system
releases both locks when their process ends, even by kill -9 or a crash, so a dead
process never leaves the folder locked.

- The write lock (`store.lock`) is held around every read-modify-write: the store file
  is re-read under it, so two processes saving at once both get their save in. It is
  held for milliseconds; a writer waits for it up to a timeout, then gives up with
  StoreBusyError and nothing changed.
- The session lock (`session.lock`) is held by the one window that may edit, for as long
  as it is open. A second window (the clerk's twice, or the supervisor's) does not get
  it and opens the store read-only, with a message naming who has it open (from
  `session.json`, written by the holder): it can read and export, and may retry later.
  It does not wait by default, because a window that hangs at start looks broken.

The write lock is filelock's (timeouts, reentrancy, threads). The session lock is taken
at every start, before the first window shows, and holds no more than an open file with
an OS lock on it, so it calls the same two OS functions directly: importing filelock 4
(with logging, secrets and OpenSSL behind it) would cost some 25 ms of a start-up that
is measured against a bare Qt script (issue 5). filelock is imported at the first write.
"""

from __future__ import annotations

import datetime
import getpass
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from models.atomic_file import write_atomic
from models.store_errors import StoreBusyError, StoreWriteError, describe_os_error

WRITE_LOCK_NAME = "store.lock"
SESSION_LOCK_NAME = "session.lock"
SESSION_INFO_NAME = "session.json"
WRITE_LOCK_TIMEOUT = 10.0


def current_user() -> str:
    """The operating system's user name: who saves, until accounts exist (issue 6)."""
    try:
        return getpass.getuser() or "未知用户"
    except (OSError, KeyError, ImportError):
        return "未知用户"


def computer_name() -> str:
    """This machine's network name, as platform.node() gives it, without importing
    platform at every start."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    return os.environ.get("COMPUTERNAME", "")


class WriteLock:
    """The lock around each read-modify-write of the store; reentrant in one process."""

    def __init__(self, data_dir: Path, timeout: float = WRITE_LOCK_TIMEOUT) -> None:
        self.timeout = timeout
        self.data_dir = data_dir
        self._lock: Any = None  # a filelock.FileLock, made at the first write

    @contextmanager
    def held(self, what: str) -> Iterator[None]:
        """Hold the lock for the block.

        Raises:
            StoreBusyError: another process held it for longer than the timeout.
            StoreWriteError: the lock file cannot be created (read-only folder).
        """
        import filelock

        if self._lock is None:
            self._lock = filelock.FileLock(self.data_dir / WRITE_LOCK_NAME, thread_local=False)
        try:
            self._lock.acquire(timeout=self.timeout)
        except filelock.Timeout:
            raise StoreBusyError(
                f"未能{what}：草稿库正被另一个程序写入，等了 {self.timeout:g} 秒仍未结束。"
                "这次没有做任何改动，请稍后再试。"
            ) from None
        except OSError as error:
            raise StoreWriteError(
                f"未能{what}：{describe_os_error(error)}（数据文件夹 {self.data_dir}）。原有的数据完好无损。"
            ) from error
        try:
            yield
        finally:
            self._lock.release()

    @contextmanager
    def held_for_reading(self, what: str) -> Iterator[None]:
        """Hold the lock if the folder allows it; a read-only folder is read without it.

        Nothing else can write a folder we cannot write either, so there is nothing to
        keep out; a reader only needs the lock to see the store file and the history
        files of one moment (a backup).
        """
        acquired = False
        try:
            with self.held(what):
                acquired = True
                yield
            return
        except StoreWriteError as error:
            if acquired or not isinstance(error.__cause__, OSError):
                raise
        yield


class SessionLock:
    """The lock of the window that may edit; see the module docstring."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._fd: int | None = None
        """The open session.lock while this window holds the session; closing it unlocks."""

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self, wait: float = 0.0) -> str:
        """Try to become the editing window.

        Returns:
            "" when this process now holds the lock, otherwise the Chinese reason why
            the store must be opened read-only.
        """
        if self._fd is not None:
            return ""
        deadline = time.monotonic() + wait
        while True:
            try:
                self._fd = _lock_without_waiting(self.data_dir / SESSION_LOCK_NAME)
                break
            except _HeldElsewhere:
                if time.monotonic() >= deadline:
                    return self._held_elsewhere_reason()
                time.sleep(0.05)
            except OSError as error:
                return self._unwritable_reason(error)
        try:
            self._write_info()
        except OSError as error:
            # Writing session.json is also the probe: a folder that takes no new file
            # (read-only, full) is better told at once than at the first save.
            self._close()
            return self._unwritable_reason(error)
        return ""

    def _unwritable_reason(self, error: OSError) -> str:
        return (
            f"数据文件夹 {self.data_dir} 无法写入（{describe_os_error(error)}），"
            "已以只读方式打开：可以查看和导出报告，不能保存修改。"
        )

    def release(self) -> None:
        if self._fd is None:
            return
        # Removed while still held, so that it never removes the next holder's file.
        try:
            (self.data_dir / SESSION_INFO_NAME).unlink(missing_ok=True)
        except OSError:
            pass
        self._close()

    def _close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            _unlock_and_close(fd)

    def _write_info(self) -> None:
        info = {
            "user": current_user(),
            "computer": computer_name(),
            "pid": os.getpid(),
            "since": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        # Not durable: after a power cut the lock is gone too, and a missing or stale
        # session.json only makes the read-only message less specific.
        write_atomic(self.data_dir / SESSION_INFO_NAME, json.dumps(info, ensure_ascii=False).encode("utf-8"), durable=False)

    def _held_elsewhere_reason(self) -> str:
        who = ""
        try:
            info: Any = json.loads((self.data_dir / SESSION_INFO_NAME).read_text(encoding="utf-8"))
            if isinstance(info, dict):
                since = str(info.get("since", ""))[:16].replace("T", " ")
                parts = [str(info.get("user", "")), str(info.get("computer", "")), f"自 {since} 起" if since else ""]
                who = "，".join(p for p in parts if p)
        except (OSError, ValueError):
            pass
        holder = f"（{who}）" if who else ""
        return (
            f"这个草稿库已在另一个窗口中打开{holder}。为免两处同时修改，本窗口以只读方式打开："
            "可以查看和导出报告，不能保存修改。关闭另一个窗口后可以重试。"
        )


class _HeldElsewhere(Exception):
    """Another open file description holds the lock (another window, or process)."""


def _lock_without_waiting(path: Path) -> int:
    """Open path (created if missing) and lock it, or raise _HeldElsewhere at once.

    Returns the open descriptor that holds the lock; it is not inherited by child
    processes (Python's default, PEP 446), so a LibreOffice started for a PDF never
    keeps it. The same calls as filelock's, so the two agree on one file.

    Raises:
        _HeldElsewhere: someone holds it.
        OSError: the file cannot be opened for writing (read-only or full folder).
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        os.close(fd)
        raise _HeldElsewhere(str(error)) from error
    return fd


def _unlock_and_close(fd: int) -> None:
    """Unlock, then close: on POSIX closing alone unlocks, but Windows may release a lock
    left on a closed file only some time later (as filelock, unlock explicitly)."""
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    except OSError:
        pass  # closing below releases it in any case
    finally:
        os.close(fd)
