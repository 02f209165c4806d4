"""Standard sentences built from the tables, for a clerk to insert into the texts.

docs/design-notes.md §1.6: most narrative-vs-table mismatches come from figures typed by
hand. Offering the figures as ready sentences avoids them; the wording is the one the
text checks (N-01, L-07 in models/text_checks.py) read back without a warning, which
tests/models/test_standard_sentences.py pins. Kept apart from the UI so it needs no Qt.
"""

from __future__ import annotations

from models.findings import Number
from models.report import Report
from models.values import format_value


def sentences(report: Report) -> list[tuple[str, str]]:
    """(label, sentence) pairs for the report's format; a sentence with a blank cell is left out.

    A blank cell means the clerk has not filled the figure yet, so no sentence is offered
    that would state 0 for it.
    """
    if report.format.id.startswith("national-"):
        return _national(report)
    if report.format.id == "legacy-2013":
        return _legacy(report)
    return []


def _value(report: Report, table: str, rows: list[str], column: str) -> Number | None:
    """The sum of the cells (rows × column) the table has, or None if one is blank."""
    fmt_table = report.format.table(table)
    total: Number = 0
    for row in rows:
        if not fmt_table.has_cell(row, column):
            continue
        value = report.cells[(table, row, column)]
        if value is None:
            return None
        total += value
    return total


def _sub_rows(report: Report, prefix: str) -> list[str]:
    """The leaf rows of a 办理结果 group (（三）不予公开 → its eight reasons)."""
    table = report.format.table("requests")
    rows = [r.id for r in table.rows if r.id.startswith(prefix + ".")]
    return rows or [prefix]


def _fill(template: str, values: dict[str, Number | None]) -> str | None:
    if any(v is None for v in values.values()):
        return None
    return template.format(**{k: format_value(v) for k, v in values.items() if v is not None})


def _national(report: Report) -> list[tuple[str, str]]:
    def req(*rows: str) -> Number | None:
        return _value(report, "requests", list(rows), "total")

    def cases(*columns: str) -> Number | None:
        values = [_value(report, "review_litigation", ["cases"], c) for c in columns]
        if any(v is None for v in values):
            return None
        return sum(v for v in values if v is not None)

    offered = [
        (
            "依申请公开总体情况",
            _fill(
                "本年度共新收政府信息公开申请{new}件，上年结转{carried_over}件，办结{done}件，结转下年度继续办理{forward}件。",
                {"new": req("new"), "carried_over": req("carried_over"), "done": req("total"), "forward": req("carried_forward")},
            ),
        ),
        (
            "办理结果",
            _fill(
                "其中予以公开{granted}件，部分公开{partial}件，不予公开{refused}件，无法提供{unavailable}件，不予处理{not_processed}件，其他处理{other}件。",
                {
                    "granted": req("granted"),
                    "partial": req("partial"),
                    "refused": req(*_sub_rows(report, "refused")),
                    "unavailable": req(*_sub_rows(report, "unavailable")),
                    "not_processed": req(*_sub_rows(report, "not_processed")),
                    "other": req(*_sub_rows(report, "other")),
                },
            ),
        ),
        (
            "行政复议、行政诉讼",
            _fill(
                "本年度因政府信息公开工作被申请行政复议{review}件，其中结果维持{r_upheld}件，结果纠正{r_corrected}件，"
                "其他结果{r_other}件，尚未审结{r_pending}件；被提起行政诉讼{litigation}件，其中结果维持{l_upheld}件，"
                "结果纠正{l_corrected}件，其他结果{l_other}件，尚未审结{l_pending}件。",
                {
                    "review": cases("review.total"),
                    "r_upheld": cases("review.upheld"),
                    "r_corrected": cases("review.corrected"),
                    "r_other": cases("review.other"),
                    "r_pending": cases("review.pending"),
                    "litigation": cases("direct.total", "after_review.total"),
                    "l_upheld": cases("direct.upheld", "after_review.upheld"),
                    "l_corrected": cases("direct.corrected", "after_review.corrected"),
                    "l_other": cases("direct.other", "after_review.other"),
                    "l_pending": cases("direct.pending", "after_review.pending"),
                },
            ),
        ),
    ]
    return [(label, sentence) for label, sentence in offered if sentence]


def _legacy(report: Report) -> list[tuple[str, str]]:
    def code(table: str, row: str) -> Number | None:
        return _value(report, table, [row], "value")

    offered = [
        ("主动公开", _fill("今年，我办主动公开信息共{proactive}条。", {"proactive": code("proactive", "01")})),
        (
            "依申请公开",
            _fill(
                "全年共收到政府信息公开申请{applications}件，答复{answers}件。",
                {"applications": code("requests", "10"), "answers": code("requests", "17")},
            ),
        ),
        (
            "复议、诉讼和申诉",
            _fill(
                "全年因政府信息公开被申请行政复议{review}件，被提起行政诉讼{litigation}件，行政申诉{appeals}件。",
                {"review": code("appeals", "32"), "litigation": code("appeals", "33"), "appeals": code("appeals", "34")},
            ),
        ),
    ]
    return [(label, sentence) for label, sentence in offered if sentence]
