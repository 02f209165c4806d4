"""nianbao (年报): the one entry point.

With no arguments it opens the wizard (issue 5); every scriptable task is a subcommand.
Heavy modules are imported inside the subcommands so that start-up stays fast.

Exit codes: 0 success; 1 the report has errors (check) or may not be processed as asked;
2 the input cannot be read.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
from pathlib import Path
from typing import Any
from collections.abc import Sequence

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


class _ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class _ChineseParser(argparse.ArgumentParser):
    """argparse with its own words in Chinese: a clerk may run the command line too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _ChineseHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNREADABLE, f"{self.prog}：参数有误：{_translate_argparse(message)}\n")


_ARGPARSE_WORDS = {
    "the following arguments are required": "缺少参数",
    "unrecognized arguments": "无法识别的参数",
    "invalid choice": "无效的选项",
    "expected one argument": "需要一个值",
    "choose from": "可选",
    "argument": "参数",
}


def _translate_argparse(message: str) -> str:
    for english, chinese in _ARGPARSE_WORDS.items():
        message = message.replace(english, chinese)
    return message


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_formats(args: argparse.Namespace) -> int:
    from models.formats import all_formats

    formats = all_formats()
    if args.json:
        _print_json({"formats": [fmt.describe() for fmt in formats.values()]})
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
            _print_json({"file": str(args.file), "readable": False, "problems": error.problems})
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
        _print_json(
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
        with _open_store(args) as store:
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
        return _store_failure(error)
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
            with _open_store(args) as store:
                try:
                    report_id = store.find_id(str(source))
                except ReportNotFoundError as error:
                    print(f"找不到文件 {source}；{error}", file=sys.stderr)
                    return EXIT_UNREADABLE
                return store.load(report_id).report, f"草稿库中的报告 {report_id}"
        except StoreError as error:
            return _store_failure(error)
    try:
        report, _notices = read_exchange(source)
    except ExchangeError as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    return report, f" {source.name} "


def cmd_new(args: argparse.Namespace) -> int:
    from models.carry_forward import CarryForwardError, carry_forward
    from models.exchange import write_exchange
    from models.formats import get_format
    from models.report import Report
    from models.store_errors import describe_os_error

    lines: list[str] = []
    if args.source is not None:
        read = _read_previous(args)
        if isinstance(read, int):
            return read
        previous, source = read
        year = args.year if args.year is not None else (previous.year + 1 if previous.year is not None else None)
        if year is None:
            print("上年报告未填年度：请用 --year 指定新报告的年度", file=sys.stderr)
            return EXIT_UNREADABLE
        try:
            carried = carry_forward(previous, year, args.format, source=source)
        except CarryForwardError as error:
            print(error, file=sys.stderr)
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


# -- the local store (issue 4): import, list, dump, history, backup, restore, recover -----

EXIT_REFUSED = 1  # the store refused: unknown id, busy, read-only, disk full


def _store_data_dir(args: argparse.Namespace) -> Path:
    from models.data_dir import resolve_data_dir

    return resolve_data_dir(args.data_dir)


def _open_store(args: argparse.Namespace) -> Any:
    # One-shot commands do not take the editing window's session: they wait for the
    # write lock before each write instead, so `import` works while the wizard is open.
    from models.store import Store

    return Store.open(_store_data_dir(args), session=False)


def _store_failure(error: Exception) -> int:
    """Print a store error; exit 2 when the store or a file cannot be read, else 1."""
    from models.store_errors import BackupError, StoreDamagedError, StoreVersionError

    print(error, file=sys.stderr)
    if isinstance(error, StoreDamagedError):
        print("恢复：python main.py recover [备份文件]（不指定备份文件时使用最新的完好备份）", file=sys.stderr)
    return EXIT_UNREADABLE if isinstance(error, (StoreDamagedError, StoreVersionError, BackupError)) else EXIT_REFUSED


def _shown_time(iso: str) -> str:
    return iso[:16].replace("T", " ")


def cmd_import(args: argparse.Namespace) -> int:
    from models.exchange import ExchangeError
    from models.findings import SEVERITY_LABELS
    from models.store_errors import StoreError
    from models.store_locks import current_user

    try:
        with _open_store(args) as store:
            summary, notices = store.import_file(args.file, current_user())
            same = [
                s
                for s in store.summaries()
                if s.id != summary.id and (s.organization, s.year, s.format) == (summary.organization, summary.year, summary.format)
            ]
    except ExchangeError as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    except StoreError as error:
        return _store_failure(error)
    for notice in notices:
        print(f"[{SEVERITY_LABELS[notice.severity]}] {notice.message}", file=sys.stderr)
    for other in same:
        print(f"注意：草稿库中已有同一机关、年度、格式的报告 {other.id}（{_shown_time(other.saved_at)} 保存）", file=sys.stderr)
    print(f"已导入：{summary.title or '（未命名报告）'}（{summary.format}），编号 {summary.id}", file=sys.stderr)
    print(summary.id)
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from models.review import APPROVED, seal_holds
    from models.store_errors import StoreError

    try:
        with _open_store(args) as store:
            summaries = store.summaries()
            data_dir = store.data_dir
            # None when not approved: there is no seal to hold (issue 6 point 8).
            seals = {s.id: seal_holds(store, s.id) if s.status == APPROVED else None for s in summaries}
    except StoreError as error:
        return _store_failure(error)
    if args.json:
        _print_json({"data_dir": str(data_dir), "reports": [{**s.as_dict(), "seal_holds": seals[s.id]} for s in summaries]})
        return EXIT_OK
    if not summaries:
        print(f"草稿库中还没有报告（数据文件夹 {data_dir}）。")
        return EXIT_OK
    print(f"数据文件夹 {data_dir}，共 {len(summaries)} 份报告（最近保存的在前）：")
    for s in summaries:
        year = f"{s.year}年" if s.year is not None else "未填年度"
        print(
            f"{s.id}  {s.organization or '（未填机关名称）'}  {year}  {s.format}  "
            f"{s.status_label}{'（审核后被改动，审核无效）' if seals[s.id] is False else ''}  "
            f"{_shown_time(s.saved_at)} {s.saved_by}  错误 {s.error_count} 项"
        )
    return EXIT_OK


def cmd_dump(args: argparse.Namespace) -> int:
    from models.exchange import write_exchange
    from models.store_errors import StoreError, describe_os_error

    try:
        with _open_store(args) as store:
            stored = store.load(store.find_id(args.id))
    except StoreError as error:
        return _store_failure(error)
    try:
        write_exchange(stored.report, args.output)
    except OSError as error:
        print(f"无法写入 {args.output}：{describe_os_error(error)}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"已把报告 {stored.summary.id}（第 {stored.summary.version} 版）写到 {args.output}")
    return EXIT_OK


def _version_line(version: Any, previous: Any, fmt: Any) -> str:
    from models.changes import summarize_changes
    from models.store import STATUS_LABELS

    details = []
    if version.note:
        details.append(version.note)
    if previous is not None and previous.status != version.status:
        old, new = (STATUS_LABELS.get(s, s) for s in (previous.status, version.status))
        details.append(f"状态：{old} → {new}")
    if version.changes:
        details.append(summarize_changes(fmt, version.changes))
    elif version.action == "save":
        details.append("内容未改动")
    return f"第 {version.version} 版  {_shown_time(version.saved_at)}  {version.saved_by}  {version.action_label}  " + "；".join(details)


def cmd_history(args: argparse.Namespace) -> int:
    from models.changes import summarize_changes
    from models.formats import get_format
    from models.store_errors import StoreError

    try:
        with _open_store(args) as store:
            report_id = store.find_id(args.id)
            summary = store.summary(report_id)
            versions = store.history(report_id)
    except StoreError as error:
        return _store_failure(error)
    fmt = get_format(summary.format)
    if args.json:
        _print_json(
            {
                "id": report_id,
                "title": summary.title,
                "versions": [
                    {
                        "version": v.version,
                        "saved_at": v.saved_at,
                        "saved_by": v.saved_by,
                        "action": v.action,
                        "status": v.status,
                        "note": v.note,
                        "summary": summarize_changes(fmt, v.changes) if v.changes else "",
                        "changes": [c.to_json() for c in v.changes],
                    }
                    for v in versions
                ],
            }
        )
        return EXIT_OK
    print(f"{summary.title or '（未命名报告）'}（{report_id}），共 {len(versions)} 个版本（最新的在前）：")
    for index in range(len(versions) - 1, -1, -1):
        print(_version_line(versions[index], versions[index - 1] if index else None, fmt))
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from models.store_errors import StoreError
    from models.store_locks import current_user

    try:
        with _open_store(args) as store:
            info = store.backup_to(args.output, current_user())
    except StoreError as error:
        return _store_failure(error)
    print(f"已把 {info.report_count} 份报告（连同全部历史版本）备份到 {info.path}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from models.store_errors import StoreError
    from models.store_locks import current_user

    try:
        with _open_store(args) as store:
            safety = store.restore_from(args.file, current_user())
            count = len(store.summaries())
    except StoreError as error:
        return _store_failure(error)
    print(f"已从 {args.file} 恢复，共 {count} 份报告。")
    print(f"恢复前的数据已另存为 {safety}，需要时可用 restore 恢复回去。")
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    from models.backups import newest_good_backup
    from models.store import BACKUPS_DIR, Store
    from models.store_errors import StoreError
    from models.store_locks import current_user

    data_dir = _store_data_dir(args)
    backup = args.file
    if backup is None:
        newest = newest_good_backup(data_dir / BACKUPS_DIR)
        backup = newest.path if newest is not None else None
    try:
        store, recovered = Store.recover(data_dir, current_user(), backup=backup)
        store.close()
    except StoreError as error:
        return _store_failure(error)
    source = f"备份 {backup} 和各报告的历史记录" if backup is not None else "各报告的历史记录（没有可用的备份）"
    print(f"已按{source}修复草稿库，共 {len(recovered)} 份报告：")
    for item in recovered:
        print(f"{item.id}  {item.title or '（未命名报告）'}  第 {item.version} 版（取自{item.source_label}）")
    return EXIT_OK


def _add_store_commands(parser: argparse.ArgumentParser, commands: Any) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="数据文件夹（草稿库所在；默认依次为环境变量 NIANBAO_DATA_DIR、程序旁的 nianbao-data 文件夹、本机用户数据文件夹）",
    )
    store_import = commands.add_parser("import", help="把交换文件导入草稿库，输出报告编号")
    store_import.add_argument("file", type=Path, help="交换文件（.json）")
    store_import.set_defaults(handler=cmd_import)

    store_list = commands.add_parser("list", help="列出草稿库中的报告")
    store_list.add_argument("--json", action="store_true", help="以 JSON 输出")
    store_list.set_defaults(handler=cmd_list)

    dump = commands.add_parser("dump", help="把草稿库中的一份报告写成交换文件")
    dump.add_argument("id", metavar="ID", help="报告编号（list 中的编号，可只写开头至少 4 位）")
    dump.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="输出的交换文件（.json）")
    dump.set_defaults(handler=cmd_dump)

    history = commands.add_parser("history", help="列出一份报告的全部版本：谁、何时、改了什么")
    history.add_argument("id", metavar="ID", help="报告编号")
    history.add_argument("--json", action="store_true", help="以 JSON 输出，包含每一处改动")
    history.set_defaults(handler=cmd_history)

    backup = commands.add_parser("backup", help="把整个草稿库（含全部历史版本）备份为一个文件")
    backup.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="备份文件（.zip）")
    backup.set_defaults(handler=cmd_backup)

    restore = commands.add_parser("restore", help="用备份文件替换整个草稿库（先自动备份当前数据）")
    restore.add_argument("file", type=Path, metavar="FILE", help="备份文件（.zip）")
    restore.set_defaults(handler=cmd_restore)

    recover = commands.add_parser("recover", help="修复损坏的草稿库：用备份和各报告的历史记录重建")
    recover.add_argument("file", type=Path, nargs="?", metavar="FILE", help="备份文件（默认：数据文件夹中最新的完好备份）")
    recover.set_defaults(handler=cmd_recover)


