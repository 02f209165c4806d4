"""The exported .docx, read back by python-docx and by docx2python (issue 3, point 7)."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import docx
import pytest

from export.docx_builder import ExportError, ExportOptions, draft_path, export_docx
from export.fonts import COMMON
from export.signature import right_indents
from models.values import format_value
from tests.conftest import FIXTURES
from tests.export.conftest import W, docx2python_text, squeeze, xml_part

SEED = FIXTURES / "published-hengyang-2013.txt"
SPAM = "雷速体育,雷速直播"
PAGE_CHROME = "扫一扫在手机打开当前页"


def body_paragraphs(path: Path) -> list[str]:
    """Body-level paragraphs (not table cells), as python-docx reads them."""
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def test_national_report_text_in_order(exported, clean_national_2021):
    report = clean_national_2021
    result = exported(report)
    assert result.final and result.path.name == "report.docx"
    expected = ["示例市人民政府办公室\n2024年政府信息公开工作年度报告", report.preface]
    for section in report.format.sections:
        expected.append(section.heading)
        expected += [line.strip() for line in report.texts[section.id].split("\n") if line.strip()]
    expected += ["示例市人民政府办公室", "2025年1月20日"]
    assert body_paragraphs(result.path) == expected


def test_tables_hold_every_label_and_value_in_order(exported, clean_national_2021):
    report = clean_national_2021
    document = docx.Document(str(exported(report).path))
    tables = {len(t.columns): t for t in document.tables}
    requests = report.format.table("requests")
    grid = tables[10]
    header_texts = {c.text for row in grid.rows[:3] for c in row.cells}
    assert header_texts >= {requests.corner_note, "申请人情况", "法人或其他组织", *(c.label for c in requests.columns)}
    data_rows = [r for r in requests.rows if r.has_cells]
    for row, docx_row in zip(data_rows, grid.rows[3:], strict=True):
        cells = [c.text for c in docx_row.cells]
        assert cells[-7:] == [format_value(report.get("requests", row.id, c.id)) for c in requests.columns]
        assert row.label in cells
    litigation = tables[15]
    assert [c.text for c in litigation.rows[3].cells] == [
        format_value(report.get("review_litigation", "cases", c.id)) for c in report.format.table("review_litigation").columns
    ]
    proactive_text = [c.text for row in tables[4].rows for c in row.cells]
    assert "本年收费金额（单位：万元）" in proactive_text and "1523.46" in proactive_text


def test_docx2python_reads_the_same_content(exported, clean_national_2021):
    """An independent reader finds the narrative and the table figures in the same order."""
    path = exported(clean_national_2021).path
    text = docx2python_text(path)
    joined = squeeze("".join(text))
    positions = [joined.index(squeeze(s)) for s in [
        "一、总体情况",
        "全年新收政府信息公开申请213件",
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "三、收到和处理政府信息公开申请情况",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "四、结转下年度继续办理",
        "四、政府信息公开行政复议、行政诉讼情况",
        "六、其他需要报告的事项",
        "2025年1月20日",
    ]]
    assert positions == sorted(positions)


def test_hengyang_export_reproduces_the_sample_report_text_in_order(exported, legacy_hengyang_2013):
    """The exported 衡阳市 2013 report holds exactly the text of the published page, in its
    order, without the web-page debris: compared after NFKC (so half- and full-width
    punctuation and ㈠/（一） agree) and without spaces (the page had stray ones)."""
    seed = SEED.read_text(encoding="utf-8")
    assert SPAM in seed and PAGE_CHROME in seed, "the seed still carries its debris"
    seed = seed.replace(SPAM, "政府信息公开目录").replace(PAGE_CHROME, "").replace("|", "")
    document_text = "".join(docx2python_text(exported(legacy_hengyang_2013).path))
    assert squeeze(document_text) == squeeze(seed)


def test_page_setup_is_a4_with_gbt_9704_margins(exported, clean_national_2021):
    document = xml_part(exported(clean_national_2021).path, "word/document.xml")
    size = document.find(f".//{W}pgSz")
    margins = document.find(f".//{W}pgMar")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    got = {side: int(margins.get(f"{W}{side}")) for side in ("top", "bottom", "left", "right")}
    assert all(abs(got[k] - v) <= 1 for k, v in {"top": 2098, "bottom": 1984, "left": 1587, "right": 1474}.items())


def test_fonts_are_set_for_east_asian_text_on_styles_and_runs(exported, clean_national_2021):
    path = exported(clean_national_2021).path
    styles = xml_part(path, "word/styles.xml")

    def style_font(style_id):
        style = styles.find(f"{W}style[@{W}styleId='{style_id}']")
        fonts = style.find(f"{W}rPr/{W}rFonts")
        return fonts.get(f"{W}eastAsia"), fonts.get(f"{W}ascii")

    assert style_font("NianbaoBody") == ("仿宋_GB2312", "Times New Roman")
    assert style_font("NianbaoTitle") == ("方正小标宋简体", "Times New Roman")
    assert style_font("NianbaoHeading1") == ("黑体", "Times New Roman")
    assert style_font("NianbaoHeading2Char")[0] == "楷体_GB2312"
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults.get(f"{W}eastAsia") == "仿宋_GB2312"
    assert not [a for a in defaults.attrib if a.endswith("Theme") or a.endswith("theme")], "a theme font would win"
    body = styles.find(f"{W}style[@{W}styleId='NianbaoBody']/{W}pPr")
    assert body.find(f"{W}spacing").get(f"{W}line") == "578" and body.find(f"{W}spacing").get(f"{W}lineRule") == "exact"
    assert body.find(f"{W}ind").get(f"{W}firstLineChars") == "200"
    assert styles.find(f"{W}style[@{W}styleId='NianbaoBody']/{W}rPr/{W}sz").get(f"{W}val") == "32"
    assert styles.find(f"{W}style[@{W}styleId='NianbaoTitle']/{W}rPr/{W}sz").get(f"{W}val") == "44"
    document = xml_part(path, "word/document.xml")
    runs = document.findall(f".//{W}r/{W}rPr/{W}rFonts")
    assert runs and all(r.get(f"{W}eastAsia") for r in runs), "every run names its East Asian font"
    heading_runs = [r for r in document.iter(f"{W}r") if (r.findtext(f"{W}t") or "").startswith("（一）主动公开")]
    assert heading_runs[0].find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "楷体_GB2312", "run-in （一） heading in 楷体"
    font_table = xml_part(path, "word/fontTable.xml")
    fallback = font_table.find(f"{W}font[@{W}name='仿宋_GB2312']/{W}altName")
    assert fallback.get(f"{W}val") == "仿宋"


def test_configured_fonts_are_used(tmp_path, clean_national_2021):
    result = export_docx(clean_national_2021, tmp_path / "c.docx", ExportOptions(fonts=COMMON))
    styles = xml_part(result.path, "word/styles.xml")
    fonts = styles.find(f"{W}style[@{W}styleId='NianbaoBody']/{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}eastAsia") == "仿宋"


def test_page_numbers_are_page_fields_odd_right_even_left(exported, clean_national_2021):
    path = exported(clean_national_2021).path
    settings = xml_part(path, "word/settings.xml")
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    document = docx.Document(str(path))
    section = document.sections[0]
    for footer, align, side in ((section.footer, "right", "right"), (section.even_page_footer, "left", "left")):
        element = footer._element
        instructions = "".join(t.text for t in element.iter(f"{W}instrText"))
        assert instructions.strip() == "PAGE"
        assert [f.get(f"{W}fldCharType") for f in element.iter(f"{W}fldChar")] == ["begin", "separate", "end"]
        paragraph = element.find(f"{W}p")
        assert paragraph.find(f"{W}pPr/{W}jc").get(f"{W}val") == align
        assert paragraph.find(f"{W}pPr/{W}ind").get(f"{W}{side}") == "280", "one 14 pt character in"
        texts = [t.text for t in element.iter(f"{W}t")]
        assert texts[0] == "— " and texts[-1] == " —"
        fonts = element.find(f".//{W}rPr/{W}rFonts")
        assert fonts.get(f"{W}eastAsia") == "宋体" and fonts.get(f"{W}ascii") == "宋体"
        assert element.find(f".//{W}rPr/{W}sz").get(f"{W}val") == "28"


def test_tables_have_grid_widths_on_every_cell_repeated_headers_and_unsplit_rows(exported, clean_national_2021):
    document = xml_part(exported(clean_national_2021).path, "word/document.xml")
    tables = document.findall(f".//{W}tbl")
    assert len(tables) == 3
    for table in tables:
        grid = [int(g.get(f"{W}w")) for g in table.findall(f"{W}tblGrid/{W}gridCol")]
        assert sum(grid) <= 8844, "fits the 156 mm type area"
        assert int(table.find(f"{W}tblPr/{W}tblW").get(f"{W}w")) == sum(grid)
        assert table.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
        assert table.find(f"{W}tblPr/{W}tblBorders/{W}insideH").get(f"{W}sz") == "4", "0.5 pt"
        for row in table.findall(f"{W}tr"):
            assert row.find(f"{W}trPr/{W}cantSplit") is not None
            column = 0
            for cell in row.findall(f"{W}tc"):
                span_node = cell.find(f"{W}tcPr/{W}gridSpan")
                span = int(span_node.get(f"{W}val")) if span_node is not None else 1
                assert int(cell.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) == sum(grid[column : column + span])
                column += span
            assert column == len(grid)
    requests = next(t for t in tables if len(t.findall(f"{W}tblGrid/{W}gridCol")) == 10)
    header_rows = [r.find(f"{W}trPr/{W}tblHeader") is not None for r in requests.findall(f"{W}tr")]
    assert header_rows[:4] == [True, True, True, False] and not any(header_rows[3:])
    values = [c for c in requests.findall(f"{W}tr")[3].findall(f"{W}tc")][1:]
    assert all(v.find(f"{W}p/{W}pPr/{W}jc").get(f"{W}val") == "center" for v in values), "numbers centred"
    label = requests.findall(f"{W}tr")[3].find(f"{W}tc")
    assert label.find(f"{W}p/{W}pPr/{W}jc").get(f"{W}val") == "left", "labels left"


def test_signature_follows_gbt_9704_7_3_5_2(exported, clean_national_2021):
    name, date = "示例市人民政府办公室", "2025年1月20日"
    name_indent, date_indent = right_indents(name, date)
    assert name_indent == 2
    assert date_indent + 6.5 == name_indent + 10 - 2, "the date starts two characters right of the name"
    long_date = right_indents("某局", "2025年12月31日")
    assert long_date[1] == 2, "a date longer than the name is set two characters from the right"
    document = docx.Document(str(exported(clean_national_2021).path))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    issuer, dated = paragraphs[-2], paragraphs[-1]
    assert (issuer.text, dated.text) == (name, date)
    assert issuer.paragraph_format.right_indent.pt == pytest.approx(name_indent * 16)
    assert dated.paragraph_format.right_indent.pt == pytest.approx(date_indent * 16)


def test_a_report_with_errors_is_marked_draft_in_header_and_file_name(tmp_path, real_report_hongze_2023):
    result = export_docx(real_report_hongze_2023, tmp_path / "洪泽区2023.docx")
    assert not result.final and result.errors == 2
    assert result.path.name == "洪泽区2023（草稿）.docx"
    assert not (tmp_path / "洪泽区2023.docx").exists()
    header = docx.Document(str(result.path)).sections[0].header
    assert header.paragraphs[0].text.startswith("草稿")
    assert draft_path(Path("年报草稿.docx")) == Path("年报草稿.docx")


def test_a_final_report_has_no_draft_mark(exported, clean_national_2021):
    path = exported(clean_national_2021).path
    with zipfile.ZipFile(path) as package:
        headers = [n for n in package.namelist() if n.startswith("word/header")]
        assert all("草稿" not in package.read(n).decode("utf-8") for n in headers)


def test_require_final_refuses_a_report_with_errors(tmp_path, real_report_hongze_2023):
    with pytest.raises(ExportError, match="报告还有 2 项错误，不能导出正式文档"):
        export_docx(real_report_hongze_2023, tmp_path / "x.docx", require_final=True)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "text",
    [
        "控制字符\x00\x01\x0b\x0c\x1f\x7f保留正文",
        "表情 😀🎉 与符号 & < > \" ' 都照常输出",
        "长" * 100_000,
    ],
    ids=["control", "emoji-xml", "100k"],
)
def test_any_text_a_clerk_can_paste_gives_a_valid_document(exported, clean_national_2021, text):
    clean_national_2021.texts["overview"] = text  # as if pasted past the model's cleaning
    clean_national_2021.organization = "示例<市>&人民政府\x07办公室"
    path = exported(clean_national_2021).path
    document_text = "".join(p.text for p in docx.Document(str(path)).paragraphs)
    expected = "".join(ch for ch in text if ch == "\n" or ord(ch) >= 0x20 and ch != "\x7f")
    assert expected in document_text
    assert "示例<市>&人民政府办公室" in document_text
    assert docx2python_text(path)


def test_an_output_path_that_cannot_be_written_leaves_no_partial_file(tmp_path, clean_national_2021):
    with pytest.raises(ExportError, match="文件夹 .* 不存在"):
        export_docx(clean_national_2021, tmp_path / "missing" / "r.docx")
    occupied = tmp_path / "r.docx"
    occupied.mkdir()
    with pytest.raises(ExportError, match="无法写入"):
        export_docx(clean_national_2021, occupied)
    assert [p.name for p in tmp_path.iterdir()] == ["r.docx"], "no temporary file is left behind"


def test_an_offices_base_document_keeps_its_styles_page_setup_and_letterhead(tmp_path, clean_national_2021):
    base = docx.Document()
    base.sections[0].top_margin = docx.shared.Mm(50)
    base.sections[0].header.paragraphs[0].text = "示例市人民政府办公室文件"
    style = base.styles.add_style("年报正文", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    style.font.size = docx.shared.Pt(15)
    base_path = tmp_path / "base.docx"
    base.save(str(base_path))
    result = export_docx(clean_national_2021, tmp_path / "r.docx", ExportOptions(template=base_path))
    document = docx.Document(str(result.path))
    assert abs(document.sections[0].top_margin - docx.shared.Mm(50)) < docx.shared.Mm(0.1)
    assert document.sections[0].header.paragraphs[0].text == "示例市人民政府办公室文件"
    body = next(p for p in document.paragraphs if p.text == clean_national_2021.preface)
    assert body.style.name == "年报正文" and body.style.font.size == docx.shared.Pt(15)


def test_a_base_document_that_is_not_a_docx_is_refused(tmp_path, clean_national_2021):
    base = tmp_path / "base.docx"
    base.write_text("not a zip", encoding="utf-8")
    with pytest.raises(ExportError, match="不是有效的 Word 文档"):
        export_docx(clean_national_2021, tmp_path / "r.docx", ExportOptions(template=base))


def test_long_titles_break_after_the_bodys_name(exported, clean_national_2021, legacy_hengyang_2013):
    first = docx.Document(str(exported(clean_national_2021).path)).paragraphs[0].text
    assert first == "示例市人民政府办公室\n2024年政府信息公开工作年度报告"
    legacy = docx.Document(str(exported(legacy_hengyang_2013, name="h.docx").path)).paragraphs
    assert [p.text for p in legacy[:3]] == ["衡阳市2013年政府信息公开年度报告", "衡阳市电子政务管理办公室", "（2014年3月21日）"]


def test_dates_are_written_without_zero_padding(exported, clean_national_2021):
    clean_national_2021.date = datetime.date(2025, 3, 5)
    assert body_paragraphs(exported(clean_national_2021).path)[-1] == "2025年3月5日"


@pytest.mark.parametrize("format_id", ["national-2021", "national-2019", "legacy-2013"])
def test_every_heading_and_label_of_each_format_is_in_its_export(tmp_path, format_id):
    """A report of any of the three formats exports, with every official heading, row
    and column label, caption and note of its format (docs/design-notes.md §8.3)."""
    from models.formats import get_format
    from models.report import Report

    fmt = get_format(format_id)
    report = Report.new(fmt, "某某局", {"national-2021": 2024, "national-2019": 2020, "legacy-2013": 2013}[format_id])
    result = export_docx(report, tmp_path / "r.docx")
    assert not result.final, "an empty report has blank cells: a draft"
    text = squeeze("".join(docx2python_text(result.path)))
    labels = [s.heading for s in fmt.sections]
    for table in fmt.tables:
        labels += [r.label for r in table.rows if r.label] + [c.label for c in table.columns]
        labels += [g.label for g in (*table.row_groups, *table.column_groups)]
        labels += [t for t in (table.corner_note, table.note, table.caption, table.label_header, table.unit_header) if t]
    missing = [label for label in labels if squeeze(label) not in text]
    assert missing == []
