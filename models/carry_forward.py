"""Starting a new report from last year's (docs/design-notes.md §8.2; issue 7 point 1).

Kept apart from the cross-year checks (models/cross_year.py) because this builds a
report while those only compare two. What is carried is read from the format: the
T3-06 entry (kind carried_over) names the row that receives last year's row, so that
上年结转 ← 结转下年度 is data, not code. 现行有效件数 is deliberately not copied: it is
the baseline of T2-02, and copying it would make the check pass on a number nobody
typed. Last year's texts come back as drafts behind DRAFT_MARKER, and C-01 (kind
draft_marker) warns while a marker is left in a text, so that no sentence of last year
is published again by accident.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from models.findings import Finding, Location
from models.formats import ReportFormat, all_formats, get_format
from models.report import Report
from models.rules import Rule, register_kind

if TYPE_CHECKING:
    from models.formats import _Entry

DRAFT_MARKER = "【上年文字，请改写】"
"""The first line of a text carried from last year; C-01 warns while it is there."""


class CarryForwardError(ValueError):
    """Last year's report cannot start this one (wrong year); the message says why."""


class CarriedItem(Struct, frozen=True):
    """One line of the carry-forward summary: what, the value, and where it came from."""

    what: str
    value: str
    source: str


class CarriedReport(Struct):
    """A new report started from last year's, with the summary of what was carried.

    Attributes:
        items: each carried value and its source, in the order shown to the clerk.
        baselines: values kept only for the cross-year checks (现行有效件数, T2-02).
    """

    report: Report
    source: str
    items: list[CarriedItem] = field(default_factory=list)
    baselines: list[CarriedItem] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The summary as Chinese lines (the command line prints these)."""
        lines = [f"从{self.source}结转："]
        lines += [f"  {item.what}：{item.value}（来自{item.source}）" for item in self.items]
        if self.baselines:
            lines.append("未复制、仅作为跨年度核对基线（T2-02）：")
            lines += [f"  {item.what}：{item.value}（{item.source}）" for item in self.baselines]
        return lines


def format_for_year(year: int, family_of: str) -> str:
    """The format the year calls for within a format family (S-01), else family_of itself."""
    family = family_of.rsplit("-", 1)[0]
    for fmt in all_formats().values():
        if fmt.id.rsplit("-", 1)[0] != family:
            continue
        if (fmt.year_from is None or year >= fmt.year_from) and (fmt.year_to is None or year <= fmt.year_to):
            return fmt.id
    return family_of


def draft_text(text: str) -> str:
    """Last year's text offered for rewriting: the marker line, then the text."""
    return f"{DRAFT_MARKER}\n{text.strip()}" if text.strip() else ""


def start_from(previous: Report, year: int, format_id: str | None = None) -> Report:
    """A new report for `year` started from last year's; see carry_forward for the summary."""
    return carry_forward(previous, year, format_id).report


def carry_forward(previous: Report, year: int, format_id: str | None = None, source: str = "") -> CarriedReport:
    """Start the report of `year` from last year's `previous`.

    Copies organization, issuer and contact; offers last year's 编制说明 and section
    texts as marked drafts (a section the new format lacks is dropped, an empty one gets
    the format's default text); fills each row named by a carried_over rule from last
    year's row; records 现行有效件数 (in_force rules) as a baseline only.

    Args:
        format_id: the new report's format; by default the one the year calls for in
            last year's format family (national-2019 → national-2021 from 2021).
        source: how to name last year's report in the summary (a file or store id).

    Raises:
        CarryForwardError: last year's report is not of year − 1.
        FormatError: format_id is unknown.
    """
    from models.cross_year import CarriedOverRule, InForceRule

    if previous.year is not None and previous.year != year - 1:
        raise CarryForwardError(
            f"上年报告是 {previous.year} 年度的，不能作为 {year} 年度报告的起点（应为 {year - 1} 年度）"
        )
    fmt = get_format(format_id or format_for_year(year, previous.format.id))
    report = Report.new(fmt, previous.organization, year)
    report.issuer, report.contact = previous.issuer, previous.contact
    last = f"{previous.year}年" if previous.year is not None else "上年"
    carried = CarriedReport(report, source or f"{previous.organization}{last}报告")
    for name, label in (("organization", "机关名称"), ("issuer", "落款机关"), ("contact", "联系方式")):
        if getattr(previous, name):
            carried.items.append(CarriedItem(label, getattr(previous, name), f"{last}报告"))
    if previous.format.id == fmt.id:
        report.row_labels = {t: dict(rows) for t, rows in previous.row_labels.items()}

    report.preface = draft_text(previous.preface) or report.default_preface()
    if previous.preface.strip():
        carried.items.append(CarriedItem("编制说明", "上年文字（草稿，请改写）", f"{last}报告"))
    for section in fmt.sections:
        text = previous.texts.get(section.id, "")
        if text.strip():
            report.texts[section.id] = draft_text(text)
            carried.items.append(CarriedItem(section.heading, "上年文字（草稿，请改写）", f"{last}报告"))

    for rule in fmt.rules:
        if isinstance(rule, CarriedOverRule):
            for cell, source_cell in rule.pairs:
                value = previous.cells.get(source_cell)
                if value is None:
                    continue
                report.cells[cell] = value
                carried.items.append(
                    CarriedItem(
                        f"{fmt.table(cell[0]).name} {report.cell_name(*cell)}",
                        str(value),
                        f"{last}报告 {previous.format.table(source_cell[0]).name} {previous.cell_name(*source_cell)}",
                    )
                )
        elif isinstance(rule, InForceRule):
            for in_force, _issued, _repealed in rule.rows:
                value = previous.cells.get(in_force)
                if value is not None:
                    carried.baselines.append(
                        CarriedItem(f"{fmt.table(in_force[0]).name} {previous.cell_name(*in_force)}", str(value), f"{last}报告")
                    )
    return carried


class DraftMarkerRule(Rule, frozen=True):
    """C-01: a text still begins with (or holds) the marker of last year's draft."""

    marker: str = DRAFT_MARKER

    def check(self, report: Report) -> Iterator[Finding]:
        if self.marker in report.preface:
            yield self.finding(Location(field="preface"), {"section": "编制说明"})
        for section in report.format.sections:
            if self.marker in report.texts.get(section.id, ""):
                yield self.finding(Location(section=section.id), {"section": section.heading})


def _compile_draft_marker(entry: _Entry, _fmt: ReportFormat, base: dict[str, Any]) -> Rule:
    return DraftMarkerRule(**base, marker=entry.get("marker", str, DRAFT_MARKER, empty=False))


register_kind("draft_marker", {"section"}, _compile_draft_marker)
