"""The report as an official-format .docx (GB/T 9704-2012; docs/design-notes.md §6).

Styles carry the layout (fonts with w:eastAsia, sizes, fixed line spacing, indents), so
that an office can restyle the output through its own base .docx: a style of the same
name in the base document wins. Paragraphs and tables are built as OOXML elements
(export/docx_xml.py); the tables come from models/table_layout.py.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree
from msgspec import Struct, field

from export import docx_xml as x
from export.fonts import FALLBACKS, STANDARD, FontSet
from export.signature import chinese_date, right_indents
from models.table_layout import layout_table
from export.text_blocks import blocks
from models.atomic_file import write_atomic
from models.formats import Table
from models.report import Report
from models.rules import validate
from models.values import clean_text

BODY_SIZE = 32  # half-points: 3号 = 16 pt
TITLE_SIZE = 44  # 2号 = 22 pt
TABLE_SIZE = 21  # 五号 = 10.5 pt
NOTE_SIZE = 24  # 小四 = 12 pt
PAGE_NUMBER_SIZE = 28  # 4号 = 14 pt
LINE_TWIPS = "578"  # exactly 28.9 pt: 22 lines in the 225 mm type area
CHAR_TWIPS = 320  # one 16 pt character
TITLE_ONE_LINE = 20  # characters of 22 pt that fit in the 156 mm type area
DRAFT_MARK = "草稿"


class ExportError(Exception):
    """The document cannot be written as asked; the message is Chinese."""


class ExportOptions(Struct):
    fonts: FontSet = STANDARD
    template: Path | None = None
    """An office's own base .docx: its styles, page setup and letterhead are kept."""
    keep_circled: bool = False
    """Keep ㈠-style numbering as typed instead of GB/T 9704's （一）."""
    signature: str | None = None
    """"end" or "under_title"; None uses the format's placement."""


class ExportResult(Struct):
    path: Path
    final: bool
    errors: int
    warnings: int = 0
    notes: list[str] = field(default_factory=list)


def draft_path(path: Path) -> Path:
    """The file name of a draft says so: 报告.docx → 报告（草稿）.docx."""
    if DRAFT_MARK in path.stem:
        return path
    return path.with_name(f"{path.stem}（{DRAFT_MARK}）{path.suffix}")


# -- styles ----------------------------------------------------------------------------


class _Styles:
    """Our paragraph and character styles, unless the base document defines them."""

    def __init__(self, document: Document, fonts: FontSet) -> None:
        self.fonts = fonts
        self.root = document.styles.element
        self.by_name = {
            s.find(qn("w:name")).get(qn("w:val")): s.get(qn("w:styleId"))
            for s in self.root.findall(qn("w:style"))
            if s.find(qn("w:name")) is not None
        }
        latin = fonts.latin
        body = self._paragraph("NianbaoBody", "年报正文", fonts.body, latin, BODY_SIZE, indent=True, line=LINE_TWIPS, align="both")
        self.body = body
        self.plain = self._paragraph("NianbaoPlain", "年报正文（不缩进）", fonts.body, latin, BODY_SIZE, line=LINE_TWIPS, based_on=body)
        self.title = self._paragraph("NianbaoTitle", "年报标题", fonts.title, latin, TITLE_SIZE, line="700", align="center")
        self.heading1 = self._paragraph("NianbaoHeading1", "年报一级标题", fonts.heading1, latin, BODY_SIZE, indent=True, line=LINE_TWIPS, based_on=body, outline=0)
        self.heading2 = self._paragraph("NianbaoHeading2", "年报二级标题", fonts.heading2, latin, BODY_SIZE, indent=True, line=LINE_TWIPS, based_on=body, outline=1)
        self.heading2_run = self._character("NianbaoHeading2Char", "年报二级标题字符", fonts.heading2, latin)
        self.table = self._paragraph("NianbaoTable", "年报表格", fonts.table, latin, TABLE_SIZE, line="240", line_rule="auto", align="center")
        self.note = self._paragraph("NianbaoTableNote", "年报表注", fonts.body, latin, NOTE_SIZE, line="360", line_rule="auto")
        self.page_number = self._paragraph("NianbaoPageNumber", "年报页码", fonts.page_number, fonts.page_number, PAGE_NUMBER_SIZE, line="240", line_rule="auto")
        self.draft = self._paragraph("NianbaoDraftMark", "年报草稿标记", fonts.heading1, latin, BODY_SIZE, line="240", line_rule="auto", align="right", bold=True)
        self._defaults()

    def _existing(self, name: str) -> str | None:
        return self.by_name.get(name)

    def _paragraph(
        self,
        style_id: str,
        name: str,
        east_asia: str,
        latin: str,
        size: int,
        *,
        indent: bool = False,
        line: str,
        line_rule: str = "exact",
        align: str | None = None,
        based_on: str | None = None,
        outline: int | None = None,
        bold: bool = False,
    ) -> str:
        existing = self._existing(name)
        if existing:
            return existing
        style = x.element("w:style", {"w:type": "paragraph", "w:customStyle": "1", "w:styleId": style_id})
        x.sub(style, "w:name", {"w:val": name})
        if based_on:
            x.sub(style, "w:basedOn", {"w:val": based_on})
        x.sub(style, "w:qFormat")
        p_pr = x.sub(style, "w:pPr")
        if outline is not None:
            x.sub(p_pr, "w:keepNext")
        x.sub(p_pr, "w:spacing", {"w:before": "0", "w:after": "0", "w:line": line, "w:lineRule": line_rule})
        x.sub(p_pr, "w:ind", {"w:firstLineChars": "200", "w:firstLine": str(2 * CHAR_TWIPS)} if indent else {"w:firstLineChars": "0", "w:firstLine": "0"})
        if align:
            x.sub(p_pr, "w:jc", {"w:val": align})
        if outline is not None:
            x.sub(p_pr, "w:outlineLvl", {"w:val": str(outline)})
        r_pr = x.run_properties(east_asia, latin, size, bold=bold)
        x.sub(r_pr, "w:color", {"w:val": "000000"})
        style.append(r_pr)
        self.root.append(style)
        self.by_name[name] = style_id
        return style_id

    def _character(self, style_id: str, name: str, east_asia: str, latin: str) -> str:
        existing = self._existing(name)
        if existing:
            return existing
        style = x.element("w:style", {"w:type": "character", "w:customStyle": "1", "w:styleId": style_id})
        x.sub(style, "w:name", {"w:val": name})
        style.append(x.run_properties(east_asia, latin))
        self.root.append(style)
        return style_id

    def _defaults(self) -> None:
        """docDefaults without theme fonts, so text outside our styles is Chinese too."""
        defaults = self.root.find(qn("w:docDefaults"))
        if defaults is None:
            return
        r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if r_pr is None:
            return
        x.fonts(r_pr, self.fonts.body, self.fonts.latin)
        lang = r_pr.find(qn("w:lang"))
        if lang is None:
            lang = x.sub(r_pr, "w:lang")
        lang.set(qn("w:eastAsia"), "zh-CN")


