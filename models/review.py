"""The review workflow: 草稿 → 待审核 → 已审核, or 退回修改 → 草稿 again (issue 6 point 2).

Every rule of the workflow is here and not in the wizard (issue 6 point 7): which
status may follow which, who may make each step, what blocks a submission, the
approval seal, whether a final document may be exported, and what changed since the
last submission or return. The UI asks; it does not decide.

- States (docs/design-notes.md §8.1): draft, submitted, approved, returned. A submitted or
  approved report is not edited: Store.save refuses under its lock (ReportLockedError), and
  `can_edit` tells the wizard to open it read-only.
- Who: every step takes a User signed in through models/accounts.py and re-checks the
  role there, so a clerk cannot approve or return through any function here.
- Records: each step is a version of the report (Store.set_status, its history keeps who,
  when and the note, F7) and a line in the audit log (models/audit.py). The review data
  live in the report's metadata under "review": the last submission, the last return,
  the approval seal, the last reopening.
- The seal (issue 6 point 5): approval records who, when and the SHA-256 of the report's
  canonical content. `check_seal` recomputes it from the content in the store, so any
  later change, a hand edit of store.json included, is found, and the approval no
  longer counts. It shows change, not forgery: whoever can rewrite the file can also
  rewrite the hash.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import hmac
import json
from collections.abc import Callable
from typing import Any

from msgspec import Struct

from models import audit
from models.accounts import SUPERVISOR, Accounts, User
from models.audit import AuditError
from models.changes import describe_change, diff_documents
from models.comments import place_name
from models.editing import page_key_of
from models.exchange import to_document
from models.findings import Finding, Location
from models.formats import get_format
from models.history import Version
from models.report import Report
from models.rules import validate
from models.store import LOCKED_STATUSES, STATUS_LABELS, ReportSummary, Store
from models.store_errors import StoreError

DRAFT, SUBMITTED, APPROVED, RETURNED = "draft", "submitted", "approved", "returned"
METADATA_KEY = "review"
SEAL_ALGORITHM = "sha256/canonical-json-v1"
# Written by the program, not by the clerk (models/changes.py): no part of the content.
_VOLATILE_FIELDS = ("generator", "format_version")


class Transition(Struct, frozen=True):
    """One step of the workflow.

    Attributes:
        action: the key, also the audit log's action.
        label: what the button and the messages call it.
        sources: the statuses it may start from.
        target: the status it leads to.
        role: the role it needs; None for any signed-in user.
    """

    action: str
    label: str
    sources: frozenset[str]
    target: str
    role: str | None


TRANSITIONS = {
    t.action: t
    for t in (
        Transition("submit", "提交审核", frozenset({DRAFT, RETURNED}), SUBMITTED, None),
        Transition("return", "退回修改", frozenset({SUBMITTED}), RETURNED, SUPERVISOR),
        Transition("approve", "审核通过", frozenset({SUBMITTED}), APPROVED, SUPERVISOR),
        Transition("reopen", "重新打开", frozenset({APPROVED}), DRAFT, SUPERVISOR),
        Transition("resume_editing", "继续修改", frozenset({RETURNED}), DRAFT, None),
    )
}


class ReviewError(Exception):
    """A step was refused by a rule of the workflow; str() is the complete Chinese message.

    Attributes:
        problems: what blocks, one line each (the findings that stop a submission).
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = problems or []
        super().__init__(message if not self.problems else message + "\n" + "\n".join(self.problems))


# -- what a status allows --------------------------------------------------------------


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def can_edit(summary: ReportSummary) -> tuple[bool, str]:
    """Whether the wizard may edit the report, and if not why (Chinese), for its banner.

    The same rule Store.save enforces (models/store.py LOCKED_STATUSES); asking here
    first lets the wizard open read-only instead of failing at the first autosave.
    """
    if summary.status not in LOCKED_STATUSES:
        return True, ""
    if summary.status == SUBMITTED:
        return False, "这份报告已提交审核，等待审核期间不能修改；需要修改时请审核人退回。"
    return False, "这份报告已审核通过，不能修改；需要修改时请审核人重新打开（须写明理由）。"


