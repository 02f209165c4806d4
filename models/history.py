"""A report's versions, kept out of the store file: `history/<id>.jsonl`, one line each.

The store file is rewritten on every save (docs/design-notes.md §2.5); if it held the history,
each autosave would cost more than the last. Appending one line to a file of its own
costs the same with one version or a thousand (issue 4 point 4, benchmarks/bench_store.py).

A line is one version: who, when, status and what changed (models/changes.py). Version
1, every SNAPSHOT_EVERY-th version and a version with very many changes also carry the
whole document, so rebuilding any version applies fewer than SNAPSHOT_EVERY change lists.

Crash safety. The store appends and fsyncs the line under the store lock *before* the
store file records the new version. A kill between the two leaves a line for a version
the store never acknowledged: readers take only versions up to the store's, and the next
save writes that version number again in a later line, which wins. A kill in the middle
of a line leaves a last line without its newline: readers skip it and the next append
cuts it off first. So every version the store acknowledged is here, exactly once.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from models.atomic_file import sync_directory, write_line_at
from models.changes import Change, apply_changes_in_place
from models.store_errors import HistoryError

SNAPSHOT_EVERY = 50
MAX_CHANGES_WITHOUT_SNAPSHOT = 100
_TAIL_CHUNK = 64 * 1024

ACTION_LABELS = {
    "create": "新建",
    "import": "导入",
    "duplicate": "复制",
    "save": "保存",
    "restore": "恢复旧版本",
    "status": "更改状态",
    "migrate": "数据升级",
    "recover": "修复重建",
}


class Version(Struct, frozen=True):
    """One saved version of a report.

    Attributes:
        version: 1 for the first save, one more for each save after it.
        saved_at: local time with offset, ISO 8601 to the second.
        saved_by: the user name given to the save.
        action: what made the version (a key of ACTION_LABELS).
        status: the report's status after this version (“draft” …).
        changes: what changed since the version before (empty for version 1).
        note: e.g. “恢复为第 3 版”.
        document: the whole exchange document, on snapshot versions only.
        metadata: the report's metadata dict when this version changed it, else None.
    """

    version: int
    saved_at: str
    saved_by: str
    action: str
    status: str
    changes: tuple[Change, ...] = ()
    note: str = ""
    document: dict[str, Any] | None = None
    metadata: dict[str, Any] | None = field(default=None)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "version": self.version,
            "saved_at": self.saved_at,
            "saved_by": self.saved_by,
            "action": self.action,
            "status": self.status,
            "changes": [c.to_json() for c in self.changes],
        }
        if self.note:
            data["note"] = self.note
        if self.document is not None:
            data["document"] = self.document
        if self.metadata is not None:
            data["metadata"] = self.metadata
        return data

    @classmethod
    def from_json(cls, data: Any) -> Version:
        """Raises ValueError when data is not a version as to_json writes it."""
        if not isinstance(data, dict):
            raise ValueError("version is not an object")
        number = data.get("version")
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise ValueError("bad version number")
        for key in ("saved_at", "saved_by", "action", "status"):
            if not isinstance(data.get(key), str):
                raise ValueError(f"bad {key}")
        changes = data.get("changes")
        document = data.get("document")
        metadata = data.get("metadata")
        if not isinstance(changes, list) or not isinstance(data.get("note", ""), str):
            raise ValueError("bad changes or note")
        if document is not None and not isinstance(document, dict):
            raise ValueError("bad document")
        if metadata is not None and not isinstance(metadata, dict):
            raise ValueError("bad metadata")
        return cls(
            version=number,
            saved_at=data["saved_at"],
            saved_by=data["saved_by"],
            action=data["action"],
            status=data["status"],
            changes=tuple(Change.from_json(c) for c in changes),
            note=data.get("note", ""),
            document=document,
            metadata=metadata,
        )


def needs_snapshot(version: int, changes: Sequence[Change]) -> bool:
    """Whether a version carries the whole document (see the module docstring)."""
    return version == 1 or version % SNAPSHOT_EVERY == 0 or len(changes) > MAX_CHANGES_WITHOUT_SNAPSHOT


def encode_version(version: Version) -> bytes:
    return (json.dumps(version.to_json(), ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n").encode(
        "utf-8"
    )


def encode_history(versions: Sequence[Version]) -> bytes:
    """A whole history file, for writing one at once (migration, recovery)."""
    return b"".join(encode_version(v) for v in versions)


def parse_history(data: bytes, up_to: int | None = None) -> tuple[list[Version], int]:
    """The versions in the bytes of a history file, and how many lines were unusable.

    See History.versions; a last line without its newline (torn by a kill) is skipped
    and not counted as damage.
    """
    lines = data.split(b"\n")
    lines.pop()  # after the last newline: empty, or a line torn by a kill
    damaged = 0
    latest: dict[int, Version] = {}
    for line in lines:
        if not line.strip():
            continue
        try:
            version = Version.from_json(json.loads(line.decode("utf-8")))
        except (ValueError, UnicodeDecodeError, RecursionError):
            damaged += 1
            continue
        if up_to is None or version.version <= up_to:
            latest[version.version] = version
    return [latest[n] for n in sorted(latest)], damaged


def _cut_torn_tail(fd: int, end: int) -> int:
    """The offset just after the last complete line of the open file of size end."""
    position = end
    while position > 0:
        start = max(0, position - _TAIL_CHUNK)
        os.lseek(fd, start, os.SEEK_SET)
        chunk = os.read(fd, position - start)
        newline = chunk.rfind(b"\n")
        if newline >= 0:
            return start + newline + 1
        position = start
    return 0


class History:
    """The versions of one report, in one append-only JSON-lines file.

    Attributes:
        path: the history file.
        damaged_lines: how many lines the last read could not use (a torn last line
            from a kill is not counted: it is expected and harmless).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.damaged_lines = 0

    def exists(self) -> bool:
        return self.path.exists()

    def append(self, version: Version) -> None:
        """Add a version at the end and fsync it; call only under the store lock.

        The file is written through a plain descriptor with an explicit seek (not
        O_APPEND) so that a torn last line can be cut off first, and cut back again if
        this write fails half-way (a full disk): the file always ends with a whole line.
        """
        line = encode_version(version)
        created = not self.path.exists()
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(self.path, flags, 0o666)
        except FileNotFoundError:
            self.path.parent.mkdir(parents=True, exist_ok=True)  # history/ removed by hand
            fd = os.open(self.path, flags, 0o666)
        try:
            end = os.lseek(fd, 0, os.SEEK_END)
            if end:
                os.lseek(fd, end - 1, os.SEEK_SET)
                if os.read(fd, 1) != b"\n":
                    end = _cut_torn_tail(fd, end)
                    os.ftruncate(fd, end)
            write_line_at(fd, end, line)
        finally:
            os.close(fd)
        if created:
            sync_directory(self.path.parent)

    def versions(self, up_to: int | None = None) -> list[Version]:
        """Every readable version, oldest first, each number once, none above up_to.

        Args:
            up_to: the store's version of the report; lines above it were written by a
                save that was killed before it was acknowledged.
        """
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            data = b""
        versions, self.damaged_lines = parse_history(data, up_to)
        return versions

    def documents(self, up_to: int | None = None, start: int = 1) -> Iterator[tuple[Version, dict[str, Any]]]:
        """Each version from `start` on that can be rebuilt, with its whole document.

        A version is rebuilt from the nearest snapshot at or before it by applying the
        change lists in between; one missing in between (a damaged line) makes the
        versions after it unavailable until the next snapshot.
        """
        for version, working in self._rebuild(self.versions(up_to), start):
            yield version, copy.deepcopy(working)

    @staticmethod
    def _rebuild(versions: list[Version], start: int) -> Iterator[tuple[Version, dict[str, Any]]]:
        # Yields one working document that the next step changes: callers copy it.
        first = 0
        for index, version in enumerate(versions):
            if version.version > start:
                break
            if version.document is not None:
                first = index
        working: dict[str, Any] | None = None
        previous = 0
        for version in versions[first:]:
            if version.document is not None:
                working = copy.deepcopy(version.document)
            elif working is not None and version.version == previous + 1:
                apply_changes_in_place(working, version.changes)
            else:
                working = None
            previous = version.version
            if working is not None and version.version >= start:
                yield version, working

    def document_at(self, number: int, up_to: int | None = None) -> dict[str, Any]:
        """The whole document of one version.

        Raises:
            HistoryError: the version is not in the history or cannot be rebuilt.
        """
        versions = self.versions(up_to)
        for version, working in self._rebuild(versions, number):
            if version.version == number:
                return copy.deepcopy(working)
            break
        if any(v.version == number for v in versions):
            raise HistoryError(f"第 {number} 版之前的历史记录有损坏，无法还原第 {number} 版")
        raise HistoryError(f"历史记录中没有第 {number} 版")

    def latest(self) -> tuple[Version, dict[str, Any]] | None:
        """The newest version that can be rebuilt (all lines, acknowledged or not)."""
        found = None
        for found in self._rebuild(self.versions(), 1):
            pass
        return (found[0], copy.deepcopy(found[1])) if found else None
