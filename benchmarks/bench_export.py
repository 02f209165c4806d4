"""Exporting a full national-2021 report against a plain python-docx script.

The floor, measured in the same run, is what any python-docx program must pay for a
document of the same size: a Document() with the same paragraphs (same texts) and
tables of the same grid, filled row by row with the same cell texts, then saved. The
export adds styles, fonts, merges, widths, borders and footers, and must stay within
TARGET_RATIO of it (issue 3, point 8).

Run: python benchmarks/bench_export.py [--quick]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

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


def measure(quick: bool = False) -> dict[str, float | str | bool]:
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

    repeat = 5 if quick else 15
    subject_times, floor_times = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        export()
        subject_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        floor()
        floor_times.append(time.perf_counter() - start)
    subject, base = min(subject_times), min(floor_times)
    ratio = subject / base
    return {
        "name": NAME,
        "subject_ms": subject * 1000,
        "floor_ms": base * 1000,
        "ratio": ratio,
        "target": f"≤ {TARGET_RATIO:g}× 同样大小的纯 python-docx 脚本",
        "holds": ratio <= TARGET_RATIO,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="导出速度基准")
    parser.add_argument("--quick", action="store_true", help="较短的测量")
    result = measure(parser.parse_args().quick)
    print(
        f"{result['name']}：{result['subject_ms']:.1f} ms，基准 {result['floor_ms']:.1f} ms，"
        f"比值 {result['ratio']:.2f}（目标 {result['target']}）：{'达标' if result['holds'] else '未达标'}"
    )
    return 0 if result["holds"] else 1


if __name__ == "__main__":
    sys.exit(main())