def allowed_actions(summary: ReportSummary, user: User) -> list[str]:
    """The steps this user's role allows from the report's status: which buttons to show.

    Only a hint for the UI; each step checks again (signed in, role, status, content).
    """
    return [
        t.action
        for t in TRANSITIONS.values()
        if summary.status in t.sources and (t.role is None or t.role == user.role)
    ]


def noted_findings(report: Report, previous: Report | None = None) -> list[tuple[Finding, str]]:
    """Every finding with the clerk's note on it ("" if none): what the reviewer reads (F6, F16).

    previous is last year's report, when known: its cross-year warnings count too.
    """
    return [(f, report.notes.get(f.key, "").strip()) for f in validate(report, previous)]


def submit_blockers(report: Report, previous: Report | None = None) -> list[str]:
    """What stops a submission: every error, and every warning without a note (docs/design-notes.md §1.1).

    The same rule as models.editing.EditSession.submittable, spelled out so that the
    clerk is told which finding, where.
    """
    blockers = []
    for finding, note in noted_findings(report, previous):
        at = finding.location
        # Where, as the check page names it (the message itself names the cell).
        where = place_name(report, Location(section=at.section, table=at.table, field="preface" if at.field == "preface" else None))
        if finding.severity == "error":
            blockers.append(f"[错误] {where}：{finding.message}")
        elif finding.severity == "warning" and not note:
            blockers.append(f"[警告未说明] {where}：{finding.message}")
    return blockers


# -- the seal --------------------------------------------------------------------------


def canonical_content(report: Report) -> bytes:
    """The report's content as the bytes the seal hashes: the exchange document without the
    fields the program writes (generator, format version), keys sorted, UTF-8."""
    document = to_document(report)
    for name in _VOLATILE_FIELDS:
        document.pop(name, None)
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def content_hash(report: Report) -> str:
    return hashlib.sha256(canonical_content(report)).hexdigest()


class SealCheck(Struct, frozen=True):
    """What the approval of a report is worth now.

    Attributes:
        approved: the report's status is 已审核.
        holds: True when approved and the content is what was approved; False when
            approved but changed since (or the seal is missing); None when not approved.
        by, at, version: who approved, when, and the version they approved ("", "", 0 if none).
        message: one Chinese sentence for the list, the banner and the export refusal.
    """

    approved: bool
    holds: bool | None
    by: str
    at: str
    version: int
    message: str


def _shown_time(iso: str) -> str:
    return iso[:16].replace("T", " ")


def _review_data(summary: ReportSummary) -> dict[str, Any]:
    data = summary.metadata.get(METADATA_KEY)
    return dict(data) if isinstance(data, dict) else {}


def _entry(summary: ReportSummary, key: str) -> dict[str, Any] | None:
    entry = _review_data(summary).get(key)
    return entry if isinstance(entry, dict) else None


def check_seal(store: Store, report_id: str) -> SealCheck:
    """Recompute the approved report's hash from the content now in the store."""
    summary = store.summary(report_id)
    if summary.status != APPROVED:
        return SealCheck(False, None, "", "", 0, f"报告当前为“{status_label(summary.status)}”，尚未审核通过")
    seal = _entry(summary, "approval")
    if seal is None or not isinstance(seal.get("sha256"), str):
        return SealCheck(True, False, "", "", 0, "报告标为已审核，但没有审核记录（数据文件可能被改动过），审核不能算数")
    by, at = str(seal.get("by", "")), str(seal.get("at", ""))
    raw_version = seal.get("version")
    version = raw_version if isinstance(raw_version, int) else 0
    try:
        current = content_hash(store.load(report_id).report)
    except StoreError:
        return SealCheck(True, False, by, at, version, "报告的内容无法读取（数据文件可能被改动过），审核不再有效")
    if hmac.compare_digest(current, seal["sha256"]):
        return SealCheck(True, True, by, at, version, f"已由 {by} 于 {_shown_time(at)} 审核通过，内容未改动")
    return SealCheck(
        True,
        False,
        by,
        at,
        version,
        f"{by} 于 {_shown_time(at)} 审核通过之后，报告的内容被改动过（不是通过本软件），审核不再有效；"
        "请审核人重新打开，改正后再提交审核",
    )


