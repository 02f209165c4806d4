"""The review workflow (issue 6 points 2, 4, 5, 7): every transition, every refusal, the
seal and what changed, on real stores in fresh data folders."""

from __future__ import annotations

import json

import pytest

from models import audit
from models.accounts import CLERK, PermissionDeniedError, User
from models.editing import EditSession
from models.review import (
    APPROVED,
    DRAFT,
    RETURNED,
    SUBMITTED,
    ReviewError,
    allowed_actions,
    approve,
    can_edit,
    changes_since_review,
    check_seal,
    content_hash,
    final_export_allowed,
    noted_findings,
    reopen,
    resume_editing,
    return_notice,
    return_report,
    seal_holds,
    submit,
    submit_blockers,
)
from models.store import ReportLockedError, Store
from models.store_errors import StoreConflictError
from tests.models.review_fixtures import *  # the named review scenarios (fixtures)
from tests.models.review_fixtures import CLERK_NAME, SUPERVISOR_NAME, edit_store_file


def actions(store: Store, report_id: str) -> list[str]:
    return [e.action for e in audit.read_log(store.data_dir, report_id)]


# -- submit ----------------------------------------------------------------------------------


def test_a_clean_draft_is_submitted_and_then_locked(store, clerk, clean_draft):
    """Submitting records who, when and the content's hash, and locks the report (F8)."""
    assert can_edit(clean_draft) == (True, "")
    summary = submit(store, clean_draft.id, clerk)
    assert (summary.status, summary.status_label, summary.version) == (SUBMITTED, "待审核", 2)
    submitted = summary.metadata["review"]["submitted"]
    assert submitted["by"] == CLERK_NAME and submitted["version"] == 2
    assert submitted["sha256"] == content_hash(store.load(clean_draft.id).report)
    editable, why = can_edit(summary)
    assert not editable and "已提交审核" in why
    last = store.history(clean_draft.id)[-1]
    assert (last.status, last.saved_by, last.note) == (SUBMITTED, CLERK_NAME, "提交审核")
    assert actions(store, clean_draft.id) == ["submit"]


def test_submit_is_refused_while_errors_remain_and_says_which(store, clerk, real_report_hongze_2023):
    """洪泽 2023 has two T4-01 errors (and unexplained warnings): nothing changes."""
    draft = store.create(real_report_hongze_2023, clerk.name)
    with pytest.raises(ReviewError) as refused:
        submit(store, draft.id, clerk)
    message = str(refused.value)
    assert message.startswith("还不能提交审核：有 5 项问题需要先处理")
    assert "[错误] 表四：行政复议·总计 应为 11" in message
    assert any(p.startswith("[警告未说明] 基本信息：未填写成文日期") for p in refused.value.problems)
    assert store.summary(draft.id).status == DRAFT and store.summary(draft.id).version == 1
    assert actions(store, draft.id) == []


def test_submit_needs_a_note_on_every_warning(store, clerk, real_report_huaian_2024):
    """淮安 2024 has no error but two warnings: refused until both carry the clerk's note."""
    draft = store.create(real_report_huaian_2024, clerk.name)
    with pytest.raises(ReviewError) as refused:
        submit(store, draft.id, clerk)
    assert len(refused.value.problems) == 2 and all(p.startswith("[警告未说明]") for p in refused.value.problems)

    session = EditSession(store.load(draft.id).report)
    warnings = [f for f in session.findings() if f.severity == "warning"]
    session.set_note(warnings[0], "落款日期待印发时填写")
    saved = store.save(draft.id, session.report, clerk.name, base_version=draft.version)
    with pytest.raises(ReviewError) as still:
        submit(store, draft.id, clerk)
    assert len(still.value.problems) == 1

    session.set_note(warnings[1], "本年度未发现突出问题，已在第六部分说明")
    saved = store.save(draft.id, session.report, clerk.name, base_version=saved.version)
    assert submit_blockers(session.report) == [] and session.submittable()
    assert submit(store, draft.id, clerk, base_version=saved.version).status == SUBMITTED
    notes = [note for _finding, note in noted_findings(store.load(draft.id).report)]
    assert notes == ["落款日期待印发时填写", "本年度未发现突出问题，已在第六部分说明"]


