"""`main.py export` (issue 3, point 6): exit 0 on success, 1 when the report may not be
exported as asked, 2 when the input cannot be read; clear messages, no partial files."""

from __future__ import annotations

import docx

from tests.conftest import FIXTURES, SAMPLES
from tests.test_main import run


def test_a_file_outside_the_store_exports_as_a_draft_even_without_errors(tmp_path):
    """Final documents come only from reports approved in the store (issue 6)."""
    out = tmp_path / "年报.docx"
    result = run("export", str(SAMPLES / "national-2021-example.json"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    drafted = tmp_path / "年报（草稿）.docx"
    assert f"报告未经审核，已导出草稿（页眉和文件名标有“草稿”）：{drafted}" in result.stdout
    document = docx.Document(str(drafted))
    assert document.paragraphs[0].text.startswith("示例市人民政府办公室")
    assert document.sections[0].header.paragraphs[0].text == "草稿（未经审核，不得印发）"


def test_final_export_of_a_file_outside_the_store_is_refused(tmp_path):
    result = run("export", str(SAMPLES / "national-2021-example.json"), "-o", str(tmp_path / "x.docx"), "--final")
    assert result.returncode == 1
    assert "只有草稿库中已审核且审核后未改动的报告才能导出正式文档" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_export_a_report_with_errors_as_draft(tmp_path):
    result = run("export", str(FIXTURES / "real-report-hongze-2023.json"), "-o", str(tmp_path / "洪泽.docx"))
    assert result.returncode == 0
    assert (tmp_path / "洪泽（草稿）.docx").exists()
    assert "已导出草稿" in result.stdout


def test_final_export_of_a_report_with_errors_exits_1(tmp_path):
    result = run("export", str(FIXTURES / "real-report-hongze-2023.json"), "-o", str(tmp_path / "x.docx"), "--final")
    assert result.returncode == 1
    assert "正式文档" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_unreadable_input_exits_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    result = run("export", str(bad), "-o", str(tmp_path / "x.docx"))
    assert result.returncode == 2
    assert "无法读取交换文件" in result.stderr


def test_missing_template_exits_2(tmp_path):
    result = run("export", str(SAMPLES / "hengyang-2013.json"), "-o", str(tmp_path / "x.docx"), "--template", str(tmp_path / "no.docx"))
    assert result.returncode == 2
    assert "找不到模板文件" in result.stderr


def test_unwritable_output_exits_1_without_a_partial_file(tmp_path):
    result = run("export", str(SAMPLES / "hengyang-2013.json"), "-o", str(tmp_path / "none" / "x.docx"))
    assert result.returncode == 1
    assert "无法写入" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_export_with_pdf(tmp_path):
    result = run("export", str(SAMPLES / "hengyang-2013.json"), "-o", str(tmp_path / "h.docx"), "--pdf")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "h（草稿）.pdf").read_bytes()[:5] == b"%PDF-"
