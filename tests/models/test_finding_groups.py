"""A page's findings as summary lines (issue 14, point 2): a new report's table 三 must not
list 175 blank cells one per line, and each finding stays reachable under its line."""

from __future__ import annotations

from models.editing import EditSession
from models.finding_groups import count_line, group_findings
from models.rules import validate
from tests.report_scenarios import empty_report, report_full_of_errors


def lines(session: EditSession, page: str):
    return [(g.severity, g.summary, len(g.findings)) for g in group_findings(session.findings_on(page), session.format)]


def test_blank_cells_of_a_new_table_are_two_lines_not_175(empty_national_2021):
    session = EditSession(empty_national_2021)
    assert len(session.findings_on("table:requests")) == 175
    assert lines(session, "table:requests") == [
        ("error", "144 个单元格未填写：没有发生的事项也应填 0", 144),
        ("error", "31 个合计尚无数值：由各分项自动计算，先填写分项", 31),
    ]
    assert count_line(session.findings_on("table:requests")) == "错误 175 项"


def test_every_finding_stays_in_exactly_one_group():
    for format_id in ("national-2021", "national-2019", "legacy-2013"):
        for report in (empty_report(format_id), report_full_of_errors(format_id)):
            session = EditSession(report)
            for page in session.pages():
                found = session.findings_on(page.key)
                grouped = [f for g in group_findings(found, session.format) for f in g.findings]
                assert sorted(grouped, key=repr) == sorted(found, key=repr)


def test_errors_come_first_then_in_the_order_found(empty_national_2021):
    session = EditSession(empty_national_2021)
    severities = [g.severity for g in group_findings(session.findings(), session.format)]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


def test_the_two_sum_rules_of_a_table_are_one_line():
    report = report_full_of_errors("national-2021")
    session = EditSession(report)
    groups = group_findings(session.findings_on("table:requests"), session.format)
    assert [(g.summary, {f.rule for f in g.findings}) for g in groups] == [("32 个合计与各分项之和不符", {"T3-02", "T3-03"})]


def test_a_single_finding_keeps_its_own_message(empty_national_2021):
    session = EditSession(empty_national_2021)
    assert lines(session, "basics") == [
        ("warning", "未填写成文日期（落款日期）", 1),
        ("warning", "未填写编制说明", 1),
    ]


def test_a_kind_without_a_summary_line_names_an_example_and_the_count():
    report = empty_report("legacy-2013")
    groups = group_findings(validate(report), report.format)
    required = next(g for g in groups if g.rule == "S-03")
    assert (required.summary, len(required.findings)) == ("同类问题 3 项，如：“一、概述”为必填部分，尚未填写", 3)


def test_texts_carried_over_from_last_year_are_one_line():
    report = report_full_of_errors("legacy-2013")
    groups = group_findings(validate(report), report.format)
    drafts = next(g for g in groups if g.rule == "C-01")
    assert (drafts.summary, len(drafts.findings)) == ("9 处仍是从上年报告带来的文字，需按本年情况改写", 9)


def test_no_findings_no_header():
    assert count_line([]) == ""
