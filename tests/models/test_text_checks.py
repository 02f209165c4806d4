"""Narrative against tables (N-01, N-02, N-03, N-05, L-07) and dates (D-01).

The keyword → cell mapping is data in the format files; these tests pin what it finds
on the named scenarios: nothing on sound reports (false positives are the main risk,
docs/design-notes.md §1.6), exactly one warning quoting both numbers on a hand-made slip.
"""

from __future__ import annotations


import pytest

from models.formats import FormatError, get_format, load_format
from models.report import Report
from models.rules import validate
from tests.models.conftest import rule_of as _rule

TEXT_RULES = {"N-01", "N-02", "N-03", "N-05", "L-07", "P-01", "D-01"}


def text_findings(report):
    return [(f.severity, f.rule, f.location.as_dict(), f.message) for f in validate(report) if f.rule in TEXT_RULES]


def test_sound_reports_give_no_text_finding(clean_national_2021, legacy_hengyang_2013, real_report_huaian_2024, real_report_hongze_2023):
    """Both samples and the two published reports quote their tables correctly."""
    for report in (clean_national_2021, legacy_hengyang_2013, real_report_huaian_2024, real_report_hongze_2023):
        assert text_findings(report) == [], report.title


def test_every_figure_of_huaian_is_read(real_report_huaian_2024):
    """淮安 2024 states ten figures; all of them are compared (a changed table cell shows it)."""
    report = real_report_huaian_2024
    cells = [
        ("requests", "new", "total"),
        ("requests", "total", "total"),
        ("requests", "carried_over", "total"),
        ("requests", "carried_forward", "total"),
    ]
    for cell in cells:
        report.cells[cell] += 1
        found = [f for f in validate(report) if f.rule == "N-01"]
        report.cells[cell] -= 1
        # a changed total breaks the table's own sums, so the text check waits for them
        assert found == []
    # Change the text instead: each figure, one at a time.
    original = report.texts["overview"]
    figures = [
        "申请3119件", "答复3050件", "申请34件", "有103件", "复议351件", "维持72件", "纠正64件", "结果178件",
        "审结37件", "诉讼46件", "维持25件", "纠正5件", "结果9件", "审结7件",
    ]
    for figure in figures:
        assert original.count(figure) == 1, figure
        number = "".join(ch for ch in figure if ch.isdigit())
        report.texts["overview"] = original.replace(figure, figure.replace(number, str(int(number) + 1000)))
        found = [f for f in validate(report) if f.rule == "N-01"]
        assert len(found) == 1, figure
        assert str(int(number) + 1000) in found[0].message and number in found[0].message
    report.texts["overview"] = original


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "受理政府信息公开申请3119件",
            "受理政府信息公开申请3118件",
            "一、总体情况 写“受理政府信息公开申请3118件”，表三 一、本年新收政府信息公开申请数量·总计 为 3119",
        ),
        ("答复3050件", "答复3051件", "一、总体情况 写“答复3051件”，表三 （七）总计·总计 为 3050"),
        (
            "另有103件顺延",
            "另有104件顺延",
            "一、总体情况 写“104件顺延到下年度”，表三 四、结转下年度继续办理·总计 为 103",
        ),
        (
            "行政诉讼46件",
            "行政诉讼45件",
            "一、总体情况 写“行政诉讼45件”，表四 行政诉讼·未经复议直接起诉·总计 + 行政诉讼·复议后起诉·总计 为 46（26 + 20）",
        ),
        ("维持72件", "维持70件", "一、总体情况 写“结果维持70件”，表四 行政复议·结果维持 为 72"),
        (
            "维持25件",
            "维持24件",
            "一、总体情况 写“结果维持24件”，表四 行政诉讼·未经复议直接起诉·结果维持 + 行政诉讼·复议后起诉·结果维持 为 25（13 + 12）",
        ),
    ],
)
def test_a_mismatch_quotes_the_text_and_the_table(real_report_huaian_2024, old, new, message):
    """One slip in 淮安's 总体情况 gives exactly one warning naming both numbers."""
    report = real_report_huaian_2024
    assert old in report.texts["overview"]
    report.texts["overview"] = report.texts["overview"].replace(old, new)
    assert text_findings(report) == [("warning", "N-01", {"section": "overview"}, message)]


def test_sample_mismatch_and_keyword_without_number(clean_national_2021):
    report = clean_national_2021
    report.texts["overview"] = report.texts["overview"].replace("办结212件", "办结211件")
    report.texts["problems"] += "依申请公开办结质量有待提高；行政复议、行政诉讼案件应诉能力不足。"
    assert text_findings(report) == [
        ("warning", "N-01", {"section": "overview"}, "一、总体情况 写“办结211件”，表三 （七）总计·总计 为 212"),
    ]