@pytest.mark.parametrize("scenario", ["clean_submitted", "clean_approved"])
def test_submit_is_refused_unless_draft_or_returned(request, store, clerk, scenario):
    summary = request.getfixturevalue(scenario)
    with pytest.raises(ReviewError, match=f"当前为“{summary.status_label}”，不能提交审核：只有“草稿”或“退回修改”的报告可以提交审核"):
        submit(store, summary.id, clerk)


def test_a_supervisor_may_submit_too(store, supervisor, clean_draft):
    assert submit(store, clean_draft.id, supervisor).status == SUBMITTED


# -- who may do what ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "label"),
    [
        (lambda s, i, u: approve(s, i, u), "审核通过"),
        (lambda s, i, u: return_report(s, i, u, "表三有误"), "退回修改"),
    ],
)
def test_a_clerk_can_neither_approve_nor_return(store, clerk, clean_submitted, step, label):
    """Issue 6 point 7: the rule is in models/, so no caller can get round it."""
    with pytest.raises(PermissionDeniedError, match=f"填报人“王科员”不能{label}：只有审核人可以{label}"):
        step(store, clean_submitted.id, clerk)
    assert store.summary(clean_submitted.id).status == SUBMITTED
    assert actions(store, clean_submitted.id) == ["submit"]


def test_a_clerk_cannot_reopen(store, clerk, clean_approved):
    with pytest.raises(PermissionDeniedError, match="只有审核人可以重新打开"):
        reopen(store, clean_approved.id, clerk, "想改一下")
    assert store.summary(clean_approved.id).status == APPROVED


@pytest.mark.parametrize(
    "forged",
    [
        User(SUPERVISOR_NAME, "supervisor"),  # a name, never signed in
        User(SUPERVISOR_NAME, "supervisor", session="0" * 32),  # a made-up session
        User(CLERK_NAME, "supervisor", session="x"),  # a clerk claiming the role
    ],
)
def test_a_user_not_signed_in_here_cannot_approve(store, clean_submitted, forged):
    """A User object built by hand is not a sign-in: the session must come from authenticate."""
    with pytest.raises(PermissionDeniedError, match="请先登录再审核通过"):
        approve(store, clean_submitted.id, forged)


def test_a_clerk_session_does_not_become_a_supervisor_by_changing_the_role_field(store, clerk, clean_submitted):
    """The role is re-read from users.json: a User with a clerk's session and role="supervisor" is refused."""
    claimed = User(clerk.name, "supervisor", session=clerk.session)
    with pytest.raises(PermissionDeniedError, match="填报人“王科员”不能审核通过"):
        approve(store, clean_submitted.id, claimed)


def test_a_role_taken_away_after_sign_in_no_longer_approves(store, accounts, supervisor, clean_submitted):
    """A supervisor demoted (here by editing users.json) is refused at the next step."""
    data = json.loads(accounts.path.read_text(encoding="utf-8"))
    data["users"][0]["role"] = CLERK
    accounts.path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(PermissionDeniedError, match="只有审核人可以审核通过"):
        approve(store, clean_submitted.id, supervisor)


def test_a_signed_out_supervisor_cannot_approve(store, accounts, supervisor, clean_submitted):
    accounts.sign_out(supervisor)
    with pytest.raises(PermissionDeniedError, match="请先登录"):
        approve(store, clean_submitted.id, supervisor)


def test_allowed_actions_follow_role_and_status(store, clerk, supervisor, clean_draft):
    assert allowed_actions(clean_draft, clerk) == ["submit"]
    submitted = submit(store, clean_draft.id, clerk)
    assert allowed_actions(submitted, clerk) == []
    assert allowed_actions(submitted, supervisor) == ["return", "approve"]
    returned = return_report(store, clean_draft.id, supervisor, "请补充说明")
    assert allowed_actions(returned, clerk) == ["submit", "resume_editing"]
    approved = approve(store, submit(store, clean_draft.id, clerk).id, supervisor)
    assert allowed_actions(approved, clerk) == [] and allowed_actions(approved, supervisor) == ["reopen"]


# -- return ---------------------------------------------------------------------------------


def test_return_needs_a_written_reason(store, supervisor, clean_submitted):
    for reason in ("", "   \n "):
        with pytest.raises(ReviewError, match="退回修改必须写明理由"):
            return_report(store, clean_submitted.id, supervisor, reason)
    assert store.summary(clean_submitted.id).status == SUBMITTED


