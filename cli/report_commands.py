"""Commands on one report or a few: formats, check, export (issue 3), new and aggregate (issue 7)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from cli.exit_codes import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE
from cli.output import print_json
from cli.store_commands import open_store, store_failure


def cmd_formats(args: argparse.Namespace) -> int:
    from models.formats import all_formats

    formats = all_formats()
    if args.json:
        print_json({"formats": [fmt.describe() for fmt in formats.values()]})
        return EXIT_OK
    for fmt in formats.values():
        years = f"{fmt.year_from}–{fmt.year_to}年" if fmt.year_to else f"{fmt.year_from}年起"
        print(f"{fmt.id}  {fmt.name}（{fmt.basis}，适用 {years}）")
        for section in fmt.sections:
            tables = "、".join(fmt.table(t).name for t in section.tables)
            print(f"    {section.heading}{'  [' + tables + ']' if tables else ''}")
        print()
    return EXIT_OK


def _finding_json(finding: Any, where: str) -> dict[str, Any]:
    from models.values import format_value

    data: dict[str, Any] = {
        "severity": finding.severity,
        "rule": finding.rule,
        "location": finding.location.as_dict(),
        "where": where,
        "message": finding.message,
    }
    if finding.expected is not None:
        data["expected"] = format_value(finding.expected)
    if finding.rule and finding.actual is not None:
        data["actual"] = format_value(finding.actual)
    return data


def describe_location(report: Any, finding: Any) -> str:
    """Where a finding is, in the words of the report: “表三”, “一、总体情况”, “基本信息”."""
    location = finding.location
    if location.table:
        return report.format.table(location.table).name
    if location.section:
        return report.format.section(location.section).heading
    if location.field == "preface":
        return "编制说明"
    return "基本信息"


def cmd_check(args: argparse.Namespace) -> int:
    from models.exchange import ExchangeError, read_exchange
    from models.findings import SEVERITY_LABELS
    from models.rules import count_by_severity, validate

    try:
        report, notices = read_exchange(args.file)
    except ExchangeError as error:
        if args.json:
            print_json({"file": str(args.file), "readable": False, "problems": error.problems})
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    previous = None
    if args.previous is not None:
        try:
            previous, _previous_notices = read_exchange(args.previous)
        except ExchangeError as error:
            print(f"上年报告无法读取：{error}", file=sys.stderr)
            return EXIT_UNREADABLE
    findings = notices + validate(report, previous)
    counts = count_by_severity(findings)
    if args.json:
        print_json(
            {
                "file": str(args.file),
                "readable": True,
                "format": report.format.id,
                "title": report.title,
                "counts": counts,
                "findings": [_finding_json(f, describe_location(report, f)) for f in findings],
            }
        )
    else:
        print(f"{report.title or '（未命名报告）'}（{report.format.id}）")
        if not findings:
            print("检查通过：没有发现问题。")
        else:
            print(f"错误 {counts['error']} 项，警告 {counts['warning']} 项，提示 {counts['info']} 项：")
            for finding in findings:
                print(
                    f"[{SEVERITY_LABELS[finding.severity]}] {finding.rule}  "
                    f"{describe_location(report, finding)}  {finding.message}"
                )
    return EXIT_FINDINGS if counts["error"] else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from export.docx_builder import ExportError, ExportOptions, export_docx
    from export.fonts import PRESETS
    from models.exchange import ExchangeError, read_exchange

    if _names_a_stored_report(args.file):
        return _export_stored(args)
    try:
        report, _notices = read_exchange(args.file)
    except ExchangeError as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    if args.template is not None and not args.template.is_file():
        print(f"找不到模板文件 {args.template}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.final:
        # Only a report approved in the store, unchanged since, is final (issue 6): a file
        # outside the store has been through no review.
        print(
            "只有草稿库中已审核且审核后未改动的报告才能导出正式文档；"
            "请先用 import 导入草稿库并经审核人审核，再用 export 编号 --final 导出。",
            file=sys.stderr,
        )
        return EXIT_FINDINGS
    options = ExportOptions(fonts=PRESETS[args.fonts], template=args.template)
    try:
        result = export_docx(report, args.output, options, final=False)
    except ExportError as error:
        print(error, file=sys.stderr)
        return EXIT_FINDINGS
    why = f"报告还有 {result.errors} 项错误" if result.errors else "报告未经审核"
    print(f"{why}，已导出草稿（页眉和文件名标有“草稿”）：{result.path}")
    return _export_pdf(args, result.path)


def _export_pdf(args: argparse.Namespace, docx: Path) -> int:
    if args.pdf:
        from export.pdf import PdfError, convert_to_pdf

        try:
            pdf = convert_to_pdf(docx)
        except PdfError as error:
            print(error, file=sys.stderr)
            return EXIT_FINDINGS
        print(f"已生成 PDF：{pdf}")
    return EXIT_OK


def _names_a_stored_report(file: Path) -> bool:
    """`export ID`: not an existing file, and written like a report id (4 to 12 hex digits)."""
    return not file.exists() and re.fullmatch(r"[0-9a-fA-F]{4,12}", str(file)) is not None


def _export_stored(args: argparse.Namespace) -> int:
    """Export a report of the store: final only when approved and unchanged (issue 6 point 5)."""
    from export.docx_builder import ExportError, ExportOptions
    from export.fonts import PRESETS
    from export.store_export import export_stored
    from models.store_errors import ReportNotFoundError, StoreError
    from models.store_locks import current_user

    if args.template is not None and not args.template.is_file():
        print(f"找不到模板文件 {args.template}", file=sys.stderr)
        return EXIT_UNREADABLE
    options = ExportOptions(fonts=PRESETS[args.fonts], template=args.template)
    try:
        with open_store(args) as store:
            try:
                report_id = store.find_id(str(args.file))
            except ReportNotFoundError as error:
                print(f"找不到文件 {args.file}；{error}", file=sys.stderr)
                return EXIT_UNREADABLE
            result, reason = export_stored(store, report_id, args.output, current_user(), options, require_final=args.final)
    except ExportError as error:
        print(error, file=sys.stderr)
        return EXIT_FINDINGS
    except StoreError as error:
        return store_failure(error)
    for note in result.notes:
        print(note, file=sys.stderr)
    if result.final:
        print(f"已导出正式文档（已审核，内容未改动）：{result.path}")
    else:
        print(f"{reason}；已导出草稿（页眉和文件名标有“草稿”）：{result.path}")
    return _export_pdf(args, result.path)


# -- last year and aggregation (issue 7): new [--from], aggregate ------------------------


def _read_previous(args: argparse.Namespace) -> tuple[Any, str] | int:
    """Last year's report named by --from: an exchange file, or a store id (prefix)."""
    from models.exchange import ExchangeError, read_exchange
    from models.store_errors import ReportNotFoundError, StoreError

    source = Path(args.source)
    if _names_a_stored_report(source):
        try:
            with open_store(args) as store:
                try:
                    report_id = store.find_id(str(source))
                except ReportNotFoundError as error:
                    print(f"找不到文件 {source}；{error}", file=sys.stderr)
                    return EXIT_UNREADABLE
                return store.load(report_id).report, f"草稿库中的报告 {report_id}"
        except StoreError as error:
            return store_failure(error)
    try:
        report, _notices = read_exchange(source)
    except ExchangeError as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    return report, f" {source.name} "


