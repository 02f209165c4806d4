"""What changed between two versions of a report: cells, texts and fields, by path.

A version in the history stores its changes rather than the whole report (issue 4
point 4: saving must stay cheap and history small when autosave makes a version a
second after each edit). A change is a path into the exchange document (the storage
form of a report's content, models/exchange.py) with the old and new value, so the
same list both rebuilds an old version and tells the clerk “表三 …：186 → 187”.

Paths end at values that are not objects; an empty object is a value of its own, so
applying the changes to the old document gives back exactly the new one.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from typing import Any

from msgspec import Struct

from models.formats import ReportFormat
from models.report import Report

ABSENT: Any = object()

FIELD_LABELS = {
    "organization": "机关名称",
    "year": "年度",
    "title": "标题",
    "issuer": "发布机关",
    "date": "成文日期",
    "contact": "联系方式",
    "preface": "编制说明",
    "format": "报告格式",
}
# Written by the program, not by the clerk: never worth a line in the history.
_TECHNICAL_FIELDS = {"format_version", "generator"}


class Change(Struct, frozen=True):
    """One value that differs: added (old absent), removed (new absent) or changed.

    Attributes:
        path: the keys leading to the value in the exchange document.
        old: the previous value; ABSENT when the value is new.
        new: the value now; ABSENT when it was removed.
    """

    path: tuple[str, ...]
    old: Any = ABSENT
    new: Any = ABSENT

    @property
    def added(self) -> bool:
        return self.old is ABSENT

    @property
    def removed(self) -> bool:
        return self.new is ABSENT

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": list(self.path)}
        if not self.added:
            data["old"] = self.old
        if not self.removed:
            data["new"] = self.new
        return data

    @classmethod
    def from_json(cls, data: Any) -> Change:
        """Raises ValueError when data is not a change as to_json writes it."""
        if not isinstance(data, dict) or not isinstance(data.get("path"), list) or not data["path"]:
            raise ValueError("change without a path")
        if not all(isinstance(key, str) for key in data["path"]):
            raise ValueError("change path of non-strings")
        if "old" not in data and "new" not in data:
            raise ValueError("change without a value")
        return cls(tuple(data["path"]), data.get("old", ABSENT), data.get("new", ABSENT))


def _flatten(document: dict[str, Any], prefix: tuple[str, ...], into: dict[tuple[str, ...], Any]) -> None:
    for key, value in document.items():
        path = (*prefix, key)
        if isinstance(value, dict) and value:
            _flatten(value, path, into)
        else:
            into[path] = value


def flatten(document: dict[str, Any]) -> dict[tuple[str, ...], Any]:
    """Every value of a document by its path, in document order."""
    values: dict[tuple[str, ...], Any] = {}
    _flatten(document, (), values)
    return values


def _same(a: Any, b: Any) -> bool:
    # 1 == 1.0 == True in Python, but a count that became a money string or a bool is
    # a change worth keeping.
    return type(a) is type(b) and a == b


def diff_documents(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """The changes that turn old into new, in the order of the new document."""
    before, after = flatten(old), flatten(new)
    changes = [
        Change(path, before.get(path, ABSENT), value)
        for path, value in after.items()
        if path not in before or not _same(before[path], value)
    ]
    changes += [Change(path, value, ABSENT) for path, value in before.items() if path not in after]
    return changes


def _remove(document: dict[str, Any], path: Sequence[str]) -> None:
    parents = [document]
    for key in path[:-1]:
        child = parents[-1].get(key)
        if not isinstance(child, dict):
            return
        parents.append(child)
    parents[-1].pop(path[-1], None)
    # An object left empty by the removal was not in the new document either: a kept
    # empty object is a value of its own and comes back as an addition.
    for depth in range(len(parents) - 1, 0, -1):
        if parents[depth]:
            break
        del parents[depth - 1][path[depth - 1]]


def apply_changes(document: dict[str, Any], changes: Iterable[Change]) -> dict[str, Any]:
    """A new document: document with changes applied (removals first, then values)."""
    return apply_changes_in_place(copy.deepcopy(document), changes)


def apply_changes_in_place(result: dict[str, Any], changes: Iterable[Change]) -> dict[str, Any]:
    """Apply changes to result itself, for rebuilding many versions one after another."""
    changes = list(changes)
    for change in changes:
        if change.removed:
            _remove(result, change.path)
    for change in changes:
        if change.removed:
            continue
        target = result
        for key in change.path[:-1]:
            child = target.get(key)
            if not isinstance(child, dict):
                child = target[key] = {}
            target = child
        target[change.path[-1]] = copy.deepcopy(change.new)
    return result


# -- describing changes -------------------------------------------------------------------


def _show(value: Any) -> str:
    if value is ABSENT or value is None:
        return "空白"
    if isinstance(value, str):
        return f"“{value}”" if len(value) <= 20 else f"“{value[:20]}…”"
    return str(value)


def _text_size(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def describe_change(fmt: ReportFormat, change: Change, blank: Report | None = None) -> str | None:
    """How the history names one change, e.g. “表三 （七）总计·自然人：186 → 187”.

    Args:
        fmt: the report's format, to name tables, rows, columns and sections.
        change: the change.
        blank: a report of the format, reused across calls (cell names need one).

    Returns:
        The description, or None for a technical field a clerk never sees.
    """
    path = change.path
    head = path[0]
    try:
        if head == "tables" and len(path) == 4:
            report = blank or Report(format=fmt)
            table = fmt.table(path[1])
            return f"{table.name} {report.cell_name(path[1], path[2], path[3])}：{_show(change.old)} → {_show(change.new)}"
        if head == "texts" and len(path) == 2:
            return f"{fmt.section(path[1]).heading}（正文 {_text_size(change.old)} → {_text_size(change.new)} 字）"
        if head == "row_labels" and len(path) == 3:
            table = fmt.table(path[1])
            return f"{table.name} 行名称：{_show(change.old)} → {_show(change.new)}"
    except KeyError:
        pass
    if len(path) == 1 and head in _TECHNICAL_FIELDS:
        return None
    if len(path) == 1 and head == "preface":
        return f"编制说明（{_text_size(change.old)} → {_text_size(change.new)} 字）"
    if len(path) == 1 and head in FIELD_LABELS:
        return f"{FIELD_LABELS[head]}：{_show(change.old)} → {_show(change.new)}"
    return f"{'/'.join(path)}：{_show(change.old)} → {_show(change.new)}"


def summarize_changes(fmt: ReportFormat, changes: Sequence[Change], limit: int = 3) -> str:
    """One line for a version: “修改 2 处：a；b”, the first `limit` changes named."""
    blank = Report(format=fmt)
    described = [d for d in (describe_change(fmt, c, blank) for c in changes) if d is not None]
    if not described:
        return "内容未改动"
    shown = "；".join(described[:limit])
    more = f"；等共 {len(described)} 处" if len(described) > limit else ""
    return f"修改 {len(described)} 处：{shown}{more}"
