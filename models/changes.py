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
import difflib
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from models.formats import ReportFormat
from models.report import Report

if TYPE_CHECKING:  # models/review.py imports this module
    from models.review import ReviewChanges

ABSENT: Any = object()

FIELD_LABELS = {
    "organization": "机关名称",
    "year": "年度",
    "title": "标题",
    "issuer": "发布机关",
    "date": "成文日期",
    "date_as_typed": "成文日期（写法有误）",
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


# -- showing changes to a reviewer: cell by cell, word by word -------------------------------
#
# Issue 14 point 4: a number changed inside a paragraph showed as the whole paragraph
# deleted and added again, and the reviewer had to find 183 → 138 by reading both. A
# text is compared sentence by sentence, and a changed sentence word by word.

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[A-Za-z]+|\s+|.", re.DOTALL)
_SENTENCE_ENDS = "。！？；!?;"
_CLOSERS = "”’」』）)】"
_PLACE_LABEL_LIMIT = 16
_CONTEXT = 20
"""Characters of unchanged text kept on each side of a change in a long sentence."""


class Segment(Struct, frozen=True):
    """A piece of a changed sentence: kind is "equal", "delete" or "insert"."""

    kind: str
    text: str


class SentenceChange(Struct, frozen=True):
    """One sentence added, deleted or changed.

    Attributes:
        paragraph: its paragraph, counted from 1 (in the new text; in the old one for a
            deleted sentence), so that the reviewer can find it.
        old, new: the sentence before and after ("" when added or deleted).
        segments: the sentence with what was deleted and inserted, word by word.
    """

    paragraph: int
    old: str
    new: str
    segments: tuple[Segment, ...]

    @property
    def kind(self) -> str:
        return "added" if not self.old else "deleted" if not self.new else "changed"


def _tokens(text: str) -> list[str]:
    """Words as a reader sees them: a number (183, 12.5, 1,234, 30%) or a Latin word is
    one token, so 183 → 138 is one replacement and not 1[8]3[8]; Chinese has no spaces,
    so every other character is a token of its own."""
    return _TOKEN.findall(text)


def _merge(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if merged and merged[-1].kind == segment.kind:
            merged[-1] = Segment(segment.kind, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def inline_diff(old: str, new: str) -> list[Segment]:
    """old → new word by word; deletions come before the insertions that replace them.

    A single unchanged character between two changes is taken into both (“[本年]度共”
    rather than “[本]年[度]…”): shorter runs of marks read better than exact ones.
    """
    a, b = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    pieces: list[list[Segment]] = []  # per opcode: equal, or [delete, insert]
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append([Segment("equal", "".join(a[a1:a2]))])
        else:
            pieces.append([Segment("delete", "".join(a[a1:a2])), Segment("insert", "".join(b[b1:b2]))])
    for index in range(1, len(pieces) - 1):
        piece = pieces[index]
        if len(piece) == 1 and len(piece[0].text) == 1 and len(pieces[index - 1]) == 2 and len(pieces[index + 1]) == 2:
            text = piece[0].text
            pieces[index] = [Segment("delete", text), Segment("insert", text)]
    # Regroup so that all deletions of a run of changes come before its insertions.
    segments: list[Segment] = []
    deleted, inserted = "", ""
    for piece in pieces:
        if len(piece) == 2:
            deleted += piece[0].text
            inserted += piece[1].text
            continue
        segments += [Segment("delete", deleted), Segment("insert", inserted), piece[0]]
        deleted, inserted = "", ""
    segments += [Segment("delete", deleted), Segment("insert", inserted)]
    return _merge(segments)


def _sentences(text: str) -> list[tuple[int, str]]:
    """(paragraph number, sentence) in order: a sentence ends after 。！？； and any
    closing quote or bracket that follows; a line break ends a paragraph."""
    found: list[tuple[int, str]] = []
    paragraphs = [p for p in text.splitlines() if p.strip()]
    for number, paragraph in enumerate(paragraphs, start=1):
        current = ""
        for index, char in enumerate(paragraph):
            current += char
            following = paragraph[index + 1] if index + 1 < len(paragraph) else ""
            if (char in _SENTENCE_ENDS or (char in _CLOSERS and current[-2:-1] in tuple(_SENTENCE_ENDS))) and following not in _CLOSERS:
                found.append((number, current.strip()))
                current = ""
        if current.strip():
            found.append((number, current.strip()))
    return found


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _pair(olds: list[tuple[int, str]], news: list[tuple[int, str]]) -> list[SentenceChange]:
    """Sentences replaced by others: each old one paired, in order, with the most like
    it among the new ones not yet passed (a changed sentence); the rest were deleted or added."""
    changes: list[SentenceChange] = []
    start = 0
    for paragraph, old in olds:
        scores = [(_similar(old, new), j) for j, (_p, new) in enumerate(news) if j >= start]
        best = max(scores, default=(0.0, -1))
        if best[0] < 0.5:
            changes.append(SentenceChange(paragraph, old, "", (Segment("delete", old),)))
            continue
        for j in range(start, best[1]):
            changes.append(SentenceChange(news[j][0], "", news[j][1], (Segment("insert", news[j][1]),)))
        new_paragraph, new = news[best[1]]
        changes.append(SentenceChange(new_paragraph, old, new, tuple(inline_diff(old, new))))
        start = best[1] + 1
    changes += [SentenceChange(p, "", new, (Segment("insert", new),)) for p, new in news[start:]]
    return changes


def sentence_changes(old: str, new: str) -> list[SentenceChange]:
    """The sentences of a text that were added, deleted or changed, in the text's order."""
    before, after = _sentences(old), _sentences(new)
    matcher = difflib.SequenceMatcher(None, [s for _p, s in before], [s for _p, s in after], autojunk=False)
    changes: list[SentenceChange] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op != "equal":
            changes += _pair(before[a1:a2], after[b1:b2])
    return changes


def trimmed(segments: Sequence[Segment], context: int = _CONTEXT) -> list[Segment]:
    """A long sentence cut down to its changes with some unchanged text around them (…)."""
    shown: list[Segment] = []
    last = len(segments) - 1
    for index, segment in enumerate(segments):
        text = segment.text
        if segment.kind == "equal":
            if index == 0 and len(text) > context:
                text = "…" + text[-context:]
            elif index == last and len(text) > context:
                text = text[:context] + "…"
            elif 0 < index < last and len(text) > 2 * context + 1:
                text = text[:context] + "…" + text[-context:]
        shown.append(Segment(segment.kind, text))
    return shown


def _short(label: str) -> str:
    return label if len(label) <= _PLACE_LABEL_LIMIT else label[: _PLACE_LABEL_LIMIT - 1] + "…"


def cell_place(report: Report, table_id: str, row_id: str, column_id: str | None) -> str:
    """A cell as the change view names it: “表三 · 一、本年新收政府信息公开申请数量 · 自然人”.

    A sub-row comes with its parent, a column with its group when its label repeats; a
    long label is cut (the row's number at its start says which it is).
    """
    fmt = report.format
    table = fmt.table(table_id)
    parts = [table.name]
    ancestors = table.row_ancestors(row_id)
    if len(ancestors) >= 2:
        parts.append(_short(ancestors[-1].label))
    row_label = report.row_label(table_id, row_id)
    if row_label:
        parts.append(_short(row_label))
    if column_id is not None and len(table.columns) > 1:
        parts.append(report.column_name(table_id, column_id))
    return " · ".join(parts)


class ChangeEntry(Struct, frozen=True):
    """One line of the change view.

    Attributes:
        kind: "cell" (old → new), "text" (a sentence, segments marked) or "other"
            (a field, a row name, a warning's note: already in words in `place`).
        place: where: “表三 · … · 自然人”, “一、总体情况 · 第 2 段”.
    """

    kind: str
    place: str
    old: str = ""
    new: str = ""
    segments: tuple[Segment, ...] = ()

    def plain(self) -> str:
        """The line as plain text: ［删：…］ and ［增：…］ mark a sentence's changes."""
        if self.kind == "cell":
            return f"{self.place}：{self.old} → {self.new}"
        if self.kind == "text":
            marks = {"equal": "{}", "delete": "［删：{}］", "insert": "［增：{}］"}
            return f"{self.place}：" + "".join(marks[s.kind].format(s.text) for s in self.segments)
        return self.place


def change_entries(changes: ReviewChanges, report: Report) -> list[ChangeEntry]:
    """What changed since the last review point, as the reviewer reads it: texts sentence
    by sentence (in the format's order), then cells one by one, then the rest.

    Args:
        changes: models/review.changes_since_review's answer.
        report: the report now (it names the cells, with the clerk's own row names).
    """
    entries: list[ChangeEntry] = []
    for text in changes.texts:
        for sentence in sentence_changes(text.old, text.new):
            verb = {"added": "新增一句", "deleted": "删去一句", "changed": "修改"}[sentence.kind]
            place = f"{text.heading} · 第 {sentence.paragraph} 段 · {verb}"
            entries.append(ChangeEntry("text", place, sentence.old, sentence.new, tuple(trimmed(sentence.segments))))
    for cell in changes.cells:
        try:
            place = cell_place(report, cell.table, cell.row, cell.column)
        except KeyError:
            place = cell.name
        entries.append(ChangeEntry("cell", place, cell.old, cell.new))
    entries += [ChangeEntry("other", line) for line in changes.others]
    return entries


def change_headline(changes: ReviewChanges, entries: Sequence[ChangeEntry]) -> str:
    """The first line of the change view: compared with what, and how much changed."""
    if not entries:
        return f"与{changes.baseline}相比，没有修改。"
    counts = [
        (sum(1 for e in entries if e.kind == "text"), "句文字"),
        (sum(1 for e in entries if e.kind == "cell"), "个单元格"),
        (sum(1 for e in entries if e.kind == "other"), "项其他内容"),
    ]
    what = "，".join(f"{n} {unit}" for n, unit in counts if n)
    return f"与{changes.baseline}相比，修改了 {what}："
