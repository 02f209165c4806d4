"""The full command line: every command, its options and its handler."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cli.chinese_parser import ChineseParser
from cli.report_commands import (
    cmd_aggregate,
    cmd_check,
    cmd_export,
    cmd_formats,
    cmd_new,
)
from cli.review_commands import (
    cmd_approve,
    cmd_log,
    cmd_reopen,
    cmd_return,
    cmd_submit,
    cmd_user_add,
    cmd_user_list,
    cmd_user_reset_password,
)
from cli.store_commands import (
    cmd_backup,
    cmd_dump,
    cmd_history,
    cmd_import,
    cmd_list,
    cmd_recover,
    cmd_restore,
)


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


def _add_password_option(parser: argparse.ArgumentParser, lines: str) -> None:
    parser.add_argument("--password-stdin", action="store_true", help=f"从标准输入读取密码：{lines}")


def _add_review_commands(commands: Any) -> None:
    user = commands.add_parser("user", help="用户：添加、列出、重置填报人的密码")
    user_commands = user.add_subparsers(dest="user_command", title="命令", metavar="命令", parser_class=ChineseParser,
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
    parser = ChineseParser(
        prog="main.py",
        description="年报：政府信息公开工作年度报告的填报、检查与导出。不带参数运行时打开填报向导。",
    )
    parser.add_argument(
        "--exit-after-start",
        action="store_true",
        help="打开主窗口和一个示例报告的向导，显示后即退出（用于启动测试和速度基准）",
    )
    commands = parser.add_subparsers(dest="command", title="命令", metavar="命令", parser_class=ChineseParser)

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