# -- review (issue 6): users, submit, return, approve, reopen, log --------------------------


class _PasswordUnavailable(Exception):
    """No password line to read: a usage problem (exit 2), not a refusal."""


def _read_passwords(args: argparse.Namespace, prompts: Sequence[str]) -> list[str]:
    """One password per prompt: a line each from stdin (--password-stdin), or typed at a terminal.

    Only the line ending is removed, so a password may begin or end with spaces. A
    password is never an argument: arguments show in the process list and shell history.
    """
    if args.password_stdin:
        passwords = []
        for prompt in prompts:
            line = sys.stdin.readline()
            if not line:
                raise _PasswordUnavailable(f"标准输入中缺少{prompt}（每行一个密码）")
            passwords.append(line.rstrip("\r\n"))
        return passwords
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        return [getpass.getpass(f"{prompt}：") for prompt in prompts]
    raise _PasswordUnavailable("请用 --password-stdin 从标准输入提供密码（每行一个）")


def _add_password_option(parser: argparse.ArgumentParser, lines: str) -> None:
    parser.add_argument("--password-stdin", action="store_true", help=f"从标准输入读取密码：{lines}")


def _review_refused(error: Exception) -> int:
    """Print why a review command was refused: 1, or 2 when the store cannot be read."""
    from models.store_errors import StoreError

    if isinstance(error, _PasswordUnavailable):
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    if isinstance(error, StoreError):
        return _store_failure(error)
    print(error, file=sys.stderr)
    return EXIT_REFUSED


