"""Exporting a report of the store under the review rule, with the export in the audit log.

A report in the store is final only when approved and unchanged since
(models/review.final_export_allowed, issue 6 point 5); export_docx alone knows only
“no errors”, which is the rule for an exchange file outside the workflow. This module
joins the two and records each export (issue 6 point 6). It is apart from
export/docx_builder.py because that one knows nothing of the store, the review or the
audit log, and apart from models/ because models/ does not depend on export/.

Two entry points, for the two callers:

- `export_stored`: the command line, which owns its Store and runs in one thread.
- `export_and_record`: the wizard, which asks final_export_allowed on the GUI thread
  (the Store is not for two threads) and then runs this on a background thread.
"""

from __future__ import annotations

from pathlib import Path

from export.docx_builder import ExportError, ExportOptions, ExportResult, export_docx
from models import audit
from models.audit import AuditError
from models.report import Report
from models.review import final_export_allowed
from models.store import Store


def export_and_record(
    report: Report,
    path: Path | str,
    *,
    data_dir: Path,
    report_id: str,
    who: str,
    final: bool,
    options: ExportOptions | None = None,
    require_final: bool = False,
) -> ExportResult:
    """Export with the review rule's decision (final) and record the export.

    An audit log that cannot be written does not undo the export: its message is
    added to result.notes for the caller to show.

    Raises:
        ExportError: as export_docx.
    """
    result = export_docx(report, path, options, require_final=require_final, final=final)
    try:
        audit.record(
            data_dir,
            who,
            "export",
            report_id,
            {"file": result.path.name, "final": result.final, "errors": result.errors},
        )
    except AuditError as error:
        result.notes.append(f"已导出，但{error}")
    return result


def export_stored(
    store: Store,
    report_id: str,
    path: Path | str,
    who: str,
    options: ExportOptions | None = None,
    *,
    require_final: bool = False,
) -> tuple[ExportResult, str]:
    """Export the stored content of a report: final only if approved and unchanged.

    Returns:
        The result, and why it is a draft ("" when final).

    Raises:
        ExportError: require_final and the report is not approved or changed since
            (nothing written); or as export_docx.
        StoreError: unknown id, or the content cannot be read.
    """
    allowed, reason = final_export_allowed(store, report_id)
    if require_final and not allowed:
        raise ExportError(f"不能导出正式文档：{reason}")
    report = store.load(report_id).report
    result = export_and_record(
        report,
        path,
        data_dir=store.data_dir,
        report_id=report_id,
        who=who,
        final=allowed,
        options=options,
        require_final=require_final,
    )
    if not result.final and not reason:
        reason = f"报告还有 {result.errors} 项错误"
    return result, reason
