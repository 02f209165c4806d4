"""A report being edited: what the wizard's pages show and every edit they make.

The wizard holds no rule (DEVELOPERS.md): it asks this session which pages exist, which
findings belong to which page, whether a cell is a computed total, and hands it every
keystroke. Totals are computed from their parts as the parts change (docs/design-notes.md
§1.4: totals read-only), so a stale total can only come from an imported file;
`fill_totals` recomputes them all on request.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from msgspec import Struct

from models.findings import Finding, Location
from models.formats import Cell, ReportFormat
from models.report import Report, clean_text_with_notice
from models.rules import computed_totals, total_cells, validate
from models.values import Value

if TYPE_CHECKING:
    from models.clipboard import PasteResult

ONE_LINE_FIELDS = {"organization": "机关名称", "title": "标题", "issuer": "落款机关", "contact": "联系方式"}


class Page(Struct, frozen=True):
    """One page of the wizard."""

    key: str
    kind: str
    """basics, section, table, check or export."""
    title: str
    section: str | None = None
    table: str | None = None


def wizard_pages(fmt: ReportFormat) -> list[Page]:
    """The basics, each section followed by its tables, the check and the export."""
    pages = [Page("basics", "basics", "基本信息")]
    for section in fmt.sections:
        pages.append(Page(f"section:{section.id}", "section", section.heading, section=section.id))
        for table_id in section.tables:
            table = fmt.table(table_id)
            pages.append(Page(f"table:{table_id}", "table", f"{table.name} {table.title}", section=section.id, table=table_id))
    pages.append(Page("check", "check", "检查"))
    pages.append(Page("export", "export", "导出"))
    return pages


def page_key_of(location: Location) -> str:
    """The page on which a finding at this location is fixed."""
    if location.table:
        return f"table:{location.table}"
    if location.section:
        return f"section:{location.section}"
    return "basics"


class EditSession:
    """One report under edit, with its findings kept current.

    Attributes:
        notices: findings about what an edit changed (characters removed), shown once.
        on_change: called after every accepted edit; the wizard re-renders and schedules
            the autosave from it.
    """

    def __init__(self, report: Report, previous: Report | None = None) -> None:
        self.report = report
        self.previous = previous
        """Last year's report, when known: the cross-year checks (T3-06, T2-02, X-01) need it."""
        self.notices: list[Finding] = []
        self.on_change: list[Callable[[], None]] = []
        self._totals = total_cells(report.format)
        self._dependents = self._total_dependents()
        self._findings: list[Finding] | None = None

    # -- reading ---------------------------------------------------------------------

    @property
    def format(self) -> ReportFormat:
        return self.report.format

    def pages(self) -> list[Page]:
        return wizard_pages(self.report.format)

    def findings(self) -> list[Finding]:
        if self._findings is None:
            self._findings = validate(self.report, self.previous)
        return self._findings

    def findings_on(self, page_key: str) -> list[Finding]:
        return [f for f in self.findings() if page_key_of(f.location) == page_key]

    def badge(self, page_key: str) -> tuple[int, int]:
        """(errors, warnings without a note) on a page: what its badge shows."""
        found = self.findings_on(page_key) if page_key not in ("check", "export") else self.findings()
        errors = sum(1 for f in found if f.severity == "error")
        warnings = sum(1 for f in found if f.severity == "warning" and not self.report.notes.get(f.key, "").strip())
        return errors, warnings

    def cell_findings(self, table: str) -> dict[Cell, list[Finding]]:
        by_cell: dict[Cell, list[Finding]] = {}
        for finding in self.findings():
            location = finding.location
            if location.table == table and location.row and location.column:
                by_cell.setdefault((table, location.row, location.column), []).append(finding)
        return by_cell

    def is_total(self, cell: Cell) -> bool:
        return cell in self._totals

    def computed(self, cell: Cell) -> Value:
        return computed_totals(self.report).get(cell)

    def layout(self, table: str):  # noqa: ANN201 - models.table_layout.TableLayout
        # Imported here: only a table page, built when first shown, lays a table out.
        from models.table_layout import layout_table

        return layout_table(self.report, self.format.table(table))

    def submittable(self) -> bool:
        """No error and a note on every warning (docs/design-notes.md §1.1)."""
        errors, warnings = self.badge("check")
        return errors == 0 and warnings == 0

    # -- editing ---------------------------------------------------------------------

    def _changed(self) -> None:
        self._findings = None
        for listener in list(self.on_change):
            listener()

    def set_field(self, name: str, value: str) -> None:
        """Set a one-line basic field; line breaks and control characters are removed."""
        if name not in ONE_LINE_FIELDS:
            raise KeyError(name)
        cleaned, notices = clean_text_with_notice(value, Location(field=name), ONE_LINE_FIELDS[name])
        cleaned = " ".join(cleaned.replace("\n", "").split())
        self.notices += notices
        if name == "title":
            self.report.title_override = "" if cleaned == self.report.generated_title else cleaned
        else:
            setattr(self.report, name, cleaned)
        self._changed()

    def set_year(self, year: int | None) -> None:
        self.report.year = year
        self._changed()

    def set_date(self, date: datetime.date | None) -> None:
        self.report.date, self.report.date_as_typed = date, ""
        self._changed()

    def enter_date(self, text: str) -> datetime.date | None:
        """The 成文日期 as typed; blank clears it. Text that is no day is kept as typed
        and is an error (Report.enter_date): never the previous date, never another day."""
        date = self.report.enter_date(text)
        self._changed()
        return date

    def set_text(self, section: str | None, text: str) -> None:
        """A section text, or the 编制说明 when section is None."""
        self.notices += self.report.set_text(section, text)
        self._changed()

    def set_note(self, finding: Finding, note: str) -> None:
        """The clerk's note on a warning; the reviewer reads it (docs/design-notes.md §1.1)."""
        if note.strip():
            self.report.notes[finding.key] = note.strip()
        else:
            self.report.notes.pop(finding.key, None)
        self._changed()

    def enter_cell(self, cell: Cell, text: str) -> Value:
        """A value typed into a cell; the totals that depend on it follow.

        Raises:
            InputError: naming the cell; nothing is changed.
            PermissionError: the cell is a computed total.
        """
        if self.is_total(cell):
            from models.total_hints import typed_into_total

            raise PermissionError(typed_into_total(self.report, cell, self._totals[cell][0]))
        value = self.report.enter(*cell, text)
        self._update_totals([cell])
        self._changed()
        return value

    def paste(self, table: str, anchor: Cell, text: str) -> PasteResult:
        """A block copied from Excel or WPS (tab-separated rows), pasted at a cell.

        Values go to the value cells at the same offsets on the table's grid (see
        models.clipboard); label cells under the block are skipped. Every value is
        checked first: if any is refused, nothing is changed. A total under the block
        keeps its computed value; a pasted total that disagrees is reported, because the
        source the clerk copied from has a mistake (issue 14, point 6).
        """
        from models.clipboard import PasteResult, check_pasted_totals, plan_paste

        plan = plan_paste(self.report, self.layout(table), self._totals, anchor, text)
        if plan.problems:
            return PasteResult([], plan.problems, [])
        for cell, value in plan.values:
            self.report.cells[cell] = value
        filled = [c for c, _ in plan.values]
        self._update_totals(filled, also=[c for c, _ in plan.totals])
        self._changed()
        return PasteResult(filled, [], check_pasted_totals(self.report, plan.totals, self.report.cells))

    def fill_blanks_with_zero(self, table: str) -> list[Cell]:
        """“没有发生的事项填 0”: an explicit action, never done silently (F12)."""
        filled = [c for c in self.format.table(table).cells() if self.report.cells[c] is None and not self.is_total(c)]
        for cell in filled:
            self.report.cells[cell] = 0
        self._update_totals(filled)
        self._changed()
        return filled

    def fill_totals(self) -> list[Cell]:
        """Recompute every total from its parts (for a report that came with stale ones)."""
        changed = [c for c, v in computed_totals(self.report).items() if self.report.cells[c] != v]
        for cell, value in computed_totals(self.report).items():
            self.report.cells[cell] = value
        self._changed()
        return changed

    # -- totals ----------------------------------------------------------------------

    def _total_dependents(self) -> dict[Cell, set[Cell]]:
        """For each cell, the totals that (directly or through other totals) sum it."""
        direct: dict[Cell, set[Cell]] = {}
        for total, part_lists in self._totals.items():
            for parts in part_lists:
                for part in parts:
                    direct.setdefault(part, set()).add(total)
        closure: dict[Cell, set[Cell]] = {}
        for cell in direct:
            seen: set[Cell] = set()
            stack = list(direct[cell])
            while stack:
                total = stack.pop()
                if total not in seen:
                    seen.add(total)
                    stack.extend(direct.get(total, ()))
            closure[cell] = seen
        return closure

    def _update_totals(self, edited: Iterable[Cell], also: Iterable[Cell] = ()) -> None:
        """Recompute the totals that sum the edited cells, and the totals in `also`."""
        affected: set[Cell] = set(also)
        for cell in edited:
            affected |= self._dependents.get(cell, set())
        if not affected:
            return
        computed = computed_totals(self.report)
        for total in affected:
            self.report.cells[total] = computed[total]