def seal_holds(store: Store, report_id: str) -> bool:
    """True only for an approved report whose content is exactly what was approved."""
    return check_seal(store, report_id).holds is True


def final_export_allowed(store: Store, report_id: str) -> tuple[bool, str]:
    """Whether a final (unmarked) document may be exported, and if not why (Chinese).

    Only an approved report whose seal holds; everything else is exported as a draft.
    """
    check = check_seal(store, report_id)
    if check.holds:
        return True, ""
    if not check.approved:
        return False, f"{check.message}，只能导出草稿（页眉和文件名标有“草稿”）"
    return False, check.message


# -- the steps -----------------------------------------------------------------------


def _refuse_status(transition: Transition, summary: ReportSummary) -> ReviewError:
    allowed = "或".join(f"“{status_label(s)}”" for s in sorted(transition.sources))
    return ReviewError(
        f"这份报告当前为“{status_label(summary.status)}”，不能{transition.label}："
        f"只有{allowed}的报告可以{transition.label}"
    )


def _step(
    store: Store,
    report_id: str,
    user: User,
    action: str,
    *,
    base_version: int | None,
    note: str,
    record: Callable[[ReportSummary, dict[str, Any], int], None] | None = None,
    detail: dict[str, Any] | None = None,
) -> ReportSummary:
    """Check who and from which status, then change the status as one new version; audit it.

    Args:
        record: fills the review metadata for this step, given the summary before it,
            the review dict to change and the number of the version being written.

    Raises:
        AuditError: the step was done but the audit log could not be written (the
            message says both); the report's history records the step in any case.
    """
    transition = TRANSITIONS[action]
    acting = Accounts(store.data_dir).check_signed_in(user, transition.role, transition.label)
    summary = store.summary(report_id)
    if summary.status not in transition.sources:
        raise _refuse_status(transition, summary)
    base = summary.version if base_version is None else base_version
    review = _review_data(summary)
    if record is not None:
        record(summary, review, base + 1)
    updated = store.set_status(
        report_id,
        transition.target,
        acting.name,
        note=note,
        metadata={**summary.metadata, METADATA_KEY: review},
        base_version=base,
    )
    try:
        audit.record(
            store.data_dir,
            acting.name,
            action,
            report_id,
            {**(detail or {}), "from": summary.status, "to": transition.target, "version": updated.version},
        )
    except AuditError as error:
        # The step stands (the report's history has it); say so rather than hide either fact.
        raise AuditError(f"已{transition.label}（第 {updated.version} 版），但{error}") from error
    return updated


def _stamp(user: User, version: int, **extra: Any) -> dict[str, Any]:
    at = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    return {"by": user.name, "at": at, "version": version, **extra}