def test_sums_of_result_rows(clean_national_2021):
    """不予公开 is the sum of its eight reasons (18 in the sample), 予以公开及部分公开 of two rows."""
    report = clean_national_2021
    report.texts["overview"] += "其中不予公开18件，无法提供41件，不予处理11件，其他处理5件，予以公开及部分公开137件，自然人申请186件。"
    assert text_findings(report) == []
    report.texts["overview"] = report.texts["overview"].replace("不予公开18件", "不予公开19件")
    assert text_findings(report) == [
        ("warning", "N-01", {"section": "overview"}, "一、总体情况 写“不予公开19件”，表三 （三）不予公开·总计（各项之和） 为 18"),
    ]


def test_table_in_error_is_not_compared(clean_national_2021):
    """While table 三 fails its own sums, the clerk fixes it first: no text warning on top."""
    report = clean_national_2021
    report.set("requests", "carried_forward", "total", 8)
    assert {f.rule for f in validate(report)} == {"T3-01", "T3-03"}


def test_legacy_count_of_proactive_information(legacy_hengyang_2013):
    report = legacy_hengyang_2013
    report.texts["proactive"] = report.texts["proactive"].replace("138条", "137条")
    assert text_findings(report) == [
        ("warning", "L-07", {"section": "proactive"}, "二、主动公开政府信息情况 写“主动公开信息共137条”，附表1 主动公开信息数 为 138"),
    ]


# -- percentages (N-02) -----------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("予以公开112件，占52.8%。", []),  # 112 / 212 = 52.83 %
        ("予以公开112件，占52.6%。", []),  # of 新收: 112 / 213 = 52.58 %
        ("部分公开25件，占11.79%。", []),  # 25 / 212 = 11.792 %
        (
            "部分公开25件，占12.5%。",
            [("warning", "一、总体情况 写“部分公开25件，占12.5%”，按表三 （二）部分公开（区分处理的，只计这一情形，不计其他情形）·总计 25 ÷ （七）总计·总计 212 计算应为 11.8%")],
        ),
        (
            "无法提供41件，占19.33%。",  # 41 / 212 = 19.3396 %: truncated, not rounded
            [("info", "一、总体情况 写“无法提供41件，占19.33%”，按表三 （四）无法提供·总计（各项之和） 41 ÷ （七）总计·总计 212 四舍五入应为 19.34%（文中数字是截尾，不是四舍五入）")],
        ),
        ("行政复议6件，其中结果维持3件，占50%。", []),
        (
            "行政复议6件，其中结果维持3件，占60%。",
            [("warning", "一、总体情况 写“结果维持3件，占60%”，按表四 行政复议·结果维持 3 ÷ 行政复议·总计 6 计算应为 50%")],
        ),
        ("予以公开、部分公开分别占52.8%和11.8%。", []),
    ],
)
def test_percentages_are_recomputed(clean_national_2021, sentence, expected):
    report = clean_national_2021
    report.texts["overview"] += sentence
    found = [(f.severity, f.message) for f in validate(report) if f.rule == "N-02"]
    assert found == expected


# -- 信息处理费 (N-03) and claims (N-05) ----------------------------------------------------


@pytest.mark.parametrize(
    "text, warns",
    [
        ("本年度未收取政府信息公开信息处理费。", False),
        ("全年收取政府信息公开信息处理费3940元。", False),
        ("本机关没有收取信息处理费。", False),
        ("本年度共对2件申请收取信息处理费共计200元。", False),
        ("本机关按要求落实了上级年度政务公开工作要点。", True),
        ("", True),
    ],
)
def test_fee_statement_in_section_six(clean_national_2021, text, warns):
    report = clean_national_2021
    report.texts["other"] = text
    found = [(f.rule, f.severity, f.location.as_dict()) for f in validate(report) if f.rule == "N-03"]
    assert found == ([("N-03", "warning", {"section": "other"})] if warns else [])


def test_fee_statement_only_in_national_2021():
    report = Report.new(get_format("national-2019"), "某局", 2020)
    assert "N-03" not in {f.rule for f in validate(report)}


def test_everything_finished_while_carried_forward(clean_national_2021):
    report = clean_national_2021
    report.texts["overview"] += "所有申请均已按要求办理完成。"
    assert text_findings(report) == [
        ("warning", "N-05", {"section": "overview"}, "一、总体情况 写“所有申请均已按要求办理完成”，但表三 四、结转下年度继续办理·总计 为 7"),
    ]


def test_all_upheld_while_cases_are_pending(clean_national_2021):
    report = clean_national_2021
    report.texts["overview"] += "行政复议案件均获维持。"
    found = text_findings(report)
    assert [(f[0], f[1]) for f in found] == [("warning", "N-05")]
    assert found[0][3].startswith("一、总体情况 写“均获维持”，但表四 结果纠正、其他结果、尚未审结")


