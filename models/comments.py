"""A supervisor's comments (批注) on a report: at a section, a table, a row or a cell.

Issue 6 point 3. A supervisor attaches a comment to a place in the report; the clerk sees
it in the wizard on the page of that place (models.editing.page_key_of) and marks it
done once dealt with. The comments of a report are kept in the report's metadata in the
store (key "comments"), each change as a new version through Store.set_status, rather
than in a file of their own, because then they:

- travel with the report through backups, restores and `recover` (the history keeps
  the metadata of every version), which a separate file would not;
- are part of each version's history: who commented what, and when it was marked done;
- cannot disagree with the report they point into (a separate file could outlive it).

The cost: each comment is a version of the report, so an editing window that holds a
base version (for its conflict check) must take the version returned here as its new
base. The functions return the new ReportSummary for that. Every add and every
done is also recorded in the audit log (models/audit.py).
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from msgspec import Struct

from models import audit
from models.accounts import SUPERVISOR, Accounts, User
from models.editing import page_key_of
from models.findings import Location
from models.formats import ReportFormat, get_format
from models.report import Report
from models.store import ReportSummary, Store

METADATA_KEY = "comments"
MAX_TEXT_LENGTH = 2000
_LOCATION_KEYS = ("field", "section", "table", "row", "column")
FIELD_NAMES = {
    "organization": "机关名称",
    "year": "年度",
    "title": "标题",
    "issuer": "落款机关",
    "date": "成文日期",
    "contact": "联系方式",
    "preface": "编制说明",
}


class CommentError(Exception):
    """A comment cannot be added or marked done as asked; the message is Chinese."""


class Comment(Struct, frozen=True):
    """One comment.

    Attributes:
        id: 8 hexadecimal digits, unique within the report.
        author: the supervisor's user name.
        created_at: local time with offset, ISO 8601 to the second.
        location: where it points (a section, a table, a row, a cell, or a basic field).
        done_by, done_at: who marked it done and when ("" while open).
    """

    id: str
    author: str
    created_at: str
    location: Location
    text: str
    done: bool = False
    done_by: str = ""
    done_at: str = ""

    @property
    def page_key(self) -> str:
        """The wizard page on which the comment is shown (models.editing.wizard_pages)."""
        return page_key_of(self.location)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "author": self.author,
            "created_at": self.created_at,
            "location": self.location.as_dict(),
            "text": self.text,
            "done": self.done,
            "done_by": self.done_by,
            "done_at": self.done_at,
        }

    @classmethod
    def from_json(cls, data: Any) -> Comment | None:
        """None for an entry that is not a comment (hand-edited metadata): skipped, not fatal."""
        if not isinstance(data, dict) or not isinstance(data.get("location"), dict):
            return None
        where = data["location"]
        if not all(isinstance(where.get(k), (str, type(None))) for k in _LOCATION_KEYS):
            return None
        try:
            return cls(
                id=str(data["id"]),
                author=str(data["author"]),
                created_at=str(data["created_at"]),
                location=Location(**{k: where.get(k) for k in _LOCATION_KEYS}),
                text=str(data["text"]),
                done=bool(data.get("done", False)),
                done_by=str(data.get("done_by", "")),
                done_at=str(data.get("done_at", "")),
            )
        except KeyError:
            return None


def _now() -> str:
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


def check_location(fmt: ReportFormat, location: Location) -> None:
    """Raises CommentError when the location is not a place in a report of this format."""
    if location.field is not None:
        if location.field not in FIELD_NAMES or any((location.section, location.table, location.row, location.column)):
            raise CommentError(f"批注的位置不对：没有“{location.field}”这一项")
        return
    if location.table is not None:
        if not fmt.has_table(location.table):
            raise CommentError(f"批注的位置不对：{fmt.id} 格式中没有表“{location.table}”")
        table = fmt.table(location.table)
        if location.row is not None and not table.has_row(location.row):
            raise CommentError(f"批注的位置不对：{table.name}中没有行“{location.row}”")
        if location.column is not None and not table.has_column(location.column):
            raise CommentError(f"批注的位置不对：{table.name}中没有列“{location.column}”")
        if location.row is not None and location.column is not None and not table.has_cell(location.row, location.column):
            raise CommentError(f"批注的位置不对：{table.name}中没有这个单元格")
        return
    if location.row is not None or location.column is not None:
        raise CommentError("批注的位置不对：指向行或单元格时必须写明是哪张表")
    if location.section is not None and not fmt.has_section(location.section):
        raise CommentError(f"批注的位置不对：{fmt.id} 格式中没有部分“{location.section}”")
    if location.section is None:
        raise CommentError("批注的位置不对：请指明部分、表格、单元格或基本信息中的一项")


def place_name(report: Report, location: Location) -> str:
    """How a place is named to people: “表三 （七）总计·自然人”, “一、总体情况”, “基本信息·成文日期”."""
    fmt = report.format
    try:
        if location.table is not None:
            table = fmt.table(location.table)
            if location.row is not None:
                return f"{table.name} {report.cell_name(location.table, location.row, location.column)}"
            if location.column is not None:
                return f"{table.name} {table.column(location.column).label}列"
            return table.name
        if location.section is not None:
            return fmt.section(location.section).heading
    except KeyError:
        pass
    if location.field == "preface":
        return "编制说明"
    if location.field in FIELD_NAMES:
        return f"基本信息·{FIELD_NAMES[location.field]}"
    return "基本信息"


def comments_of(summary: ReportSummary) -> list[Comment]:
    """Every comment of a report, oldest first, done ones included."""
    raw = summary.metadata.get(METADATA_KEY, [])
    if not isinstance(raw, list):
        return []
    return [c for c in (Comment.from_json(item) for item in raw) if c is not None]


def open_comments(summary: ReportSummary, page_key: str | None = None) -> list[Comment]:
    """The comments not yet done, on one wizard page if page_key is given."""
    return [c for c in comments_of(summary) if not c.done and (page_key is None or c.page_key == page_key)]


def open_counts(summary: ReportSummary) -> dict[str, int]:
    """Open comments per wizard page: what the page list shows beside the findings."""
    counts: dict[str, int] = {}
    for comment in open_comments(summary):
        counts[comment.page_key] = counts.get(comment.page_key, 0) + 1
    return counts


def comments_at(summary: ReportSummary, location: Location, *, include_done: bool = False) -> list[Comment]:
    """The comments at exactly this place (a cell's comments, for marking the cell)."""
    return [c for c in comments_of(summary) if c.location == location and (include_done or not c.done)]


def _save(
    store: Store,
    summary: ReportSummary,
    comments: list[Comment],
    who: str,
    note: str,
    base_version: int | None,
) -> ReportSummary:
    metadata = {**summary.metadata, METADATA_KEY: [c.to_json() for c in comments]}
    return store.set_status(
        summary.id,
        summary.status,
        who,
        note=note,
        metadata=metadata,
        base_version=summary.version if base_version is None else base_version,
    )


def _audit(store: Store, who: str, action: str, report_id: str, detail: dict[str, Any]) -> None:
    try:
        audit.record(store.data_dir, who, action, report_id, detail)
    except audit.AuditError as error:
        # Done and in the report's history; say so rather than hide either fact.
        raise audit.AuditError(f"已{audit.ACTION_LABELS[action]}（第 {detail['version']} 版），但{error}") from error


def add_comment(
    store: Store,
    report_id: str,
    user: User,
    location: Location,
    text: str,
    *,
    base_version: int | None = None,
) -> ReportSummary:
    """A supervisor's comment at a place of the report, as a new version; audited.

    Any status: a supervisor usually comments on a report waiting for review, before
    returning it, but may leave a note on a draft too. Comments are not content: an
    approval's seal (models/review.py) does not cover them.

    Returns:
        The report's summary after the comment (its new version; the comment is last
        in comments_of).

    Raises:
        PermissionDeniedError: the user is not a signed-in supervisor.
        CommentError: empty or too long text, or a place not in the report's format.
        StoreError: the store refused (read-only, conflict, unknown id).
    """
    acting = Accounts(store.data_dir).check_signed_in(user, SUPERVISOR, "添加批注")
    text = text.strip()
    if not text:
        raise CommentError("批注的内容不能为空")
    if len(text) > MAX_TEXT_LENGTH:
        raise CommentError(f"批注不能超过 {MAX_TEXT_LENGTH} 字")
    summary = store.summary(report_id)
    check_location(get_format(summary.format), location)
    existing = comments_of(summary)
    taken = {c.id for c in existing}
    comment_id = secrets.token_hex(4)
    while comment_id in taken:
        comment_id = secrets.token_hex(4)
    comment = Comment(comment_id, acting.name, _now(), location, text)
    where = place_name(store.load(report_id).report, location)
    updated = _save(store, summary, [*existing, comment], acting.name, f"添加批注（{where}）：{text}", base_version)
    _audit(
        store,
        acting.name,
        "comment_added",
        report_id,
        {"comment": comment_id, "location": location.as_dict(), "place": where, "text": text, "version": updated.version},
    )
    return updated


def mark_done(
    store: Store,
    report_id: str,
    user: User,
    comment_id: str,
    *,
    base_version: int | None = None,
) -> ReportSummary:
    """Mark a comment done (the clerk dealt with it; a supervisor may close one too); audited.

    Returns:
        The report's summary after the change: an editing window takes its version as
        the new base version of its next save.

    Raises:
        PermissionDeniedError: nobody signed in.
        CommentError: no such comment, or it is done already.
        StoreError: the store refused.
    """
    acting = Accounts(store.data_dir).check_signed_in(user, None, "处理批注")
    summary = store.summary(report_id)
    comments = comments_of(summary)
    target = next((c for c in comments if c.id == comment_id), None)
    if target is None:
        raise CommentError(f"这份报告没有编号为 {comment_id} 的批注")
    if target.done:
        raise CommentError(f"这条批注已由 {target.done_by} 于 {target.done_at[:16].replace('T', ' ')} 标为已处理")
    done = Comment(
        target.id, target.author, target.created_at, target.location, target.text, True, acting.name, _now()
    )
    updated = _save(
        store,
        summary,
        [done if c.id == comment_id else c for c in comments],
        acting.name,
        f"批注已处理：{target.text}",
        base_version,
    )
    _audit(
        store,
        acting.name,
        "comment_done",
        report_id,
        {"comment": comment_id, "text": target.text, "version": updated.version},
    )
    return updated
