"""Sentences offered from the tables; the text checks must read them back without warning."""

from __future__ import annotations

from models.rules import validate
from models.standard_sentences import sentences

TEXT_RULES = {"N-01", "N-02", "N-05", "L-07"}


def test_huaian_sentences(real_report_huaian_2024):
    offered = dict(sentences(real_report_huaian_2024))
    assert offered["依申请公开总体情况"] == "本年度共新收政府信息公开申请3119件，上年结转34件，办结3050件，结转下年度继续办理103件。"
    assert offered["行政复议、行政诉讼"] == (
        "本年度因政府信息公开工作被申请行政复议351件，其中结果维持72件，结果纠正64件，其他结果178件，尚未审结37件；"
        "被提起行政诉讼46件，其中结果维持25件，结果纠正5件，其他结果9件，尚未审结7件。"
    )


def test_legacy_sentence(legacy_hengyang_2013):
    assert sentences(legacy_hengyang_2013)[0] == ("主动公开", "今年，我办主动公开信息共138条。")


def test_inserted_sentences_pass_the_text_checks(clean_national_2021, real_report_huaian_2024, legacy_hengyang_2013):
    """Every offered sentence, inserted into 一, gives no N-01/N-02/N-05/L-07 finding."""
    for report in (clean_national_2021, real_report_huaian_2024, legacy_hengyang_2013):
        offered = sentences(report)
        assert len(offered) == 3
        report.texts["overview"] += "".join(sentence for _label, sentence in offered)
        assert [f for f in validate(report) if f.rule in TEXT_RULES] == []


def test_a_stale_sentence_is_caught(clean_national_2021):
    """After a table change, the sentence inserted before no longer matches: N-01 says so."""
    report = clean_national_2021
    report.texts["overview"] += dict(sentences(report))["依申请公开总体情况"]
    # one application moves from 新收 to 上年结转: the table still balances
    for row, change in (("new", -1), ("carried_over", 1)):
        for column in ("natural", "total"):
            report.set("requests", row, column, report.get("requests", row, column) + change)
    assert [f for f in validate(report) if f.severity == "error"] == []
    found = [f.message for f in validate(report) if f.rule == "N-01"]
    assert "一、总体情况 写“新收政府信息公开申请213件”，表三 一、本年新收政府信息公开申请数量·总计 为 212" in found


def test_blank_cells_give_no_sentence(empty_national_2021):
    assert sentences(empty_national_2021) == []
