"""What the clerk is told about a computed total: how it is made and what to do about it.

Totals are read-only (docs/design-notes.md §1.4), so every message about one must point at
what the clerk *can* change, its parts; a message that says “fill in this total” or
silently replaces a number the clerk pasted leaves them stuck or misinformed (issue 14,
points 6 and 7). The grid's tooltips, the refusal of typing into a total and the report
of a paste all take their words from here.
"""

from __future__ import annotations

from collections.abc import Sequence

from models.findings import Number
from models.formats import Cell
from models.report import Report
from models.values import Value, format_value

NAMED_PARTS = 6
"""Up to this many parts are named one by one; more are “本行（本列）各分项”."""


def parts_phrase(report: Report, total: Cell, parts: Sequence[Cell]) -> str:
    """The parts of a total as a clerk finds them on the grid.

    Parts in the total's own row are named by their column (自然人、商业企业…), parts in its
    own column by their row; a long list is “本行各分项” or “本列各分项”.
    """
    table, row, column = total
    same_row = all(p[1] == row for p in parts)
    same_column = all(p[2] == column for p in parts)
    if len(parts) > NAMED_PARTS:
        return "本行各分项" if same_row else "本列各分项" if same_column else "各分项"
    if same_row:
        names = [report.column_name(table, p[2]) for p in parts]
    elif same_column:
        names = [report.row_label(table, p[1]) for p in parts]
    else:
        names = [report.cell_name(*p) for p in parts]
    return "、".join(_without_common_head(names))


def _without_common_head(names: list[str]) -> list[str]:
    """“行政复议·结果维持、行政复议·结果纠正” reads as “结果维持、结果纠正” beside 行政复议·总计."""
    split = [name.split("·") for name in names]
    while all(len(parts) > 1 for parts in split) and len({parts[0] for parts in split}) == 1:
        split = [parts[1:] for parts in split]
    return ["·".join(parts) for parts in split]


def typed_into_total(report: Report, total: Cell, parts: Sequence[Cell]) -> str:
    """The refusal when a clerk types on a total: why, and where to type instead."""
    current = report.cells[total]
    now = "" if current is None else f"（现为 {format_value(current)}）"
    return (
        f"“{report.cell_name(*total)}”是合计，由{parts_phrase(report, total, parts)}相加自动得出{now}，"
        "不能直接填写；要改变它，请修改这些分项"
    )


def total_advice(report: Report, total: Cell, parts: Sequence[Cell], computed: Value, has_findings: bool) -> str:
    """The line a total's tooltip ends with: how it is made and, if it is marked, the remedy.

    Empty for a blank marked total: its finding already names the blank parts to fill
    (models.rules), and saying it twice would bury the point. A total that differs from
    its parts (an imported report) comes right with “重新计算合计”.
    """
    phrase = parts_phrase(report, total, parts)
    value = report.cells[total]
    if not has_findings:
        return f"合计：由{phrase}相加自动得出，不能直接填写；要改变它，请修改这些分项"
    if value is None:
        return ""
    if computed is not None and value != computed:
        return f"合计不能直接填写：点“重新计算合计”即可更正为 {format_value(computed)}"
    return f"合计不能直接填写：请核对{phrase}，合计随之自动更新"


def pasted_total_mismatch(report: Report, total: Cell, pasted: str, computed: Number) -> str:
    """A pasted total that disagrees with its parts: the source data has a mistake.

    The total shown stays the computed one; the clerk is told both numbers so that they
    can find the mistake in the table they copied from.
    """
    shown = format_value(computed)
    return f"粘贴的“{report.cell_name(*total)}”为 {pasted}，但各分项之和为 {shown}：已按分项计算为 {shown}，请核对原始数据"


def pasted_total_not_a_number(report: Report, total: Cell, pasted: str) -> str:
    """Text pasted over a total (a dash, a word): ignored, but said, like a wrong number."""
    current = report.cells[total]
    shown = format_value(current) if current is not None else "空白"
    return f"粘贴的“{report.cell_name(*total)}”为“{pasted}”，不是数字：合计已按各分项计算为 {shown}，请核对原始数据"


def total_tooltip(report: Report, total: Cell, parts: Sequence[Cell], messages: Sequence[str], computed: Value) -> str:
    """A total cell's tooltip: what is wrong with it (if anything), then what to do."""
    advice = total_advice(report, total, parts, computed, bool(messages))
    return "\n".join([*messages, advice] if advice else messages)
