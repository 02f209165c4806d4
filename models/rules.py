"""The validation engine: rules declared in the format files, checked against a report.

A rule entry in a format file names a kind (sum, balance, not_greater, no_blank,
sections_required, section_not_empty, field_required, year_range) and its cells by id;
this module turns each entry into a small checker once, when the format is loaded, and
nothing in a format file is ever evaluated as code. Compiling up front resolves every
cell reference, so a typo in a format file is reported at start (naming the file and the
rule) and re-validating a whole report is a few hundred dictionary look-ups: cheap
enough to run on every keystroke (benchmarks/bench_validate.py).
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any
from collections.abc import Callable, Iterable, Iterator

from msgspec import Struct

from models.findings import SEVERITIES, Finding, Location, Number, Severity
from models.formats import Cell, ReportFormat, Table
from models.report import PLACEHOLDER, Report, fill_template
from models.values import format_value

if TYPE_CHECKING:
    from models.formats import _Entry

REPORT_FIELDS = ("organization", "year", "issuer", "date", "contact", "preface")


def _show(value: Number | None) -> str:
    return "空白" if value is None else format_value(value)


def _sum(report: Report, cells: Iterable[Cell]) -> Number:
    """Blank cells count as 0 in sums (docs/design-notes.md §1.5)."""
    values = report.cells
    total: Number = 0
    for cell in cells:
        value = values[cell]
        if value is not None:
            total += value
    return total


class Rule(Struct, frozen=True):
    """What every rule has; `check` yields the findings for one report."""

    id: str
    kind: str
    severity: Severity
    message: str

    uses_previous = False
    """True for rules that compare with last year's report (check_against)."""

    def check(self, report: Report) -> Iterator[Finding]:
        raise NotImplementedError

    def check_against(self, report: Report, previous: Report) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(self, location: Location, values: dict[str, object], **numbers: Number | None) -> Finding:
        return Finding(self.severity, self.id, location, fill_template(self.message, values), **numbers)


class SumRule(Rule, frozen=True):
    """A total cell equals the sum of its parts (T3-02, T3-03, T4-01, L-02…L-04)."""

    pairs: tuple[tuple[Cell, tuple[Cell, ...]], ...] = ()

    def check(self, report: Report) -> Iterator[Finding]:
        for target, parts in self.pairs:
            expected = _sum(report, parts)
            actual = report.cells[target]
            if (actual if actual is not None else 0) != expected:
                table, row, column = target
                yield self.finding(
                    Location(table=table, row=row, column=column),
                    {
                        "cell": report.cell_name(table, row, column),
                        "expected": _show(expected),
                        "actual": _show(actual),
                    },
                    expected=expected,
                    actual=actual,
                )


class BalanceRule(Rule, frozen=True):
    """Two sums agree along each line (T3-01: 一 + 二 = （七）总计 + 四, per column)."""

    lines: tuple[tuple[str, tuple[Cell, ...], tuple[Cell, ...]], ...] = ()
    sum_over: str = "rows"

    def check(self, report: Report) -> Iterator[Finding]:
        for line, left, right in self.lines:
            left_sum, right_sum = _sum(report, left), _sum(report, right)
            if left_sum != right_sum:
                table = left[0][0]
                if self.sum_over == "rows":
                    location = Location(table=table, column=line)
                    line_name = f"{report.column_name(table, line)}列"
                else:
                    location = Location(table=table, row=line)
                    line_name = f"{report.row_label(table, line)}行"
                yield self.finding(
                    location,
                    {
                        "line": line_name,
                        "left": _show(left_sum),
                        "right": _show(right_sum),
                        "left_terms": " + ".join(_show(report.cells[c] or 0) for c in left),
                        "right_terms": " + ".join(_show(report.cells[c] or 0) for c in right),
                    },
                    expected=left_sum,
                    actual=right_sum,
                )