def _review_errors() -> tuple[type[Exception], ...]:
    from models.comments import CommentError
    from models.review import ReviewError
    from models.store_errors import StoreError

    return (StoreError, ReviewError, CommentError, _PasswordUnavailable)


def cmd_user_add(args: argparse.Namespace) -> int:
    from models.accounts import SUPERVISOR, Accounts

    accounts = Accounts(_store_data_dir(args))
    try:
        if accounts.needs_first_supervisor():
            if args.role != SUPERVISOR:
                print("还没有任何用户：第一个用户必须是审核人（--role supervisor）", file=sys.stderr)
                return EXIT_REFUSED
            (password,) = _read_passwords(args, ["新用户的密码"])
            user = accounts.create_first_supervisor(args.name, password)
        else:
            if not args.by:
                print("已经有用户了：请用 --by 写明添加用户的审核人，并在第二行提供其密码", file=sys.stderr)
                return EXIT_UNREADABLE
            password, by_password = _read_passwords(args, ["新用户的密码", f"审核人 {args.by} 的密码"])
            acting = accounts.authenticate(args.by, by_password)
            user = accounts.add_user(acting, args.name, args.role, password)
    except _review_errors() as error:
        return _review_refused(error)
    for warning in accounts.warnings:
        print(warning, file=sys.stderr)
    print(f"已添加{user.role_label}：{user.name}")
    return EXIT_OK


