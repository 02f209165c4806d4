"""The three formats carry the official structure verbatim, and a broken format file is
reported naming the file and the entry (issue 2, point 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.formats import FormatError, all_formats, get_format, load_format
from tests.models.conftest import rule_of as _rule

# The official labels of the national formats (国办公开办函〔2021〕30号, 〔2019〕60号),
# transcribed exactly, full-width punctuation included.
NATIONAL_HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
TABLE3_2021_ROWS = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
]
TABLE3_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
TABLE4_COLUMNS = [
    (["行政复议"], ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]),
    (["行政诉讼", "未经复议直接起诉"], ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]),
    (["行政诉讼", "复议后起诉"], ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]),
]
CORNER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _labels(table):
    return [row.label for row in table.rows]


def test_three_formats_with_exact_ids():
    assert set(all_formats()) == {"national-2021", "national-2019", "legacy-2013"}


@pytest.mark.parametrize("format_id", ["national-2021", "national-2019"])
def test_national_sections_are_the_six_official_headings(format_id):
    fmt = get_format(format_id)
    assert [s.heading for s in fmt.sections] == NATIONAL_HEADINGS
    assert [fmt.table(t).name for s in fmt.sections for t in s.tables] == ["表二", "表三", "表四"]
    assert all(s.guidance for s in fmt.sections), "every section tells the clerk what to write"


def test_national_2021_table_three_rows_columns_and_corner_note():
    table = get_format("national-2021").table("requests")
    assert _labels(table) == TABLE3_2021_ROWS
    assert [c.label for c in table.columns] == TABLE3_COLUMNS
    assert table.corner_note == CORNER_NOTE
    assert [g.label for g in table.column_group_path("business")] == ["申请人情况", "法人或其他组织"]
    assert [g.label for g in table.column_group_path("total")] == ["申请人情况"]
    data_rows = [r for r in table.rows if r.has_cells]
    assert len(data_rows) == 25


def test_national_2019_table_three_has_the_single_row_other_processing():
    table = get_format("national-2019").table("requests")
    expected = [label for label in TABLE3_2021_ROWS if not label.startswith(("1.申请人", "2.申请人", "3.其他"))]
    assert _labels(table) == expected
    assert table.row("other").has_cells
    assert len([r for r in table.rows if r.has_cells]) == 23


def test_table_four_groups_and_columns():
    table = get_format("national-2021").table("review_litigation")
    grouped = []
    for column in table.columns:
        path = [g.label for g in table.column_group_path(column.id)]
        if not grouped or grouped[-1][0] != path:
            grouped.append((path, []))
        grouped[-1][1].append(column.label)
    assert grouped == TABLE4_COLUMNS
    assert len(list(table.cells())) == 15


def test_national_2021_table_two_blocks_and_fee_unit():
    table = get_format("national-2021").table("proactive")
    assert [g.label for g in table.row_groups] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    assert _labels(table) == ["规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费"]
    assert [c.label for c in table.columns_of("regulations")] == ["本年制发件数", "本年废止件数", "现行有效件数"]
    assert [c.label for c in table.columns_of("penalty")] == ["本年处理决定数量"]
    fee = table.columns_of("fees")
    assert [c.label for c in fee] == ["本年收费金额（单位：万元）"]
    assert table.unit_of("fees", fee[0].id) == "万元"
    assert table.value_kind("fees", fee[0].id) == "money"
    assert table.value_kind("licensing", "decisions") == "count"


def test_national_2019_table_two_differs_as_formats_md_section_8_says():
    table = get_format("national-2019").table("proactive")
    assert [c.label for c in table.columns_of("regulations")] == ["本年新制作数量", "本年新公开数量", "对外公开总数量"]
    assert table.row("normative_documents").label == "规范性文件"
    assert [c.label for c in table.columns_of("licensing")] == ["上一年项目数量", "本年增/减", "处理决定数量"]
    assert table.row("other_services").label == "其他对外管理服务事项"
    assert [c.label for c in table.columns_of("fees")] == ["上一年项目数量", "本年增/减"]
    assert table.row_group("procurement").label == "第二十条第（九）项"
    assert table.value_kind("licensing", "change") == "signed_count"


def test_legacy_2013_structure_follows_the_sample():
    fmt = get_format("legacy-2013")
    assert [s.heading for s in fmt.sections] == [
        "一、概述",
        "二、主动公开政府信息情况",
        "三、依申请公开政府信息情况",
        "四、咨询处理情况",
        "五、复议、诉讼和申诉情况",
        "六、政府信息公开的收费及减免情况",
        "七、主要问题和改进措施",
        "八、附表",
    ]
    assert [f"{t.number}.{t.title}" for t in fmt.tables] == [
        "1.主动公开情况统计",
        "2.依申请公开情况统计",
        "3.咨询情况统计",
        "4.申诉情况统计表",
    ]
    requests = fmt.table("requests")
    assert [r.code for r in requests.rows] == [f"{n}" for n in range(10, 32)]
    assert requests.row("31").label == "（11）其它原因"
    assert requests.row("16").label == "6.其他形式申请数"
    consultation = fmt.table("consultation")
    assert [r.code for r in consultation.rows] == ["04", "07", "06", "08", "05"], "the sample's order, not code order"
    assert [consultation.unit_of(r.id, "value") for r in consultation.rows] == ["条", "人次", "人次", "人次", "人次"]
    assert fmt.table("appeals").unit_of("32", "value") == "件"
    assert [r.id for r in requests.rows if r.renamable] == [f"{n}" for n in range(21, 32)]
    assert fmt.section("consultation").default_text == "无"


def test_every_section_says_if_required_and_offers_defaults_where_expected():
    fmt = get_format("national-2021")
    assert fmt.section("overview").required
    assert fmt.section("other").required
    assert "信息处理费" in fmt.section("other").default_text
    assert not fmt.section("problems").required, "an empty 五 is a warning (N-04), not an error"


# -- malformed format files -------------------------------------------------------------


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: d["tables"][1]["rows"][3].pop("label"), ["tables[1] › rows[3]", "缺少“label”"]),
        (lambda d: d["tables"][1]["rows"].append({"id": "new", "label": "x"}), ["tables[1]", "行“new”重复"]),
        (
            lambda d: _rule(d, "T3-02")["sums"][0]["parts"].append("granted_typo"),
            ["rules[", "sums[0]", "不存在的行“granted_typo”"],
        ),
        (lambda d: _rule(d, "T3-01").update(kind="magic"), ["rules[", "未知的规则类型“magic”"]),
        (lambda d: _rule(d, "T3-01").update(severity="fatal"), ["未知的严重程度“fatal”"]),
        (lambda d: _rule(d, "T3-03").update(message="{cell} {oops}"), ["占位符“{oops}”"]),
        (lambda d: d["tables"][0]["columns"][4].update(value="float"), ["tables[0] › columns[4]", "未知的数值类型“float”"]),
        (lambda d: d["sections"][1]["tables"].append("nope"), ["不存在的表“nope”"]),
        (lambda d: d.update(id="national-2022"), ["文件名应为 national-2022.json"]),
    ],
)
def test_a_malformed_format_names_the_file_and_the_entry(format_copy, change, expected):
    path = format_copy(change)
    with pytest.raises(FormatError) as raised:
        load_format(path)
    message = str(raised.value)
    assert "national-2021.json" in message
    for part in expected:
        assert part in message


def test_broken_json_in_a_format_file(tmp_path: Path):
    path = tmp_path / "legacy-2013.json"
    path.write_text('{"id": "legacy-2013",\n "sections": [', encoding="utf-8")
    with pytest.raises(FormatError, match=r"legacy-2013.json 不是有效的 JSON（第 2 行"):
        load_format(path)


def test_unknown_format_id_lists_the_known_ones():
    with pytest.raises(FormatError, match="未知的报告格式“national-2030”.*national-2021"):
        get_format("national-2030")
