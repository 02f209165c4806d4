"""The exchange file: one report as versioned JSON (docs/exchange-format.md).

Reading is all-or-nothing: a file that is too large, not UTF-8, not JSON, of a newer
version, of an unknown format or with a wrong value anywhere raises ExchangeError with a
Chinese message for every problem found, and nothing is changed. A file of an older
version is migrated on read (models/exchange_v1.py).
"""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from models.atomic_file import write_atomic
from models.findings import Finding, Location
from models.formats import FormatError, ReportFormat, get_format
from models.report import Report, clean_text_with_notice
from models.resources import resources_dir
from models.values import InputError, parse_value

CURRENT_VERSION = 2
MAX_BYTES = 5 * 1024 * 1024
MAX_LISTED_PROBLEMS = 30
GENERATOR = "nianbao"


class ExchangeError(Exception):
    """An exchange file that cannot be read; `problems` lists each one in Chinese."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        shown = problems[:MAX_LISTED_PROBLEMS]
        lines = [f"无法读取交换文件 {source}："] + [f"  - {p}" for p in shown]
        if len(problems) > len(shown):
            lines.append(f"  - ……另有 {len(problems) - len(shown)} 处问题")
        super().__init__("\n".join(lines))


def read_exchange(path: Path | str, *, trusted: bool = False) -> tuple[Report, list[Finding]]:
    """Read an exchange file of any supported version.

    Returns:
        The report, and notices about what reading changed (control characters
        removed, an old layout migrated).

    Raises:
        ExchangeError: the file cannot be read as a report; nothing was changed.
    """
    path = Path(path)
    source = path.name
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ExchangeError(source, [f"文件太大（{size / 1024 / 1024:.1f} MB），交换文件不能超过 5 MB"])
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExchangeError(source, [f"找不到文件 {path}"]) from None
    except IsADirectoryError:
        raise ExchangeError(source, [f"{path} 是一个文件夹，不是文件"]) from None
    except PermissionError:
        raise ExchangeError(source, ["没有读取这个文件的权限"]) from None
    except OSError as error:
        raise ExchangeError(source, [f"读取文件时出错：{error.strerror or error}"]) from None
    return parse_exchange(data, source, trusted=trusted)


def parse_exchange(data: bytes, source: str = "（未命名）", *, trusted: bool = False) -> tuple[Report, list[Finding]]:
    """Parse the bytes of an exchange file; see read_exchange."""
    if len(data) > MAX_BYTES:
        raise ExchangeError(source, [f"文件太大（{len(data) / 1024 / 1024:.1f} MB），交换文件不能超过 5 MB"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExchangeError(source, [f"文件不是 UTF-8 编码（第 {error.start + 1} 个字节无法识别）"]) from None
    try:
        document = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise ExchangeError(
            source, [f"不是有效的 JSON：第 {error.lineno} 行第 {error.colno} 列附近有错（{_json_problem(error.msg)}）"]
        ) from None
    except ValueError as error:
        raise ExchangeError(source, [str(error)]) from None
    except RecursionError:
        raise ExchangeError(source, ["JSON 嵌套层次过深"]) from None
    return load_document(document, source, trusted=trusted)


_JSON_PROBLEMS = {
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Expecting property name enclosed in double quotes": "字段名应放在双引号中",
    "Expecting value": "缺少值或多了逗号",
    "Unterminated string starting at": "引号没有配对",
    "Extra data": "内容结束后还有多余的字符",
    "Invalid control character at": "文字中有控制字符",
    "Invalid \\escape": "无效的转义字符",
}


def _json_problem(message: str) -> str:
    return next((chinese for english, chinese in _JSON_PROBLEMS.items() if message.startswith(english)), message)


def _refuse_constant(name: str) -> None:
    raise ValueError(f"不是有效的 JSON：不能使用 {name}")


def load_document(document: Any, source: str = "（未命名）", *, trusted: bool = False) -> tuple[Report, list[Finding]]:
    """Build a report from a parsed exchange document (any supported version).

    Args:
        trusted: the document was written by this program (the store, the shipped
            samples): the JSON Schema check, whose validator costs a tenth of a second to
            load, is skipped. Every id and value is still checked; a document whose types
            are wrong after all (a hand edit) falls back to the full check and its
            messages.
    """
    if not isinstance(document, dict):
        raise ExchangeError(source, ["文件内容应为一个 JSON 对象（{…}）"])
    version = document.get("format_version", 1)
    if isinstance(version, bool) or not isinstance(version, int):
        raise ExchangeError(source, [f"“format_version”应为整数，现为 {json.dumps(version, ensure_ascii=False, default=str)}"])
    if version > CURRENT_VERSION:
        raise ExchangeError(
            source,
            [f"文件由较新版本的年报软件写出（format_version {version}），本软件只能读取到版本 {CURRENT_VERSION}，请先升级本软件"],
        )
    if version < 1:
        raise ExchangeError(source, [f"“format_version”{version} 无效"])
    format_id = document.get("format")
    if not isinstance(format_id, str):
        raise ExchangeError(source, ["缺少报告格式“format”（例如 \"national-2021\"）"])
    try:
        fmt = get_format(format_id)
    except FormatError as error:
        raise ExchangeError(source, [str(error)]) from None

    notices: list[Finding] = []
    if version == 1:
        from models.exchange_v1 import migrate_v1

        document, notices = migrate_v1(document, fmt, source)
    if trusted and version == CURRENT_VERSION:
        try:
            report, text_notices = _build_report(document, fmt, source)
            return report, notices + text_notices
        except (TypeError, AttributeError, KeyError, ValueError):
            pass  # not what this program writes: the full check says what is wrong
    _check_schema(document, source)
    report, text_notices = _build_report(document, fmt, source)
    return report, notices + text_notices


@lru_cache(maxsize=1)
def _schema_validator() -> Any:
    # jsonschema is imported here, not at module level, so that start-up does not pay
    # for it until a file is actually read.
    import jsonschema

    schema = json.loads((resources_dir() / "exchange.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def schema_path() -> Path:
    return resources_dir() / "exchange.schema.json"


def _where(path: Any) -> str:
    parts = [str(p) for p in path]
    return " › ".join(parts) if parts else "顶层"


_TYPE_NAMES = {"string": "文字", "integer": "整数", "object": "对象（{…}）", "null": "null", "number": "数字", "array": "列表"}


def _shown(instance: Any) -> str:
    """A value as the file wrote it: 5.5 unquoted, "5.5" quoted."""
    if isinstance(instance, Decimal):
        return format(instance, "f")
    # A list or object holding a number with a fraction holds a Decimal (parse_float).
    return json.dumps(instance, ensure_ascii=False, default=str)[:60]


def _schema_problem(error: Any) -> str:
    where = _where(error.absolute_path)
    validator = error.validator
    instance = error.instance
    if validator == "required":
        missing = [k for k in error.validator_value if k not in instance]
        return f"{where}：缺少字段“{'”“'.join(missing)}”"
    if validator == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = [k for k in instance if k not in known]
        return f"{where}：无法识别的字段“{'”“'.join(extra)}”"
    if validator == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        names = "或".join(_TYPE_NAMES.get(str(w), str(w)) for w in wanted)
        return f"{where}：应为{names}，现为 {_shown(instance)}"
    if validator == "oneOf":
        field = error.absolute_path[-1] if error.absolute_path else None
        if field == "date":
            return f"{where}：日期应写成 YYYY-MM-DD（例如 2025-01-20）或 null"
        if field == "year" and len(error.absolute_path) == 1:
            return f"{where}：年度应为 2000 至 2100 之间的整数（例如 2024），现为 {_shown(instance)}"
        if isinstance(instance, str):
            return f"{where}：单元格的文字太长（{len(instance)} 个字符）"
        return f"{where}：应为整数（件数）、数字文字（金额，例如 \"96171.6\"）或 null（空白），现为 {_shown(instance)}"
    if validator in ("minimum", "maximum"):
        return f"{where}：{instance} 超出范围（{error.schema.get('minimum')}–{error.schema.get('maximum')}）"
    if validator in ("maxLength", "minLength"):
        return f"{where}：文字长度不符合要求"
    if validator == "const":
        return f"{where}：应为 {error.validator_value}"
    return f"{where}：{error.message}"


def _check_schema(document: dict[str, Any], source: str) -> None:
    errors = sorted(_schema_validator().iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        # One "required" error per missing field lists them all: keep each message once.
        raise ExchangeError(source, list(dict.fromkeys(_schema_problem(e) for e in errors)))


def _build_report(document: dict[str, Any], fmt: ReportFormat, source: str) -> tuple[Report, list[Finding]]:
    problems: list[str] = []
    notices: list[Finding] = []

    def line(name: str, label: str, text: str) -> str:
        # A one-line field: a line break pasted into a Chinese name joins the two parts.
        cleaned, found = clean_text_with_notice(text, Location(field=name), label)
        notices.extend(found)
        return " ".join(re.sub(r"\s*\n\s*", "", cleaned).split())

    report = Report(
        format=fmt,
        organization=line("organization", "机关名称", document["organization"]),
        year=document["year"],
        issuer=line("issuer", "落款机关", document.get("issuer", "")),
        contact=line("contact", "联系方式", document.get("contact", "")),
    )
    raw_date = document.get("date")
    if raw_date:
        try:
            report.date = datetime.date.fromisoformat(raw_date)
        except ValueError:
            problems.append(f"date：日期 {raw_date} 不存在")
    as_typed = document.get("date_as_typed")
    if as_typed:
        if raw_date:
            problems.append("date_as_typed：已有成文日期 date，不能同时写未能识别的日期")
        else:
            report.enter_date(as_typed)

    for table_id, rows in document.get("row_labels", {}).items():
        if not fmt.has_table(table_id):
            problems.append(f"row_labels › {table_id}：格式 {fmt.id} 中没有这张表")
            continue
        table = fmt.table(table_id)
        for row_id, label in rows.items():
            if not table.has_row(row_id):
                problems.append(f"row_labels › {table_id} › {row_id}：{table.heading} 中没有这一行")
            elif not table.row(row_id).renamable:
                problems.append(f"row_labels › {table_id} › {row_id}：“{table.row(row_id).label}”是规定的名称，不能改名")
            elif not line("row_labels", f"{table.name}的行名", label):
                problems.append(f"row_labels › {table_id} › {row_id}：行名不能为空")
            else:
                report.row_labels.setdefault(table_id, {})[row_id] = line("row_labels", f"{table.name}的行名", label)

    preface, found = clean_text_with_notice(document.get("preface", ""), Location(field="preface"), "编制说明")
    report.preface = preface
    notices += found
    for section_id, text in document.get("texts", {}).items():
        if not fmt.has_section(section_id):
            known = "、".join(s.id for s in fmt.sections)
            problems.append(f"texts › {section_id}：格式 {fmt.id} 中没有这一部分（可用：{known}）")
            continue
        cleaned, found = clean_text_with_notice(text, Location(section=section_id), fmt.section(section_id).heading)
        report.texts[section_id] = cleaned
        notices += found

    for table_id, rows in document.get("tables", {}).items():
        if not fmt.has_table(table_id):
            known = "、".join(t.id for t in fmt.tables)
            problems.append(f"tables › {table_id}：格式 {fmt.id} 中没有这张表（可用：{known}）")
            continue
        table = fmt.table(table_id)
        for row_id, columns in rows.items():
            if not table.has_row(row_id) or not table.columns_of(row_id):
                problems.append(f"tables › {table_id} › {row_id}：{table.heading} 中没有可填数的这一行")
                continue
            for column_id, raw in columns.items():
                if not table.has_cell(row_id, column_id):
                    problems.append(
                        f"tables › {table_id} › {row_id} › {column_id}：“{report.row_label(table_id, row_id)}”这一行没有这一列"
                    )
                    continue
                try:
                    report.cells[(table_id, row_id, column_id)] = parse_value(table.value_kind(row_id, column_id), raw)
                except InputError as error:
                    problems.append(f"{table.name} {report.cell_name(table_id, row_id, column_id)}：{error}")

    for key, note in document.get("notes", {}).items():
        cleaned, found = clean_text_with_notice(note, Location(field="notes"), "警告说明")
        notices += found
        if cleaned.strip():
            report.notes[key] = cleaned.strip()

    title = line("title", "标题", document.get("title", ""))
    if title and title != report.generated_title:
        report.title_override = title
    if problems:
        raise ExchangeError(source, problems)
    return report, notices


def to_document(report: Report) -> dict[str, Any]:
    """The report as a current-version exchange document (every cell, null when blank)."""
    fmt = report.format
    tables: dict[str, Any] = {}
    for table in fmt.tables:
        rows: dict[str, Any] = {}
        for row in table.rows:
            columns = table.columns_of(row.id)
            if columns:
                rows[row.id] = {c.id: _json_value(report.cells[(table.id, row.id, c.id)]) for c in columns}
        tables[table.id] = rows
    document: dict[str, Any] = {
        "format": fmt.id,
        "format_version": CURRENT_VERSION,
        "generator": GENERATOR,
        "organization": report.organization,
        "year": report.year,
        "title": report.title,
        "issuer": report.issuer,
        "date": report.date.isoformat() if report.date else None,
        **({"date_as_typed": report.date_as_typed} if report.date_as_typed else {}),
        "contact": report.contact,
        "preface": report.preface,
        "texts": {s.id: report.texts.get(s.id, "") for s in fmt.sections},
        "tables": tables,
    }
    if any(report.row_labels.values()):
        document["row_labels"] = {t: dict(rows) for t, rows in report.row_labels.items() if rows}
    if report.notes:
        document["notes"] = dict(report.notes)
    return document


def _json_value(value: int | Decimal | None) -> int | str | None:
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def dumps_exchange(report: Report) -> bytes:
    return (json.dumps(to_document(report), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_exchange(report: Report, path: Path | str) -> None:
    """Write the report as an exchange file, atomically (the old file survives a crash)."""
    write_atomic(Path(path), dumps_exchange(report))
