"""nianbao (年报): the one entry point.

With no arguments it opens the wizard (issue 5); every scriptable task is a subcommand.
Heavy modules are imported inside the subcommands so that start-up stays fast.

Exit codes: 0 success; 1 the report has errors (check) or may not be processed as asked;
2 the input cannot be read.
"""

from __future__ import annotations

import argparse
import json
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
    findings = notices + validate(report)
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

    try:
        report, _notices = read_exchange(args.file)
    except ExchangeError as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    if args.template is not None and not args.template.is_file():
        print(f"找不到模板文件 {args.template}", file=sys.stderr)
        return EXIT_UNREADABLE
    options = ExportOptions(fonts=PRESETS[args.fonts], template=args.template)
    try:
        result = export_docx(report, args.output, options, require_final=args.final)
    except ExportError as error:
        print(error, file=sys.stderr)
        return EXIT_FINDINGS
    if result.final:
        print(f"已导出正式文档：{result.path}")
    else:
        print(f"报告还有 {result.errors} 项错误，已导出草稿（页眉和文件名标有“草稿”）：{result.path}")
    if args.pdf:
        from export.pdf import PdfError, convert_to_pdf

        try:
            pdf = convert_to_pdf(result.path)
        except PdfError as error:
            print(error, file=sys.stderr)
            return EXIT_FINDINGS
        print(f"已生成 PDF：{pdf}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _ChineseParser(
        prog="main.py",
        description="年报：政府信息公开工作年度报告的填报、检查与导出。不带参数运行时打开填报向导。",
    )
    commands = parser.add_subparsers(dest="command", title="命令", metavar="命令", parser_class=_ChineseParser)

    formats = commands.add_parser("formats", help="列出支持的报告格式（各部分、各表的行和列）")
    formats.add_argument("--json", action="store_true", help="以 JSON 输出，包含每一行、每一列的标识和规定名称")
    formats.set_defaults(handler=cmd_formats)

    check = commands.add_parser("check", help="检查一个交换文件，列出错误、警告和提示")
    check.add_argument("file", type=Path, help="交换文件（.json）")
    check.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    check.set_defaults(handler=cmd_check)

    export = commands.add_parser("export", help="把交换文件导出为公文格式的 Word 文档（.docx），可同时生成 PDF")
    export.add_argument("file", type=Path, help="交换文件（.json）")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.docx", help="输出的 Word 文档")
    export.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 生成 PDF")
    export.add_argument("--template", type=Path, metavar="BASE.docx", help="本单位的底稿文档（样式、页面设置、版头）")
    export.add_argument("--final", action="store_true", help="只导出正式文档：报告有错误时拒绝导出（退出码 1）")
    export.add_argument(
        "--fonts", choices=["standard", "common"], default="standard",
        help="字体：standard＝方正小标宋简体、仿宋_GB2312、楷体_GB2312（默认）；common＝宋体、仿宋、楷体",
    )
    export.set_defaults(handler=cmd_export)
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


def main(argv: Sequence[str] | None = None) -> int:
    _use_utf8_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        print("填报向导（图形界面）尚在开发中，目前可以使用以下命令：\n", file=sys.stderr)
        parser.print_help()
        return EXIT_OK
    from models.formats import FormatError

    try:
        return int(args.handler(args))
    except FormatError as error:
        print(f"格式文件有误，无法继续：{error}", file=sys.stderr)
        return EXIT_UNREADABLE



if __name__ == "__main__":
    sys.exit(main())
