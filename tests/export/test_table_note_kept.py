"""A table's note stays with its table (issue 14 point 14): in the 衡阳 2013 export the
附表2 note used to sit alone at the top of the next page, its table on the page before."""

from __future__ import annotations

import subprocess

from export.docx_builder import export_docx
from export.pdf import convert_to_pdf
from tests.export.conftest import W, xml_part

NOTE = "注：免予公开范围指《规定》第十条所列免予公开的政府信息范围。"


def test_the_last_rows_keep_with_the_note_and_the_note_keeps_its_lines(tmp_path, legacy_hengyang_2013):
    path = export_docx(legacy_hengyang_2013, tmp_path / "report.docx").path
    body = xml_part(path, "word/document.xml").find(f"{W}body")
    children = list(body)
    note = next(i for i, node in enumerate(children) if node.tag == f"{W}p" and "".join(node.itertext()) == NOTE)
    table = children[note - 1]
    assert table.tag == f"{W}tbl", "the note follows its table directly"
    for row in table.findall(f"{W}tr")[-2:]:
        paragraphs = row.findall(f".//{W}p")
        assert paragraphs and all(p.find(f"{W}pPr/{W}keepNext") is not None for p in paragraphs)
    assert children[note].find(f"{W}pPr/{W}keepLines") is not None


def test_in_the_pdf_the_note_is_on_the_page_of_its_table_s_last_row(tmp_path, legacy_hengyang_2013):
    pdf = convert_to_pdf(export_docx(legacy_hengyang_2013, tmp_path / "report.docx").path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    page = next(p for p in pages if "注：免予公开范围" in p)
    assert "其它原因" in page, "the table's last row (（11）其它原因) is on the note's page"
    before_note = page.split("注：免予公开范围")[0]
    assert "其它原因" in before_note
