"""Exporting a report of the store (issue 6 point 5): final and unmarked only when approved
and unchanged, a draft otherwise, and every export in the audit log."""

from __future__ import annotations

import docx
import pytest

from export.docx_builder import ExportError, export_docx
from export.store_export import export_and_record, export_stored
from models import audit
from models.review import final_export_allowed
from models.store import Store
from tests.models.conftest import *  # the store scenarios (fixtures): data_dir, store
from tests.models.review_fixtures import *  # the named review scenarios (fixtures)
from tests.models.review_fixtures import edit_store_file


def header_text(path) -> str:
    return docx.Document(str(path)).sections[0].header.paragraphs[0].text


def test_an_approved_unchanged_report_exports_final_and_unmarked(store, tmp_path, clean_approved):
    result, reason = export_stored(store, clean_approved.id, tmp_path / "年报.docx", "张科长", require_final=True)
    assert (result.final, reason, result.path.name) == (True, "", "年报.docx")
    assert "草稿" not in header_text(result.path)
    [entry] = [e for e in audit.read_log(store.data_dir, clean_approved.id) if e.action == "export"]
    assert (entry.who, entry.detail) == ("张科长", {"file": "年报.docx", "final": True, "errors": 0})


@pytest.mark.parametrize("scenario", ["clean_draft", "clean_submitted"])
def test_a_report_not_approved_is_a_draft_even_without_errors(request, store, tmp_path, scenario):
    summary = request.getfixturevalue(scenario)
    result, reason = export_stored(store, summary.id, tmp_path / "年报.docx", "王科员")
    assert not result.final and result.errors == 0
    assert result.path.name == "年报（草稿）.docx" and header_text(result.path) == "草稿（未经审核，不得印发）"
    assert reason.startswith(f"报告当前为“{summary.status_label}”，尚未审核通过")
    assert audit.read_log(store.data_dir, summary.id)[-1].detail["final"] is False


def test_a_final_export_of_an_unapproved_report_is_refused_and_writes_nothing(store, tmp_path, clean_submitted):
    with pytest.raises(ExportError, match="^不能导出正式文档：报告当前为“待审核”，尚未审核通过"):
        export_stored(store, clean_submitted.id, tmp_path / "年报.docx", "王科员", require_final=True)
    assert list(tmp_path.glob("*.docx")) == []
    assert "export" not in [e.action for e in audit.read_log(store.data_dir)]


def test_a_tampered_approved_report_exports_only_as_a_draft(data_dir, store, tmp_path, clean_approved):
    store.close()
    edit_store_file(data_dir, clean_approved.id, lambda d: d["texts"].update(other="改过的内容。"))
    with Store.open(data_dir) as reopened:
        with pytest.raises(ExportError, match="审核不再有效"):
            export_stored(reopened, clean_approved.id, tmp_path / "年报.docx", "某人", require_final=True)
        result, reason = export_stored(reopened, clean_approved.id, tmp_path / "年报.docx", "某人")
    assert not result.final and "审核不再有效" in reason
    assert header_text(result.path).startswith("草稿")


def test_the_wizard_path_takes_the_rule_decided_on_its_own_thread(store, tmp_path, clean_approved):
    """export_and_record gets `final` from final_export_allowed, asked beforehand."""
    allowed, _ = final_export_allowed(store, clean_approved.id)
    report = store.load(clean_approved.id).report
    result = export_and_record(
        report, tmp_path / "年报.docx", data_dir=store.data_dir, report_id=clean_approved.id, who="张科长", final=allowed
    )
    assert result.final and result.notes == []


def test_an_unwritable_audit_log_does_not_undo_the_export(store, tmp_path, clean_approved):
    audit.log_path(store.data_dir).unlink()
    audit.log_path(store.data_dir).mkdir()
    result, _ = export_stored(store, clean_approved.id, tmp_path / "年报.docx", "张科长")
    assert result.path.exists() and result.notes[0].startswith("已导出，但未能写入审计日志")


def test_export_docx_with_final_false_marks_a_clean_report_as_draft(tmp_path, clean_national_2021):
    """The parameter the review rule uses; None keeps the old “no errors” rule for exchange files."""
    assert export_docx(clean_national_2021, tmp_path / "a.docx").final
    draft = export_docx(clean_national_2021, tmp_path / "b.docx", final=False)
    assert not draft.final and draft.path.name == "b（草稿）.docx"
    with pytest.raises(ExportError, match="未经审核通过"):
        export_docx(clean_national_2021, tmp_path / "c.docx", final=False, require_final=True)


def test_final_true_still_drafts_a_report_with_errors(tmp_path, real_report_hongze_2023):
    assert not export_docx(real_report_hongze_2023, tmp_path / "d.docx", final=True).final
