"""The grid of every official table, derived from the format data."""

import pytest

from models.table_layout import BLANK_TEXT, layout_table
from models.formats import all_formats
from models.report import Report


@pytest.mark.parametrize("format_id", ["national-2021", "national-2019", "legacy-2013"])
def test_every_grid_row_is_covered_exactly_once(format_id):
    fmt = all_formats()[format_id]
    report = Report.new(fmt, "某局", 2024)
    for table in fmt.tables:
        layout = layout_table(report, table)
        assert layout.columns == table.grid_columns
        assert len(table.column_widths) == layout.columns
        for index, row in enumerate(layout.row_boxes()):
            covered = []
            for box, _state in row:
                covered += range(box.col, box.col + box.colspan)
            assert covered == list(range(layout.columns)), (table.id, index)
        values = [b.cell for b in layout.boxes if b.kind == "value"]
        assert values == list(table.cells()), "every cell once, in the official order"


def test_table_three_header_and_merged_labels(clean_national_2021):
    table = clean_national_2021.format.table("requests")
    layout = layout_table(clean_national_2021, table)
    boxes = {b.text: b for b in layout.boxes if b.kind in ("corner", "header")}
    assert layout.header_rows == 3
    assert (boxes[table.corner_note].rowspan, boxes[table.corner_note].colspan) == (3, 3)
    assert (boxes["申请人情况"].row, boxes["申请人情况"].colspan) == (0, 7)
    assert (boxes["自然人"].row, boxes["自然人"].rowspan) == (1, 2)
    assert (boxes["法人或其他组织"].row, boxes["法人或其他组织"].col, boxes["法人或其他组织"].colspan) == (1, 4, 5)
    assert (boxes["商业企业"].row, boxes["商业企业"].rowspan) == (2, 1)
    labels = {b.text: b for b in layout.boxes if b.kind == "label"}
    results = labels["三、本年度办理结果"]
    assert (results.col, results.rowspan) == (0, 22), "column A spans the 22 rows of 2021's results"
    assert (labels["（三）不予公开"].col, labels["（三）不予公开"].rowspan) == (1, 8)
    assert (labels["（一）予以公开"].col, labels["（一）予以公开"].colspan) == (1, 2)
    assert (labels["1.属于国家秘密"].col, labels["1.属于国家秘密"].colspan) == (2, 1)
    assert (labels["一、本年新收政府信息公开申请数量"].colspan) == 3


def test_table_four_grouped_fifteen_columns(clean_national_2021):
    layout = layout_table(clean_national_2021, clean_national_2021.format.table("review_litigation"))
    headers = [(b.row, b.col, b.colspan, b.rowspan, b.text) for b in layout.boxes if b.kind == "header"]
    assert (0, 0, 5, 1, "行政复议") in headers
    assert (0, 5, 10, 1, "行政诉讼") in headers
    assert (1, 5, 5, 1, "未经复议直接起诉") in headers
    assert (1, 10, 5, 1, "复议后起诉") in headers
    assert (1, 0, 1, 2, "结果维持") in headers, "行政复议's columns reach down two header rows"
    assert (2, 14, 1, 1, "总计") in headers
    assert layout.rows == 4 and layout.columns == 15


def test_table_two_blocks_spread_their_columns_over_the_grid():
    report = Report.new(all_formats()["national-2019"], "某局", 2019)
    layout = layout_table(report, report.format.table("proactive"))
    headers = [(b.text, b.col, b.colspan) for b in layout.boxes if b.kind == "header"]
    assert ("上一年项目数量", 1, 1) in headers and ("本年增/减", 2, 2) in headers, "（八）项: C–D merged"
    assert ("采购总金额", 2, 2) in headers
    captions = [b.text for b in layout.boxes if b.kind == "caption"]
    assert captions[-1] == "第二十条第（九）项"


def test_blank_cells_never_print_silently(empty_national_2021):
    layout = layout_table(empty_national_2021, empty_national_2021.format.table("review_litigation"))
    assert {b.text for b in layout.boxes if b.kind == "value"} == {BLANK_TEXT}


def test_what_is_kept_on_one_page(clean_national_2021, legacy_hengyang_2013):
    """Header rows stay with the first data row, 表二 blocks and small tables stay whole,
    and long tables flow: a clerk gets no half-empty pages and no orphaned header."""
    fmt = clean_national_2021.format
    requests = layout_table(clean_national_2021, fmt.table("requests"))
    assert requests.keep_with_next == {0, 1, 2}
    litigation = layout_table(clean_national_2021, fmt.table("review_litigation"))
    assert litigation.keep_with_next == {0, 1, 2}
    proactive = layout_table(clean_national_2021, fmt.table("proactive"))
    assert proactive.keep_with_next == {0, 1, 2, 4, 5, 7, 8, 9, 11, 12}, "each block: caption, header, rows"
    appendix = legacy_hengyang_2013.format
    assert layout_table(legacy_hengyang_2013, appendix.table("proactive")).keep_with_next == {0, 1, 2}
    assert layout_table(legacy_hengyang_2013, appendix.table("requests")).keep_with_next == {0}