class NotGreaterRule(Rule, frozen=True):
    """One cell may not exceed another (L-01 全文电子化 ≤ 主动公开, L-05)."""

    pairs: tuple[tuple[Cell, Cell], ...] = ()

    def check(self, report: Report) -> Iterator[Finding]:
        for lesser, greater in self.pairs:
            small, big = report.cells[lesser] or 0, report.cells[greater] or 0
            if small > big:
                yield self.finding(
                    Location(table=lesser[0], row=lesser[1], column=lesser[2]),
                    {
                        "lesser_cell": report.cell_name(*lesser),
                        "greater_cell": report.cell_name(*greater),
                        "lesser_value": _show(small),
                        "greater_value": _show(big),
                    },
                    expected=big,
                    actual=small,
                )


class NoBlankRule(Rule, frozen=True):
    """Every value cell of a table is filled: the official tables want 0 written.

    A blank total is reported with its own message (`total_message`): it is read-only
    and computed, so telling the clerk to fill it in would be advice they cannot follow
    (issue 14, point 7). It names the blank cells that feed it; when none is blank (an
    imported file whose totals were never computed) `stale_total_message` says how to
    compute it.
    """

    cells: tuple[Cell, ...] = ()
    total_message: str = ""
    stale_total_message: str = ""

    def check(self, report: Report) -> Iterator[Finding]:
        values = report.cells
        leaves: dict[Cell, tuple[Cell, ...]] | None = None
        for cell in self.cells:
            if values[cell] is not None:
                continue
            location = Location(table=cell[0], row=cell[1], column=cell[2])
            if leaves is None:
                leaves = total_leaves(report.format)
            if cell not in leaves:
                yield self.finding(location, {"cell": report.cell_name(*cell)})
                continue
            blank = [part for part in leaves[cell] if values[part] is None]
            template = self.total_message if blank else self.stale_total_message
            text = fill_template(template, {"cell": report.cell_name(*cell), "parts": name_some_cells(report, blank)})
            yield Finding(self.severity, self.id, location, text)


def name_some_cells(report: Report, cells: list[Cell], shown: int = 2) -> str:
    """“A”、“B”等 12 个单元格: enough to find where to start, short enough to read."""
    names = "、".join(f"“{report.cell_name(*cell)}”" for cell in cells[:shown])
    return names if len(cells) <= shown else f"{names}等 {len(cells)} 个单元格"


class SectionsRequiredRule(Rule, frozen=True):
    """Each section the format marks required has some text."""

    sections: tuple[str, ...] = ()

    def check(self, report: Report) -> Iterator[Finding]:
        for section in self.sections:
            if not report.texts.get(section, "").strip():
                yield self.finding(Location(section=section), {"section": report.section_name(section)})


class SectionNotEmptyRule(Rule, frozen=True):
    """One section should have text, at this rule's own severity (N-04: 五 → warning)."""

    section: str = ""

    def check(self, report: Report) -> Iterator[Finding]:
        if not report.texts.get(self.section, "").strip():
            yield self.finding(Location(section=self.section), {"section": report.section_name(self.section)})


class FieldRequiredRule(Rule, frozen=True):
    """A basic field (机关名称, 年度, 成文日期, 编制说明…) is filled."""

    field: str = ""

    def check(self, report: Report) -> Iterator[Finding]:
        value = getattr(report, self.field)
        if report.kept_as_typed(self.field):
            return  # filled in, though wrongly: IN-02 says so, “未填写” would not be true
        if value is None or (isinstance(value, str) and not value.strip()):
            yield self.finding(Location(field=self.field), {})


class YearRangeRule(Rule, frozen=True):
    """The report year fits the format (S-01), or falls in a span worth a note (S-04)."""

    year_from: int | None = None
    year_to: int | None = None
    inside: bool = False

    def check(self, report: Report) -> Iterator[Finding]:
        if report.year is None:
            return
        within = (self.year_from is None or report.year >= self.year_from) and (
            self.year_to is None or report.year <= self.year_to
        )
        if within == self.inside:
            yield self.finding(Location(field="year"), {"year": report.year, "format": report.format.id})


