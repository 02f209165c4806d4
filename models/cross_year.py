"""Checks that compare a report with last year's (T3-06, T2-02, X-01; docs/design-notes.md §1.5).

They are rule kinds declared in the format files like any other, but they need a second
report, so they live apart from models/rules.py: each compiled rule has
`uses_previous = True`, and `validate(report, previous)` runs it only when last year's
report is known (from the store, see previous_report, or an exchange file given with
`check --previous`). Cells are matched by id, so a national-2019 report can be last
year's of a national-2021 one: table 三 has the same ids in both, while table 二's cells,
which differ, are simply not found and not compared.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any
from collections.abc import Iterator

from msgspec import Struct

from models.findings import Finding, Location, Number
from models.formats import Cell, ReportFormat
from models.report import Report
from models.rules import Rule, register_kind
from models.values import format_value

if TYPE_CHECKING:
    from models.formats import _Entry
    from models.store import ReportSummary, Store

DEFAULT_MAX_RATIO = 5
DEFAULT_MIN_RATIO = Decimal("0.2")


def _show(value: Number) -> str:
    return format_value(value)


def _previous_value(previous: Report, cell: Cell) -> Number | None:
    """Last year's value of a cell, None when blank or when its format has no such cell."""
    return previous.cells.get(cell)


def _cell_location(cell: Cell) -> Location:
    return Location(table=cell[0], row=cell[1], column=cell[2])


class CarriedOverRule(Rule, frozen=True):
    """T3-06: this year's 上年结转 equals last year's 结转下年度, column by column.

    A blank on either side is skipped: the blank itself is T3-05's finding, and a
    report of last year that left the cell blank gives nothing to compare with.
    """

    uses_previous = True
    pairs: tuple[tuple[Cell, Cell], ...] = ()
    """(this year's cell, last year's cell) for each column."""

    def check(self, report: Report) -> Iterator[Finding]:
        return iter(())

    def check_against(self, report: Report, previous: Report) -> Iterator[Finding]:
        for cell, source in self.pairs:
            current, last = report.cells.get(cell), _previous_value(previous, source)
            if current is None or last is None or current == last:
                continue
            yield self.finding(
                _cell_location(cell),
                {
                    "cell": report.cell_name(*cell),
                    "column": report.column_name(cell[0], cell[2]),
                    "current": _show(current),
                    "previous": _show(last),
                    "previous_cell": previous.cell_name(*source),
                },
                expected=last,
                actual=current,
            )


class InForceRule(Rule, frozen=True):
    """T2-02: 现行有效件数 = last year's 现行有效件数 + 本年制发件数 − 本年废止件数.

    Skipped for a row when any of the four numbers is blank or last year's format has
    no such cell (national-2019's table 二 counts differently).
    """

    uses_previous = True
    rows: tuple[tuple[Cell, Cell, Cell], ...] = ()
    """(in force, issued, repealed) cells of each row."""

    def check(self, report: Report) -> Iterator[Finding]:
        return iter(())

    def check_against(self, report: Report, previous: Report) -> Iterator[Finding]:
        for in_force, issued, repealed in self.rows:
            last = _previous_value(previous, in_force)
            current, made, dropped = report.cells.get(in_force), report.cells.get(issued), report.cells.get(repealed)
            if last is None or current is None or made is None or dropped is None:
                continue
            expected = last + made - dropped
            if current == expected:
                continue
            yield self.finding(
                _cell_location(in_force),
                {
                    "row": report.row_label(in_force[0], in_force[1]),
                    "current": _show(current),
                    "previous": _show(last),
                    "issued": _show(made),
                    "repealed": _show(dropped),
                    "expected": _show(expected),
                },
                expected=expected,
                actual=current,
            )


class YearOnYearRule(Rule, frozen=True):
    """X-01: a key count grew more than max_ratio times, or fell below min_ratio, of last year's.

    Skipped when last year's value is 0, negative or blank (no ratio exists) or this
    year's is blank (T3-05 and the like report the blank). A fall to 0 from a positive
    value is a ratio of 0 and is reported.
    """

    uses_previous = True
    cells: tuple[Cell, ...] = ()
    max_ratio: Number = DEFAULT_MAX_RATIO
    min_ratio: Number = DEFAULT_MIN_RATIO

    def check(self, report: Report) -> Iterator[Finding]:
        return iter(())

    def check_against(self, report: Report, previous: Report) -> Iterator[Finding]:
        for cell in self.cells:
            last, current = _previous_value(previous, cell), report.cells.get(cell)
            if last is None or current is None or last <= 0:
                continue
            ratio = Decimal(current) / Decimal(last)
            if self.min_ratio <= ratio <= self.max_ratio:
                continue
            yield self.finding(
                _cell_location(cell),
                {
                    "cell": report.cell_name(*cell),
                    "table": report.format.table(cell[0]).name,
                    "current": _show(current),
                    "previous": _show(last),
                    "ratio": f"{ratio:.2f}",
                },
                expected=last,
                actual=current,
            )


# -- compiling ------------------------------------------------------------------------