def _font_fallbacks(document: Document, fonts: FontSet) -> None:
    """List our fonts in the font table with w:altName, for Word and WPS to substitute."""
    part = next((p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    present = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name in dict.fromkeys([fonts.title, fonts.body, fonts.heading1, fonts.heading2, fonts.table, fonts.page_number]):
        if name in present:
            continue
        font = x.sub(root, "w:font", {"w:name": name})
        if name in FALLBACKS:
            x.sub(font, "w:altName", {"w:val": FALLBACKS[name]})
        x.sub(font, "w:charset", {"w:val": "86"})  # GB2312
        x.sub(font, "w:family", {"w:val": "roman"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# -- page setup, headers and footers -----------------------------------------------------


def _page_setup(document: Document) -> None:
    """A4 with GB/T 9704 margins: type area 156 × 225 mm (python-docx's default is Letter)."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.header_distance = Mm(15)
        section.footer_distance = Mm(22)


def _has_page_field(part_element: etree._Element) -> bool:
    instr = "".join(t.text or "" for t in part_element.iter(qn("w:instrText")))
    simple = " ".join(f.get(qn("w:instr"), "") for f in part_element.iter(qn("w:fldSimple")))
    return "PAGE" in instr or "PAGE" in simple


def _footers(document: Document, styles: _Styles) -> None:
    """“— N —” in 宋体 14 pt: odd pages right, even pages left, one character in (7.5)."""
    document.settings.odd_and_even_pages_header_footer = True
    r_pr = x.run_properties(styles.fonts.page_number, styles.fonts.page_number, PAGE_NUMBER_SIZE)
    one_char = str(PAGE_NUMBER_SIZE * 10)  # 14 pt in twips
    for section in document.sections:
        for footer, align, indent in (
            (section.footer, "right", {"w:right": one_char}),
            (section.even_page_footer, "left", {"w:left": one_char}),
        ):
            element = footer._element
            if _has_page_field(element):
                continue
            footer.is_linked_to_previous = False
            for old in element.findall(qn("w:p")):
                if not "".join(old.itertext()).strip():
                    element.remove(old)
            element.append(x.paragraph(styles.page_number, x.page_field_runs(r_pr), align=align, indent=indent))


def _draft_headers(document: Document, styles: _Styles, errors: int) -> None:
    text = f"{DRAFT_MARK}（尚有 {errors} 项错误未改正，不得印发）" if errors else f"{DRAFT_MARK}（未经审核，不得印发）"
    r_pr = x.run_properties(styles.fonts.heading1, styles.fonts.latin, BODY_SIZE, bold=True)
    for section in document.sections:
        for header in (section.header, section.even_page_header, section.first_page_header):
            header.is_linked_to_previous = False
            header._element.insert(0, x.paragraph(styles.draft, [x.text_run(text, x._copy(r_pr))]))


# -- body --------------------------------------------------------------------------------


class _Body:
    """Appends paragraphs and tables to the document body, before its sectPr."""

    def __init__(self, document: Document, styles: _Styles, options: ExportOptions) -> None:
        self.body = document.element.body
        self.end = self.body.find(qn("w:sectPr"))
        self.styles = styles
        self.options = options
        fonts = styles.fonts
        self.body_rpr = x.run_properties(fonts.body, fonts.latin)
        self.heading2_rpr = x.run_properties(fonts.heading2, fonts.latin, style=styles.heading2_run)

    def add(self, node: etree._Element) -> None:
        if self.end is not None:
            self.end.addprevious(node)
        else:
            self.body.append(node)

    def runs(self, text: str, r_pr: etree._Element) -> list[etree._Element]:
        return [x.text_run(text, x._copy(r_pr))]

    def paragraph(
        self,
        style: str,
        text: str,
        align: str | None = None,
        indent: dict[str, str] | None = None,
        r_pr: etree._Element | None = None,
        keep_next: bool = False,
    ) -> None:
        clean = _plain(text)
        runs = self.runs(clean, r_pr if r_pr is not None else self.body_rpr) if clean else []
        self.add(x.paragraph(style, runs, align, indent, keep_next))

    def note(self, text: str) -> None:
        """A table's note: its lines stay together (the table's last rows keep with it)."""
        node = x.paragraph(self.styles.note, self.runs(_plain(text), self.body_rpr))
        node.find(qn("w:pPr")).insert(1, x.element("w:keepLines"))
        self.add(node)

    def empty_line(self) -> None:
        self.add(x.paragraph(self.styles.plain))

    def narrative(self, text: str) -> None:
        for block in blocks(text, self.options.keep_circled):
            if block.level == 2 and not block.body:
                self.add(x.paragraph(self.styles.heading2, self.runs(block.heading, self.heading2_rpr)))
            elif block.level == 2:
                runs = self.runs(block.heading, self.heading2_rpr) + self.runs(block.body, self.body_rpr)
                self.add(x.paragraph(self.styles.body, runs))
            else:
                self.add(x.paragraph(self.styles.body, self.runs(block.heading + block.body, self.body_rpr)))

    def table(self, report: Report, table: Table) -> None:
        layout = layout_table(report, table)
        # A note belongs under its table: the last two rows keep with the note paragraph,
        # so that a page break never leaves the note alone at the top of the next page
        # (nor one row with it: the break then comes two rows earlier).
        last_keeps_next = set(range(max(layout.header_rows, layout.rows - 2), layout.rows)) if table.note else set()
        widths = list(table.column_widths) or [8844 // layout.columns] * layout.columns
        tbl = x.element("w:tbl")
        tbl_pr, grid = x.table_properties(widths, self.styles.fonts.table)
        tbl.append(tbl_pr)
        tbl.append(grid)
        fonts = self.styles.fonts
        cell_rpr = x.run_properties(fonts.table, fonts.latin)
        corner_rpr = x.run_properties(fonts.heading2, fonts.latin)
        # Rows are built one after the other from the layout, never by looking cells up
        # by row and column, which is quadratic in python-docx (docs/design-notes.md §6.5).
        for index, entries in enumerate(layout.row_boxes()):
            keep_next = index in layout.keep_with_next or index in last_keeps_next
            tr = x.table_row(header=index < layout.header_rows)
            for box, vmerge in entries:
                width = sum(widths[box.col : box.col + box.colspan])
                if vmerge == "continue":
                    content = x.paragraph(self.styles.table, keep_next=keep_next)
                else:
                    align = "left" if box.kind in ("label", "caption") else "both" if box.kind == "corner" else "center"
                    text = _plain(box.text)
                    runs = [x.text_run(text, x._copy(corner_rpr if box.kind == "corner" else cell_rpr))] if text else []
                    content = x.paragraph(self.styles.table, runs, align=align, keep_next=keep_next)
                tr.append(x.table_cell(width, box.colspan, vmerge, content))
            tbl.append(tr)
        self.add(tbl)


def _plain(text: str) -> str:
    """Text without control characters: lxml refuses them (docs/design-notes.md §6.4)."""
    return clean_text(text)[0]


def _title_runs(report: Report, r_pr: etree._Element) -> list[etree._Element]:
    """The title, broken after the body's name when it would not fit on one line."""
    title = _plain(report.title or "政府信息公开工作年度报告")
    organization = _plain(report.organization)
    if len(title) > TITLE_ONE_LINE and organization and title.startswith(organization) and len(organization) < len(title):
        return [x.text_run(organization, x._copy(r_pr)), x.line_break(), x.text_run(title[len(organization):], x._copy(r_pr))]
    return [x.text_run(title, x._copy(r_pr))]


def build_document(report: Report, options: ExportOptions | None = None, *, final: bool, errors: int = 0) -> Document:
    """The whole report as a python-docx Document (not yet saved)."""
    options = options or ExportOptions()
    fmt = report.format
    if options.template:
        try:
            document = docx.Document(str(options.template))
        except Exception as error:  # python-docx raises several kinds for a bad package
            raise ExportError(f"模板 {options.template} 不是有效的 Word 文档（.docx）：{error}") from None
    else:
        document = docx.Document()
        _page_setup(document)
    styles = _Styles(document, options.fonts)
    _font_fallbacks(document, options.fonts)
    body = _Body(document, styles, options)
    fonts = options.fonts

    body.add(x.paragraph(styles.title, _title_runs(report, x.run_properties(fonts.title, fonts.latin))))
    signature = options.signature or fmt.signature
    issuer = _plain(report.issuer or report.organization)
    date = chinese_date(report.date) if report.date else ""
    if signature == "under_title":
        if issuer:
            body.paragraph(styles.plain, issuer, align="center")
        if date:
            body.paragraph(styles.plain, f"（{date}）", align="center")
    else:
        body.empty_line()

    if fmt.preface_label:
        body.paragraph(styles.plain, fmt.preface_label)
    body.narrative(report.preface)

    for section in fmt.sections:
        body.paragraph(styles.heading1, section.heading, r_pr=x.run_properties(fonts.heading1, fonts.latin))
        body.narrative(report.texts.get(section.id, ""))
        if section.tables and section.tables_heading:
            body.paragraph(styles.plain, section.tables_heading, keep_next=True)
        for table_id in section.tables:
            table = fmt.table(table_id)
            if table.caption:
                body.paragraph(styles.body, table.caption, keep_next=True)
            body.table(report, table)
            if table.note:
                body.note(table.note)
            body.empty_line()

    if signature == "end" and (issuer or date):
        body.empty_line()
        name_indent, date_indent = right_indents(issuer, date)
        if issuer:
            body.paragraph(styles.plain, issuer, align="right", indent={"w:right": str(round(name_indent * CHAR_TWIPS))})
        if date:
            body.paragraph(styles.plain, date, align="right", indent={"w:right": str(round(date_indent * CHAR_TWIPS))})

    _footers(document, styles)
    if not final:
        _draft_headers(document, styles, errors)
    properties = document.core_properties
    properties.title = _plain(report.title)
    properties.author = issuer
    properties.language = "zh-CN"
    return document


def export_docx(
    report: Report,
    path: Path | str,
    options: ExportOptions | None = None,
    *,
    require_final: bool = False,
    final: bool | None = None,
) -> ExportResult:
    """Write the report as a .docx; a report with errors is marked 草稿, also in its name.

    Args:
        final: who decides whether the document may be final. None: this function, by
            “no errors” (an exchange file, outside the review workflow). False: the
            caller's rule said draft (models/review.final_export_allowed: not approved,
            or changed since), so it is marked 草稿 whatever the errors. True: the
            caller allows final; an error found now still makes it a draft.

    Raises:
        ExportError: require_final and the document would be a draft; the template or
            the output path is unusable. No partial file is left behind.
    """
    findings = validate(report)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    allowed = final is not False
    final = allowed and errors == 0
    if require_final and errors:
        raise ExportError(f"报告还有 {errors} 项错误，不能导出正式文档；请先改正（可用 check 命令查看），或导出草稿")
    if require_final and not final:
        raise ExportError("报告未经审核通过（或审核后内容有改动），不能导出正式文档；请先提交审核，或导出草稿")
    path = Path(path)
    target = path if final else draft_path(path)
    document = build_document(report, options, final=final, errors=errors)
    buffer = io.BytesIO()
    document.save(buffer)
    if not target.parent.is_dir():
        raise ExportError(f"无法写入 {target}：文件夹 {target.parent} 不存在")
    try:
        write_atomic(target, buffer.getvalue())
    except PermissionError:
        raise ExportError(f"无法写入 {target}：没有写入权限，或文件正在 Word/WPS 中打开") from None
    except OSError as error:
        raise ExportError(f"无法写入 {target}：{error.strerror or error}") from None
    return ExportResult(target, final, errors, warnings)
