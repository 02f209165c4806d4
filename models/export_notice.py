"""The export page's one sentence: which document the export will be, and why.

final_export_allowed (models/review.py) says why a report is exported only as a draft,
sometimes already adding that it is a draft; the page used to add “将导出草稿” after it,
and the clerk read the same fact twice (issue 14 point 14). Each fact is said once here.
"""

from __future__ import annotations

DRAFT_MARKING = "现在只能导出草稿（页眉和文件名标有“草稿”）"


def export_status(allowed: bool, reason: str) -> str:
    """One sentence for the export page, from (allowed, reason) of final_export_allowed."""
    if allowed:
        return "报告已审核通过且未再修改：将导出正式文档。"
    reason = reason.strip().rstrip("。；，")
    if "导出草稿" in reason:
        return f"{reason}。"
    return f"{reason}。{DRAFT_MARKING}。" if reason else f"{DRAFT_MARKING}。"