def cmd_user_reset_password(args: argparse.Namespace) -> int:
    from models.accounts import Accounts

    accounts = Accounts(_store_data_dir(args))
    try:
        password, by_password = _read_passwords(args, [f"{args.name} 的新密码", f"审核人 {args.by} 的密码"])
        acting = accounts.authenticate(args.by, by_password)
        accounts.reset_password(acting, args.name, password)
    except _review_errors() as error:
        return _review_refused(error)
    print(f"已重置 {args.name} 的密码")
    return EXIT_OK


def cmd_user_list(args: argparse.Namespace) -> int:
    from models.accounts import Accounts

    try:
        users = Accounts(_store_data_dir(args)).users()
    except _review_errors() as error:
        return _review_refused(error)
    if args.json:
        _print_json({"users": [{"name": u.name, "role": u.role, "role_label": u.role_label, "created_at": u.created_at,
                                "created_by": u.created_by} for u in users]})
        return EXIT_OK
    if not users:
        print("还没有任何用户：先用 user add 名字 --role supervisor --password-stdin 建立第一个审核人")
    for u in users:
        print(f"{u.name}  {u.role_label}  {_shown_time(u.created_at)} 由 {u.created_by} 添加")
    return EXIT_OK


def _run_step(args: argparse.Namespace, step: Any, done: str) -> int:
    """Sign in with the password from stdin, then take a review step on the report ID."""
    from models.accounts import Accounts

    try:
        (password,) = _read_passwords(args, [f"{args.user} 的密码"])
        with _open_store(args) as store:
            report_id = store.find_id(args.id)
            user = Accounts(store.data_dir).authenticate(args.user, password)
            summary = step(store, report_id, user)
    except _review_errors() as error:
        return _review_refused(error)
    print(f"{done}：{summary.title or '（未命名报告）'}（{summary.id}），现为“{summary.status_label}”，第 {summary.version} 版")
    return EXIT_OK


