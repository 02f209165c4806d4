"""Exporting a full national-2021 report against a plain python-docx script.

The floor, measured in the same run, is what any python-docx program must pay for a
document of the same size: a Document() with the same paragraphs (same texts) and
tables of the same grid, filled row by row with the same cell texts, then saved. The
export adds styles, fonts, merges, widths, borders and footers, and must stay within
TARGET_RATIO of it (issue 3, point 8).

Run: python benchmarks/bench_export.py [--quick]
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from benchmarks.common import Result, fastest_interleaved, run_main  # noqa: E402
from export.docx_builder import build_document  # noqa: E402
from models.table_layout import layout_table  # noqa: E402
from export.text_blocks import blocks  # noqa: E402
from models.exchange import read_exchange  # noqa: E402

TARGET_RATIO = 1.5
NAME = "导出整份 national-2021 报告（.docx）"


def _plain_script(paragraphs: list[str], tables: list[list[list[str]]]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for row, texts in zip(table.rows, rows):
            for cell, text in zip(row.cells, texts):
                cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def measure(quick: bool = False) -> Result:
    report, _ = read_exchange(ROOT / "resources" / "samples" / "national-2021-example.json")
    fmt = report.format
    paragraphs = [report.title, report.preface]
    for section in fmt.sections:
        paragraphs.append(section.heading)
        paragraphs += [b.heading + b.body for b in blocks(report.texts[section.id])]
    paragraphs += [report.issuer, "2025年1月20日"]
    tables = []
    for table in fmt.tables:
        layout = layout_table(report, table)
        grid = [["" for _ in range(layout.columns)] for _ in range(layout.rows)]
        for box in layout.boxes:
            grid[box.row][box.col] = box.text
        tables.append(grid)

    def export() -> None:
        buffer = io.BytesIO()
        build_document(report, final=True).save(buffer)

    def floor() -> None:
        _plain_script(paragraphs, tables)

    def timed(work) -> float:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        work()
        return time.perf_counter() - start

    subject, base = fastest_interleaved(lambda: timed(export), lambda: timed(floor), 5 if quick else 15)
    return Result(NAME, subject * 1000, base * 1000, TARGET_RATIO, "同样大小的纯 python-docx 脚本")


if __name__ == "__main__":
    run_main(measure, "导出速度基准")
