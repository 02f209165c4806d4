"""Deadlines for the main window's reminder (docs/design-notes.md §1.2), without Qt."""

from __future__ import annotations

import datetime

import pytest

from models.deadlines import body_kind, deadline, reminder


@pytest.mark.parametrize(
    "organization, kind",
    [
        ("淮安市人民政府", "government"),
        ("淮安市洪泽区人民政府", "government"),
        ("示例市人民政府办公室", "department"),
        ("衡阳市电子政务管理办公室", "department"),
        ("某市公安局", "department"),
        ("某市发展和改革委员会", "department"),
        ("", "department"),
    ],
)
def test_body_kind_by_name_ending(organization, kind):
    """Only a name ending in 人民政府 is a government; its own office files as a department."""
    assert body_kind(organization) == kind


@pytest.mark.parametrize(
    "year, kind, due",
    [
        (2024, "department", datetime.date(2025, 1, 31)),
        (2024, "government", datetime.date(2025, 3, 31)),
        (2019, "department", datetime.date(2020, 1, 31)),
        (2018, "department", datetime.date(2019, 3, 31)),
        (2013, "government", datetime.date(2014, 3, 31)),
    ],
)
def test_deadline_by_year_and_kind(year, kind, due):
    """From 2019 (第四十九条) departments are due 1月31日; before, everyone 3月31日."""
    assert deadline(year, kind) == due


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        deadline(2024, "bureau")  # type: ignore[arg-type]


def test_reminder_counts_days_and_names_the_kind():
    today = datetime.date(2025, 1, 20)
    assert reminder(today, 2024, "示例市人民政府办公室") == (
        "示例市人民政府办公室（政府部门）2024年度报告应于2025年1月31日前公布（还有 11 天）。"
    )
    assert reminder(today, 2024, "淮安市人民政府") == "淮安市人民政府（人民政府）2024年度报告应于2025年3月31日前公布（还有 70 天）。"
    assert reminder(datetime.date(2025, 1, 31), 2024, "某局").endswith("（今天到期）。")
    assert reminder(datetime.date(2025, 2, 3), 2024, "某局").endswith("（已超过期限 3 天）。")


def test_reminder_without_a_name_gives_both_deadlines():
    text = reminder(datetime.date(2025, 1, 1), 2024)
    assert text == (
        "2024年度报告的公布期限：政府部门为2025年1月31日前（还有 30 天），人民政府为2025年3月31日前（还有 89 天）。"
    )


def test_legacy_year_reminder_has_one_deadline():
    assert reminder(datetime.date(2014, 3, 21), 2013) == "本机关2013年度报告应于2014年3月31日前公布（还有 10 天）。"
