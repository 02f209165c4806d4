"""Summing several bodies' reports into one (a city's office and its departments; issue 7 point 7).

Separate from the rules and the store because it makes a new report out of many: every
cell is summed, money as Decimal. A blank cell in any source leaves the sum blank rather
than treating the blank as 0 (docs/design-notes.md §1.3: blank is not 0); the blank then
shows as T3-05 and the like on the summed report, and blank_parts says which source left
which cell blank, so the city can ask that department instead of publishing a total
that silently misses a part. Texts are not merged: the 编制说明 lists the sources and
the sections are left for the city to write, since sentences of several bodies do not
add up to one report.
"""

from __future__ import annotations

from collections.abc import Sequence

from models.formats import Cell
from models.findings import Number
from models.report import Report


class AggregateError(ValueError):
    """The reports cannot be summed (different formats or years, one body twice)."""


def _names(reports: Sequence[Report], names: Sequence[str] | None) -> list[str]:
    if names is None:
        return [r.organization or f"第 {i + 1} 份报告" for i, r in enumerate(reports)]
    if len(names) != len(reports):
        raise ValueError("names 应与 reports 一一对应")
    return list(names)


def _refusal(problem: str, groups: dict[object, list[str]], show: str) -> AggregateError:
    parts = [f"{show.format(key=key)}：{'、'.join(files)}" for key, files in groups.items()]
    return AggregateError(f"不能汇总：{problem}（{'；'.join(parts)}）")


def check_aggregatable(reports: Sequence[Report], names: Sequence[str] | None = None) -> None:
    """Refuse reports that cannot be summed, naming each one (by file name when given).

    Raises:
        AggregateError: no report, different formats, different or missing years, or
            the same body (organization) more than once.
    """
    if not reports:
        raise AggregateError("不能汇总：没有要汇总的报告")
    labels = _names(reports, names)
    by_format: dict[object, list[str]] = {}
    by_year: dict[object, list[str]] = {}
    by_body: dict[object, list[str]] = {}
    for report, label in zip(reports, labels):
        by_format.setdefault(report.format.id, []).append(label)
        by_year.setdefault(report.year, []).append(label)
        by_body.setdefault(" ".join(report.organization.split()), []).append(label)
    if len(by_format) > 1:
        raise _refusal("各报告的格式不同", by_format, "{key}")
    if None in by_year:
        raise AggregateError(f"不能汇总：以下报告未填年度：{'、'.join(by_year[None])}")
    if len(by_year) > 1:
        raise _refusal("各报告的年度不同", by_year, "{key}年度")
    if "" in by_body:
        raise AggregateError(f"不能汇总：以下报告未填机关名称：{'、'.join(by_body[''])}")
    twice = {body: files for body, files in by_body.items() if len(files) > 1}
    if twice:
        raise _refusal("同一单位的报告出现了不止一次", twice, "{key}")


def aggregate(reports: Sequence[Report], organization: str, *, names: Sequence[str] | None = None) -> tuple[Report, list[str]]:
    """Sum the reports of one format and year into a new report of the same format and year.

    Args:
        organization: the body the summed report is issued as (the city's office).
        names: how to name each report in refusals (the file names); by default its
            organization.

    Returns:
        The summed report, and the sources (their organizations, in the order given),
        which its 编制说明 also lists.

    Raises:
        AggregateError: see check_aggregatable.
    """
    check_aggregatable(reports, names)
    first = reports[0]
    fmt = first.format
    result = Report.new(fmt, organization, first.year)
    for section in fmt.sections:
        result.texts[section.id] = ""
    if all(r.row_labels == first.row_labels for r in reports):
        result.row_labels = {t: dict(rows) for t, rows in first.row_labels.items()}

    totals: dict[Cell, Number | None] = dict.fromkeys(result.cells, 0)
    for report in reports:
        for cell, value in report.cells.items():
            total = totals[cell]
            if value is None:
                totals[cell] = None
            elif total is not None:
                totals[cell] = total + value
    result.cells.update(totals)

    sources = [r.organization for r in reports]
    result.preface = f"本报告汇总了以下{len(sources)}个单位的数据：{'、'.join(sources)}。"
    return result, sources


def blank_parts(reports: Sequence[Report], names: Sequence[str] | None = None) -> list[str]:
    """Each cell left blank in a source, which leaves the summed cell blank too."""
    labels = _names(reports, names)
    lines = []
    for report, label in zip(reports, labels):
        for cell, value in report.cells.items():
            if value is None:
                table = report.format.table(cell[0])
                lines.append(f"{label}：{table.name} {report.cell_name(*cell)} 未填，汇总值留空")
    return lines