# -- compiling rule entries ------------------------------------------------------------

_PLACEHOLDERS = {
    "sum": {"cell", "expected", "actual"},
    "balance": {"line", "left", "right", "left_terms", "right_terms"},
    "not_greater": {"lesser_cell", "greater_cell", "lesser_value", "greater_value"},
    "no_blank": {"cell"},
    "sections_required": {"section"},
    "section_not_empty": {"section"},
    "field_required": set(),
    "year_range": {"year", "format"},
}


def _table(entry: _Entry, fmt: ReportFormat) -> Table:
    table_id = entry.get("table", str)
    if not fmt.has_table(table_id):
        entry.fail(f"引用了不存在的表“{table_id}”")
    return fmt.table(table_id)


def _lines(entry: _Entry, table: Table) -> tuple[str, Callable[[str, str], Cell | None], list[str]]:
    """The direction of a rule and, for it, how to find the cell of (line, item).

    With sum_over "rows" the items named in the rule are rows and the rule repeats
    along every column; with "columns" it is the other way round.
    """
    sum_over = entry.get("sum_over", str)
    if sum_over == "rows":
        def cell_of(line: str, item: str) -> Cell | None:
            return (table.id, item, line) if table.has_cell(item, line) else None

        return sum_over, cell_of, [c.id for c in table.columns]
    if sum_over == "columns":
        def cell_of(line: str, item: str) -> Cell | None:
            return (table.id, line, item) if table.has_cell(line, item) else None

        return sum_over, cell_of, [r.id for r in table.rows if r.has_cells]
    entry.fail("“sum_over”应为 rows 或 columns")
    raise AssertionError  # unreachable: fail raises


def _items(entry: _Entry, table: Table, sum_over: str, ids: list[str], what: str) -> None:
    exists = table.has_row if sum_over == "rows" else table.has_column
    noun = "行" if sum_over == "rows" else "列"
    for item in ids:
        if not isinstance(item, str) or not exists(item):
            entry.fail(f"{what}引用了表“{table.id}”中不存在的{noun}“{item}”")


Compiler = Callable[["_Entry", ReportFormat, dict[str, Any]], Rule]
_REGISTERED: dict[str, tuple[frozenset[str], Compiler]] = {}

RULE_MODULES: tuple[str, ...] = ("models.cross_year", "models.carry_forward", "models.text_checks")
"""Modules that add rule kinds with register_kind (imported before a format compiles),
so that each family of checks lives in its own module (docs/design-notes.md §7.2)."""


def register_kind(kind: str, placeholders: set[str], compiler: Compiler) -> None:
    """Add a rule kind: its message placeholders and how to compile an entry of it.

    compiler(entry, fmt, base) gets the entry (for its fields and its errors), the format,
    and the common fields (id, kind, severity, message) to pass to the Rule it returns.
    """
    _REGISTERED[kind] = (frozenset(placeholders), compiler)


