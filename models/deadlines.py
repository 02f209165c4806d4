"""When a report is due (docs/design-notes.md §1.2), for the main window's reminder.

Kept apart from the window so that the dates and the wording are tested without Qt;
the window only shows reminder(). The deadline is an info for the clerk, never a check
that blocks anything (docs/design-notes.md §1.2).
"""

from __future__ import annotations

import datetime
from typing import Literal

BodyKind = Literal["department", "government"]

_KIND_LABELS = {"department": "政府部门", "government": "人民政府"}


def body_kind(organization: str) -> BodyKind:
    """Whether a body files as a government (3月31日) or as a department (1月31日).

    A name ending in “人民政府” is a government (“淮安市人民政府”); anything else,
    including a government's own office (“示例市人民政府办公室”), a 局 or a 委员会, is a
    department. The name is all the product knows about the body, and the ending is
    how 第四十九条 tells the two apart; 乡镇 and 街道 count as departments, because local
    rules usually give them 1月31日 (docs/design-notes.md §1.2).
    """
    name = organization.strip()
    if name.endswith("人民政府"):
        return "government"
    return "department"


def deadline(report_year: int, kind: BodyKind) -> datetime.date:
    """The last day to publish the report of `report_year` (in the following year).

    Up to 2018 every body had until 3月31日 (old 条例 第三十一条); from 2019 departments
    have until 1月31日 and governments until 3月31日 (第四十九条).
    """
    if kind not in _KIND_LABELS:
        raise ValueError(f"未知的机关类型“{kind}”")
    if report_year <= 2018 or kind == "government":
        return datetime.date(report_year + 1, 3, 31)
    return datetime.date(report_year + 1, 1, 31)


def reminder(today: datetime.date, report_year: int, organization: str = "") -> str:
    """A one-line Chinese reminder of the deadline, counted from `today`.

    Args:
        organization: the body's name, to tell a government from a department
            (body_kind); without it both deadlines are named.
    """
    if not organization.strip() and report_year >= 2019:
        department = deadline(report_year, "department")
        government = deadline(report_year, "government")
        return (
            f"{report_year}年度报告的公布期限：政府部门为{_show(department)}前（{_count(today, department)}），"
            f"人民政府为{_show(government)}前（{_count(today, government)}）。"
        )
    kind = body_kind(organization)
    due = deadline(report_year, kind)
    who = f"{organization.strip()}（{_KIND_LABELS[kind]}）" if organization.strip() else "本机关"
    return f"{who}{report_year}年度报告应于{_show(due)}前公布（{_count(today, due)}）。"


def _show(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _count(today: datetime.date, due: datetime.date) -> str:
    days = (due - today).days
    if days > 0:
        return f"还有 {days} 天"
    if days == 0:
        return "今天到期"
    return f"已超过期限 {-days} 天"