def cmd_new(args: argparse.Namespace) -> int:
    from models.carry_forward import CarryForwardError, carry_forward
    from models.exchange import write_exchange
    from models.formats import FormatError, format_for_year, format_mismatch, get_format
    from models.report import Report
    from models.store_errors import describe_os_error

    lines: list[str] = []
    # A report's format cannot be changed later: one that does not fit the year is
    # refused now, with the same reason as the new-report dialog gives.
    if args.format is not None and args.year is not None:
        try:
            mismatch = format_mismatch(args.format, args.year)
        except FormatError as error:
            print(error, file=sys.stderr)
            return EXIT_UNREADABLE
        if mismatch:
            print(mismatch, file=sys.stderr)
            return EXIT_FINDINGS
    if args.source is not None:
        read = _read_previous(args)
        if isinstance(read, int):
            return read
        previous, source = read
        year = args.year if args.year is not None else (previous.year + 1 if previous.year is not None else None)
        if year is None:
            print("上年报告未填年度：请用 --year 指定新报告的年度", file=sys.stderr)
            return EXIT_UNREADABLE
        # Without --format, the format the year calls for (last year's may be out of date).
        fits = format_for_year(year)
        format_id = args.format or (fits.id if fits is not None else None)
        try:
            carried = carry_forward(previous, year, format_id, source=source)
        except CarryForwardError as error:
            print(error, file=sys.stderr)
            return EXIT_FINDINGS
        mismatch = format_mismatch(carried.report.format.id, year)
        if mismatch:
            print(mismatch, file=sys.stderr)
            return EXIT_FINDINGS
        report = carried.report
        if args.org and args.org != report.organization:
            lines.append(f"注意：机关名称由“{report.organization}”改为“{args.org}”")
            report.organization = args.org
        lines += carried.lines()
    else:
        missing = [option for option, value in (("--format", args.format), ("--org", args.org), ("--year", args.year)) if value is None]
        if missing:
            print(f"不带 --from 时须给出 {'、'.join(missing)}", file=sys.stderr)
            return EXIT_UNREADABLE
        report = Report.new(get_format(args.format), args.org, args.year)
        report.preface = report.default_preface()
    try:
        write_exchange(report, args.output)
    except OSError as error:
        print(f"无法写入 {args.output}：{describe_os_error(error)}", file=sys.stderr)
        return EXIT_FINDINGS
    for line in lines:
        print(line)
    print(f"已新建 {report.title or '（未命名报告）'}（{report.format.id}）：{args.output}")
    return EXIT_OK


def cmd_aggregate(args: argparse.Namespace) -> int:
    from models.aggregate import AggregateError, aggregate, blank_parts
    from models.exchange import ExchangeError, read_exchange, write_exchange
    from models.store_errors import describe_os_error

    reports, problems = [], []
    for file in args.files:
        try:
            reports.append(read_exchange(file)[0])
        except ExchangeError as error:
            problems.append(str(error))
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return EXIT_UNREADABLE
    names = [str(file) for file in args.files]
    try:
        report, sources = aggregate(reports, args.org or "", names=names)
    except AggregateError as error:
        print(error, file=sys.stderr)
        return EXIT_FINDINGS
    try:
        write_exchange(report, args.output)
    except OSError as error:
        print(f"无法写入 {args.output}：{describe_os_error(error)}", file=sys.stderr)
        return EXIT_FINDINGS
    for line in blank_parts(reports, names):
        print(f"注意：{line}", file=sys.stderr)
    print(f"已汇总 {len(sources)} 个单位（{'、'.join(sources)}）的 {report.year} 年度报告：{args.output}")
    if not args.org:
        print("汇总报告尚未填写机关名称：请用 --org 指定，或在向导中填写", file=sys.stderr)
    return EXIT_OK