def _compile_one(entry: _Entry, fmt: ReportFormat) -> Rule:
    rule_id = entry.get("id", str, empty=False)
    kind = entry.get("kind", str)
    severity = entry.get("severity", str)
    if severity not in SEVERITIES:
        entry.fail(f"未知的严重程度“{severity}”（应为 error、warning 或 info）")
    message = entry.get("message", str, empty=False)
    placeholders = _PLACEHOLDERS[kind] if kind in _PLACEHOLDERS else _REGISTERED[kind][0] if kind in _REGISTERED else None
    if placeholders is None:
        entry.fail(f"未知的规则类型“{kind}”")
        raise AssertionError  # unreachable: fail raises
    for name in PLACEHOLDER.findall(message):
        if name not in placeholders:
            entry.fail(f"提示文字中的占位符“{{{name}}}”不适用于 {kind} 规则")
    base = {"id": rule_id, "kind": kind, "severity": severity, "message": message}
    if kind in _REGISTERED:
        return _REGISTERED[kind][1](entry, fmt, base)

    if kind == "sum":
        table = _table(entry, fmt)
        sum_over, cell_of, lines = _lines(entry, table)
        pairs = []
        for index, raw in enumerate(entry.items("sums")):
            s = entry.child(raw, f"sums[{index}]")
            total, parts = s.get("total", str), s.get("parts", list)
            _items(s, table, sum_over, [total, *parts], "求和")
            for line in entry.get("only", list, lines):
                target = cell_of(line, total)
                if target is None:
                    continue
                part_cells = tuple(c for c in (cell_of(line, p) for p in parts) if c is not None)
                pairs.append((target, part_cells))
        if not pairs:
            entry.fail("没有可检查的单元格")
        return SumRule(**base, pairs=tuple(pairs))

    if kind == "balance":
        table = _table(entry, fmt)
        sum_over, cell_of, lines = _lines(entry, table)
        left, right = entry.get("left", list), entry.get("right", list)
        _items(entry, table, sum_over, [*left, *right], "勾稽关系")
        balance_lines = []
        for line in lines:
            left_cells = [c for c in (cell_of(line, item) for item in left) if c is not None]
            right_cells = [c for c in (cell_of(line, item) for item in right) if c is not None]
            if len(left_cells) == len(left) and len(right_cells) == len(right):
                balance_lines.append((line, tuple(left_cells), tuple(right_cells)))
        return BalanceRule(**base, lines=tuple(balance_lines), sum_over=sum_over)

    if kind == "not_greater":
        table = _table(entry, fmt)
        sum_over, cell_of, lines = _lines(entry, table)
        lesser, greater = entry.get("lesser", str), entry.get("greater", str)
        _items(entry, table, sum_over, [lesser, greater], "比较")
        pairs2 = []
        for line in lines:
            a, b = cell_of(line, lesser), cell_of(line, greater)
            if a and b:
                pairs2.append((a, b))
        return NotGreaterRule(**base, pairs=tuple(pairs2))

    if kind == "no_blank":
        table = _table(entry, fmt)
        extra = {}
        for key, allowed in (("total_message", {"cell", "parts"}), ("stale_total_message", {"cell"})):
            extra[key] = entry.get(key, str, empty=False)
            for name in PLACEHOLDER.findall(extra[key]):
                if name not in allowed:
                    entry.fail(f"“{key}”中的占位符“{{{name}}}”不适用于 no_blank 规则")
        return NoBlankRule(**base, cells=tuple(table.cells()), **extra)

    if kind == "sections_required":
        return SectionsRequiredRule(**base, sections=tuple(s.id for s in fmt.sections if s.required))

    if kind == "section_not_empty":
        section = entry.get("section", str)
        if not fmt.has_section(section):
            entry.fail(f"引用了不存在的部分“{section}”")
        return SectionNotEmptyRule(**base, section=section)

    if kind == "field_required":
        field_name = entry.get("field", str)
        if field_name not in REPORT_FIELDS:
            entry.fail(f"未知的字段“{field_name}”（可用：{'、'.join(REPORT_FIELDS)}）")
        return FieldRequiredRule(**base, field=field_name)

    when = entry.get("when", str, "outside")
    if when not in ("outside", "inside"):
        entry.fail("“when”应为 outside 或 inside")
    return YearRangeRule(
        **base,
        year_from=entry.get("from", int, None),
        year_to=entry.get("to", int, None),
        inside=when == "inside",
    )


def compile_rules(fmt: ReportFormat, entries: list[_Entry]) -> tuple[Rule, ...]:
    """Turn a format file's rule entries into checkers, failing on the first bad one."""
    import importlib

    for module in RULE_MODULES:
        importlib.import_module(module)
    return tuple(_compile_one(entry, fmt) for entry in entries)


