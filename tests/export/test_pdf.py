"""PDF through LibreOffice (issue 3, point 5): every sample converts; a missing or hung
LibreOffice gives a clear message. CI installs LibreOffice, so these tests run there."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import stat
import subprocess
import threading
import time

import pytest

from export import pdf
from export.docx_builder import export_docx
from export.pdf import PdfError, convert_to_pdf
from tests.conftest import EVENT_CAP_SECONDS, SAMPLES


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.mark.parametrize("fixture", ["clean_national_2021", "legacy_hengyang_2013", "real_report_hongze_2023"])
def test_every_sample_converts_to_pdf(tmp_path, request, fixture):
    report = request.getfixturevalue(fixture)
    docx_path = export_docx(report, tmp_path / "report.docx").path
    produced = convert_to_pdf(docx_path)
    assert produced == docx_path.with_suffix(".pdf")
    assert produced.read_bytes()[:5] == b"%PDF-"
    text = pdf_text(produced)
    assert "政府信息公开" in text
    pages = pdf_pages(produced)
    assert pages >= 2
    numbers = [int(n) for n in re.findall(r"—\s*(\d+)\s*—", text)]
    assert numbers == list(range(1, pages + 1)), "the PAGE field numbers every page"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".pdf"] == [produced.name]


def test_without_libreoffice_a_clear_message(tmp_path, monkeypatch, clean_national_2021):
    monkeypatch.setattr(pdf, "find_office", lambda: None)
    docx_path = export_docx(clean_national_2021, tmp_path / "r.docx").path
    with pytest.raises(PdfError, match="未找到 LibreOffice，无法生成 PDF"):
        convert_to_pdf(docx_path)


def test_a_hung_libreoffice_is_killed_after_the_time_out(tmp_path, monkeypatch, clean_national_2021):
    """A LibreOffice that never finishes (another instance holding the profile) is
    stopped with its children, and the clerk is told.

    Counted in events, not seconds. The fake starts a helper that, like soffice.bin,
    holds LibreOffice's output pipes and would outlive any test run, and names it on
    stderr; the time-out starts only once that line has been read, so it always finds
    the helper running however slowly the fake started. Only killing the whole process
    group can then end the call (communicate() waits for the helper's end of the pipes),
    and the helper can only be gone because it was killed. Were the group not killed,
    the call would hang: a watchdog ends the helper after EVENT_CAP_SECONDS and the test
    fails, rather than passing once the helper ran its course."""
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 600 &\necho $! >&2\nwait\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(pdf, "find_office", lambda: str(fake))
    docx_path = export_docx(clean_national_2021, tmp_path / "r.docx").path

    helpers: list[int] = []
    returned = threading.Event()
    rescued: list[int] = []

    def rescue_the_helper_if_the_call_hangs() -> None:
        if not returned.wait(EVENT_CAP_SECONDS):
            rescued.append(helpers[0])
            with contextlib.suppress(ProcessLookupError):
                os.kill(helpers[0], signal.SIGKILL)

    watchdog = threading.Thread(target=rescue_the_helper_if_the_call_hangs, daemon=True)
    real_popen = subprocess.Popen

    def popen_then_wait_for_the_helper(*args, **kwargs):
        process = real_popen(*args, **kwargs)
        line = process.stderr.readline()  # blocks until the fake has started its helper
        assert line.strip().isdigit(), f"the fake LibreOffice did not start its helper: {line!r}"
        helpers.append(int(line))
        watchdog.start()
        return process

    monkeypatch.setattr(pdf.subprocess, "Popen", popen_then_wait_for_the_helper)
    try:
        with pytest.raises(PdfError, match="LibreOffice 在 1 秒内没有完成转换，已停止"):
            convert_to_pdf(docx_path, timeout=1)
    finally:
        returned.set()
        if watchdog.ident is not None:
            watchdog.join()
    assert not rescued, "convert_to_pdf waited for the helper instead of killing it with LibreOffice"
    [helper] = helpers
    gone = _gone_within_polls(helper)
    if not gone:
        os.kill(helper, signal.SIGKILL)  # leave nothing running, then fail
    assert gone, "the helper LibreOffice started was killed too"


POLLS = EVENT_CAP_SECONDS * 100
"""Polls, 10 ms apart, for a killed process to finish dying: at least EVENT_CAP_SECONDS
in all, however slowly the machine runs them."""


def _gone_within_polls(pid: int) -> bool:
    """Killed processes die in the kernel a moment after their pipes close (which is
    when convert_to_pdf returns): poll until this one has, counting polls."""
    for _ in range(POLLS):
        if _gone(pid):
            return True
        time.sleep(0.01)
    return _gone(pid)


def _gone(pid: int) -> bool:
    """Killed: no such process, or a zombie waiting for init to reap it."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat_file:
            state = stat_file.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state == "Z"


def test_samples_folder_holds_the_two_samples():
    assert sorted(p.name for p in SAMPLES.glob("*.json")) == ["hengyang-2013.json", "national-2021-example.json"]