def test_everything_finished_is_fine_when_nothing_carried_forward(real_report_hongze_2023):
    real_report_hongze_2023.texts["overview"] += "全部申请均已办结。"
    assert "N-05" not in {f.rule for f in validate(real_report_hongze_2023)}


# -- dates (D-01) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, dates",
    [
        ("本报告于2025年1月20日编制。", []),
        ("2024年3月5日召开专题会议。", []),
        ("从2008年起，我办编制了政府信息公开目录；2019年5月修订。", []),
        ("2019年5月15日起施行的《条例》。", ["2019年5月15日"]),
        ("2023 年 12 月 1 日。", ["2023年12月1日"]),
    ],
)
def test_dates_outside_the_report_year_are_an_info(clean_national_2021, text, dates):
    """Only full dates count; the report year (2024) and the writing year (2025) are fine."""
    report = clean_national_2021
    report.texts["other"] += text
    found = [f for f in validate(report) if f.rule == "D-01"]
    assert all(f.severity == "info" and f.location.section == "other" for f in found)
    assert [f.message.split("“")[1].split("”")[0] for f in found] == dates
    if found:
        assert found[0].message == f"六、其他需要报告的事项 中的日期“{dates[0]}”不在报告年度（2024年）或成文年度（2025年）内，请核对"


def test_dates_in_the_preface_are_read(legacy_hengyang_2013):
    legacy_hengyang_2013.preface = legacy_hengyang_2013.preface.replace("自2013年1月1日", "自2012年1月1日")
    found = [(f.rule, f.severity, f.location.as_dict()) for f in validate(legacy_hengyang_2013) if f.rule == "D-01"]
    assert found == [("D-01", "info", {"field": "preface"})]


# -- the entries in the format files ------------------------------------------------------


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: _rule(d, "N-01")["phrases"][0]["cells"].update(rows=["nope"]), ["phrases[0] › cells", "不存在的行“nope”"]),
        (lambda d: _rule(d, "N-01")["phrases"][0].update(keywords=[""]), ["phrases[0]", "“keywords”应为非空文字的列表"]),
        (lambda d: _rule(d, "N-02")["phrases"][0].update(of=[]), ["phrases[0]", "“of”至少要有一组单元格"]),
        (lambda d: _rule(d, "N-02").update(truncation_message="{oops}"), ["占位符“{oops}”"]),
        (lambda d: _rule(d, "N-03").update(section="nope"), ["不存在的部分“nope”"]),
        (lambda d: _rule(d, "N-05").update(message="{value} {cell}"), ["占位符“{cell}”"]),
        (lambda d: _rule(d, "P-01").update(patterns="../x.json"), ["“patterns”应为 resources 文件夹中的一个 .json 文件名"]),
    ],
)
def test_a_malformed_text_rule_names_the_file_and_the_entry(format_copy, change, expected):
    with pytest.raises(FormatError) as raised:
        load_format(format_copy(change))
    message = str(raised.value)
    assert "national-2021.json" in message and "rules[" in message
    for part in expected:
        assert part in message


def test_national_formats_share_the_mapping():
    """national-2019 reads the same keywords; only （六）其他处理 is one row there."""
    ids_2019 = [r.id for r in get_format("national-2019").rules]
    assert {"N-01", "N-02", "N-05", "P-01", "D-01"} <= set(ids_2019) and "N-03" not in ids_2019
    report = Report.new(get_format("national-2019"), "某局", 2020)
    for cell in report.cells:
        report.cells[cell] = 0
    report.set("requests", "other", "natural", 2)
    report.set("requests", "other", "total", 2)
    report.set("requests", "total", "natural", 2)
    report.set("requests", "total", "total", 2)
    report.set("requests", "new", "natural", 2)
    report.set("requests", "new", "total", 2)
    report.texts["overview"] = "全年收到申请2件，办结2件，其中其他处理3件。"
    assert [f.message for f in validate(report) if f.rule == "N-01"] == ["一、总体情况 写“其他处理3件”，表三 （六）其他处理·总计 为 2"]


@pytest.mark.parametrize("typed, quoted", [("予以公开110件", "110"), ("部分公开24件", "24")])
def test_granted_and_partial_quoted_in_the_overview_are_compared(clean_national_2021, typed, quoted):
    report = clean_national_2021
    original = {"予以公开110件": "予以公开112件", "部分公开24件": "部分公开25件"}[typed]
    report.texts["overview"] = report.texts["overview"].replace(original, typed)
    found = [f for f in validate(report) if f.rule == "N-01"]
    assert len(found) == 1 and quoted in found[0].message