def cmd_submit(args: argparse.Namespace) -> int:
    from models.review import submit

    return _run_step(args, submit, "已提交审核")


def cmd_return(args: argparse.Namespace) -> int:
    from models.review import return_report

    return _run_step(args, lambda store, i, user: return_report(store, i, user, args.reason), "已退回修改")


def cmd_approve(args: argparse.Namespace) -> int:
    from models.review import approve

    return _run_step(args, approve, "已审核通过")


def cmd_reopen(args: argparse.Namespace) -> int:
    from models.review import reopen

    return _run_step(args, lambda store, i, user: reopen(store, i, user, args.reason), "已重新打开")


def cmd_log(args: argparse.Namespace) -> int:
    from models.audit import read_log, verify_log
    from models.store_errors import ReportNotFoundError, StoreError

    data_dir = _store_data_dir(args)
    report_id = None
    try:
        if args.id is not None:
            with _open_store(args) as store:
                try:
                    report_id = store.find_id(args.id)
                except ReportNotFoundError:
                    # A deleted report's entries stay in the log: its full id still finds them.
                    if not re.fullmatch(r"[0-9a-f]{12}", args.id.strip().lower()):
                        raise
                    report_id = args.id.strip().lower()
        entries = read_log(data_dir, report_id)
        problems = verify_log(data_dir)
    except StoreError as error:
        return _store_failure(error)
    if args.json:
        _print_json({"report": report_id, "entries": [e.to_json() | {"action_label": e.action_label} for e in entries],
                     "problems": problems})
        return EXIT_OK
    for problem in problems:
        print(f"注意：审计日志{problem}", file=sys.stderr)
    if not entries:
        print("审计日志中没有记录" + (f"（报告 {report_id}）" if report_id else ""))
    for entry in entries:
        print(entry.describe() + (f"  报告 {entry.report}" if entry.report and report_id is None else ""))
    return EXIT_OK


