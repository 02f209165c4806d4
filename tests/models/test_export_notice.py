"""The export page's sentence says each fact once (issue 14 point 14: “…只能导出草稿（…）
将导出草稿。” said the same thing twice)."""

from __future__ import annotations

from models.export_notice import export_status
from models.review import final_export_allowed
from tests.models.review_fixtures import *  # the named review scenarios (fixtures)


def test_a_draft_is_said_to_be_a_draft_once(store, clean_draft):
    said = export_status(*final_export_allowed(store, clean_draft.id))
    assert said == "报告当前为“草稿”，尚未审核通过，只能导出草稿（页眉和文件名标有“草稿”）。"
    assert said.count("导出草稿") == 1


def test_an_approved_report_exports_final(store, clean_approved):
    assert export_status(*final_export_allowed(store, clean_approved.id)) == "报告已审核通过且未再修改：将导出正式文档。"


def test_a_reason_that_does_not_say_draft_gets_it_said_once():
    said = export_status(False, "这份报告不在草稿库中，未经审核。")
    assert said == "这份报告不在草稿库中，未经审核。现在只能导出草稿（页眉和文件名标有“草稿”）。"
