"""A supervisor's comments (issue 6 point 3): added at a place, shown on its wizard page,
marked done by the clerk; kept in the report's metadata, so in its history."""

from __future__ import annotations

import pytest

from models import audit
from models.accounts import PermissionDeniedError, User
from models.comments import (
    CommentError,
    add_comment,
    comments_at,
    comments_of,
    mark_done,
    open_comments,
    open_counts,
    place_name,
)
from models.findings import Location
from models.review import approve, return_report, seal_holds
from models.store_errors import StoreConflictError
from tests.models.review_fixtures import *  # the named review scenarios (fixtures)
from tests.models.review_fixtures import CLERK_NAME, SUPERVISOR_NAME

CELL = Location(table="requests", row="granted", column="natural")


def test_a_supervisor_comments_on_a_cell_a_table_and_a_section(store, supervisor, clean_submitted):
    summary = add_comment(store, clean_submitted.id, supervisor, CELL, "  予以公开的数量与台账不符 ")
    summary = add_comment(store, summary.id, supervisor, Location(table="review_litigation"), "请核对表四")
    summary = add_comment(store, summary.id, supervisor, Location(section="problems"), "问题写得太笼统")
    assert summary.version == clean_submitted.version + 3 and summary.status == clean_submitted.status
    first, second, third = comments_of(summary)
    assert (first.author, first.text, first.location, first.done) == (SUPERVISOR_NAME, "予以公开的数量与台账不符", CELL, False)
    assert [c.page_key for c in (first, second, third)] == ["table:requests", "table:review_litigation", "section:problems"]
    assert len({first.id, second.id, third.id}) == 3
    assert open_counts(summary) == {"table:requests": 1, "table:review_litigation": 1, "section:problems": 1}
    assert comments_at(summary, CELL) == [first]
    assert store.history(summary.id)[-1].note == "添加批注（五、存在的主要问题及改进情况）：问题写得太笼统"
    entries = audit.read_log(store.data_dir, summary.id)
    assert [e.action for e in entries] == ["submit", "comment_added", "comment_added", "comment_added"]
    assert entries[1].detail["place"] == "表三 （一）予以公开·自然人" and entries[1].who == SUPERVISOR_NAME


def test_the_clerk_sees_open_comments_on_the_page_and_marks_them_done(store, clerk, supervisor, clean_submitted):
    with_comment = add_comment(store, clean_submitted.id, supervisor, CELL, "数量不对")
    returned = return_report(store, with_comment.id, supervisor, "见批注")
    [comment] = open_comments(returned, "table:requests")
    assert open_comments(returned, "table:review_litigation") == []

    done = mark_done(store, returned.id, clerk, comment.id, base_version=returned.version)
    assert done.version == returned.version + 1 and done.status == returned.status
    assert open_comments(done) == [] and comments_at(done, CELL) == []
    [closed] = comments_at(done, CELL, include_done=True)
    assert closed.done and closed.done_by == CLERK_NAME and closed.done_at
    last = audit.read_log(store.data_dir, done.id)[-1]
    assert (last.who, last.action, last.detail["comment"]) == (CLERK_NAME, "comment_done", comment.id)
    with pytest.raises(CommentError, match=f"已由 {CLERK_NAME} 于 .* 标为已处理"):
        mark_done(store, returned.id, clerk, comment.id)
    with pytest.raises(CommentError, match="没有编号为 nothere 的批注"):
        mark_done(store, returned.id, clerk, "nothere")


def test_an_editing_window_continues_from_the_version_a_comment_made(store, clerk, supervisor, clean_draft):
    """Marking done is a version: the wizard's next save must use it as its base, or conflict."""
    commented = add_comment(store, clean_draft.id, supervisor, Location(section="overview"), "补充一句")
    stored = store.load(commented.id)
    [comment] = comments_of(commented)
    done = mark_done(store, commented.id, clerk, comment.id)
    stored.report.texts["overview"] += "补充的一句。"
    with pytest.raises(StoreConflictError):
        store.save(commented.id, stored.report, clerk.name, base_version=commented.version)
    saved = store.save(commented.id, stored.report, clerk.name, base_version=done.version)
    assert comments_of(saved)[0].done  # the save kept the metadata


def test_only_a_signed_in_supervisor_adds_comments(store, clerk, clean_submitted):
    with pytest.raises(PermissionDeniedError, match="填报人“王科员”不能添加批注"):
        add_comment(store, clean_submitted.id, clerk, CELL, "自己给自己批注")
    with pytest.raises(PermissionDeniedError, match="请先登录再添加批注"):
        add_comment(store, clean_submitted.id, User(SUPERVISOR_NAME, "supervisor"), CELL, "冒名")
    with pytest.raises(PermissionDeniedError, match="请先登录再处理批注"):
        mark_done(store, clean_submitted.id, User(CLERK_NAME, "clerk"), "whatever")
    assert comments_of(store.summary(clean_submitted.id)) == []


@pytest.mark.parametrize(
    ("location", "text", "message"),
    [
        (CELL, "   ", "批注的内容不能为空"),
        (CELL, "长" * 2001, "批注不能超过 2000 字"),
        (Location(table="table9"), "x", "national-2021 格式中没有表“table9”"),
        (Location(table="requests", row="nope"), "x", "表三中没有行“nope”"),
        (Location(table="requests", row="granted", column="nope"), "x", "表三中没有列“nope”"),
        (Location(row="granted", column="natural"), "x", "指向行或单元格时必须写明是哪张表"),
        (Location(section="nope"), "x", "没有部分“nope”"),
        (Location(field="nope"), "x", "没有“nope”这一项"),
        (Location(), "x", "请指明部分、表格、单元格或基本信息中的一项"),
    ],
)
def test_a_comment_needs_text_and_a_real_place(store, supervisor, clean_submitted, location, text, message):
    with pytest.raises(CommentError, match=message):
        add_comment(store, clean_submitted.id, supervisor, location, text)
    assert store.summary(clean_submitted.id).version == clean_submitted.version


def test_comments_on_an_approved_report_leave_its_seal_alone(store, supervisor, clean_approved):
    """Comments are not content: the approval still counts after one."""
    add_comment(store, clean_approved.id, supervisor, Location(field="date"), "印发时填写日期")
    assert seal_holds(store, clean_approved.id)


def test_places_are_named_as_people_name_them(clean_national_2021):
    assert place_name(clean_national_2021, CELL) == "表三 （一）予以公开·自然人"
    assert place_name(clean_national_2021, Location(table="requests")) == "表三"
    assert place_name(clean_national_2021, Location(table="requests", column="natural")) == "表三 自然人列"
    assert place_name(clean_national_2021, Location(section="overview")) == "一、总体情况"
    assert place_name(clean_national_2021, Location(field="preface")) == "编制说明"
    assert place_name(clean_national_2021, Location(field="date")) == "基本信息·成文日期"


def test_comments_are_kept_in_the_reports_history(store, supervisor, clean_submitted):
    """Metadata travels with the report: its history (and so backups and recover) has them."""
    summary = add_comment(store, clean_submitted.id, supervisor, CELL, "数量不对")
    assert store.history(summary.id)[-1].metadata["comments"][0]["text"] == "数量不对"
    approve(store, summary.id, supervisor)
    assert comments_of(store.summary(summary.id))[0].text == "数量不对"
