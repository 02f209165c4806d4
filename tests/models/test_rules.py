"""Every rule of the validation engine on hand-made changes to named scenarios.

Each test starts from a report that checks clean (or a real one with known errors),
changes what a clerk could change, and asserts exactly the findings those numbers imply:
rule id, severity, location and the Chinese message with both numbers.
"""

from __future__ import annotations

import pytest

from models.formats import get_format
from models.report import Report
from models.rules import computed_totals, fill_totals, total_cells, validate


def ids(findings):
    return sorted((f.rule, f.location.row or "", f.location.column or "") for f in findings)


def messages(findings, rule):
    return [f.message for f in findings if f.rule == rule]


def test_clean_samples_have_no_finding(clean_national_2021, legacy_hengyang_2013):
    assert validate(clean_national_2021) == []
    assert validate(legacy_hengyang_2013) == []


def test_validation_does_not_change_the_report(real_report_hongze_2023):
    before = dict(real_report_hongze_2023.cells)
    validate(real_report_hongze_2023)
    assert real_report_hongze_2023.cells == before


# -- table 三 ---------------------------------------------------------------------------


def test_stale_grand_total_gives_the_example_message_of_the_issue(real_report_huaian_2024):
    """（七）总计·自然人 typed one short: the column sum, the row total and the printed
    勾稽关系 of that column all break, and nothing else."""
    report = real_report_huaian_2024
    report.set("requests", "total", "natural", 2931)
    errors = [f for f in validate(report) if f.severity == "error"]
    assert ids(errors) == [("T3-01", "", "natural"), ("T3-02", "total", "natural"), ("T3-03", "total", "total")]
    assert messages(errors, "T3-02") == ["（七）总计·自然人 应为 2932（各办理结果之和），现为 2931"]
    assert messages(errors, "T3-03") == ["（七）总计·总计 应为 3049（自然人与各类法人或其他组织之和），现为 3050"]
    assert messages(errors, "T3-01") == [
        "自然人列 勾稽关系不成立：一 + 二 = 3001 + 34 = 3035，（七）总计 + 四 = 2931 + 103 = 3034，两者应相等"
    ]
    t302 = next(f for f in errors if f.rule == "T3-02")
    assert (t302.expected, t302.actual) == (2932, 2931)


def test_balance_is_checked_in_every_column(clean_national_2021):
    """The corner note says 本列: 一 + 二 = （七） + 四 must hold per column, not only for 总计."""
    report = clean_national_2021
    report.set("requests", "carried_forward", "business", 1)
    report.set("requests", "carried_forward", "total", 8)
    assert ids(validate(report)) == [("T3-01", "", "business"), ("T3-01", "", "total")]


def test_row_total_of_a_result_row(clean_national_2021):
    report = clean_national_2021
    report.set("requests", "granted", "business", 8)
    found = validate(report)
    # The balance (T3-01) uses （七）总计 as typed, so it still holds.
    assert ids(found) == [("T3-02", "total", "business"), ("T3-03", "granted", "total")]
    assert messages(found, "T3-03") == ["（一）予以公开·总计 应为 113（自然人与各类法人或其他组织之和），现为 112"]


def test_blank_cell_is_an_error_even_where_nothing_happened(clean_national_2021):
    report = clean_national_2021
    report.set("requests", "refused.state_secret", "research", None)
    found = validate(report)
    assert ids(found) == [("T3-05", "refused.state_secret", "research")]
    assert found[0].message == "（三）不予公开/1.属于国家秘密·科研机构 未填写：没有发生的事项也应填 0"
    assert found[0].severity == "error"


def test_blank_total_whose_parts_are_not_zero_fails_its_total_check(clean_national_2021):
    report = clean_national_2021
    report.set("requests", "total", "natural", None)
    found = validate(report)
    assert ("T3-02", "total", "natural") in ids(found)
    assert "（七）总计·自然人 应为 184（各办理结果之和），现为 空白" in messages(found, "T3-02")
    assert ("T3-05", "total", "natural") in ids(found)


# -- table 四 and 二 ---------------------------------------------------------------------


def test_table_four_group_totals(real_report_hongze_2023):
    """洪泽区 2023 printed 0 as every 总计 of table 四 while the parts were filled."""
    errors = [f for f in validate(real_report_hongze_2023) if f.severity == "error"]
    assert ids(errors) == [
        ("T4-01", "cases", "after_review.total"),
        ("T4-01", "cases", "review.total"),
    ]
    assert messages(errors, "T4-01") == [
        "行政复议·总计 应为 11（结果维持、结果纠正、其他结果、尚未审结之和），现为 0",
        "行政诉讼·复议后起诉·总计 应为 5（结果维持、结果纠正、其他结果、尚未审结之和），现为 0",
    ]


@pytest.mark.parametrize(
    "table, row, column, rule",
    [
        ("review_litigation", "cases", "after_review.corrected", "T4-02"),
        ("proactive", "regulations", "in_force", "T2-03"),
        ("proactive", "fees", "fee_amount", "T2-03"),
    ],
)
def test_blank_cells_in_tables_two_and_four(clean_national_2021, table, row, column, rule):
    """Table 二 has no sums, and the table 四 cell is 0: only the blank rule may fire."""
    report = clean_national_2021
    report.set(table, row, column, None)
    assert ids(validate(report)) == [(rule, row, column)]


