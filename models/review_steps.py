"""What a review step will do, asked before it is done, and what it did, said after.

Submitting and approving lock the report and cannot be taken back by the one who does
them; one click used to do either with no question and, for an approval, no word after
(issue 14 point 10). Before: a summary of what is about to be submitted or approved
(which report, which year, its errors and warnings, the comments still open) and what
the step means. After: one sentence of what happened and what comes next.
The rules themselves stay in models/review.py; this module only puts them in words.
"""

from __future__ import annotations

from msgspec import Struct

from models import comments, review
from models.formats import get_format
from models.store import ReportSummary, Store

_AFTERWARDS = {
    "submit": "提交后报告锁定，等待审核人审核，期间不能修改；审核人退回时会写明理由。",
    "approve": "审核通过后报告锁定，可以导出正式文档；之后如需修改，须由审核人重新打开（写明理由）。",
    "return": "退回后填报人可以修改，并看到退回理由和审核意见。",
    "reopen": "重新打开后报告回到草稿状态，原来的审核不再有效，改完须重新提交审核。",
    "resume_editing": "报告回到草稿状态，可以修改；改完后请提交审核。",
}


class StepPreview(Struct, frozen=True):
    """A step about to be made.

    Attributes:
        action: the step's key (models/review.TRANSITIONS).
        label: what its button says, also the confirming button's text.
        lines: the summary, one fact a line.
        open_comments: the comments not yet done, “张科长：…（五、存在的主要问题…）”.
        blockers: what stops the step now (errors, warnings without a note); when there
            are any, there is nothing to confirm: the step would be refused.
        afterwards: what the step means for the report from then on.
    """

    action: str
    label: str
    lines: tuple[str, ...]
    open_comments: tuple[str, ...]
    blockers: tuple[str, ...]
    afterwards: str

    @property
    def question(self) -> str:
        return f"确定{self.label}吗？"

    @property
    def refusal(self) -> str:
        return f"还不能{self.label}：有 {len(self.blockers)} 项问题需要先处理（错误须改正，警告须写明说明）："


def preview(store: Store, report_id: str, action: str) -> StepPreview:
    """The summary shown before `action` on the report, from the content in the store.

    Raises:
        StoreError: unknown id, or the store cannot be read.
    """
    from models.cross_year import previous_report  # cross_year imports the store too

    stored = store.load(report_id)
    summary, report = stored.summary, stored.report
    transition = review.TRANSITIONS[action]
    previous = previous_report(store, summary) if action == "submit" else None
    noted = review.noted_findings(report, previous)
    errors = sum(1 for finding, _note in noted if finding.severity == "error")
    warnings = [note for finding, note in noted if finding.severity == "warning"]
    explained = sum(1 for note in warnings if note)
    try:
        format_name = get_format(summary.format).name
    except KeyError:
        format_name = summary.format
    lines = [
        f"报告：{summary.title or '（无标题）'}",
        f"机关：{summary.organization or '（未填写）'}　年度：{summary.year or '（未填写）'}　格式：{format_name}",
        f"状态：{summary.status_label} → {review.status_label(transition.target)}",
        f"检查结果：错误 {errors} 项；警告 {len(warnings)} 项，其中 {explained} 项已写说明",
    ]
    open_ones = comments.open_comments(summary)
    lines.append(f"未处理的审核意见：{len(open_ones)} 条" if open_ones else "未处理的审核意见：无")
    open_lines = tuple(f"{c.author}：{c.text}（{comments.place_name(report, c.location)}）" for c in open_ones)
    blockers: list[str] = []
    if action in ("submit", "approve"):
        blockers = review.submit_blockers(report, previous)
    return StepPreview(action, transition.label, tuple(lines), open_lines, tuple(blockers), _AFTERWARDS[action])


def outcome(action: str, summary: ReportSummary) -> str:
    """What happened and what comes next, after the step succeeded (summary: after it)."""
    done = f"已{review.TRANSITIONS[action].label}（第 {summary.version} 版，状态：{summary.status_label}）。"
    following = {
        "submit": "报告已锁定，等待审核人审核；审核人退回时，打开报告即可看到理由。",
        "approve": "可以在“导出”页导出正式文档；如需再修改，须重新打开并写明理由。",
        "return": "填报人打开报告时会看到退回理由和审核意见；改完后由填报人重新提交。",
        "reopen": "原来的审核不再有效；填报人改完后须重新提交审核。",
        "resume_editing": "可以修改了；改完后请提交审核。",
    }[action]
    return done + following
