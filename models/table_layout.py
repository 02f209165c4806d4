"""Where every cell of an official table sits on the grid: for the Word export and the wizard.

The layout is derived from the format data only: nesting of rows gives the merged label
columns of 表三, column groups give the grouped headers of 表三 and 表四, row groups give
the captioned blocks of 表二, and label/unit headers give the legacy 指标/单位/数量
tables. Keeping it apart from the XML makes the merges testable in plain Python.
"""

from __future__ import annotations

from msgspec import Struct, field

from models.formats import Cell, Table
from models.report import Report
from models.values import format_value

SMALL_TABLE_ROWS = 8
"""A table this short is kept on one page; longer ones flow with repeated headers."""

BLANK_TEXT = "未填"
"""What a blank cell prints: an export never shows a blank cell silently (docs/design-notes.md §1.3)."""


class Box(Struct, frozen=True):
    """A rectangle of the grid holding one piece of text."""

    row: int
    col: int
    text: str
    kind: str
    """corner, header, caption, label, unit or value: decides alignment and font."""
    rowspan: int = 1
    colspan: int = 1
    cell: Cell | None = None


class TableLayout(Struct):
    table: Table
    rows: int
    columns: int
    header_rows: int
    """Rows at the top repeated on every page (tblHeader)."""
    boxes: list[Box]
    keep_with_next: set[int] = field(default_factory=set)
    """Rows that must stay on the page of the row after them: header rows, the rows of
    a 表二 block, every row of a small table but the last."""

    def __post_init__(self) -> None:
        self.keep_with_next |= set(range(self.header_rows))
        if self.rows <= SMALL_TABLE_ROWS:
            self.keep_with_next |= set(range(self.rows - 1))

    def row_boxes(self) -> list[list[tuple[Box, str | None]]]:
        """For each grid row, its boxes left to right with the vertical-merge state.

        A box spanning several rows appears in each of them: "restart" in its first row,
        "continue" below, None when it spans one row. This is the shape Word wants.
        """
        by_row: list[list[tuple[Box, str | None]]] = [[] for _ in range(self.rows)]
        for box in self.boxes:
            for r in range(box.row, box.row + box.rowspan):
                state = None if box.rowspan == 1 else ("restart" if r == box.row else "continue")
                by_row[r].append((box, state))
        for entries in by_row:
            entries.sort(key=lambda entry: entry[0].col)
        return by_row


def _spread(count: int, width: int) -> list[int]:
    """How `count` columns share `width` grid columns: one each, the last takes the rest."""
    return [1] * (count - 1) + [width - (count - 1)]


def _value_text(report: Report, cell: Cell) -> str:
    value = report.cells[cell]
    return BLANK_TEXT if value is None else format_value(value)


def _column_headers(table: Table, first_col: int, height: int) -> list[Box]:
    """Grouped column headers: a group spans its columns, a leaf reaches the bottom."""
    boxes = []
    paths = [table.column_group_path(c.id) for c in table.columns]
    for level in range(height):
        index = 0
        while index < len(table.columns):
            path = paths[index]
            if level < len(path):
                group = path[level]
                end = index
                while end + 1 < len(table.columns) and len(paths[end + 1]) > level and paths[end + 1][level] == group:
                    end += 1
                boxes.append(Box(level, first_col + index, group.label, "header", colspan=end - index + 1))
                index = end + 1
            else:
                if level == len(path):
                    column = table.columns[index]
                    boxes.append(Box(level, first_col + index, column.label, "header", rowspan=height - level))
                index += 1
    return boxes


def _blocks_layout(report: Report, table: Table) -> TableLayout:
    """表二: each row group is a caption row, a header row and its rows."""
    width = table.value_grid_columns
    label_cols = table.label_columns
    boxes: list[Box] = []
    keep: set[int] = set()
    row = 0
    for group in table.row_groups:
        block_start = row
        boxes.append(Box(row, 0, group.label, "caption", colspan=label_cols + width))
        columns = [table.column(c) for c in group.columns] or list(table.columns)
        spans = _spread(len(columns), width)
        boxes.append(Box(row + 1, 0, group.header or table.label_header or "", "header", colspan=label_cols))
        col = label_cols
        for column, span in zip(columns, spans):
            boxes.append(Box(row + 1, col, column.label, "header", colspan=span))
            col += span
        row += 2
        for data_row in (r for r in table.rows if r.group == group.id):
            boxes.append(Box(row, 0, report.row_label(table.id, data_row.id), "label", colspan=label_cols))
            col = label_cols
            for column, span in zip(columns, spans):
                cell = (table.id, data_row.id, column.id)
                boxes.append(Box(row, col, _value_text(report, cell), "value", colspan=span, cell=cell))
                col += span
            row += 1
        keep |= set(range(block_start, row - 1))
    return TableLayout(table, row, label_cols + width, 0, boxes, keep)


def layout_table(report: Report, table: Table) -> TableLayout:
    """The grid of one table of the report, with its values."""
    if any(g.columns for g in table.row_groups):
        return _blocks_layout(report, table)
    label_cols = table.label_columns
    unit_cols = 1 if table.unit_header else 0
    first_value = label_cols + unit_cols
    height = 1 + max((len(table.column_group_path(c.id)) for c in table.columns), default=0)
    boxes: list[Box] = []
    if label_cols:
        corner = table.corner_note or table.label_header or ""
        boxes.append(Box(0, 0, corner, "corner" if table.corner_note else "header", rowspan=height, colspan=label_cols))
    if unit_cols:
        boxes.append(Box(0, label_cols, table.unit_header or "", "header", rowspan=height))
    boxes += _column_headers(table, first_value, height)

    data_rows = [r for r in table.rows if r.has_cells]
    position = {r.id: height + i for i, r in enumerate(data_rows)}
    for data_row in data_rows:
        row = position[data_row.id]
        depth = len(table.row_ancestors(data_row.id))
        if label_cols:
            label = report.row_label(table.id, data_row.id)
            boxes.append(Box(row, depth, label, "label", colspan=label_cols - depth))
        if unit_cols:
            boxes.append(Box(row, label_cols, table.unit_of(data_row.id, table.columns[0].id) or "", "unit"))
        for index, column in enumerate(table.columns_of(data_row.id)):
            cell = (table.id, data_row.id, column.id)
            boxes.append(Box(row, first_value + index, _value_text(report, cell), "value", cell=cell))
    # A label-only row (三、本年度办理结果, （三）不予公开) is a vertical merge beside the
    # rows nested under it.
    for label_row in (r for r in table.rows if not r.has_cells):
        inside = [position[r.id] for r in data_rows if label_row in table.row_ancestors(r.id)]
        if inside:
            depth = len(table.row_ancestors(label_row.id))
            boxes.append(Box(min(inside), depth, label_row.label, "label", rowspan=len(inside)))
    return TableLayout(table, height + len(data_rows), first_value + len(table.columns), height, boxes)
