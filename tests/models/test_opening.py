"""What a report shows whoever opens it (issue 14 point 13): the banner speaks to its
reader, and a supervisor starts where there is something to review."""

from __future__ import annotations

from models.comments import add_comment, mark_done, open_comments
from models.editing import wizard_pages
from models.findings import Location
from models.formats import get_format
from models.opening import banner, start_page
from models.review import reopen, return_report
from tests.models.review_fixtures import *  # the named review scenarios (fixtures)
from tests.models.review_fixtures import SUPERVISOR_NAME

PAGES = [page.key for page in wizard_pages(get_format("national-2021"))]


def test_a_returned_report_tells_the_clerk_what_to_do_and_the_supervisor_what_was_done(store, supervisor, clean_submitted):
    returned = return_report(store, clean_submitted.id, supervisor, "第五部分不完整，见意见。")
    for_clerk = banner(returned, supervisor=False)
    assert for_clerk.startswith("审核人退回：第五部分不完整，见意见。请修改后重新提交审核。")
    assert SUPERVISOR_NAME in for_clerk
    for_supervisor = banner(returned, supervisor=True)
    assert for_supervisor.startswith("已退回给填报人：第五部分不完整，见意见。")
    assert "请修改" not in for_supervisor, "the supervisor is not told to make the changes"


def test_a_reason_without_a_full_stop_still_reads_as_a_sentence(store, supervisor, clean_submitted):
    returned = return_report(store, clean_submitted.id, supervisor, "表三数字与台账不符")
    assert banner(returned, supervisor=False).startswith("审核人退回：表三数字与台账不符。请修改后重新提交审核。")


def test_a_reopened_report_speaks_to_each_reader(store, supervisor, clean_approved):
    reopened = reopen(store, clean_approved.id, supervisor, "落款日期有误")
    assert banner(reopened, supervisor=False).startswith("审核人重新打开了已审核的报告：落款日期有误。请修改后重新提交审核。")
    assert banner(reopened, supervisor=True).startswith("已重新打开，交填报人修改：落款日期有误。")


def test_a_locked_report_says_why_to_the_clerk_and_what_to_do_to_the_supervisor(clean_submitted, clean_approved):
    assert banner(clean_submitted, supervisor=False).startswith("这份报告已提交审核，等待审核期间不能修改")
    assert "请审核人退回" not in banner(clean_submitted, supervisor=True)
    assert "“审核通过”或“退回修改”" in banner(clean_submitted, supervisor=True)
    assert "请审核人重新打开" in banner(clean_approved, supervisor=False)
    assert "点“重新打开”" in banner(clean_approved, supervisor=True)


def test_a_draft_never_returned_has_no_banner(clean_draft):
    assert banner(clean_draft, supervisor=False) == banner(clean_draft, supervisor=True) == ""


def test_the_clerk_resumes_where_they_left_off(clean_submitted):
    assert start_page(clean_submitted, PAGES, "table:requests", supervisor=False) == "table:requests"
    assert start_page(clean_submitted, PAGES, None, supervisor=False) is None
    assert start_page(clean_submitted, PAGES, "table:no-such-table", supervisor=False) is None


def test_a_supervisor_starts_on_the_first_page_with_open_comments_else_on_the_check_page(store, clerk, supervisor, clean_submitted):
    assert start_page(clean_submitted, PAGES, "section:problems", supervisor=True) == "check"
    summary = add_comment(store, clean_submitted.id, supervisor, Location(section="problems"), "问题写得太笼统")
    summary = add_comment(store, summary.id, supervisor, Location(table="requests", row="granted", column="natural"), "数量不对")
    assert PAGES.index("table:requests") < PAGES.index("section:problems")
    assert start_page(summary, PAGES, "export", supervisor=True) == "table:requests", "page order, not the order of writing"
    [on_table] = open_comments(summary, "table:requests")
    summary = mark_done(store, summary.id, clerk, on_table.id)
    assert start_page(summary, PAGES, "export", supervisor=True) == "section:problems", "a comment dealt with no longer counts"
