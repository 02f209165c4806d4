"""Is there a screen to show the wizard on? Asked before Qt is loaded.

Without a display Qt does not fail with an error the program can catch: its platform
plugin aborts the process with English lines that blame a library (“xcb-cursor0 … is
needed”), even when that library is installed. A clerk who started the program over SSH
or on a server must instead read, in Chinese, that no screen was found and how to do the
same work on the command line. This module imports nothing of Qt, so that the answer
costs nothing on the way to a window and the command line stays Qt-free.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Mapping

_NEEDS_DISPLAY = ("", "xcb", "wayland", "wayland-egl")
"""QT_QPA_PLATFORM values (before any “:option”) that draw on a desktop's display; the
others (offscreen, vnc, eglfs, linuxfb, …) bring their own screen."""


def missing_display(environ: Mapping[str, str] | None = None, platform: str | None = None) -> str | None:
    """Why no window can be shown, in Chinese, or None when a display is there (or may be).

    Only what can be known for sure is answered: no DISPLAY nor WAYLAND_DISPLAY, or a local
    X display (“:0”) whose socket nobody listens on. Anything else (a remote or forwarded
    display, Wayland) is left to Qt, whose failure ui.app turns into the same message.
    """
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "darwin")):
        return None
    if environ.get("QT_QPA_PLATFORM", "").split(":", 1)[0].strip() not in _NEEDS_DISPLAY:
        return None
    if environ.get("WAYLAND_DISPLAY", "").strip():
        return None
    display = environ.get("DISPLAY", "").strip()
    if not display:
        return "没有设置 DISPLAY，也没有设置 WAYLAND_DISPLAY"
    number = _local_display_number(display)
    if number is not None and not _x_server_listens(number):
        return f"DISPLAY={display} 指向的图形显示没有在运行"
    return None


def _local_display_number(display: str) -> str | None:
    """“:0”, “:0.0” and “unix:0” name a display on this machine; others are remote."""
    host, _, rest = display.rpartition(":")
    number = rest.split(".", 1)[0]
    if host not in ("", "unix") or not number.isdigit():
        return None
    return number


def _x_server_listens(number: str) -> bool:
    # An X server listens on /tmp/.X11-unix/X<n>, and on Linux also on the same name in
    # the abstract namespace (which a sandbox may show without the file).
    for address in (f"/tmp/.X11-unix/X{number}", f"\0/tmp/.X11-unix/X{number}"):
        if address.startswith("\0") and not sys.platform.startswith("linux"):
            continue
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(2)
            try:
                probe.connect(address)
            except OSError:
                continue
            return True
    return False


def no_display_message(reason: str, environ: Mapping[str, str] | None = None) -> str:
    """What the clerk reads: no screen, why, and the command line that does the same work."""
    environ = os.environ if environ is None else environ
    program = environ.get("NIANBAO_LAUNCHER", "").strip() or _program_name()
    return (
        f"没有找到图形显示，无法打开填报窗口（{reason}）。\n"
        "请在有桌面的电脑上启动；在没有桌面的机器上可以使用命令行，例如：\n"
        f"  列出全部命令：{program} -h\n"
        f"  检查报告：{program} check 报告.json\n"
        f"  导出 Word 文档：{program} export 报告.json -o 年报.docx\n"
        f"  列出草稿库中的报告：{program} list"
    )


def _program_name() -> str:
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    if not name or name in ("-c", "-m") or name.endswith(".py"):
        return "python main.py"
    return name