def _add_review_commands(commands: Any) -> None:
    user = commands.add_parser("user", help="用户：添加、列出、重置填报人的密码")
    user_commands = user.add_subparsers(dest="user_command", title="命令", metavar="命令", parser_class=_ChineseParser,
                                        required=True)
    add = user_commands.add_parser("add", help="添加用户（第一个用户须是审核人，之后由审核人用 --by 添加）")
    add.add_argument("name", metavar="NAME", help="用户名")
    add.add_argument("--role", choices=["clerk", "supervisor"], required=True, help="clerk＝填报人，supervisor＝审核人")
    add.add_argument("--by", metavar="NAME", help="添加用户的审核人（第一个用户不需要）")
    _add_password_option(add, "第一行是新用户的密码；有 --by 时第二行是该审核人的密码")
    add.set_defaults(handler=cmd_user_add)

    reset = user_commands.add_parser("reset-password", help="审核人重置填报人的密码")
    reset.add_argument("name", metavar="NAME", help="填报人的用户名")
    reset.add_argument("--by", metavar="NAME", required=True, help="重置密码的审核人")
    _add_password_option(reset, "第一行是新密码，第二行是该审核人的密码")
    reset.set_defaults(handler=cmd_user_reset_password)

    users = user_commands.add_parser("list", help="列出用户和角色")
    users.add_argument("--json", action="store_true", help="以 JSON 输出")
    users.set_defaults(handler=cmd_user_list)

    steps = (
        ("submit", cmd_submit, "提交审核（须没有错误，每条警告都写了说明）", False),
        ("return", cmd_return, "审核人退回修改（须写明理由）", True),
        ("approve", cmd_approve, "审核人审核通过（记录审核人、时间和内容的校验值）", False),
        ("reopen", cmd_reopen, "审核人重新打开已审核的报告（须写明理由），回到草稿", True),
    )
    for name, handler, help_text, needs_reason in steps:
        step = commands.add_parser(name, help=help_text)
        step.add_argument("id", metavar="ID", help="报告编号")
        step.add_argument("--user", metavar="NAME", required=True, help="用户名")
        if needs_reason:
            step.add_argument("--reason", metavar="TEXT", required=True, help="理由")
        _add_password_option(step, "一行，该用户的密码")
        step.set_defaults(handler=handler)

    log = commands.add_parser("log", help="审计日志：登录、状态变更、批注、导出（谁、何时）")
    log.add_argument("id", metavar="ID", nargs="?", help="只列出这份报告的记录（不写则列出全部）")
    log.add_argument("--json", action="store_true", help="以 JSON 输出")
    log.set_defaults(handler=cmd_log)


def build_parser() -> argparse.ArgumentParser:
    parser = _ChineseParser(
        prog="main.py",
        description="年报：政府信息公开工作年度报告的填报、检查与导出。不带参数运行时打开填报向导。",
    )
    parser.add_argument(
        "--exit-after-start",
        action="store_true",
        help="打开主窗口和一个示例报告的向导，显示后即退出（用于启动测试和速度基准）",
    )
    commands = parser.add_subparsers(dest="command", title="命令", metavar="命令", parser_class=_ChineseParser)

    formats = commands.add_parser("formats", help="列出支持的报告格式（各部分、各表的行和列）")
    formats.add_argument("--json", action="store_true", help="以 JSON 输出，包含每一行、每一列的标识和规定名称")
    formats.set_defaults(handler=cmd_formats)

    check = commands.add_parser("check", help="检查一个交换文件，列出错误、警告和提示")
    check.add_argument("file", type=Path, help="交换文件（.json）")
    check.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    check.add_argument("--previous", type=Path, metavar="LAST.json", help="上年报告的交换文件：同时做跨年度核对（T3-06、T2-02、X-01）")
    check.set_defaults(handler=cmd_check)

    export = commands.add_parser("export", help="把交换文件或草稿库中的报告导出为公文格式的 Word 文档（.docx），可同时生成 PDF")
    export.add_argument("file", type=Path, help="交换文件（.json），或草稿库中的报告编号（只有已审核且未改动的报告才能导出正式文档）")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.docx", help="输出的 Word 文档")
    export.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 生成 PDF")
    export.add_argument("--template", type=Path, metavar="BASE.docx", help="本单位的底稿文档（样式、页面设置、版头）")
    export.add_argument("--final", action="store_true", help="只导出正式文档：报告有错误（草稿库中的报告：未审核通过或审核后被改动）时拒绝导出（退出码 1）")
    export.add_argument(
        "--fonts", choices=["standard", "common"], default="standard",
        help="字体：standard＝方正小标宋简体、仿宋_GB2312、楷体_GB2312（默认）；common＝宋体、仿宋、楷体",
    )
    export.set_defaults(handler=cmd_export)

    new = commands.add_parser("new", help="新建报告，写成交换文件；可从上年报告开始（结转上年数字和文字）")
    new.add_argument("--format", metavar="F", help="报告格式（带 --from 时默认为该年度适用的格式）")
    new.add_argument("--org", metavar="O", help="机关名称（带 --from 时默认沿用上年）")
    new.add_argument("--year", type=int, metavar="Y", help="报告年度（带 --from 时默认为上年报告的下一年）")
    new.add_argument("--from", dest="source", metavar="LAST.json|ID", help="上年报告：交换文件，或草稿库中的报告编号")
    new.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="输出的交换文件（.json）")
    new.set_defaults(handler=cmd_new)

    aggregate = commands.add_parser("aggregate", help="把同一格式、同一年度的多个单位的交换文件汇总为一份报告")
    aggregate.add_argument("files", type=Path, nargs="+", metavar="FILE", help="各单位的交换文件（.json）")
    aggregate.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.json", help="输出的汇总交换文件")
    aggregate.add_argument("--org", metavar="NAME", help="汇总报告的机关名称")
    aggregate.set_defaults(handler=cmd_aggregate)
    _add_store_commands(parser, commands)
    _add_review_commands(commands)
    return parser