def test_a_returned_report_shows_the_reason_and_can_be_edited_and_resubmitted(store, clerk, supervisor, clean_submitted):
    returned = return_report(store, clean_submitted.id, supervisor, "  表三的说明\n不够具体 ")
    assert (returned.status, returned.status_label) == (RETURNED, "退回修改")
    notice = return_notice(returned)
    assert notice is not None and (notice.kind, notice.by, notice.reason) == ("returned", SUPERVISOR_NAME, "表三的说明 不够具体")
    assert notice.message.startswith(f"{SUPERVISOR_NAME} 于 ") and notice.message.endswith("退回修改，理由：表三的说明 不够具体")
    assert can_edit(returned) == (True, "")

    stored = store.load(returned.id)
    stored.report.texts["problems"] += "补充的说明。"
    saved = store.save(returned.id, stored.report, clerk.name, base_version=returned.version)
    assert saved.status == RETURNED and return_notice(saved) is not None

    again = submit(store, returned.id, clerk, base_version=saved.version)
    assert again.status == SUBMITTED and return_notice(again) is None
    assert actions(store, returned.id) == ["submit", "return", "submit"]
    assert audit.read_log(store.data_dir, returned.id)[1].detail["reason"] == "表三的说明 不够具体"


def test_resume_editing_brings_a_returned_report_back_to_draft_with_its_notice(store, clerk, supervisor, clean_submitted):
    returned = return_report(store, clean_submitted.id, supervisor, "请核对表四")
    draft = resume_editing(store, returned.id, clerk)
    assert draft.status == DRAFT
    notice = return_notice(draft)
    assert notice is not None and notice.reason == "请核对表四"
    with pytest.raises(ReviewError, match="只有“退回修改”的报告可以继续修改"):
        resume_editing(store, returned.id, clerk)


@pytest.mark.parametrize("scenario", ["clean_draft", "clean_approved"])
def test_return_and_approve_need_a_submitted_report(request, store, supervisor, scenario):
    summary = request.getfixturevalue(scenario)
    with pytest.raises(ReviewError, match="只有“待审核”的报告可以退回修改"):
        return_report(store, summary.id, supervisor, "理由")
    with pytest.raises(ReviewError, match="只有“待审核”的报告可以审核通过"):
        approve(store, summary.id, supervisor)


# -- approve and the seal ----------------------------------------------------------------


def test_approval_records_who_when_and_the_content_hash(store, supervisor, clean_approved):
    assert (clean_approved.status, clean_approved.status_label) == (APPROVED, "已审核")
    seal = clean_approved.metadata["review"]["approval"]
    assert seal["by"] == SUPERVISOR_NAME and seal["at"] and seal["version"] == clean_approved.version
    assert seal["sha256"] == content_hash(store.load(clean_approved.id).report)
    check = check_seal(store, clean_approved.id)
    assert (check.approved, check.holds, check.by) == (True, True, SUPERVISOR_NAME)
    assert check.message.endswith("审核通过，内容未改动")
    assert seal_holds(store, clean_approved.id)
    assert final_export_allowed(store, clean_approved.id) == (True, "")
    assert actions(store, clean_approved.id) == ["submit", "approve"]


def test_the_seal_ignores_what_the_program_writes(clean_national_2021):
    """generator and format_version name the program, not the report: not in the hash."""
    from models import exchange

    before = content_hash(clean_national_2021)
    original = exchange.GENERATOR
    try:
        exchange.GENERATOR = "nianbao 99"
        assert content_hash(clean_national_2021) == before
    finally:
        exchange.GENERATOR = original
    clean_national_2021.texts["overview"] += "。"
    assert content_hash(clean_national_2021) != before


@pytest.mark.parametrize(
    "tamper",
    [
        lambda document: document["tables"]["requests"]["new"].update(natural=187),
        lambda document: document["texts"].update(problems=document["texts"]["problems"].replace("三是", "三则")),
    ],
    ids=["cell", "text"],
)
def test_a_hand_edit_of_the_data_file_breaks_the_seal_and_is_shown(data_dir, store, clean_approved, tamper):
    """Issue 6 point 5: the store file edited by hand (no version, no history): found when
    reopened, the approval no longer counts, the final export is refused, the change shown."""
    store.close()
    edit_store_file(data_dir, clean_approved.id, tamper)
    with Store.open(data_dir) as reopened:
        assert reopened.summary(clean_approved.id).status == APPROVED  # the status alone says nothing
        assert not seal_holds(reopened, clean_approved.id)
        check = check_seal(reopened, clean_approved.id)
        assert (check.approved, check.holds) == (True, False)
        assert "审核通过之后，报告的内容被改动过（不是通过本软件），审核不再有效" in check.message
        allowed, reason = final_export_allowed(reopened, clean_approved.id)
        assert not allowed and reason == check.message
        changes = changes_since_review(reopened, clean_approved.id)
        assert changes.describe() in (
            ["表三 一、本年新收政府信息公开申请数量·自然人：186 → 187"],
            ["五、存在的主要问题及改进情况（183 → 183 字）"],
        )


