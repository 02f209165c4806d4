"""Two named scenarios for every format (docs/design-notes.md §7.4): the report a clerk
starts from, and one full of errors, for tests that must hold on any report a clerk can
have in front of them (issue 14: the advice in the messages, the window's size)."""

from __future__ import annotations

from models.formats import get_format
from models.report import Report

FORMAT_IDS = ("national-2021", "national-2019", "legacy-2013")
YEARS = {"national-2021": 2024, "national-2019": 2019, "legacy-2013": 2013}

PASTED_PARAGRAPH = (
    "【上年文字，请改写】全年新收政府信息公开申请99999件，办结率100%，收取信息处理费12345元。"
    "打印本页 关闭窗口 雷速体育,雷速直播 详见http://www.example.gov.cn/xxgk/index.html。"
    "2001年1月1日起施行。扫一扫在手机打开当前页"
)
"""Every kind of text finding at once: numbers against the tables, debris, a stale date,
the carried-forward marker."""


def empty_report(format_id: str) -> Report:
    """What a clerk starts from: a new report with nothing typed yet."""
    return Report.new(get_format(format_id), "示例县人民政府办公室", YEARS[format_id])


def report_full_of_errors(format_id: str) -> Report:
    """Every cell filled (totals included) with numbers that agree with nothing, and every
    text long and full of pasted debris: as many findings as the rules can give."""
    report = Report.new(get_format(format_id), "", YEARS[format_id])
    for index, (table, row, column) in enumerate(report.format.cells()):
        report.enter(table, row, column, str(index * 7 % 23 + 1))
    for section in report.format.sections:
        report.set_text(section.id, "\n".join([PASTED_PARAGRAPH] * 12))
    report.set_text(None, "\n".join([PASTED_PARAGRAPH] * 4))
    return report
