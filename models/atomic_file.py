"""Writing a file so that it is either the old or the new one, never half of each.

A report file is weeks of work; a crash, a kill or a full disk must not leave it
truncated (docs/design-notes.md §2.1). The store (issue 4) uses the same primitive for its
file, its backups and its migrated history.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

REPLACE_RETRIES = 5


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write data to path through a temporary file in the same folder and os.replace.

    os.replace is retried briefly on PermissionError because on Windows an antivirus or
    indexer may hold the target for a moment. On any failure the temporary file is
    removed and the previous file is left as it was.

    durable=False skips the two fsyncs, for a file whose loss in a power cut costs
    nothing (session.json): on a spinning disk they are tens of milliseconds, paid at
    every start. Readers still see the old file or the new one, never half of each.
    """
    with open_atomic(path, durable=durable) as file:
        file.write(data)


@contextmanager
def open_atomic(path: Path, *, durable: bool = True) -> Iterator[BinaryIO]:
    """A binary file to write that replaces path only when the block ends without error.

    For content written in pieces (a backup zip) that should not be built in memory
    first. The same guarantees as write_atomic: flushed and fsync-ed before the replace,
    the temporary file removed on failure, the previous file untouched.
    """
    path = Path(path)
    tmp_name = str(path.parent / f".{path.name}.{os.urandom(6).hex()}.tmp")
    # Not tempfile.mkstemp: its 0600 would make a shared data folder's files unreadable
    # to the other user. The umask decides for a new file; a replaced one keeps its mode.
    fd = os.open(tmp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as tmp:
            _keep_mode(path, tmp_name, tmp.fileno())
            yield tmp
            tmp.flush()
            if durable:
                os.fsync(tmp.fileno())
        replace_with_retry(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    if durable:
        sync_directory(path.parent)


def _keep_mode(path: Path, tmp_name: str, fd: int) -> None:
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return
    os.chmod(fd if os.chmod in os.supports_fd else tmp_name, mode)


def replace_with_retry(source: str | Path, target: str | Path) -> None:
    """os.replace, retried on PermissionError: Windows may hold the target for a moment."""
    for attempt in range(REPLACE_RETRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == REPLACE_RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def sync_directory(folder: Path) -> None:
    """fsync a folder so that a rename or a new file in it survives a power cut.

    Only POSIX can open a folder for this; elsewhere (and on file systems that refuse
    it) the rename is already as durable as the system makes it, so errors are ignored.
    """
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_line_at(fd: int, offset: int, line: bytes) -> None:
    """Write a whole line at offset of an open file and fsync it.

    For append-only files (a report's history, the audit log): if the write fails
    half-way (a full disk), the file is cut back to offset, so it always ends with a
    whole line and the failure is raised for the caller to report.
    """
    os.lseek(fd, offset, os.SEEK_SET)
    try:
        view = memoryview(line)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except OSError:
        try:
            os.ftruncate(fd, offset)
        except OSError:
            pass
        raise


def unused_name(folder: Path, stem: str, suffix: str) -> Path:
    """folder/stem+suffix, or stem-2, stem-3… if taken: files set aside are never overwritten."""
    path = folder / f"{stem}{suffix}"
    counter = 2
    while path.exists():
        path = folder / f"{stem}-{counter}{suffix}"
        counter += 1
    return path