def _use_utf8_output() -> None:
    # A Chinese Windows console defaults to GBK; never crash on a character it lacks.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(errors="replace")
    # Output piped into `head` that stops reading ends the program quietly, as for any
    # command-line tool, instead of a traceback.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def _run_gui(args: argparse.Namespace, own_process: bool = False) -> int:
    """The wizard: imported only here, so that the command line never loads Qt.

    own_process: this call is the whole process (not a test calling main()), so it may
    end without Python's teardown once everything is saved (ui.launch.end_process).
    """
    # Start-up only builds what lives as long as the window (modules, classes, the
    # formats): the cyclic collector would scan it all some sixty times for nothing.
    # ui.launch turns it back on once the first window is up.
    import gc

    gc.disable()
    # The Qt-free modules are imported before PySide6: once PySide6 is loaded, its
    # __feature__ import hook reads the source of every module imported after it.
    import models.editing  # noqa: F401
    import models.exchange  # noqa: F401
    import models.store  # noqa: F401
    from models.data_dir import resolve_data_dir
    from ui.launch import end_process, run

    code = run(resolve_data_dir(args.data_dir), exit_after_start=args.exit_after_start)
    if own_process:
        end_process(code)
    return code


def _gui_parser() -> argparse.ArgumentParser:
    """Only the global options: all a start of the wizard needs (the full parser with
    every command's options costs start-up time)."""
    parser = _ChineseParser(prog="main.py", description="年报：不带命令时打开填报向导。")
    parser.add_argument("--data-dir", type=Path, metavar="DIR", help="数据文件夹")
    parser.add_argument("--exit-after-start", action="store_true", help="显示后即退出（冒烟测试、速度基准）")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _use_utf8_output()
    arguments = sys.argv[1:] if argv is None else list(argv)
    if "-h" not in arguments and "--help" not in arguments:
        gui_args, rest = _gui_parser().parse_known_args(arguments)
        if not rest:
            return _run_gui(gui_args, own_process=argv is None)
    parser = build_parser()
    args = parser.parse_args(arguments)
    if args.command is None:
        return _run_gui(args, own_process=argv is None)
    from models.formats import FormatError

    try:
        return int(args.handler(args))
    except FormatError as error:
        print(f"格式文件有误，无法继续：{error}", file=sys.stderr)
        return EXIT_UNREADABLE



if __name__ == "__main__":
    sys.exit(main())
