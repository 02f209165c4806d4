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

if TYPE_CHECKING:
    from collections.abc import Sequence


def _use_utf8_output() -> None:
    # A Chinese Windows console defaults to GBK; never crash on a character it lacks.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(errors="replace")


def _end_quietly_on_closed_pipe() -> None:
    # Output piped into `head` that stops reading ends a command quietly, as for any
    # command-line tool, instead of a traceback. (Not for the wizard, which prints to no pipe.)
    import signal

    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def _run_gui(data_dir: Path | None, exit_after_start: bool, own_process: bool = False) -> int:
    """The wizard: imported only here, so that the command line never loads Qt.

    own_process: this call is the whole process (not a test calling main()), so it may
    end without Python's teardown once everything is saved (ui.launch.end_process).
    """
    # Start-up only builds what lives as long as the window (modules, classes, the
    # formats): the cyclic collector would scan it all some sixty times for nothing.
    # ui.launch turns it back on once the first window is up.
    import gc

    from ui.display import missing_display, no_display_message

    reason = missing_display()
    if reason is not None:
        print(no_display_message(reason), file=sys.stderr)
        return 1
    gc.disable()
    # The Qt-free modules are imported before PySide6: once PySide6 is loaded, its
    # __feature__ import hook reads the source of every module imported after it.
    import models.editing  # noqa: F401
    import models.exchange  # noqa: F401
    import models.store  # noqa: F401
    from models.data_dir import resolve_data_dir
    from ui.launch import end_process, run

    code = run(resolve_data_dir(data_dir), exit_after_start=exit_after_start)
    if own_process:
        end_process(code)
    return code


def _wizard_options(arguments: list[str]) -> tuple[Path | None, bool] | None:
    """(--data-dir, --exit-after-start) when these two are all that is given, else None.

    They are all the wizard takes, and building an argparse parser (gettext look-ups,
    help formatters) costs some 3 ms of a start-up held to 1.5× a bare Qt script
    (issue 5). Anything else, abbreviations, -h and mistakes included, goes to the full
    parser in cli/, which opens the wizard too when no command is given.
    """
    data_dir: Path | None = None
    exit_after_start = False
    remaining = iter(arguments)
    for argument in remaining:
        if argument == "--exit-after-start":
            exit_after_start = True
        elif argument == "--data-dir":
            value = next(remaining, None)
            if value is None or value.startswith("-"):
                return None
            data_dir = Path(value)
        elif argument.startswith("--data-dir="):
            data_dir = Path(argument.partition("=")[2])
        else:
            return None
    return data_dir, exit_after_start


def main(argv: Sequence[str] | None = None) -> int:
    _use_utf8_output()
    arguments = sys.argv[1:] if argv is None else list(argv)
    wizard = _wizard_options(arguments)
    if wizard is not None:
        return _run_gui(*wizard, own_process=argv is None)
    from cli.parser import build_parser

    parser = build_parser()
    args = parser.parse_args(arguments)
    if args.command is None:
        return _run_gui(args.data_dir, args.exit_after_start, own_process=argv is None)
    if argv is None:
        _end_quietly_on_closed_pipe()
    from cli.exit_codes import EXIT_UNREADABLE
    from models.formats import FormatError

    try:
        return int(args.handler(args))
    except FormatError as error:
        print(f"格式文件有误，无法继续：{error}", file=sys.stderr)
        return EXIT_UNREADABLE


if __name__ == "__main__":
    sys.exit(main())
