"""The tinydb storage of the store file: UTF-8, readable Chinese, written atomically.

tinydb's own JSONStorage writes in place (a crash leaves half a file), uses the locale
encoding (GBK on a Chinese Windows) and escapes Chinese, and keeps the file open
(docs/design-notes.md §2.1, §2.4). This storage serialises the whole database first, so a
value that cannot be serialised changes nothing on disk, then hands the bytes to
models.atomic_file.write_atomic (temporary file, flush, fsync, os.replace with retry).
The file is opened only for the moment of a read, so Windows can always replace it.

Reading checks the shape tinydb relies on (an object of tables, each an object of
numbered records) and raises DamagedDataError with a Chinese reason otherwise: a
truncated, garbage or wrong-shaped file is reported, never half-loaded.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from models.atomic_file import write_atomic
from models.store_errors import DamagedDataError

READ_RETRIES = 5


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def encode_store(data: dict[str, Any]) -> bytes:
    """The store's bytes: one line per record, Chinese as itself (not \\uXXXX).

    Built line by line rather than with json.dumps(indent=…), which falls back to the
    pure-Python encoder and made a save of a 50-report store several times slower.
    """
    lines = ["{"]
    for table_index, (name, table) in enumerate(data.items()):
        records = [f" {_dumps(key)}: {_dumps(record)}" for key, record in table.items()]
        body = "{\n" + ",\n".join(records) + "\n}" if records else "{}"
        lines.append(f"{',' if table_index else ''}\n{_dumps(name)}: {body}")
    lines.append("\n}\n")
    return "".join(lines).encode("utf-8")


def decode_store(data: bytes) -> dict[str, dict[str, dict[str, Any]]]:
    """Parse and shape-check the bytes of a store file (also used for backups).

    Raises:
        DamagedDataError: the bytes are empty, not UTF-8, not JSON or not tinydb tables.
    """
    if not data.strip():
        raise DamagedDataError("文件是空的，可能在写入时被中断")
    if not data.strip(b"\0 \t\r\n"):
        raise DamagedDataError("文件内容全是空字节，可能在写入时断电或被中断")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DamagedDataError(f"第 {error.start + 1} 个字节起不是 UTF-8 文字，文件内容已损坏") from None
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        # Our file starts with “{”; an error on its last line is where the writing stopped.
        if text.lstrip().startswith("{") and "\n" not in text[error.pos :].rstrip():
            raise DamagedDataError(f"文件在第 {error.lineno} 行中断，内容不完整（可能在写入时被中断）") from None
        raise DamagedDataError(f"不是有效的 JSON：第 {error.lineno} 行第 {error.colno} 列附近有错") from None
    except ValueError as error:
        raise DamagedDataError(str(error)) from None
    except RecursionError:
        raise DamagedDataError("JSON 嵌套层次过深") from None
    if not isinstance(document, dict):
        raise DamagedDataError("内容应为一个 JSON 对象（{…}），结构不对")
    for name, table in document.items():
        if not isinstance(table, dict):
            raise DamagedDataError(f"“{name}”应为一组记录（{{…}}），结构不对")
        for key, record in table.items():
            if not key.isdigit() or not isinstance(record, dict):
                raise DamagedDataError(f"“{name}”中的记录“{key}”结构不对")
    return document


def _refuse_constant(name: str) -> None:
    raise ValueError(f"文件中有 JSON 不允许的值 {name}")


def read_bytes_with_retry(path: Path) -> bytes:
    """Read a whole file, retrying briefly: Windows refuses a file being replaced."""
    for attempt in range(READ_RETRIES):
        try:
            return path.read_bytes()
        except PermissionError:
            if attempt == READ_RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError  # unreachable: the last attempt returns or raises


class JsonStorage(Storage):
    """tinydb storage over one JSON file, crash-safe and never held open.

    Attributes:
        path: the store file.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._held: dict[str, dict[str, Any]] | None = None
        self._hold_depth = 0

    @contextmanager
    def held(self) -> Iterator[None]:
        """Read the file once for a whole locked read-modify-write, not once per step.

        tinydb reads the whole file for every table operation; a save is several of
        them. Inside this block, which the store enters only while it holds the write
        lock (so no other process can change the file), the first read is kept and the
        data just written is what later reads see. Outside it every read is fresh.
        """
        self._hold_depth += 1
        try:
            yield
        finally:
            self._hold_depth -= 1
            if not self._hold_depth:
                self._held = None

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The whole database, or None when the file does not exist yet."""
        if self._held is not None:
            return self._held
        try:
            data = read_bytes_with_retry(self.path)
        except FileNotFoundError:
            return None
        decoded = decode_store(data)
        if self._hold_depth:
            self._held = decoded
        return decoded

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        try:
            write_atomic(self.path, encode_store(data))
        except BaseException:
            self._held = None  # tinydb changed the data in place: it is not what is on disk
            raise
        if self._hold_depth:
            self._held = data
