"""The report model: typed cells, the generated title, cell names in messages."""


import pytest

from models.formats import get_format
from models.report import Report
from models.values import InputError


def test_a_new_report_starts_blank_with_the_formats_default_texts(empty_national_2021):
    report = empty_national_2021
    assert all(value is None for value in report.cells.values())
    assert len(report.cells) == 3 * 2 + 4 + 25 * 7 + 15  # 表二 + 表三 + 表四
    assert report.texts["other"] == "本年度未收取政府信息公开信息处理费。"
    assert report.texts["overview"] == ""


def test_title_is_generated_and_can_be_overridden():
    report = Report.new(get_format("legacy-2013"), "衡阳市电子政务管理办公室", 2013)
    assert report.title == "衡阳市电子政务管理办公室2013年政府信息公开年度报告"
    report.title_override = "衡阳市2013年政府信息公开年度报告"
    assert report.title == "衡阳市2013年政府信息公开年度报告"
    national = Report.new(get_format("national-2021"), "淮安市人民政府", 2024)
    assert national.title == "淮安市人民政府2024年政府信息公开工作年度报告"


def test_enter_normalises_and_names_the_cell_when_it_refuses(empty_national_2021):
    report = empty_national_2021
    assert report.enter("requests", "total", "natural", "２,９３２") == 2932
    with pytest.raises(InputError, match="^（七）总计·自然人：件数不能为负数（-1）$"):
        report.enter("requests", "total", "natural", "-1")
    assert report.get("requests", "total", "natural") == 2932, "a refused value loses nothing"


def test_money_is_decimal_and_counts_are_int(empty_national_2021):
    report = empty_national_2021
    report.enter("proactive", "fees", "fee_amount", "96171.6")
    report.enter("proactive", "licensing", "decisions", "447228")
    assert str(report.get("proactive", "fees", "fee_amount")) == "96171.6"
    assert type(report.get("proactive", "licensing", "decisions")) is int


def test_cell_names_follow_the_official_labels(empty_national_2021):
    report = empty_national_2021
    assert report.cell_name("requests", "refused.state_secret", "natural") == "（三）不予公开/1.属于国家秘密·自然人"
    assert report.cell_name("review_litigation", "cases", "after_review.total") == "行政诉讼·复议后起诉·总计"
    assert report.cell_name("proactive", "regulations", "in_force") == "规章·现行有效件数"


def test_legacy_refusal_reasons_can_be_renamed():
    report = Report.new(get_format("legacy-2013"), "某局", 2012)
    report.row_labels["requests"] = {"25": "（5）“不予公开范围1”数"}
    assert report.cell_name("requests", "25", "value") == "（5）“不予公开范围1”数"
    assert report.cell_name("requests", "10", "value") == "申请总数"


def test_set_text_removes_control_characters_with_a_notice(empty_national_2021):
    notices = empty_national_2021.set_text("overview", "总体\x0b情况")
    assert empty_national_2021.texts["overview"] == "总体情况"
    assert [(n.severity, n.rule) for n in notices] == [("info", "IN-01")]
    assert "一、总体情况" in notices[0].message


def test_default_preface_uses_body_year_and_contact(empty_national_2021):
    report = empty_national_2021
    report.contact = "电话：0517-83605210"
    text = report.default_preface()
    assert "自2024年1月1日至2024年12月31日" in text
    assert "请与示例县人民政府办公室联系（电话：0517-83605210）" in text