def _table_id(entry: _Entry, fmt: ReportFormat) -> str:
    table_id: str = entry.get("table", str)
    if not fmt.has_table(table_id):
        entry.fail(f"引用了不存在的表“{table_id}”")
    return table_id


def _row_id(entry: _Entry, fmt: ReportFormat, table_id: str, key: str) -> str:
    row_id: str = entry.get(key, str)
    table = fmt.table(table_id)
    if not table.has_row(row_id) or not table.columns_of(row_id):
        entry.fail(f"“{key}”引用了表“{table_id}”中不存在（或没有数值）的行“{row_id}”")
    return row_id


def _compile_carried_over(entry: _Entry, fmt: ReportFormat, base: dict[str, Any]) -> Rule:
    table_id = _table_id(entry, fmt)
    row = _row_id(entry, fmt, table_id, "row")
    from_row = _row_id(entry, fmt, table_id, "from_row")
    table = fmt.table(table_id)
    pairs = tuple(
        ((table_id, row, column.id), (table_id, from_row, column.id))
        for column in table.columns_of(row)
        if table.has_cell(from_row, column.id)
    )
    if not pairs:
        entry.fail("两行没有共同的列")
    return CarriedOverRule(**base, pairs=pairs)


def _compile_in_force(entry: _Entry, fmt: ReportFormat, base: dict[str, Any]) -> Rule:
    table_id = _table_id(entry, fmt)
    table = fmt.table(table_id)
    columns = [entry.get(key, str) for key in ("in_force", "issued", "repealed")]
    rows = []
    for row_id in entry.get("rows", list):
        if not isinstance(row_id, str) or not table.has_row(row_id):
            entry.fail(f"引用了表“{table_id}”中不存在的行“{row_id}”")
        for column in columns:
            if not table.has_cell(row_id, column):
                entry.fail(f"表“{table_id}”的行“{row_id}”没有列“{column}”")
        in_force, issued, repealed = ((table_id, row_id, c) for c in columns)
        rows.append((in_force, issued, repealed))
    if not rows:
        entry.fail("“rows”不能为空")
    return InForceRule(**base, rows=tuple(rows))


def _ratio(entry: _Entry, key: str, default: Number) -> Number:
    value = entry.get(key, (int, float), None)
    if value is None:
        return default
    if value <= 0:
        entry.fail(f"“{key}”应为正数")
    return Decimal(str(value))


def _compile_year_on_year(entry: _Entry, fmt: ReportFormat, base: dict[str, Any]) -> Rule:
    cells: list[Cell] = []
    for table_id in entry.get("tables", list, []):
        if not isinstance(table_id, str) or not fmt.has_table(table_id):
            entry.fail(f"引用了不存在的表“{table_id}”")
        cells.extend(fmt.table(table_id).cells())
    for index, raw in enumerate(entry.get("cells", list, [])):
        if not (isinstance(raw, list) and len(raw) == 3 and all(isinstance(part, str) for part in raw)):
            entry.fail(f"cells[{index}] 应为 [表, 行, 列]")
        table_id, row_id, column_id = raw
        if not fmt.has_table(table_id) or not fmt.table(table_id).has_cell(row_id, column_id):
            entry.fail(f"cells[{index}] 引用了不存在的单元格 {table_id}/{row_id}/{column_id}")
        cells.append((table_id, row_id, column_id))
    if not cells:
        entry.fail("没有可比较的单元格（tables 或 cells）")
    max_ratio, min_ratio = _ratio(entry, "max_ratio", DEFAULT_MAX_RATIO), _ratio(entry, "min_ratio", DEFAULT_MIN_RATIO)
    if min_ratio >= max_ratio:
        entry.fail("“min_ratio”应小于“max_ratio”")
    return YearOnYearRule(**base, cells=tuple(dict.fromkeys(cells)), max_ratio=max_ratio, min_ratio=min_ratio)


register_kind("carried_over", {"cell", "column", "current", "previous", "previous_cell"}, _compile_carried_over)
register_kind("in_force", {"row", "current", "previous", "issued", "repealed", "expected"}, _compile_in_force)
register_kind("year_on_year", {"cell", "table", "current", "previous", "ratio"}, _compile_year_on_year)


# -- finding last year's report ------------------------------------------------------------


def format_family(format_id: str) -> str:
    """national-2019 and national-2021 are one family (a body moves from one to the next)."""
    return format_id.rsplit("-", 1)[0]


def previous_report(store: Store, summary: ReportSummary) -> Report | None:
    """Last year's report of the same body in the store, for the cross-year checks.

    Same organization, same format family, year − 1; of several, an approved one first,
    then the most recently saved. None when there is none (or the year is unknown).

    Raises:
        StoreError: the matching report cannot be read.
    """
    if summary.year is None or not summary.organization.strip():
        return None
    family = format_family(summary.format)
    candidates = [
        s
        for s in store.summaries()
        if s.id != summary.id
        and s.year == summary.year - 1
        and s.organization.strip() == summary.organization.strip()
        and format_family(s.format) == family
    ]
    if not candidates:
        return None
    # summaries() is newest first; a stable sort keeps that order within each status.
    candidates.sort(key=lambda s: s.status != "approved")
    return store.load(candidates[0].id).report
