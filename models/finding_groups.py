"""Findings gathered into summary lines: “141 个单元格未填写” is one line, not 141.

A new report's table 三 has 175 blank cells; listed one per line, its findings push the
grid off the page (issue 14, point 2). A page therefore shows one line per rule and kind
of finding, with the count, and keeps each finding reachable under its line, so that a
click still leads to the cell. Which findings belong together, and what their line says,
is a rule about findings, so it lives here and not in the widget that draws it.
"""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import Struct

from models.findings import SEVERITIES, SEVERITY_LABELS, Finding, Severity
from models.formats import ReportFormat
from models.rules import total_cells

SUMMARIES: dict[str, str] = {
    "no_blank": "{count} 个单元格未填写：没有发生的事项也应填 0",
    "no_blank_total": "{count} 个合计尚无数值：由各分项自动计算，先填写分项",
    "sum": "{count} 个合计与各分项之和不符",
    "balance": "{count} 处勾稽关系不成立",
    "not_greater": "{count} 个单元格大于不应超过的数",
    "pasted_debris": "{count} 种从网页复制带入的内容",
    "text_numbers": "{count} 处正文数字与表格不一致",
    "text_percentages": "{count} 处正文百分比与表格不一致",
    "text_claims": "{count} 处正文说法与表格不一致",
    "text_dates": "{count} 个日期不在报告年度或成文年度内",
    "carried_over": "{count} 个上年结转数与上年报告不一致",
    "year_on_year": "{count} 个数字与上年相比变化过大",
    "in_force": "{count} 行现行有效件数与上年报告不衔接",
    "draft_marker": "{count} 处仍是从上年报告带来的文字，需按本年情况改写",
}
"""The line of a group of two or more findings of one kind, by the rules' kind; a kind
not named here is grouped by rule and summed up by an example and the count."""


class FindingGroup(Struct, frozen=True):
    """Findings of one kind on one page, as one line.

    `summary` is the finding's own message when the group holds one finding; `rule` is
    the rule of the first.
    """

    severity: Severity
    rule: str
    summary: str
    findings: tuple[Finding, ...]


def _kind(finding: Finding, kinds: dict[str, str], totals: frozenset[tuple[str, str, str]]) -> str:
    kind = kinds.get(finding.rule, "")
    location = finding.location
    if kind == "no_blank" and location.table and location.row and location.column:
        if (location.table, location.row, location.column) in totals:
            # A blank total is filled by filling its parts: not the same thing to do.
            return "no_blank_total"
    return kind


def group_findings(findings: Iterable[Finding], fmt: ReportFormat) -> list[FindingGroup]:
    """One group per severity and kind of finding (per rule, for a kind without a summary
    line), errors first, then in the order found.

    Findings that come from no rule of the format (input notices) stay one per line.
    """
    kinds = {rule.id: rule.kind for rule in fmt.rules}
    totals = frozenset(total_cells(fmt))
    grouped: dict[tuple[str, str, str], list[Finding]] = {}
    for index, finding in enumerate(findings):
        # A finding of no rule (a notice) gets a key of its own: it is never summed up.
        kind = _kind(finding, kinds, totals) if finding.rule in kinds else f"#{index}"
        # Two sum rules of one table (T3-02, T3-03) are one thing to fix for the clerk.
        rule = "" if kind in SUMMARIES else finding.rule
        grouped.setdefault((finding.severity, rule, kind), []).append(finding)
    groups = []
    for (severity, _rule, kind), members in grouped.items():
        if len(members) == 1:
            summary = members[0].message
        elif kind in SUMMARIES:
            summary = SUMMARIES[kind].format(count=len(members))
        else:
            summary = f"同类问题 {len(members)} 项，如：{members[0].message}"
        groups.append(FindingGroup(severity, members[0].rule, summary, tuple(members)))  # type: ignore[arg-type]
    order = {severity: index for index, severity in enumerate(SEVERITIES)}
    return sorted(groups, key=lambda g: order[g.severity])  # stable: found order within a severity


def count_line(findings: Iterable[Finding]) -> str:
    """The header of a page's findings: “错误 175 项，警告 2 项”; empty when there are none."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] += 1
    parts = [f"{SEVERITY_LABELS[severity]} {counts[severity]} 项" for severity in SEVERITIES if counts[severity]]
    return "，".join(parts)