def submit(store: Store, report_id: str, user: User, *, base_version: int | None = None) -> ReportSummary:
    """Submit the saved report for review: only with no error and a note on every warning.

    The content checked is the one in the store: the wizard saves first and passes the
    version it saved as base_version, so that what was checked is what is submitted.

    Raises:
        PermissionDeniedError: nobody signed in.
        ReviewError: not a draft or returned report; or errors or unexplained warnings
            remain (listed in .problems).
        StoreError: the store refused (read-only, conflict, unknown id).
    """
    Accounts(store.data_dir).check_signed_in(user, None, TRANSITIONS["submit"].label)
    # One read for the status, the content and its version: the hash recorded is of the
    # version the status change is based on (a save in between is a conflict).
    stored = store.load(report_id)
    summary, report = stored.summary, stored.report
    if summary.status not in TRANSITIONS["submit"].sources:
        raise _refuse_status(TRANSITIONS["submit"], summary)
    from models.cross_year import previous_report  # cross_year imports the store too

    blockers = submit_blockers(report, previous_report(store, summary))
    if blockers:
        raise ReviewError(f"还不能提交审核：有 {len(blockers)} 项问题需要先处理（错误须改正，警告须写明说明）：", blockers)
    sha = content_hash(report)

    def record(_before: ReportSummary, review: dict[str, Any], version: int) -> None:
        review["submitted"] = _stamp(user, version, sha256=sha)

    base = summary.version if base_version is None else base_version
    return _step(store, report_id, user, "submit", base_version=base, note="提交审核", record=record)


def _reason(reason: str, what: str) -> str:
    cleaned = " ".join(reason.split())
    if not cleaned:
        raise ReviewError(f"{what}必须写明理由")
    return cleaned


def return_report(
    store: Store, report_id: str, user: User, reason: str, *, base_version: int | None = None
) -> ReportSummary:
    """A supervisor sends a submitted report back to the clerk, with a written reason.

    The reason is what the wizard's banner shows the clerk (return_notice).

    Raises:
        PermissionDeniedError: not a signed-in supervisor.
        ReviewError: no reason, or the report is not waiting for review.
    """
    Accounts(store.data_dir).check_signed_in(user, SUPERVISOR, TRANSITIONS["return"].label)
    cleaned = _reason(reason, "退回修改")

    def record(_before: ReportSummary, review: dict[str, Any], version: int) -> None:
        review["returned"] = _stamp(user, version, reason=cleaned)

    return _step(
        store, report_id, user, "return", base_version=base_version, note=f"退回修改：{cleaned}", record=record,
        detail={"reason": cleaned},
    )


def approve(store: Store, report_id: str, user: User, *, base_version: int | None = None) -> ReportSummary:
    """A supervisor approves a submitted report; the approval seals its content.

    Refused when the content is no longer what was submitted (changed outside the app
    while waiting) or now has errors: approval must cover what the clerk submitted.

    Raises:
        PermissionDeniedError: not a signed-in supervisor (a clerk never approves).
        ReviewError: not waiting for review, or changed since submitted, or has errors.
    """
    Accounts(store.data_dir).check_signed_in(user, SUPERVISOR, TRANSITIONS["approve"].label)
    stored = store.load(report_id)
    summary, report = stored.summary, stored.report
    if summary.status not in TRANSITIONS["approve"].sources:
        raise _refuse_status(TRANSITIONS["approve"], summary)
    sha = content_hash(report)
    submitted = _entry(summary, "submitted")
    if submitted is not None and submitted.get("sha256") != sha:
        raise ReviewError(
            "报告的内容在提交审核之后被改动过（不是通过本软件），不能审核通过；请退回修改，由填报人核对后重新提交"
        )
    blockers = submit_blockers(report)
    if blockers:
        raise ReviewError("报告中还有需要处理的问题，不能审核通过；请退回修改：", blockers)

    def record(_before: ReportSummary, review: dict[str, Any], version: int) -> None:
        review["approval"] = _stamp(user, version, sha256=sha, algorithm=SEAL_ALGORITHM)

    base = summary.version if base_version is None else base_version
    return _step(store, report_id, user, "approve", base_version=base, note="审核通过", record=record)


def reopen(
    store: Store, report_id: str, user: User, reason: str, *, base_version: int | None = None
) -> ReportSummary:
    """A supervisor reopens an approved report for changes, with a reason; back to 草稿.

    The approval is removed (it stays in the history and the audit log), so the seal
    no longer counts and the report must be submitted and approved again.

    Raises:
        PermissionDeniedError: not a signed-in supervisor.
        ReviewError: no reason, or the report is not approved.
    """
    Accounts(store.data_dir).check_signed_in(user, SUPERVISOR, TRANSITIONS["reopen"].label)
    cleaned = _reason(reason, "重新打开已审核的报告")

    def record(_before: ReportSummary, review: dict[str, Any], version: int) -> None:
        review.pop("approval", None)
        review["reopened"] = _stamp(user, version, reason=cleaned)

    return _step(
        store, report_id, user, "reopen", base_version=base_version, note=f"重新打开：{cleaned}", record=record,
        detail={"reason": cleaned},
    )