def test_a_missing_seal_does_not_count(data_dir, store, clean_approved):
    """An "approved" status without its approval record (metadata edited away) is not approved."""
    store.close()
    path = data_dir / "store.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for record in data["reports"].values():
        record["metadata"]["review"].pop("approval")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with Store.open(data_dir) as reopened:
        assert not seal_holds(reopened, clean_approved.id)
        assert "没有审核记录" in final_export_allowed(reopened, clean_approved.id)[1]


def test_approve_is_refused_when_the_content_changed_after_submission(data_dir, store, supervisor, clean_submitted):
    """Approval must cover what was submitted: a hand edit while waiting is caught."""
    store.close()
    edit_store_file(data_dir, clean_submitted.id, lambda d: d["tables"]["requests"]["new"].update(natural=190))
    with Store.open(data_dir) as reopened:
        with pytest.raises(ReviewError, match="在提交审核之后被改动过"):
            approve(reopened, clean_submitted.id, supervisor)
        assert reopened.summary(clean_submitted.id).status == SUBMITTED


def test_not_approved_reports_export_only_as_drafts(store, clean_draft, clean_submitted):
    allowed, reason = final_export_allowed(store, clean_submitted.id)
    assert not allowed and reason == "报告当前为“待审核”，尚未审核通过，只能导出草稿（页眉和文件名标有“草稿”）"
    assert check_seal(store, clean_submitted.id).holds is None


# -- locked reports ------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", ["clean_submitted", "clean_approved"])
def test_the_store_refuses_to_save_a_change_to_a_locked_report(request, store, clerk, scenario):
    """Issue 6 point 2: not only the wizard; Store.save refuses under its lock."""
    summary = request.getfixturevalue(scenario)
    stored = store.load(summary.id)
    assert store.save(summary.id, stored.report, clerk.name).version == summary.version  # nothing changed: no refusal
    stored.report.texts["overview"] += "再加一句。"
    with pytest.raises(ReportLockedError, match=f"这份报告{summary.status_label}，不能修改"):
        store.save(summary.id, stored.report, clerk.name, base_version=summary.version)
    assert store.summary(summary.id).version == summary.version
    assert not can_edit(summary)[0]


def test_restoring_an_older_content_of_a_locked_report_is_refused(store, clerk, clean_draft):
    stored = store.load(clean_draft.id)
    stored.report.texts["other"] += "第二版的补充。"
    saved = store.save(clean_draft.id, stored.report, clerk.name)
    submitted = submit(store, saved.id, clerk)
    with pytest.raises(ReportLockedError, match="未能恢复旧版本：这份报告待审核，不能修改"):
        store.restore_version(submitted.id, 1, clerk.name)
    assert store.summary(submitted.id).version == submitted.version


# -- reopen ---------------------------------------------------------------------------------


def test_reopen_needs_a_supervisor_and_a_reason_and_ends_the_seal(store, supervisor, clerk, clean_approved):
    with pytest.raises(ReviewError, match="重新打开已审核的报告必须写明理由"):
        reopen(store, clean_approved.id, supervisor, " ")
    reopened = reopen(store, clean_approved.id, supervisor, "上级要求补充数据")
    assert reopened.status == DRAFT and can_edit(reopened) == (True, "")
    assert "approval" not in reopened.metadata["review"]
    assert not seal_holds(store, clean_approved.id)
    assert not final_export_allowed(store, clean_approved.id)[0]
    notice = return_notice(reopened)
    assert notice is not None and notice.kind == "reopened" and "重新打开，理由：上级要求补充数据" in notice.message
    assert actions(store, clean_approved.id) == ["submit", "approve", "reopen"]
    with pytest.raises(ReviewError, match="只有“已审核”的报告可以重新打开"):
        reopen(store, clean_approved.id, supervisor, "再开一次")


