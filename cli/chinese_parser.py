"""argparse in Chinese: the parser of the command line and of its subcommands."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cli.exit_codes import EXIT_UNREADABLE


class _ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
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