# -- legacy-2013 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "table, row, value, expected",
    [
        ("proactive", "02", 139, [("L-01", "其中：全文电子化的主动公开信息数（139）不应大于主动公开信息数（138）")]),
        ("requests", "11", 1, [("L-02", "申请总数 应为 1（六种申请方式之和），现为 0")]),
        ("requests", "18", 2, [("L-03", "对申请的答复总数 应为 2（同意公开、同意部分公开、否决公开答复数之和），现为 0")]),
        ("requests", "21", 1, [("L-04", "3.否决公开答复总数 应为 1（各项否决原因之和），现为 0")]),
        ("appeals", "35", 1, [("L-05", "其中：对本部门首次处理不满意的行政申诉数（1）不应大于行政申诉数（0）")]),
        ("consultation", "05", None, [("L-06", "网站专栏页面访问量 未填写：没有发生的事项也应填 0")]),
    ],
)
def test_legacy_checks(legacy_hengyang_2013, table, row, value, expected):
    report = legacy_hengyang_2013
    report.set(table, row, "value", value)
    found = validate(report)
    assert [(f.rule, f.message) for f in found] == expected
    assert all(f.severity == "error" for f in found)


def test_legacy_renamed_reason_appears_in_messages(legacy_hengyang_2013):
    report = legacy_hengyang_2013
    report.row_labels["requests"] = {"31": "（11）其他原因"}
    report.set("requests", "31", "value", None)
    assert messages(validate(report), "L-06") == ["（11）其他原因 未填写：没有发生的事项也应填 0"]


# -- sections, fields, years ------------------------------------------------------------


def test_required_section_missing_is_an_error_and_an_empty_five_a_warning(clean_national_2021):
    report = clean_national_2021
    report.texts["overview"] = "  \n"
    report.texts["problems"] = ""
    found = validate(report)
    assert [(f.severity, f.rule, f.location.section, f.message) for f in found] == [
        ("error", "S-03", "overview", "“一、总体情况”为必填部分，尚未填写"),
        ("warning", "N-04", "problems", "“五、存在的主要问题及改进情况”为空：应写明存在的主要问题和改进情况"),
    ]


@pytest.mark.parametrize(
    "field, blank, rule, severity",
    [
        ("organization", "", "F-01", "error"),
        ("year", None, "F-02", "error"),
        ("date", None, "F-03", "warning"),
        ("preface", "", "F-04", "warning"),
    ],
)
def test_basic_fields(clean_national_2021, field, blank, rule, severity):
    report = clean_national_2021
    setattr(report, field, blank)
    found = validate(report)
    assert [(f.rule, f.severity, f.location.field) for f in found] == [(rule, severity, field)]


@pytest.mark.parametrize(
    "format_id, year, expected",
    [
        ("national-2021", 2020, [("S-01", "error")]),
        ("national-2021", 2021, []),
        ("national-2019", 2021, [("S-01", "error")]),
        ("national-2019", 2019, []),
        ("legacy-2013", 2019, [("S-01", "error")]),
        ("legacy-2013", 2013, []),
        ("legacy-2013", 2015, [("S-04", "info")]),
    ],
)
def test_format_matches_the_year(format_id, year, expected):
    report = Report.new(get_format(format_id), "某局", year)
    found = [(f.rule, f.severity) for f in validate(report) if f.rule.startswith("S-0") and f.rule != "S-03"]
    assert found == expected


# -- computed totals --------------------------------------------------------------------


def test_every_total_cell_has_a_computed_value(clean_national_2021):
    fmt = clean_national_2021.format
    totals = total_cells(fmt)
    requests_totals = {cell for cell in totals if cell[0] == "requests"}
    assert len(requests_totals) == 25 + 6, "the 总计 column of 25 rows and （七）总计 of six more columns"
    assert {cell for cell in totals if cell[0] == "review_litigation"} == {
        ("review_litigation", "cases", f"{g}.total") for g in ("review", "direct", "after_review")
    }
    computed = computed_totals(clean_national_2021)
    assert all(computed[cell] == clean_national_2021.cells[cell] for cell in totals)


def test_totals_are_computed_through_totals_left_blank(clean_national_2021):
    """A clerk who fills only the leaves gets every total, including （七）总计·总计."""
    report = clean_national_2021
    expected = {cell: report.cells[cell] for cell in total_cells(report.format)}
    for cell in expected:
        report.cells[cell] = None
    assert computed_totals(report) == expected
    changed = fill_totals(report)
    assert len(changed) == len(expected)
    assert validate(report) == []


def test_legacy_nested_totals(legacy_hengyang_2013):
    report = legacy_hengyang_2013
    report.set("requests", "21", "value", 2)
    report.set("requests", "18", "value", 1)
    computed = computed_totals(report)
    assert computed[("requests", "20", "value")] == 2
    assert computed[("requests", "17", "value")] == 3, "答复总数 uses the computed 否决总数"
