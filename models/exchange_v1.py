"""Reading version 1 of the exchange file: cells keyed by their official labels.

Version 1 is the label-keyed scheme of the published-report fixtures in tests/fixtures/:
tables keyed by their number (二, 三, 四), rows and columns by the labels printed in the
official table, section texts by their heading (as a text or a list of excerpts), the
body as `body`. A file without `format_version` is read as version 1. Migrating means
finding, for each label path, the one cell whose labels it names; labels are data in
the format file, so no table is spelt out here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from models.findings import Finding, Location
from models.formats import Cell, ReportFormat, Table
from models.values import InputError, parse_value

_SEPARATORS = ("/", "·")


def _cell_labels(table: Table, row_id: str, column_id: str) -> list[str]:
    """Every label the official table prints above and beside a cell, outermost first."""
    labels: list[str] = []
    group = table.row_group(row_id)
    if group:
        labels.append(group.label)
    labels += [row.label for row in table.row_ancestors(row_id)]
    labels.append(table.row(row_id).label)
    labels += [g.label for g in table.column_group_path(column_id)]
    labels.append(table.column(column_id).label)
    return [label for label in labels if label]


def _matches(keys: list[str], labels: list[str]) -> bool:
    """Whether keys name labels in order, a key possibly joining neighbours with / or ·.

    The last key must name the column label, the innermost one.
    """

    def match(k: int, i: int) -> bool:
        if k == len(keys):
            return i == len(labels)
        for start in range(i, len(labels)):
            for end in range(start + 1, len(labels) + 1):
                run = labels[start:end]
                if any(keys[k] == sep.join(run) for sep in _SEPARATORS):
                    if match(k + 1, end):
                        return True
        return False

    return match(0, 0) if keys else False


def _leaves(node: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    if isinstance(node, dict):
        leaves = []
        for key, child in node.items():
            leaves += _leaves(child, [*path, str(key)])
        return leaves
    return [(path, node)]


def _find_table(fmt: ReportFormat, key: str) -> Table | None:
    for table in fmt.tables:
        if key in (table.id, table.number, table.title, f"{table.name}"):
            return table
    return None


def _single_rows(table: Table) -> dict[str, list[str]]:
    """Label-only rows that an older layout printed as one row, with their sub-rows."""
    return {
        row.id: [r.id for r in table.rows if r.parent == row.id]
        for row in table.rows
        if row.single_row_into
    }


def _locate(table: Table, keys: list[str]) -> list[Cell]:
    """Cells whose labels the keys name; all the rows are searched, the path may skip
    outer captions (三、本年度办理结果) but must end with the column."""
    found = []
    for cell in table.cells():
        if _matches(keys, _cell_labels(table, cell[1], cell[2])):
            found.append(cell)
    return found


def _migrate_table(table: Table, node: Any, values: dict[Cell, Any], notices: list[Finding], problems: list[str]) -> None:
    if not isinstance(node, dict):
        problems.append(f"{table.name}：应为按标签排列的对象")
        return
    singles = _single_rows(table)
    merged_rows: set[str] = set()
    for keys, value in _leaves(node, []):
        if isinstance(value, list):
            problems.append(f"{table.name} {'/'.join(keys)}：应为一个数字")
            continue
        cells = _locate(table, keys)
        if len(cells) == 1:
            values[cells[0]] = value
            continue
        # An older single row (2019's （六）其他处理) where the format has sub-rows.
        single = next(
            (
                (row_id, column.id)
                for row_id in singles
                for column in table.columns
                if _matches(keys, _cell_labels(table, row_id, column.id))
            ),
            None,
        )
        if single is not None:
            row_id, column_id = single
            into = table.row(row_id).single_row_into
            for sub_row in singles[row_id]:
                # The split is unknown, except that parts of a 0 are all 0.
                values[(table.id, sub_row, column_id)] = value if sub_row == into else (0 if _is_zero(value) else None)
            merged_rows.add(row_id)
            continue
        where = "/".join(keys)
        problems.append(
            f"{table.name}“{where}”：{'对应多个单元格，无法确定' if cells else '找不到对应的单元格，请核对行列标签'}"
        )
    for row_id in merged_rows:
        row = table.row(row_id)
        into_row = table.row(row.single_row_into or "")
        notices.append(
            Finding(
                "warning",
                "IM-01",
                Location(table=table.id, row=row_id),
                f"“{row.label}”按2019年格式只填了一行，已全部计入“{into_row.label}”；"
                f"请按现行格式拆分到各子项",
            )
        )


def _is_zero(value: Any) -> bool:
    try:
        return parse_value("count", value) == 0
    except InputError:
        return False


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def migrate_v1(document: dict[str, Any], fmt: ReportFormat, source: str) -> tuple[dict[str, Any], list[Finding]]:
    """A version-1 document as a current one, with notices about what was guessed.

    Raises:
        ExchangeError: a label that names no cell, or a text under an unknown heading.
    """
    from models.exchange import CURRENT_VERSION, ExchangeError

    problems: list[str] = []
    notices: list[Finding] = []
    migrated: dict[str, Any] = {"format": fmt.id, "format_version": CURRENT_VERSION}
    # Everything else in a version-1 file (the fixtures' id, source, notes) is provenance
    # for people, not report content: it is left behind.
    migrated["organization"] = document.get("organization", document.get("body", ""))
    migrated["year"] = document.get("year")
    for name in ("title", "issuer", "date", "contact", "preface"):
        if name in document:
            migrated[name] = document[name]

    texts: dict[str, str] = {}
    for heading, text in (document.get("texts") or {}).items():
        if isinstance(text, list):
            text = "\n".join(str(part) for part in text)
        if not isinstance(text, str):
            problems.append(f"texts › {heading}：应为文字")
            continue
        if heading == "编制说明":
            migrated["preface"] = text
            continue
        section = next((s for s in fmt.sections if heading in (s.id, s.heading, *s.aliases)), None)
        if section is None:
            problems.append(f"texts › {heading}：格式 {fmt.id} 中没有这个标题")
            continue
        texts[section.id] = text
    migrated["texts"] = texts

    values: dict[Cell, Any] = {}
    for key, node in (document.get("tables") or {}).items():
        table = _find_table(fmt, key)
        if table is None:
            problems.append(f"tables › {key}：格式 {fmt.id} 中没有这张表")
            continue
        _migrate_table(table, node, values, notices, problems)
    tables: dict[str, Any] = {}
    for (table_id, row_id, column_id), value in values.items():
        tables.setdefault(table_id, {}).setdefault(row_id, {})[column_id] = _json_value(value)
    migrated["tables"] = tables
    if problems:
        raise ExchangeError(source, problems)
    return migrated, notices
