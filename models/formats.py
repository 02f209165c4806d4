"""Report formats, read from the data files in resources/formats/.

A format is data (docs/design-notes.md §1.8, §7.1): headings, guidance, tables, labels,
units and rules all come from the file; this module only reads it, checks that it holds
together and offers lookups. The check runs when the file is loaded, so that a broken
file stops with a message naming the file and the entry rather than a KeyError in the
middle of a clerk's work.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from collections.abc import Iterator

from msgspec import Struct

from models.resources import resources_dir
from models.values import VALUE_KINDS

if TYPE_CHECKING:
    from models.rules import Rule

Cell = tuple[str, str, str]
"""(table id, row id, column id)"""

TYPE_AREA_TWIPS = 8844
"""The 156 mm width of the GB/T 9704 type area, in twentieths of a point."""


class FormatError(Exception):
    """A format file is missing, malformed or inconsistent; the message names where."""


class Group(Struct, frozen=True):
    """A caption over several rows (table 二's 第二十条第（一）项) or columns (申请人情况)."""

    id: str
    label: str
    parent: str | None = None
    header: str | None = None
    columns: tuple[str, ...] = ()


class Column(Struct, frozen=True):
    id: str
    label: str
    group: str | None = None
    unit: str | None = None
    value: str | None = None
    unit_note: str | None = None


class Row(Struct, frozen=True):
    id: str
    label: str
    parent: str | None = None
    group: str | None = None
    unit: str | None = None
    value: str | None = None
    has_cells: bool = True
    renamable: bool = False
    code: str | None = None
    single_row_into: str | None = None
    """For a label-only row whose sub-rows were a single row in an older layout (2019's
    （六）其他处理): the sub-row that receives that single row's values on import."""


class Table(Struct, dict=True):
    id: str
    number: str
    name: str
    title: str
    section: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    unit: str | None = None
    value: str = "count"
    column_groups: tuple[Group, ...] = ()
    row_groups: tuple[Group, ...] = ()
    corner_note: str | None = None
    note: str | None = None
    label_header: str | None = None
    unit_header: str | None = None
    caption: str | None = None
    column_widths: tuple[int, ...] = ()
    """Twips of each grid column (label columns, unit column, value columns); they must
    fit the 156 mm type area of GB/T 9704 (TYPE_AREA_TWIPS)."""

    def __post_init__(self) -> None:
        # Look-ups built once from the rows and columns (dict=True gives them a home
        # outside the fields, so they stay out of the repr and of equality).
        self._rows: dict[str, Row] = {row.id: row for row in self.rows}
        self._columns: dict[str, Column] = {column.id: column for column in self.columns}
        self._row_columns: dict[str, tuple[Column, ...]] = {}
        groups = {group.id: group for group in self.row_groups}
        for row in self.rows:
            if not row.has_cells:
                self._row_columns[row.id] = ()
            elif row.group and groups[row.group].columns:
                self._row_columns[row.id] = tuple(self._columns[c] for c in groups[row.group].columns)
            else:
                self._row_columns[row.id] = self.columns
        self._cells = frozenset((r, c.id) for r, columns in self._row_columns.items() for c in columns)

    def row(self, row_id: str) -> Row:
        return self._rows[row_id]

    @property
    def label_columns(self) -> int:
        """Grid columns the row labels take: one per nesting level (表三 has three)."""
        data_rows = [r for r in self.rows if r.has_cells]
        if not any(r.label or r.parent for r in data_rows):
            return 0
        return 1 + max(len(self.row_ancestors(r.id)) for r in data_rows)

    @property
    def value_grid_columns(self) -> int:
        """Grid columns for values: table 二's blocks share a grid as wide as the widest."""
        if any(g.columns for g in self.row_groups):
            return max(len(g.columns) or len(self.columns) for g in self.row_groups)
        return len(self.columns)

    @property
    def grid_columns(self) -> int:
        return self.label_columns + (1 if self.unit_header else 0) + self.value_grid_columns

    def column(self, column_id: str) -> Column:
        return self._columns[column_id]

    def has_row(self, row_id: str) -> bool:
        return row_id in self._rows

    def has_column(self, column_id: str) -> bool:
        return column_id in self._columns

    def columns_of(self, row_id: str) -> tuple[Column, ...]:
        """The value columns a row has (table 二's blocks each have their own)."""
        return self._row_columns[row_id]

    def has_cell(self, row_id: str, column_id: str) -> bool:
        return (row_id, column_id) in self._cells

    def cells(self) -> Iterator[Cell]:
        """Every value cell of the table, row by row, in the official order."""
        for row in self.rows:
            for column in self._row_columns[row.id]:
                yield (self.id, row.id, column.id)

    def value_kind(self, row_id: str, column_id: str) -> str:
        return self._columns[column_id].value or self._rows[row_id].value or self.value

    def unit_of(self, row_id: str, column_id: str) -> str | None:
        return self._columns[column_id].unit or self._rows[row_id].unit or self.unit

    def column_group_path(self, column_id: str) -> list[Group]:
        """The column's groups from the outermost in (行政诉讼 › 复议后起诉)."""
        groups = {group.id: group for group in self.column_groups}
        path: list[Group] = []
        group_id = self._columns[column_id].group
        while group_id:
            group = groups[group_id]
            path.insert(0, group)
            group_id = group.parent
        return path

    def row_group(self, row_id: str) -> Group | None:
        group_id = self._rows[row_id].group
        return next((g for g in self.row_groups if g.id == group_id), None)

    def row_ancestors(self, row_id: str) -> list[Row]:
        """The row's parents from the outermost in (三、本年度办理结果 › （三）不予公开)."""
        path: list[Row] = []
        parent = self._rows[row_id].parent
        while parent:
            row = self._rows[parent]
            path.insert(0, row)
            parent = row.parent
        return path

    @property
    def heading(self) -> str:
        return f"{self.name} {self.title}"


class Section(Struct, frozen=True):
    id: str
    heading: str
    guidance: str
    required: bool
    default_text: str = ""
    tables: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    tables_heading: str | None = None
    """A line printed before the section's tables (legacy-2013: “附表：”)."""


class ReportFormat(Struct):
    id: str
    version: int
    name: str
    basis: str
    year_from: int | None
    year_to: int | None
    title_pattern: str
    preface_guidance: str
    preface_default: str
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    path: Path
    preface_label: str | None = None
    signature: str = "end"
    """Where issuer and date go: "end" (GB/T 9704 7.3.5.2) or "under_title" (legacy)."""
    rules: tuple[Rule, ...] = ()

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def has_section(self, section_id: str) -> bool:
        return any(section.id == section_id for section in self.sections)

    def table(self, table_id: str) -> Table:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)

    def has_table(self, table_id: str) -> bool:
        return any(table.id == table_id for table in self.tables)

    def cells(self) -> Iterator[Cell]:
        for table in self.tables:
            yield from table.cells()

    def describe(self) -> dict[str, Any]:
        """The format as plain data for `main.py formats --json`.

        Every row and column carries its official label and its `path` of official
        labels (captions, parents, groups), so that a script can find any cell by the
        labels printed in the official table.
        """
        tables = []
        for table in self.tables:
            group_labels = {g.id: g.label for g in table.row_groups}
            rows = []
            for row in table.rows:
                path = [a.label for a in table.row_ancestors(row.id)]
                if row.group:
                    path.insert(0, group_labels[row.group])
                entry: dict[str, Any] = {"id": row.id, "label": row.label, "path": [*path, row.label]}
                if row.parent:
                    entry["parent"] = row.parent
                if row.group:
                    entry["group"] = row.group
                if row.unit:
                    entry["unit"] = row.unit
                if row.code:
                    entry["code"] = row.code
                entry["columns"] = [c.id for c in table.columns_of(row.id)]
                if row.renamable:
                    entry["renamable"] = True
                rows.append(entry)
            columns = []
            for column in table.columns:
                entry = {
                    "id": column.id,
                    "label": column.label,
                    "path": [g.label for g in table.column_group_path(column.id)] + [column.label],
                    "unit": column.unit or table.unit,
                    "value": column.value or table.value,
                }
                if column.group:
                    entry["group"] = column.group
                columns.append(entry)
            described: dict[str, Any] = {
                "id": table.id,
                "number": table.number,
                "name": table.name,
                "title": table.title,
                "section": table.section,
                "unit": table.unit,
                "rows": rows,
                "columns": columns,
            }
            if table.row_groups:
                described["row_groups"] = [
                    {"id": g.id, "label": g.label, "header": g.header, "columns": list(g.columns)}
                    for g in table.row_groups
                ]
            if table.column_groups:
                described["column_groups"] = [
                    {"id": g.id, "label": g.label, **({"parent": g.parent} if g.parent else {})}
                    for g in table.column_groups
                ]
            for name in ("corner_note", "note", "label_header", "unit_header"):
                if getattr(table, name):
                    described[name] = getattr(table, name)
            tables.append(described)
        return {
            "id": self.id,
            "version": self.version,
            "name": self.name,
            "basis": self.basis,
            "years": {"from": self.year_from, "to": self.year_to},
            "sections": [
                {
                    "id": s.id,
                    "heading": s.heading,
                    "required": s.required,
                    "guidance": s.guidance,
                    "default_text": s.default_text,
                    "tables": list(s.tables),
                }
                for s in self.sections
            ],
            "tables": tables,
            "rules": [{"id": r.id, "kind": r.kind, "severity": r.severity} for r in self.rules],
        }


