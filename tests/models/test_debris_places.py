"""One debris warning per distinct piece of debris, saying how often and where, with the
place of its first occurrence for a click to select (issue 14, point 9)."""

from __future__ import annotations

import pytest

from models.resources import resources_dir
from models.rules import validate
from models.text_checks import describe_places, distinct_debris, load_debris_patterns, paragraph_number
from tests.report_scenarios import empty_report

SPAM = "雷速体育,雷速直播"


def patterns():
    return load_debris_patterns(resources_dir() / "debris-patterns.json")


def test_one_entry_per_distinct_text_with_every_place():
    text = f"第一段{SPAM}。\n\n第二段打印本页。\n第三段{SPAM}，又{SPAM}。"
    found = distinct_debris(text, patterns())
    assert [(d.text, len(d.spans)) for d in found] == [(SPAM, 3), ("打印本页", 1)]
    assert all(text[start:end] == d.text for d in found for start, end in d.spans)


@pytest.mark.parametrize(
    "text, position, paragraph",
    [("甲", 0, 1), ("甲\n乙", 2, 2), ("甲\n\n\n乙", 4, 2), ("\n甲", 1, 1), ("甲。乙", 2, 1)],
)
def test_paragraphs_are_counted_as_the_clerk_sees_them_blank_lines_not_counted(text, position, paragraph):
    assert paragraph_number(text, position) == paragraph


def test_places_are_said_once_per_paragraph():
    text = f"{SPAM}\n甲{SPAM}。又{SPAM}"
    [found] = distinct_debris(text, patterns())
    assert describe_places(text, found.spans) == "共 3 处，在第1、2段"
    assert describe_places(text, found.spans[:1]) == "在第1段"


def test_the_finding_carries_its_first_occurrence_and_says_how_often():
    report = empty_report("national-2021")
    text = f"我办全年主动公开信息。\n详见{SPAM}。\n再次{SPAM}。"
    report.set_text("overview", text)
    [finding] = [f for f in validate(report) if f.rule == "P-01"]
    assert finding.message == (
        f"一、总体情况 中有从网页复制带入的内容“{SPAM}”（网页被注入的体育直播广告），共 2 处，在第2、3段，请删除"
    )
    assert finding.span is not None and text[finding.span[0]:finding.span[1]] == SPAM
    assert finding.span[0] == text.index(SPAM)


def test_the_place_is_not_part_of_the_key_so_a_note_survives_typing():
    report = empty_report("national-2021")
    report.set_text("overview", f"甲{SPAM}")
    before = next(f for f in validate(report) if f.rule == "P-01")
    report.set_text("overview", f"甲乙丙{SPAM}")
    after = next(f for f in validate(report) if f.rule == "P-01")
    assert before.span != after.span and before.key == after.key


def test_debris_on_several_lines_is_one_text_said_once_with_its_paragraphs():
    """The page chrome pasted on each of three lines is one warning quoting it once,
    not one quoting three paragraphs."""
    text = "\n".join(["扫一扫在手机打开当前页"] * 3)
    [found] = distinct_debris(text, patterns())
    assert found.text == "扫一扫在手机打开当前页"
    assert describe_places(text, found.spans) == "共 3 处，在第1、2、3段"
