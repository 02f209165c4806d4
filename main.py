"""nianbao (年报): the one entry point.

With no arguments (or only --data-dir, --exit-after-start) it opens the wizard (issue 5);
every scriptable task is a subcommand, in the package cli/. This file holds only the way
to the wizard: Python compiles the script it runs anew at every start (it caches no
bytecode for __main__), so the command line lives in cli/, imported, and so compiled
once. The full parser is imported only when a command or -h is given; heavy modules are
imported inside the commands, so that start-up stays fast.

Exit codes (cli/exit_codes.py): 0 success; 1 the report has errors (check) or may not be
processed as asked; 2 the input cannot be read.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: cli.chinese_parser imports argparse when it is needed
    import argparse
    from collections.abc import Sequence


def _use_utf8_output() -> None:
    # A Chinese Windows console defaults to GBK; never crash on a character it lacks.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(errors="replace")
    # Output piped into `head` that stops reading ends the program quietly, as for any
    # command-line tool, instead of a traceback.
    import signal

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
    from cli.chinese_parser import ChineseParser

    parser = ChineseParser(prog="main.py", description="年报：不带命令时打开填报向导。")
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
    from cli.parser import build_parser

    parser = build_parser()
    args = parser.parse_args(arguments)
    if args.command is None:
        return _run_gui(args, own_process=argv is None)
    from cli.exit_codes import EXIT_UNREADABLE
    from models.formats import FormatError

    try:
        return int(args.handler(args))
    except FormatError as error:
        print(f"格式文件有误，无法继续：{error}", file=sys.stderr)
        return EXIT_UNREADABLE


if __name__ == "__main__":
    sys.exit(main())