def resume_editing(store: Store, report_id: str, user: User, *, base_version: int | None = None) -> ReportSummary:
    """A returned report back to 草稿, when the clerk starts on the changes (optional:
    a returned report can be edited and resubmitted as it is)."""
    return _step(store, report_id, user, "resume_editing", base_version=base_version, note="继续修改")


# -- what the clerk is told --------------------------------------------------------------


class ReviewNotice(Struct, frozen=True):
    """Why a report is back with the clerk: the banner over the wizard.

    Attributes:
        kind: "returned" or "reopened".
    """

    kind: str
    by: str
    at: str
    reason: str

    @property
    def message(self) -> str:
        verb = "退回修改" if self.kind == "returned" else "重新打开"
        return f"{self.by} 于 {_shown_time(self.at)} {verb}，理由：{self.reason}"


def return_notice(summary: ReportSummary) -> ReviewNotice | None:
    """The latest return or reopening, while the report is back with the clerk.

    None once it is submitted again (or was never returned).
    """
    if summary.status not in (RETURNED, DRAFT):
        return None
    submitted = _entry(summary, "submitted")
    submitted_version = submitted.get("version", 0) if submitted else 0
    found: ReviewNotice | None = None
    newest = -1
    for key, kind in (("returned", "returned"), ("reopened", "reopened")):
        entry = _entry(summary, key)
        if entry is None or not isinstance(entry.get("version"), int):
            continue
        if entry["version"] > submitted_version and entry["version"] > newest:
            newest = entry["version"]
            found = ReviewNotice(kind, str(entry.get("by", "")), str(entry.get("at", "")), str(entry.get("reason", "")))
    return found


# -- what changed since the last submission or return -----------------------------------------


class TextChange(Struct, frozen=True):
    """A section's text (or the 编制说明) before and after.

    Attributes:
        key: the section id, or "preface".
        heading: the section heading, or 编制说明.
    """

    key: str
    heading: str
    old: str
    new: str

    @property
    def location(self) -> Location:
        return Location(field="preface") if self.key == "preface" else Location(section=self.key)

    @property
    def segments(self) -> list[tuple[str, str]]:
        """The text character by character: ("equal" | "delete" | "insert", text) pieces,
        for showing deletions struck out and insertions marked inline (Chinese has no
        spaces, so a word diff would be a whole-paragraph one)."""
        pieces: list[tuple[str, str]] = []
        matcher = difflib.SequenceMatcher(None, self.old, self.new, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                pieces.append(("equal", self.old[a1:a2]))
            if op in ("delete", "replace"):
                pieces.append(("delete", self.old[a1:a2]))
            if op in ("insert", "replace"):
                pieces.append(("insert", self.new[b1:b2]))
        return pieces

    @property
    def lines(self) -> list[str]:
        """The difference paragraph by paragraph: “- ” removed, “+ ” added (difflib.ndiff without hints)."""
        return [
            line
            for line in difflib.ndiff(self.old.splitlines(), self.new.splitlines())
            if line.startswith(("- ", "+ "))
        ]

    def describe(self) -> str:
        return f"{self.heading}（{len(self.old)} → {len(self.new)} 字）"


class CellChange(Struct, frozen=True):
    """One cell, old value → new value (“空白” for a blank)."""

    table: str
    row: str
    column: str
    name: str
    old: str
    new: str

    @property
    def location(self) -> Location:
        return Location(table=self.table, row=self.row, column=self.column)

    @property
    def page_key(self) -> str:
        return page_key_of(self.location)

    def describe(self) -> str:
        return f"{self.name}：{self.old} → {self.new}"


class ReviewChanges(Struct, frozen=True):
    """What changed between a review point and now.

    Attributes:
        baseline_version: the version compared with: the last submission or return
            before the current one (the first version when there is none).
        baseline: that version in words, “第 5 版（2024-03-01 09:30 王科员 提交审核）”.
        current_version: the report's version now.
        others: the other changes in words (basic fields, row names, warning notes).
    """

    baseline_version: int
    baseline: str
    current_version: int
    texts: tuple[TextChange, ...]
    cells: tuple[CellChange, ...]
    others: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.texts or self.cells or self.others)

    def describe(self) -> list[str]:
        """One line per change, texts first: for a list or the command line."""
        return [t.describe() for t in self.texts] + [c.describe() for c in self.cells] + list(self.others)


