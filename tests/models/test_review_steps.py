"""What a clerk or supervisor reads before and after submitting or approving (issue 14
point 10), without Qt."""

from __future__ import annotations

from models import comments, review
from models.findings import Location
from models.review_steps import outcome, preview
from tests.models.review_fixtures import *  # the named review scenarios (fixtures)


def test_the_submission_summary_names_the_report_its_findings_and_what_follows(store, clerk, clean_draft):
    step = preview(store, clean_draft.id, "submit")
    assert step.label == "提交审核" and step.question == "确定提交审核吗？"
    assert step.lines[0] == f"报告：{clean_draft.title}"
    assert "年度：2024" in step.lines[1]
    assert step.lines[2] == "状态：草稿 → 待审核"
    assert step.lines[3] == "检查结果：错误 0 项；警告 0 项，其中 0 项已写说明"
    assert step.lines[4] == "未处理的审核意见：无"
    assert step.blockers == () and "锁定" in step.afterwards


def test_blockers_and_open_comments_are_in_the_summary(store, clerk, supervisor, clean_submitted):
    comments.add_comment(store, clean_submitted.id, supervisor, Location(section="problems"), "请补充整改情况。")
    stored = store.load(clean_submitted.id)
    step = preview(store, clean_submitted.id, "approve")
    assert step.open_comments == (f"{supervisor.name}：请补充整改情况。（五、存在的主要问题及改进情况）",)
    assert "未处理的审核意见：1 条" in step.lines
    assert stored.summary.status == "submitted", "a preview changes nothing"


def test_a_report_with_an_error_has_blockers_and_a_refusal(store, clerk, clean_national_2021):
    clean_national_2021.cells[("requests", "new", "natural")] = 1
    draft = store.create(clean_national_2021, clerk.name)
    step = preview(store, draft.id, "submit")
    assert step.blockers and all(line.startswith("[错误]") for line in step.blockers)
    assert step.refusal.startswith(f"还不能提交审核：有 {len(step.blockers)} 项问题")


def test_after_the_step_it_says_what_happened_and_what_comes_next(store, clerk, supervisor, clean_submitted):
    approved = review.approve(store, clean_submitted.id, supervisor)
    said = outcome("approve", approved)
    assert said.startswith(f"已审核通过（第 {approved.version} 版，状态：已审核）。")
    assert "导出正式文档" in said
    assert "等待审核人审核" in outcome("submit", clean_submitted)
