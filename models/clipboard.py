"""Blocks exchanged with Excel and WPS through the clipboard, both ways.

Clerks keep their statistics in a spreadsheet and paste them into the grid; supervisors
and clerks also copy a range out of the grid into one. Both go by the positions of the
official table's grid (models.table_layout), so a block copied out and pasted back lands
where it came from. What a paste does to a total, and what the clerk is told when the
source's total disagrees with its parts (issue 14, point 6), is decided here, without Qt.
"""

from __future__ import annotations

from collections.abc import Container, Mapping

from msgspec import Struct

from models.findings import Number
from models.formats import Cell
from models.report import Report
from models.table_layout import TableLayout
from models.total_hints import pasted_total_mismatch, pasted_total_not_a_number
from models.values import InputError, Value, format_value, parse_value

LISTED_MISMATCHES = 3
"""A paste report names this many disagreeing totals; the rest are counted."""


class PastePlan(Struct):
    """What a block would do, worked out before anything is changed."""

    values: list[tuple[Cell, Value]]
    """Parsed values for the value cells under the block."""
    totals: list[tuple[Cell, str]]
    """The non-blank text that lay over a total: not entered (totals are computed), but
    compared with the computed total once the parts are in."""
    problems: list[str]
    """Values that cannot go in; any of them stops the whole paste."""


class TotalMismatch(Struct, frozen=True):
    """A pasted total that is not what its parts add up to."""

    cell: Cell
    pasted: str
    computed: Number | None
    message: str


class PasteResult(Struct):
    filled: list[Cell]
    problems: list[str]
    mismatches: list[TotalMismatch]

    def summary(self) -> tuple[str, bool]:
        """The message for the clerk and whether it needs their attention (shown as an error).

        A mismatch needs attention although the paste went in: the source they copied
        from has a mistake that the grid no longer shows.
        """
        if self.problems:
            return "没有粘贴，请先改正：\n" + "\n".join(self.problems), True
        if self.filled:
            head = f"已粘贴 {len(self.filled)} 个单元格"
        else:
            head = "没有粘贴任何单元格：所选位置只有合计（合计由各分项自动计算）"
        if not self.mismatches:
            return head, not self.filled
        lines = [m.message for m in self.mismatches[:LISTED_MISMATCHES]]
        rest = len(self.mismatches) - len(lines)
        if rest:
            lines.append(f"另有 {rest} 个合计与各分项之和不符，见各合计单元格的提示")
        return head + "。\n" + "\n".join(lines), True


def _block_lines(text: str) -> list[list[str]]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")
    return [line.split("\t") for line in lines]


def plan_paste(report: Report, layout: TableLayout, totals: Container[Cell], anchor: Cell, text: str) -> PastePlan:
    """Where a tab-separated block pasted at `anchor` goes, cell by cell.

    Values go to the value cells at the same offsets on the grid; labels under the block
    are skipped, and so are totals, whose pasted text is kept for the comparison.

    Raises:
        KeyError: the anchor is not a cell of this table.
    """
    positions = {b.cell: (b.row, b.col) for b in layout.boxes if b.cell}
    by_position = {(b.row, b.col): b.cell for b in layout.boxes if b.cell}
    if anchor not in positions:
        raise KeyError(anchor)
    top, left = positions[anchor]
    table = layout.table
    plan = PastePlan([], [], [])
    for i, fields in enumerate(_block_lines(text)):
        for j, raw in enumerate(fields):
            cell = by_position.get((top + i, left + j))
            if cell is None:
                continue
            if cell in totals:
                if raw.strip():
                    plan.totals.append((cell, raw.strip()))
                continue
            try:
                plan.values.append((cell, parse_value(table.value_kind(cell[1], cell[2]), raw)))
            except InputError as error:
                plan.problems.append(f"第 {i + 1} 行第 {j + 1} 列（{report.cell_name(*cell)}）：{error}")
    return plan


def check_pasted_totals(report: Report, pasted: list[tuple[Cell, str]], computed: Mapping[Cell, Value]) -> list[TotalMismatch]:
    """The pasted totals that are not their computed value (what the grid now shows)."""
    mismatches = []
    for cell, text in pasted:
        value = computed.get(cell)
        kind = report.format.table(cell[0]).value_kind(cell[1], cell[2])
        try:
            number = parse_value(kind, text)
        except InputError:
            mismatches.append(TotalMismatch(cell, text, value, pasted_total_not_a_number(report, cell, text)))
            continue
        if number is not None and value is not None and number != value:
            mismatches.append(TotalMismatch(cell, format_value(number), value, pasted_total_mismatch(report, cell, format_value(number), value)))
    return mismatches


def copy_summary(rows: int, columns: int) -> str:
    return f"已复制 {rows} 行 {columns} 列，可粘贴到 Excel 或 WPS"


def copy_text(report: Report, layout: TableLayout, top: int, left: int, bottom: int, right: int) -> str:
    """The grid rectangle [top..bottom] × [left..right] as Excel and WPS copy a range.

    One field per grid column, so that pasting it back at the same place fills the same
    cells; a value as the grid shows it (totals included, blank stays empty, never
    “未填”), a merged box's text in its first row and column, tabs and line breaks
    inside a label turned into spaces. Lines end with CR LF, the last one too, as Excel's.
    """
    texts: dict[tuple[int, int], str] = {}
    for box in layout.boxes:
        if top <= box.row <= bottom and left <= box.col <= right:
            if box.cell is not None:
                texts[(box.row, box.col)] = format_value(report.cells[box.cell])
            else:
                texts[(box.row, box.col)] = " ".join(box.text.split())
    rows = ("\t".join(texts.get((r, c), "") for c in range(left, right + 1)) for r in range(top, bottom + 1))
    return "".join(row + "\r\n" for row in rows)