class _Entry:
    """Reads one JSON object of a format file, naming the file and the entry on error."""

    def __init__(self, file: Path, data: object, where: str) -> None:
        self.file = file
        self.where = where
        if not isinstance(data, dict):
            self.fail("应为一个对象（{…}）")
        self.data: dict[str, Any] = data  # type: ignore[assignment]

    def fail(self, problem: str) -> None:
        raise FormatError(f"格式文件 {self.file.name} 有误（条目 {self.where}）：{problem}")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ..., *, empty: bool = True) -> Any:
        if key not in self.data:
            if default is ...:
                self.fail(f"缺少“{key}”")
            return default
        value = self.data[key]
        if value is None and default is not ... and default is None:
            return None
        if isinstance(value, bool) and kind is not bool:
            self.fail(f"“{key}”的类型不对")
        if not isinstance(value, kind):
            self.fail(f"“{key}”的类型不对")
        if not empty and isinstance(value, str) and not value.strip():
            self.fail(f"“{key}”不能为空")
        return value

    def child(self, data: object, where: str) -> _Entry:
        return _Entry(self.file, data, f"{self.where} › {where}")

    def items(self, key: str, default: Any = ...) -> list[Any]:
        value = self.get(key, list, default)
        return value if value is not None else []


def _unique(entry: _Entry, ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            entry.fail(f"{what}“{item_id}”重复")
        seen.add(item_id)


def _read_groups(entry: _Entry, key: str) -> tuple[Group, ...]:
    groups = []
    for index, raw in enumerate(entry.items(key, [])):
        g = entry.child(raw, f"{key}[{index}]")
        groups.append(
            Group(
                id=g.get("id", str, empty=False),
                label=g.get("label", str, empty=False),
                parent=g.get("parent", str, None),
                header=g.get("header", str, None),
                columns=tuple(g.get("columns", list, [])),
            )
        )
    _unique(entry, [g.id for g in groups], "分组")
    ids = {g.id for g in groups}
    for group in groups:
        if group.parent and group.parent not in ids:
            entry.fail(f"分组“{group.id}”的上级“{group.parent}”不存在")
    return tuple(groups)


def _read_table(entry: _Entry) -> Table:
    table_id = entry.get("id", str, empty=False)
    value = entry.get("value", str, "count")
    if value not in VALUE_KINDS:
        entry.fail(f"未知的数值类型“{value}”")
    column_groups = _read_groups(entry, "column_groups")
    row_groups = _read_groups(entry, "row_groups")
    columns = []
    for index, raw in enumerate(entry.items("columns")):
        c = entry.child(raw, f"columns[{index}]")
        column = Column(
            id=c.get("id", str, empty=False),
            label=c.get("label", str, empty=False),
            group=c.get("group", str, None),
            unit=c.get("unit", str, None),
            value=c.get("value", str, None),
            unit_note=c.get("unit_note", str, None),
        )
        if column.group and column.group not in {g.id for g in column_groups}:
            c.fail(f"列分组“{column.group}”不存在")
        if column.value and column.value not in VALUE_KINDS:
            c.fail(f"未知的数值类型“{column.value}”")
        columns.append(column)
    if not columns:
        entry.fail("至少要有一列")
    _unique(entry, [c.id for c in columns], "列")
    column_ids = {c.id for c in columns}
    for group in row_groups:
        for column_id in group.columns:
            if column_id not in column_ids:
                entry.fail(f"行分组“{group.id}”引用了不存在的列“{column_id}”")
    rows: list[Row] = []
    for index, raw in enumerate(entry.items("rows")):
        r = entry.child(raw, f"rows[{index}]")
        row = Row(
            id=r.get("id", str, empty=False),
            label=r.get("label", str),
            parent=r.get("parent", str, None),
            group=r.get("group", str, None),
            unit=r.get("unit", str, None),
            value=r.get("value", str, None),
            has_cells=r.get("cells", bool, True),
            renamable=r.get("renamable", bool, False),
            code=r.get("code", str, None),
            single_row_into=r.get("single_row_into", str, None),
        )
        if row.group and row.group not in {g.id for g in row_groups}:
            r.fail(f"行分组“{row.group}”不存在")
        if row.value and row.value not in VALUE_KINDS:
            r.fail(f"未知的数值类型“{row.value}”")
        if row.parent and row.parent not in {earlier.id for earlier in rows}:
            r.fail(f"上级行“{row.parent}”不存在或不在本行之前")
        rows.append(row)
    if not rows:
        entry.fail("至少要有一行")
    _unique(entry, [r.id for r in rows], "行")
    for row in rows:
        if row.single_row_into and not any(
            other.id == row.single_row_into and other.parent == row.id for other in rows
        ):
            entry.fail(f"行“{row.id}”的 single_row_into 应指向它的一个下级行")
    table = Table(
        id=table_id,
        number=entry.get("number", str, empty=False),
        name=entry.get("name", str, empty=False),
        title=entry.get("title", str, empty=False),
        section=entry.get("section", str, empty=False),
        rows=tuple(rows),
        columns=tuple(columns),
        unit=entry.get("unit", str, None),
        value=value,
        column_groups=column_groups,
        row_groups=row_groups,
        corner_note=entry.get("corner_note", str, None),
        note=entry.get("note", str, None),
        label_header=entry.get("label_header", str, None),
        unit_header=entry.get("unit_header", str, None),
        caption=entry.get("caption", str, None),
        column_widths=tuple(entry.get("column_widths", list, [])),
    )
    if table.column_widths:
        if len(table.column_widths) != table.grid_columns or not all(
            isinstance(w, int) and not isinstance(w, bool) and w > 0 for w in table.column_widths
        ):
            entry.fail(f"“column_widths”应为 {table.grid_columns} 个正整数（表格的网格列数）")
        if sum(table.column_widths) > TYPE_AREA_TWIPS:
            entry.fail(f"“column_widths”之和 {sum(table.column_widths)} 超过版心宽度 {TYPE_AREA_TWIPS}")
    return table


def load_format(path: Path) -> ReportFormat:
    """Read and check one format file, rules included.

    Raises:
        FormatError: naming the file and the entry that is wrong.
    """
    from models.rules import compile_rules  # rules need the loaded tables

    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FormatError(f"找不到格式文件 {path}") from None
    except UnicodeDecodeError:
        raise FormatError(f"格式文件 {path.name} 不是 UTF-8 编码") from None
    except json.JSONDecodeError as error:
        raise FormatError(
            f"格式文件 {path.name} 不是有效的 JSON（第 {error.lineno} 行第 {error.colno} 列）"
        ) from None
    top = _Entry(path, raw, "顶层")
    format_id = top.get("id", str, empty=False)
    if path.stem != format_id:
        top.fail(f"文件名应为 {format_id}.json")
    years = top.child(top.get("years", dict), "years")
    preface = top.child(top.get("preface", dict), "preface")
    sections = []
    for index, raw_section in enumerate(top.items("sections")):
        s = top.child(raw_section, f"sections[{index}]")
        sections.append(
            Section(
                id=s.get("id", str, empty=False),
                heading=s.get("heading", str, empty=False),
                guidance=s.get("guidance", str),
                required=s.get("required", bool),
                default_text=s.get("default_text", str, ""),
                tables=tuple(s.get("tables", list, [])),
                aliases=tuple(s.get("aliases", list, [])),
                tables_heading=s.get("tables_heading", str, None),
            )
        )
    _unique(top, [s.id for s in sections], "部分")
    tables = []
    for index, raw_table in enumerate(top.items("tables")):
        t = top.child(raw_table, f"tables[{index}]")
        tables.append(_read_table(t))
    _unique(top, [t.id for t in tables], "表")
    section_ids = {s.id for s in sections}
    table_ids = {t.id for t in tables}
    for table in tables:
        if table.section not in section_ids:
            top.fail(f"表“{table.id}”所属的部分“{table.section}”不存在")
    for section in sections:
        for table_id in section.tables:
            if table_id not in table_ids:
                top.fail(f"部分“{section.id}”引用了不存在的表“{table_id}”")
    fmt = ReportFormat(
        id=format_id,
        version=top.get("version", int),
        name=top.get("name", str, empty=False),
        basis=top.get("basis", str),
        year_from=years.get("from", int, None),
        year_to=years.get("to", int, None),
        title_pattern=top.get("title_pattern", str, empty=False),
        preface_guidance=preface.get("guidance", str),
        preface_default=preface.get("default_text", str, ""),
        sections=tuple(sections),
        tables=tuple(tables),
        path=path,
        preface_label=preface.get("label", str, None),
        signature=top.get("signature", str, "end"),
    )
    if fmt.signature not in ("end", "under_title"):
        top.fail("“signature”应为 end 或 under_title")
    fmt.rules = compile_rules(fmt, [top.child(r, f"rules[{i}]") for i, r in enumerate(top.items("rules"))])
    return fmt


def formats_dir() -> Path:
    return resources_dir() / "formats"


@lru_cache(maxsize=1)
def all_formats() -> dict[str, ReportFormat]:
    """Every format shipped in resources/formats/, loaded and checked once."""
    loaded = {}
    for path in sorted(formats_dir().glob("*.json")):
        fmt = load_format(path)
        loaded[fmt.id] = fmt
    if not loaded:
        raise FormatError(f"在 {formats_dir()} 中找不到任何格式文件")
    return loaded


def years_of(fmt: ReportFormat) -> str:
    """The years a format is for, as the new-report dialog and messages say them."""
    if fmt.year_to is None:
        return f"{fmt.year_from}年起"
    if fmt.year_from is None:
        return f"{fmt.year_to}年及以前"
    return f"{fmt.year_from}—{fmt.year_to}年"


def fits_year(fmt: ReportFormat, year: int) -> bool:
    return (fmt.year_from is None or year >= fmt.year_from) and (fmt.year_to is None or year <= fmt.year_to)


def format_for_year(year: int) -> ReportFormat | None:
    """The format a report of this year is written in: the one whose declared years hold it.

    The formats' years do not overlap (the official format changed in 2019 and 2021), so
    there is one; None for a year before any format (before 2008, when the 条例 took effect).
    """
    return next((fmt for fmt in all_formats().values() if fits_year(fmt, year)), None)


def format_mismatch(format_id: str, year: int) -> str:
    """Why a report of this year cannot be written in this format, in Chinese naming the
    right one; "" when it can. A report's format cannot be changed once it is created, so
    the new-report dialog and `new` refuse a mismatch rather than leave it to S-01."""
    fmt = get_format(format_id)
    if fits_year(fmt, year):
        return ""
    right = format_for_year(year)
    wrong = f"{fmt.id} 只适用于{years_of(fmt)}的报告"
    if right is None:
        earliest = min(f.year_from or year for f in all_formats().values())
        return f"{year}年没有适用的报告格式（本软件的格式适用于{earliest}年起的报告）：{wrong}"
    return f"{year}年的报告应使用“{right.name}”（{right.id}，适用于{years_of(right)}）：{wrong}"


def get_format(format_id: str) -> ReportFormat:
    """The format with this id.

    Raises:
        FormatError: the id is unknown; the message lists the known ones.
    """
    formats = all_formats()
    if format_id not in formats:
        known = "、".join(formats)
        raise FormatError(f"未知的报告格式“{format_id}”（可用的格式：{known}）")
    return formats[format_id]
