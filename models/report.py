"""The report a clerk fills in: basics, 编制说明, section texts and table cells.

The report, not the wizard, holds the truth (docs/design-notes.md §3.1). Cells are keyed by
(table, row, column) ids from the format; a cell that was never filled is None, because
blank is not 0 (docs/design-notes.md §1.3). Counts are int, money is Decimal.
"""

from __future__ import annotations

import datetime
import re

from msgspec import Struct, field

from models.findings import Finding, Location
from models.formats import Cell, ReportFormat
from models.values import InputError, Value, clean_text, parse_date, parse_value

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill_template(template: str, values: dict[str, object]) -> str:
    """Fill {name} placeholders from a dict; nothing in the template is evaluated."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


class Report(Struct):
    """One annual report in one format.

    Attributes:
        title_override: the title when it is not the generated one (the sample's title
            names the city, not the issuing office); empty means generated.
        row_labels: per-report labels of rows the format marks renamable (legacy-2013's
            refusal reasons differ by locality), as {table: {row: label}}.
        notes: the clerk's note on each warning, by Finding.key; a warning with a note
            no longer blocks submission, and the reviewer reads the note.
        date_as_typed: the 成文日期 as the clerk typed it when it is not a day that
            exists (“2014年2月30日”); `date` is then None. Kept rather than dropped or
            moved to a day that exists, so that the clerk sees what they typed, marked as
            an error (IN-02) that blocks submission until they correct it (issue 14).
    """

    format: ReportFormat
    organization: str = ""
    year: int | None = None
    title_override: str = ""
    issuer: str = ""
    date: datetime.date | None = None
    contact: str = ""
    preface: str = ""
    texts: dict[str, str] = field(default_factory=dict)
    cells: dict[Cell, Value] = field(default_factory=dict)
    row_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    date_as_typed: str = ""

    def __post_init__(self) -> None:
        for cell in self.format.cells():
            self.cells.setdefault(cell, None)
        for section in self.format.sections:
            self.texts.setdefault(section.id, "")

    @classmethod
    def new(cls, fmt: ReportFormat, organization: str = "", year: int | None = None) -> Report:
        """A fresh report with the format's default texts on offer already filled in."""
        report = cls(format=fmt, organization=organization, year=year)
        for section in fmt.sections:
            report.texts[section.id] = section.default_text
        return report

    @property
    def generated_title(self) -> str:
        if not self.organization or self.year is None:
            return ""
        return fill_template(self.format.title_pattern, {"organization": self.organization, "year": self.year})

    @property
    def title(self) -> str:
        return self.title_override or self.generated_title

    def default_preface(self) -> str:
        """The format's standard 编制说明, with this report's body, year and contact."""
        contact_sentence = (
            f"如对本报告有疑问，请与{self.organization}联系（{self.contact}）。" if self.contact else ""
        )
        return fill_template(
            self.format.preface_default,
            {
                "organization": self.organization,
                "year": self.year if self.year is not None else "",
                "contact_sentence": contact_sentence,
            },
        )

    # -- the date ------------------------------------------------------------------

    def enter_date(self, text: str) -> datetime.date | None:
        """Put a typed 成文日期 in: the day it reads as, or, if it reads as none, the text
        itself (see date_as_typed). Blank clears both.

        A date field is read at every keystroke, so on the way to “2014年2月30日” it reads
        “2014年2月3” (a real day): only the last text counts, whatever came before.
        """
        # One line, nothing invisible: what is kept must be what the field showed, and
        # must go into a JSON file and a .docx.
        cleaned = " ".join(clean_text(text)[0].split())
        try:
            self.date = parse_date(cleaned)
        except InputError:
            self.date, self.date_as_typed = None, cleaned
        else:
            self.date_as_typed = ""
        return self.date

    def date_problem(self) -> str:
        """Why the 成文日期 is no day (“…这一天不存在：2014年2月只有 28 天”); "" when it is one."""
        if not self.date_as_typed:
            return ""
        try:
            parse_date(self.date_as_typed)
        except InputError as error:
            return str(error)
        return ""

    def input_findings(self) -> list[Finding]:
        """Errors about values kept as typed because they read as no value (IN-02).

        Not a format's rule: whatever the format, a value that is no value cannot be
        submitted or printed in a final document.
        """
        problem = self.date_problem()
        if not problem:
            return []
        return [Finding("error", "IN-02", Location(field="date"), f"成文日期{problem}，请改正")]

    def kept_as_typed(self, name: str) -> bool:
        """Whether the field holds text that reads as no value: it is filled in, though wrongly."""
        return name == "date" and bool(self.date_as_typed)

    # -- cells ---------------------------------------------------------------------

    def get(self, table: str, row: str, column: str) -> Value:
        return self.cells[(table, row, column)]

    def set(self, table: str, row: str, column: str, value: Value) -> None:
        """Set a cell to an already typed value (int, Decimal or None)."""
        cell = (table, row, column)
        if cell not in self.cells:
            raise KeyError(cell)
        kind = self.format.table(table).value_kind(row, column)
        self.cells[cell] = parse_value(kind, value)

    def enter(self, table: str, row: str, column: str, text: str) -> Value:
        """Put what a clerk typed into a cell; the old value stays if it is refused.

        Raises:
            InputError: naming the cell, e.g. “（七）总计·自然人：件数不能为负数（-3）”.
        """
        cell = (table, row, column)
        if cell not in self.cells:
            raise KeyError(cell)
        kind = self.format.table(table).value_kind(row, column)
        try:
            value = parse_value(kind, text)
        except InputError as error:
            raise InputError(f"{self.cell_name(table, row, column)}：{error}") from None
        self.cells[cell] = value
        return value

    def row_label(self, table: str, row: str) -> str:
        return self.row_labels.get(table, {}).get(row) or self.format.table(table).row(row).label

    def cell_name(self, table_id: str, row_id: str, column_id: str | None) -> str:
        """How a message names a cell: “（七）总计·自然人”, “行政复议·总计”, “申请总数”.

        A sub-row is named with its parent (“（三）不予公开/1.属于国家秘密”); a column whose
        label repeats in the table (table 四's 总计) with its group path; the only column
        of a one-column table (legacy 数量) and an unlabelled row not at all.
        """
        table = self.format.table(table_id)
        parts = []
        row_label = self.row_label(table_id, row_id)
        ancestors = table.row_ancestors(row_id)
        if len(ancestors) >= 2:
            row_label = f"{ancestors[-1].label}/{row_label}"
        if row_label:
            parts.append(row_label)
        if column_id is not None and len(table.columns) > 1:
            parts.append(self.column_name(table_id, column_id))
        return "·".join(parts)

    def column_name(self, table_id: str, column_id: str) -> str:
        table = self.format.table(table_id)
        label = table.column(column_id).label
        if sum(1 for c in table.columns if c.label == label) > 1:
            return "·".join([g.label for g in table.column_group_path(column_id)] + [label])
        return label

    # -- texts -----------------------------------------------------------------------

    def set_text(self, section: str | None, text: str) -> list[Finding]:
        """Set a section text (or the 编制说明 when section is None), cleaning it.

        Returns:
            A notice for each kind of character that was removed, so the clerk knows.
        """
        cleaned, notices = clean_text_with_notice(text, Location(section=section) if section else Location(field="preface"), self.section_name(section))
        if section is None:
            self.preface = cleaned
        else:
            if not self.format.has_section(section):
                raise KeyError(section)
            self.texts[section] = cleaned
        return notices

    def section_name(self, section: str | None) -> str:
        return "编制说明" if section is None else self.format.section(section).heading


def clean_text_with_notice(text: str, location: Location, where: str) -> tuple[str, list[Finding]]:
    """clean_text, plus an info finding when something was removed."""
    cleaned, removed = clean_text(text)
    if not removed:
        return cleaned, []
    return cleaned, [
        Finding(
            "info",
            "IN-01",
            location,
            f"{where}：已删除 {removed} 个不可见的控制字符（通常来自复制粘贴），正文内容未变",
        )
    ]