def _shown_value(value: Any) -> str:
    return "空白" if value is None else str(value)


def _baseline(versions: list[Version], status: str) -> Version:
    """The last version that entered 待审核 or 退回修改, skipping the submission under review."""
    entered = [
        v
        for i, v in enumerate(versions)
        if v.status in (SUBMITTED, RETURNED) and (i == 0 or versions[i - 1].status != v.status)
    ]
    if status == SUBMITTED and entered and entered[-1].status == SUBMITTED:
        entered.pop()
    return entered[-1] if entered else versions[0]


def _describe_version(version: Version) -> str:
    what = {SUBMITTED: "提交审核", RETURNED: "退回修改"}.get(version.status, version.action_label)
    if version.version == 1:
        what = version.action_label
    return f"第 {version.version} 版（{_shown_time(version.saved_at)} {version.saved_by} {what}）"


def changes_since_review(store: Store, report_id: str) -> ReviewChanges:
    """The changes from the last submission or return to now (issue 6 point 4).

    For a report under review: since the return that preceded this submission (what the
    clerk changed in response), or since the previous submission. For a returned or
    draft one: since it was returned (what the clerk has done so far). For an approved
    one: since the submission that was approved, which is empty unless the content was
    changed behind the app's back. The current content is the store's, hand edits included.

    Raises:
        StoreError: unknown id, or the history cannot rebuild the baseline version.
    """
    summary = store.summary(report_id)
    versions = store.history(report_id)
    if not versions:
        raise StoreError(f"报告 {report_id} 的历史记录无法读取，不能比较改动")
    base = _baseline(versions, summary.status)
    old = to_document(store.load_version(report_id, base.version))
    current = store.load(report_id).report
    new = to_document(current)
    fmt = get_format(summary.format)
    texts: list[TextChange] = []
    cells: list[CellChange] = []
    others: list[str] = []
    blank = Report(format=fmt)
    for change in diff_documents(old, new):
        path = change.path
        old_value = None if change.added else change.old
        new_value = None if change.removed else change.new
        if path[0] == "texts" and len(path) == 2 and fmt.has_section(path[1]):
            texts.append(TextChange(path[1], fmt.section(path[1]).heading, old_value or "", new_value or ""))
        elif path == ("preface",):
            texts.append(TextChange("preface", "编制说明", old_value or "", new_value or ""))
        elif path[0] == "tables" and len(path) == 4 and fmt.has_table(path[1]):
            name = place_name(current, Location(table=path[1], row=path[2], column=path[3]))
            cells.append(CellChange(path[1], path[2], path[3], name, _shown_value(old_value), _shown_value(new_value)))
        elif path[0] == "notes" and len(path) == 2:
            others.append(f"警告说明（{path[1].split('@')[0]}）：{_shown_value(old_value)} → {_shown_value(new_value)}")
        else:
            described = describe_change(fmt, change, blank)
            if described is not None:
                others.append(described)
    return ReviewChanges(
        base.version, _describe_version(base), summary.version, tuple(texts), tuple(cells), tuple(others)
    )
