"""A 成文日期 that is no day is kept as typed, is an error, and survives save and reload
(issue 14, point 3): never the day the text read half-way through typing, never a
neighbouring day that exists."""

from __future__ import annotations

import datetime
import json

import pytest

from cli.exit_codes import EXIT_FINDINGS
from export.docx_builder import ExportError, export_docx
from models.editing import EditSession
from models.exchange import ExchangeError, parse_exchange, to_document
from tests.test_main import run


def typed_key_by_key(session: EditSession, text: str) -> None:
    """What QLineEdit.textChanged hands the session while a clerk types."""
    for end in range(1, len(text) + 1):
        session.enter_date(text[:end])


def test_typing_an_impossible_day_keeps_the_text_not_the_day_it_read_half_way(clean_national_2021):
    session = EditSession(clean_national_2021)
    typed_key_by_key(session, "2014年2月30日")
    report = session.report
    assert report.date is None, "not 2014-02-03, which “2014年2月3” read as one key earlier"
    assert report.date_as_typed == "2014年2月30日"
    [finding] = [f for f in session.findings() if f.location.field == "date"]
    assert (finding.severity, finding.rule) == ("error", "IN-02")
    assert finding.message == "成文日期“2014年2月30日”这一天不存在：2014年2月只有 28 天，请改正"
    assert not session.submittable()
    assert not [f for f in session.findings() if "未填写成文日期" in f.message], "it is filled in, only wrongly"


@pytest.mark.parametrize(
    "typed, why",
    [
        ("2014-13-01", "一年只有 12 个月"),
        ("2024年2月30日", "2024年2月只有 29 天"),
        ("2014年4月31日", "2014年4月只有 30 天"),
        ("2014年2月0日", "2014年2月只有 28 天"),
        ("0000-01-01", "没有 0 年"),
        ("2014.2-3", "不是日期"),
        ("2O14年2月3日", "不是日期"),  # a letter O among the digits
        ("二〇一四年二月三日", "不是日期"),
        ("14年2月3日", "不是日期"),
    ],
)
def test_text_that_is_no_day_is_kept_and_says_why(empty_national_2021, typed, why):
    session = EditSession(empty_national_2021)
    session.enter_date(typed)
    assert session.report.date is None and session.report.date_as_typed == typed
    assert why in session.report.date_problem()
    assert any(f.rule == "IN-02" and typed in f.message for f in session.findings())


@pytest.mark.parametrize(
    "typed, day",
    [("2014年2月3日", (2014, 2, 3)), ("２０１４．２．３", (2014, 2, 3)), ("2014/02/03", (2014, 2, 3)), ("2024年2月29日", (2024, 2, 29))],
)
def test_a_day_is_a_day_and_correcting_the_text_clears_the_error(empty_national_2021, typed, day):
    session = EditSession(empty_national_2021)
    session.enter_date("2014年2月30日")
    session.enter_date(typed)
    assert session.report.date == datetime.date(*day)
    assert session.report.date_as_typed == ""
    assert not [f for f in session.findings() if f.rule == "IN-02"]


def test_blank_clears_the_text_kept_as_typed(empty_national_2021):
    session = EditSession(empty_national_2021)
    session.enter_date("2014年2月30日")
    session.enter_date("  ")
    assert (session.report.date, session.report.date_as_typed) == (None, "")
    assert [f.message for f in session.findings() if f.location.field == "date"] == ["未填写成文日期（落款日期）"]


def test_the_text_kept_as_typed_round_trips_through_the_exchange_file(clean_national_2021):
    report = clean_national_2021
    report.enter_date("2014年2月30日")
    document = to_document(report)
    assert document["date"] is None and document["date_as_typed"] == "2014年2月30日"
    for trusted in (False, True):
        again, _notices = parse_exchange(json.dumps(document, ensure_ascii=False).encode("utf-8"), trusted=trusted)
        assert (again.date, again.date_as_typed) == (None, "2014年2月30日")
        assert to_document(again) == document
    report.enter_date("2014年3月20日")
    assert "date_as_typed" not in to_document(report), "written only when there is such a text"


def test_a_file_with_both_a_date_and_a_text_as_typed_is_refused(clean_national_2021):
    document = to_document(clean_national_2021)
    document["date_as_typed"] = "2014年2月30日"
    with pytest.raises(ExchangeError, match="不能同时"):
        parse_exchange(json.dumps(document, ensure_ascii=False).encode("utf-8"))


def test_export_refuses_a_final_document_and_check_reports_the_error(clean_national_2021, tmp_path):
    report = clean_national_2021
    report.enter_date("2014年2月30日")
    with pytest.raises(ExportError, match="1 项错误"):
        export_docx(report, tmp_path / "年报.docx", require_final=True)
    path = tmp_path / "年报.json"
    path.write_text(json.dumps(to_document(report), ensure_ascii=False), encoding="utf-8")
    checked = run("check", str(path))
    assert checked.returncode == EXIT_FINDINGS
    assert "成文日期“2014年2月30日”这一天不存在" in checked.stdout
