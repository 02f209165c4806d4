"""Raw OOXML pieces python-docx has no API for: East Asian fonts, fields, table grids.

Built directly with lxml: python-docx writes only w:ascii/w:hAnsi for a font name
(python-docx #346), has no field, border or header-row API, and its cell look-up by
row and column is quadratic (docs/design-notes.md §6.3, §6.5). Building paragraphs and tables as
elements is also what keeps the export within 1.5× of a plain python-docx script (benchmarks/).
"""

from __future__ import annotations

from collections.abc import Iterable

from docx.oxml.ns import qn
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def element(tag: str, attrs: dict[str, str] | None = None, children: Iterable[etree._Element] = ()) -> etree._Element:
    """A w: element; attribute names are given as "w:val" and namespaced here."""
    node = etree.Element(qn(tag), nsmap={"w": W})
    for name, value in (attrs or {}).items():
        node.set(qn(name), value)
    for child in children:
        node.append(child)
    return node


def sub(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    node = etree.SubElement(parent, qn(tag))
    for name, value in (attrs or {}).items():
        node.set(qn(name), value)
    return node


def fonts(parent: etree._Element, east_asia: str, latin: str) -> etree._Element:
    """Set w:rFonts on an rPr: eastAsia for Chinese, ascii/hAnsi for digits and Latin.

    Theme attributes are removed because a theme font wins over an explicit name.
    """
    r_fonts = parent.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = etree.Element(qn("w:rFonts"))
        parent.insert(0, r_fonts)
    for attribute in THEME_ATTRIBUTES:
        r_fonts.attrib.pop(qn(attribute), None)
    r_fonts.set(qn("w:ascii"), latin)
    r_fonts.set(qn("w:hAnsi"), latin)
    r_fonts.set(qn("w:eastAsia"), east_asia)
    r_fonts.set(qn("w:cs"), latin)
    return r_fonts


def run_properties(east_asia: str, latin: str, size_half_points: int | None = None, bold: bool = False, style: str | None = None) -> etree._Element:
    r_pr = etree.Element(qn("w:rPr"))
    if style:
        sub(r_pr, "w:rStyle", {"w:val": style})
    fonts(r_pr, east_asia, latin)
    if bold:
        sub(r_pr, "w:b")
    if size_half_points:
        sub(r_pr, "w:sz", {"w:val": str(size_half_points)})
        sub(r_pr, "w:szCs", {"w:val": str(size_half_points)})
    return r_pr


def text_run(text: str, r_pr: etree._Element | None = None) -> etree._Element:
    run = etree.Element(qn("w:r"))
    if r_pr is not None:
        run.append(r_pr)
    t = sub(run, "w:t")
    t.text = text
    t.set(XML_SPACE, "preserve")
    return run


def line_break() -> etree._Element:
    run = etree.Element(qn("w:r"))
    sub(run, "w:br")
    return run


def paragraph(
    style: str,
    runs: Iterable[etree._Element] = (),
    align: str | None = None,
    indent: dict[str, str] | None = None,
    keep_next: bool = False,
) -> etree._Element:
    p = etree.Element(qn("w:p"))
    p_pr = sub(p, "w:pPr")
    sub(p_pr, "w:pStyle", {"w:val": style})
    if keep_next:
        sub(p_pr, "w:keepNext")
    if indent:
        sub(p_pr, "w:ind", indent)
    if align:
        sub(p_pr, "w:jc", {"w:val": align})
    for run in runs:
        p.append(run)
    return p


def page_field_runs(r_pr: etree._Element) -> list[etree._Element]:
    """“— N —” with N a PAGE field that Word computes at layout time."""

    def fld(kind: str) -> etree._Element:
        run = etree.Element(qn("w:r"))
        run.append(_copy(r_pr))
        sub(run, "w:fldChar", {"w:fldCharType": kind})
        return run

    instr = etree.Element(qn("w:r"))
    instr.append(_copy(r_pr))
    text = sub(instr, "w:instrText")
    text.text = " PAGE "
    text.set(XML_SPACE, "preserve")
    return [
        text_run("— ", _copy(r_pr)),
        fld("begin"),
        instr,
        fld("separate"),
        text_run("1", _copy(r_pr)),
        fld("end"),
        text_run(" —", _copy(r_pr)),
    ]


def _copy(node: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(node))


def table_properties(widths: list[int], header_font: str) -> tuple[etree._Element, etree._Element]:
    """tblPr and tblGrid: fixed layout, centred, 0.5 pt single borders, grid widths."""
    tbl_pr = etree.Element(qn("w:tblPr"))
    sub(tbl_pr, "w:tblW", {"w:w": str(sum(widths)), "w:type": "dxa"})
    sub(tbl_pr, "w:jc", {"w:val": "center"})
    borders = sub(tbl_pr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        sub(borders, f"w:{side}", {"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "000000"})
    sub(tbl_pr, "w:tblLayout", {"w:type": "fixed"})
    margins = sub(tbl_pr, "w:tblCellMar")
    sub(margins, "w:left", {"w:w": "57", "w:type": "dxa"})
    sub(margins, "w:right", {"w:w": "57", "w:type": "dxa"})
    sub(tbl_pr, "w:tblLook", {"w:val": "0000", "w:firstRow": "0", "w:lastRow": "0", "w:firstColumn": "0", "w:lastColumn": "0", "w:noHBand": "1", "w:noVBand": "1"})
    grid = etree.Element(qn("w:tblGrid"))
    for width in widths:
        sub(grid, "w:gridCol", {"w:w": str(width)})
    return tbl_pr, grid


def table_row(header: bool) -> etree._Element:
    """A row that never breaks across pages; header rows repeat on each page."""
    tr = etree.Element(qn("w:tr"))
    tr_pr = sub(tr, "w:trPr")
    sub(tr_pr, "w:cantSplit")
    if header:
        sub(tr_pr, "w:tblHeader")
    return tr


def table_cell(width: int, span: int, vmerge: str | None, content: etree._Element) -> etree._Element:
    tc = etree.Element(qn("w:tc"))
    tc_pr = sub(tc, "w:tcPr")
    sub(tc_pr, "w:tcW", {"w:w": str(width), "w:type": "dxa"})
    if span > 1:
        sub(tc_pr, "w:gridSpan", {"w:val": str(span)})
    if vmerge == "restart":
        sub(tc_pr, "w:vMerge", {"w:val": "restart"})
    elif vmerge == "continue":
        sub(tc_pr, "w:vMerge")
    sub(tc_pr, "w:vAlign", {"w:val": "center"})
    tc.append(content)
    return tc
