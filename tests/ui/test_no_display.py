"""Starting the window where there is no screen (issue 13): a Chinese message that says so
and names the command line, never Qt's English abort about a library."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from ui.display import missing_display, no_display_message


def _start_window(tmp_path, **env_changes: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update({k: v for k, v in env_changes.items() if v is not None})
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(tmp_path / "data")],
        env=env, capture_output=True, text=True, timeout=120,
    )


def _unused_display_number() -> int:
    return next(n for n in range(180, 400) if not os.path.exists(f"/tmp/.X11-unix/X{n}"))


def _assert_told_in_chinese(result: subprocess.CompletedProcess[str], launcher: str) -> None:
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("没有找到图形显示，无法打开填报窗口"), result.stderr
    assert f"{launcher} check 报告.json" in result.stderr and f"{launcher} -h" in result.stderr
    english = [line for line in result.stderr.splitlines() if line.strip() and line.isascii()]
    assert not english and "qt.qpa" not in result.stderr and "xcb" not in result.stderr, result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland displays are a Linux matter")
def test_without_any_display_the_clerk_is_told_in_chinese_and_shown_the_command_line(tmp_path):
    result = _start_window(tmp_path, NIANBAO_LAUNCHER="./scripts/run.sh")
    _assert_told_in_chinese(result, "./scripts/run.sh")
    assert "没有设置 DISPLAY" in result.stderr
    assert not (tmp_path / "data").exists(), "nothing was created for a window that cannot open"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland displays are a Linux matter")
def test_a_local_display_nobody_serves_is_named(tmp_path):
    number = _unused_display_number()
    result = _start_window(tmp_path, DISPLAY=f":{number}")
    _assert_told_in_chinese(result, "python main.py")
    assert f"DISPLAY=:{number} 指向的图形显示没有在运行" in result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland displays are a Linux matter")
def test_when_qt_itself_cannot_reach_the_display_its_abort_is_said_in_chinese(tmp_path):
    """A remote display is not probed beforehand: Qt's platform plugin fails on it (or on
    a missing xcb library), and its fatal message becomes the same Chinese explanation."""
    result = _start_window(tmp_path, DISPLAY=f"127.0.0.1:{_unused_display_number()}", NIANBAO_LAUNCHER="nianbao")
    _assert_told_in_chinese(result, "nianbao")
    assert "Qt 无法加载图形平台插件" in result.stderr


@pytest.mark.parametrize(
    "environ, platform, expected",
    [
        ({}, "linux", "没有设置 DISPLAY，也没有设置 WAYLAND_DISPLAY"),
        ({"DISPLAY": "  "}, "linux", "没有设置 DISPLAY，也没有设置 WAYLAND_DISPLAY"),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", None),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", None),
        ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, "linux", None),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", "没有设置 DISPLAY，也没有设置 WAYLAND_DISPLAY"),
        ({"DISPLAY": "remote.example:0"}, "linux", None),
        ({}, "win32", None),
        ({}, "darwin", None),
    ],
)
def test_what_counts_as_no_display(environ, platform, expected):
    assert missing_display(environ, platform) == expected


def test_the_message_names_the_command_as_the_clerk_started_it():
    message = no_display_message("原因", {"NIANBAO_LAUNCHER": "./scripts/run.sh"})
    assert "（原因）" in message
    assert "./scripts/run.sh export 报告.json -o 年报.docx" in message