def test_the_whole_cycle_ends_sealed_again(store, clerk, supervisor, clean_approved):
    reopened = reopen(store, clean_approved.id, supervisor, "补充数据")
    stored = store.load(reopened.id)
    stored.report.texts["other"] += "补充。"
    saved = store.save(reopened.id, stored.report, clerk.name, base_version=reopened.version)
    approve(store, submit(store, saved.id, clerk).id, supervisor)
    assert seal_holds(store, saved.id)


def test_a_step_on_a_stale_version_is_refused(store, clerk, supervisor, clean_draft):
    """base_version: a window that loaded version 1 cannot submit after a save made elsewhere."""
    stored = store.load(clean_draft.id)
    stored.report.texts["other"] += "另一处的修改。"
    store.save(clean_draft.id, stored.report, "别处")
    with pytest.raises(StoreConflictError):
        submit(store, clean_draft.id, clerk, base_version=clean_draft.version)
    assert store.summary(clean_draft.id).status == DRAFT


# -- what changed ------------------------------------------------------------------------------


def test_changes_since_the_return_show_text_differences_and_cells_old_to_new(store, clerk, supervisor, clean_submitted):
    """Issue 6 point 4: the supervisor sees what the clerk changed after sending it back."""
    returned = return_report(store, clean_submitted.id, supervisor, "请补充")
    stored = store.load(returned.id)
    report = stored.report
    report.texts["problems"] = report.texts["problems"].replace("三是依申请公开", "三是个别依申请公开")
    # One request moved between two 不予公开 reasons the narrative does not quote, typed as
    # the wizard does (totals follow), so the texts still agree with the tables (N-01).
    session = EditSession(report)
    session.enter_cell(("requests", "refused.internal", "natural"), "1")
    session.enter_cell(("requests", "refused.process", "natural"), "5")
    report.contact = "0745-1234567"
    saved = store.save(returned.id, report, clerk.name, base_version=returned.version)
    resubmitted = submit(store, saved.id, clerk)

    changes = changes_since_review(store, resubmitted.id)
    assert changes.baseline_version == returned.version
    assert changes.baseline.startswith(f"第 {returned.version} 版（") and changes.baseline.endswith(f"{SUPERVISOR_NAME} 退回修改）")
    assert changes.current_version == resubmitted.version
    [text] = changes.texts
    assert text.heading == "五、存在的主要问题及改进情况" and text.location.section == "problems"
    assert ("insert", "个别") in text.segments and not any(kind == "delete" for kind, _ in text.segments)
    assert "".join(t for kind, t in text.segments if kind != "insert") == text.old
    assert [line[:2] for line in text.lines] == ["- ", "+ "]
    assert [c.describe() for c in changes.cells] == [
        "表三 （三）不予公开/5.属于三类内部事务信息·自然人：2 → 1",
        "表三 （三）不予公开/5.属于三类内部事务信息·总计：2 → 1",
        "表三 （三）不予公开/6.属于四类过程性信息·自然人：4 → 5",
        "表三 （三）不予公开/6.属于四类过程性信息·总计：4 → 5",
    ]
    assert changes.cells[0].page_key == "table:requests"
    assert any(o.startswith("联系方式：") for o in changes.others)


def test_on_first_submission_changes_are_counted_from_the_first_version(store, clerk, clean_draft):
    stored = store.load(clean_draft.id)
    stored.report.cells[("requests", "carried_over", "natural")] = None
    saved = store.save(clean_draft.id, stored.report, clerk.name)
    changes = changes_since_review(store, saved.id)
    assert changes.baseline_version == 1
    assert [c.describe() for c in changes.cells] == ["表三 二、上年结转政府信息公开申请数量·自然人：5 → 空白"]


def test_an_approved_report_unchanged_has_no_changes(store, clean_approved):
    changes = changes_since_review(store, clean_approved.id)
    assert changes.empty and changes.describe() == []


def test_a_step_done_while_the_audit_log_cannot_be_written_says_both(store, clerk, clean_draft):
    from models.audit import AuditError

    audit.log_path(store.data_dir).unlink()
    audit.log_path(store.data_dir).mkdir()
    with pytest.raises(AuditError, match="^已提交审核（第 2 版），但未能写入审计日志"):
        submit(store, clean_draft.id, clerk)
    assert store.summary(clean_draft.id).status == SUBMITTED
