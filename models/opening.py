"""What a report shows whoever opens it in the wizard: the banner, in words meant for
that reader, and the page it opens on (issue 14 point 13).

A clerk and a supervisor open the same report on the same machine but come for
different things. The clerk continues where they left off and, after a return, is told
what to do; the supervisor reads: they start where their own open comments are, or on
the check page, never on the page the clerk happened to stop at, and the banner tells
them what state the report is in from their side (“已退回给填报人…”), not an
instruction meant for the clerk.
"""

from __future__ import annotations

from models import comments, review
from models.store import ReportSummary

CHECK_PAGE = "check"
_FINAL_PUNCTUATION = "。！？!?…"


def _sentence(text: str) -> str:
    """The reason as typed, ended as a sentence so that the next one can follow it."""
    text = text.strip()
    return text if not text or text.endswith(tuple(_FINAL_PUNCTUATION)) else text + "。"


def _by_and_when(notice: review.ReviewNotice) -> str:
    when = notice.at[:16].replace("T", " ")
    return "（" + "，".join(part for part in (notice.by, when) if part) + "）" if notice.by or when else ""


def banner(summary: ReportSummary, supervisor: bool) -> str:
    """The banner over the wizard for this reader; "" when there is nothing to say.

    Args:
        supervisor: the reader reviews (a supervisor); False for a clerk, and when
            nobody is signed in (the program without accounts has only clerks).
    """
    if summary.status == review.SUBMITTED:
        if supervisor:
            return "填报人已提交审核，请审阅：可在各页添加意见，然后“审核通过”或“退回修改”。审核期间报告不能修改。"
        return review.can_edit(summary)[1]
    if summary.status == review.APPROVED:
        if supervisor:
            return "这份报告已审核通过，不能修改；需要修改时点“重新打开”（须写明理由）。"
        return review.can_edit(summary)[1]
    notice = review.return_notice(summary)
    if notice is None:
        return ""
    reason = _sentence(notice.reason)
    if notice.kind == "returned":
        if supervisor:
            return f"已退回给填报人：{reason}等填报人修改并重新提交后再审核。{_by_and_when(notice)}"
        return f"审核人退回：{reason}请修改后重新提交审核。{_by_and_when(notice)}"
    if supervisor:
        return f"已重新打开，交填报人修改：{reason}等填报人修改并重新提交后再审核。{_by_and_when(notice)}"
    return f"审核人重新打开了已审核的报告：{reason}请修改后重新提交审核。{_by_and_when(notice)}"


def start_page(summary: ReportSummary, page_keys: list[str], last_page: str | None, supervisor: bool) -> str | None:
    """The page the wizard opens on; None for the first page.

    A clerk resumes on the page they last had open. A supervisor starts on the first
    page (in the wizard's order) with a comment not yet dealt with, else on the check
    page: where there is something to review.
    """
    if not supervisor:
        return last_page if last_page in page_keys else None
    with_comments = comments.open_counts(summary)
    first = next((key for key in page_keys if with_comments.get(key)), None)
    if first is not None:
        return first
    return CHECK_PAGE if CHECK_PAGE in page_keys else None
