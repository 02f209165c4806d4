"""PDF through LibreOffice (issue 3, point 5): every sample converts; a missing or hung
LibreOffice gives a clear message. CI installs LibreOffice, so these tests run there."""

from __future__ import annotations

import re
import stat
import subprocess
import time

import pytest

from export import pdf
from export.docx_builder import export_docx
from export.pdf import PdfError, convert_to_pdf
from tests.conftest import SAMPLES


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
    stopped with its children, and the clerk is told."""
    marker = tmp_path / "child.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {marker}\nwait\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(pdf, "find_office", lambda: str(fake))
    docx_path = export_docx(clean_national_2021, tmp_path / "r.docx").path
    started = time.monotonic()
    with pytest.raises(PdfError, match="没有完成转换，已停止"):
        convert_to_pdf(docx_path, timeout=1)
    assert time.monotonic() - started < 10
    child = int(marker.read_text())
    time.sleep(0.2)
    assert _gone(child), "the helper LibreOffice started was killed too"


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
