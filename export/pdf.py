"""PDF through LibreOffice, where it is installed.

LibreOffice hangs or fails when another instance uses the same profile and has no
time-out of its own (docs/design-notes.md §4): each conversion gets a private profile folder,
a time-out after which the whole process group is killed, and conversions run one at a
time. Callers run this off the GUI thread; this module knows nothing about threads.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from models.resources import resources_dir

TIMEOUT_SECONDS = 180
_ONE_AT_A_TIME = threading.Lock()

_WINDOWS_LOCATIONS = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


class PdfError(Exception):
    """No PDF could be made; the message is Chinese and says why."""


def find_office() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "win32":
        return next((p for p in _WINDOWS_LOCATIONS if Path(p).exists()), None)
    return None


def convert_to_pdf(docx_path: Path, pdf_path: Path | None = None, timeout: float = TIMEOUT_SECONDS) -> Path:
    """Convert a .docx to PDF next to it (or to pdf_path).

    Raises:
        PdfError: LibreOffice is missing, timed out or produced nothing.
    """
    office = find_office()
    if office is None:
        raise PdfError("未找到 LibreOffice，无法生成 PDF。请安装 LibreOffice，或在 Word/WPS 中打开文档后“另存为 PDF”。")
    docx_path = Path(docx_path).resolve()
    target = Path(pdf_path).resolve() if pdf_path else docx_path.with_suffix(".pdf")
    with _ONE_AT_A_TIME, tempfile.TemporaryDirectory(prefix="nianbao-pdf-") as work:
        profile = Path(work, "profile").as_uri()
        out_dir = Path(work, "out")
        out_dir.mkdir()
        command = [office, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(out_dir), str(docx_path)]
        process = subprocess.Popen(
            command,
            env=_environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=sys.platform != "win32",
            creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),
        )
        try:
            _out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise PdfError(f"LibreOffice 在 {timeout:.0f} 秒内没有完成转换，已停止。请稍后重试，或在 Word/WPS 中另存为 PDF。") from None
        produced = out_dir / (docx_path.stem + ".pdf")
        if process.returncode != 0 or not produced.exists():
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
            raise PdfError("LibreOffice 未能生成 PDF" + (f"：{detail[0]}" if detail else "。"))
        try:
            shutil.move(str(produced), str(target))
        except OSError as error:
            raise PdfError(f"无法写入 {target}：{error.strerror or error}") from None
    return target


def _environment() -> dict[str, str]:
    """On Linux, map the GB/T 9704 font names to free faces (resources/fontconfig)."""
    env = dict(os.environ)
    aliases = resources_dir() / "fontconfig" / "nianbao-fonts.conf"
    if sys.platform.startswith("linux") and aliases.exists() and "FONTCONFIG_FILE" not in env:
        env["FONTCONFIG_FILE"] = str(aliases)
    return env


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill LibreOffice and the helpers it started (soffice.bin is a child)."""
    try:
        if sys.platform == "win32":
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False)
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.communicate()  # reaps the process and closes its pipes
