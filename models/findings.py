"""What a check reports: a finding with its severity, rule id and location.

Findings are shared by the rules, by input normalisation and by the exchange reader, so
that the wizard, `check` and the export show one kind of message however it arose.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from msgspec import Struct

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}


class Location(Struct, frozen=True):
    """Where a finding points: a basic field, a section, a table, a row or a cell.

    `column` without `row` means a whole column (a per-column rule such as T3-01).
    """

    field: str | None = None
    section: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None

    @property
    def key(self) -> str:
        """A stable text key, used to attach a clerk's note to a warning."""
        return ";".join(f"{name}={value}" for name, value in self.as_dict().items())

    def as_dict(self) -> dict[str, str]:
        """The parts that are set, in a fixed order (field, section, table, row, column)."""
        parts = (("field", self.field), ("section", self.section), ("table", self.table), ("row", self.row), ("column", self.column))
        return {name: value for name, value in parts if value is not None}


Number = int | Decimal


class Finding(Struct, frozen=True):
    """One problem (or notice) found in a report.

    `expected` and `actual` are set by the arithmetic rules so that the wizard can offer
    the computed value of a total; `actual` is None for a blank cell. `span` is where in
    the text of its section (or 编制说明) a finding about a piece of text first occurs, as
    (start, end) character offsets, so that a click can select it there; it is not part
    of the key, since it moves as the clerk types.
    """

    severity: Severity
    rule: str
    location: Location
    message: str
    expected: Number | None = None
    actual: Number | None = None
    span: tuple[int, int] | None = None

    @property
    def key(self) -> str:
        return f"{self.rule}@{self.location.key}"