# -- using the rules ---------------------------------------------------------------------


_RUNNING: ContextVar[tuple[Report, list[Finding]] | None] = ContextVar("validation_in_progress", default=None)


def findings_so_far(report: Report) -> list[Finding] | None:
    """The findings of the rules declared before the one running now, during validate.

    Lets a rule build on the earlier ones (the text checks skip a table the arithmetic
    rules found wrong) without running them again: None outside a validation of report.
    """
    running = _RUNNING.get()
    return running[1] if running is not None and running[0] is report else None


def validate(report: Report, previous: Report | None = None) -> list[Finding]:
    """Every finding for the report, in the order the format declares its rules.

    Args:
        previous: last year's report of the same body, when known; rules that compare
            with it (a Rule with uses_previous) are skipped without it.
    """
    findings: list[Finding] = report.input_findings()
    token = _RUNNING.set((report, findings))
    try:
        for rule in report.format.rules:
            if rule.uses_previous:
                if previous is not None:
                    findings.extend(rule.check_against(report, previous))
            else:
                findings.extend(rule.check(report))
    finally:
        _RUNNING.reset(token)
    return findings


def total_cells(fmt: ReportFormat) -> dict[Cell, list[tuple[Cell, ...]]]:
    """Each total cell of the format with the part lists that define it."""
    totals: dict[Cell, list[tuple[Cell, ...]]] = {}
    for rule in fmt.rules:
        if isinstance(rule, SumRule):
            for target, parts in rule.pairs:
                totals.setdefault(target, []).append(parts)
    return totals


_LEAVES: dict[int, tuple[ReportFormat, dict[Cell, tuple[Cell, ...]]]] = {}


def total_leaves(fmt: ReportFormat) -> dict[Cell, tuple[Cell, ...]]:
    """Each total cell with the cells that are no total and feed it, through totals of
    totals: what a clerk fills for the total to be computed. Remembered per format."""
    remembered = _LEAVES.get(id(fmt))
    if remembered is not None and remembered[0] is fmt:
        return remembered[1]
    totals = total_cells(fmt)

    def leaves_of(cell: Cell, seen: frozenset[Cell]) -> list[Cell]:
        if cell not in totals:
            return [cell]
        if cell in seen:
            return []  # a cycle in a broken format: nothing more to fill through it
        found: list[Cell] = []
        for part in totals[cell][0]:
            found += [c for c in leaves_of(part, seen | {cell}) if c not in found]
        return found

    result = {total: tuple(leaves_of(total, frozenset())) for total in totals}
    _LEAVES[id(fmt)] = (fmt, result)
    return result


def computed_totals(report: Report) -> dict[Cell, Number]:
    """The value every total cell should have, computed from the cells that are no total.

    Totals of totals (（七）总计·总计) are computed through their parts, so the result holds
    even where the clerk left every total blank. Used to show totals read-only and to
    fill them on request.
    """
    totals = total_cells(report.format)
    values: dict[Cell, Number | None] = dict(report.cells)
    # Sums form a directed acyclic graph, so repeating until nothing changes converges
    # within as many passes as the longest chain of totals; the bound guards bad data.
    for _ in range(len(totals) + 1):
        changed = False
        for target, part_lists in totals.items():
            parts = part_lists[0]
            value: Number = 0
            for cell in parts:
                part = values[cell]
                if part is not None:
                    value += part
            if values[target] != value:
                values[target] = value
                changed = True
        if not changed:
            break
    return {cell: values[cell] for cell in totals}  # type: ignore[misc]


def fill_totals(report: Report) -> list[Cell]:
    """Write the computed value into every total cell; returns the cells that changed."""
    changed = []
    for cell, value in computed_totals(report).items():
        if report.cells[cell] != value:
            report.cells[cell] = value
            changed.append(cell)
    return changed


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts
