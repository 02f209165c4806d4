"""What changed between two versions: exact enough to rebuild one from the other, and
named the way the clerk knows the report."""

from __future__ import annotations

import copy
import random

import pytest

from models.changes import (
    ABSENT,
    Change,
    apply_changes,
    describe_change,
    diff_documents,
    summarize_changes,
)
from models.exchange import to_document
from models.formats import get_format


def _random_edit(document: dict, rng: random.Random) -> dict:
    edited = copy.deepcopy(document)
    for _ in range(rng.randint(1, 6)):
        choice = rng.random()
        if choice < 0.5:
            table = rng.choice(list(edited["tables"]))
            if edited["tables"][table]:
                row = rng.choice(list(edited["tables"][table]))
                column = rng.choice(list(edited["tables"][table][row]))
                edited["tables"][table][row][column] = rng.choice([None, 0, rng.randint(1, 999), "12.5"])
        elif choice < 0.7:
            section = rng.choice(list(edited["texts"]))
            edited["texts"][section] = rng.choice(["", "本年度……", edited["texts"][section] + "补充。"])
        elif choice < 0.85:
            if "row_labels" in edited and rng.random() < 0.5:
                del edited["row_labels"]
            else:
                edited.setdefault("row_labels", {}).setdefault("refusals", {})[str(rng.randint(1, 3))] = "其他"
        else:
            edited["organization"] = rng.choice(["甲", "乙", edited["organization"]])
    return edited


@pytest.mark.parametrize("seed", range(30))
def test_applying_the_changes_gives_back_exactly_the_new_document(clean_national_2021, seed):
    rng = random.Random(seed)
    old = to_document(clean_national_2021)
    for _ in range(5):
        new = _random_edit(old, rng)
        changes = diff_documents(old, new)
        assert apply_changes(old, changes) == new
        assert apply_changes(new, [Change(c.path, c.new, c.old) for c in changes]) == old, "and back"
        old = new


def test_values_that_look_equal_but_differ_in_type_are_changes():
    assert [c.path for c in diff_documents({"a": 1}, {"a": True})] == [("a",)]
    assert [c.path for c in diff_documents({"a": 1}, {"a": 1.0})] == [("a",)]
    assert diff_documents({"a": {"b": 1}}, {"a": {"b": 1}}) == []


def test_empty_objects_and_objects_replacing_values_round_trip():
    cases = [({"a": {}}, {}), ({}, {"a": {}}), ({"a": 5}, {"a": {"b": 1}}), ({"a": {"b": 1}}, {"a": 5}), ({"a": {"b": 1}}, {"a": {}})]
    for old, new in cases:
        assert apply_changes(old, diff_documents(old, new)) == new, (old, new)


def test_changes_survive_their_json_form():
    changes = diff_documents({"x": 1, "gone": "y"}, {"x": None, "new": [1]})
    again = [Change.from_json(c.to_json()) for c in changes]
    assert again == changes
    assert again[0].old == 1 and again[0].new is None
    assert next(c for c in again if c.path == ("new",)).added
    assert next(c for c in again if c.path == ("gone",)).removed and again[-1].new is ABSENT


def test_the_history_names_changes_as_the_report_does():
    fmt = get_format("national-2021")
    cell = Change(("tables", "requests", "new", "natural"), 186, 187)
    text = Change(("texts", "overview"), "abc", "abcdef")
    field = Change(("organization",), "甲", "乙")
    blank = Change(("tables", "requests", "total", "natural"), None, 0)
    assert describe_change(fmt, cell) == "表三 一、本年新收政府信息公开申请数量·自然人：186 → 187"
    assert describe_change(fmt, text) == "一、总体情况（正文 3 → 6 字）"
    assert describe_change(fmt, field) == "机关名称：“甲” → “乙”"
    assert describe_change(fmt, blank).endswith("：空白 → 0")
    assert describe_change(fmt, Change(("generator",), "a", "b")) is None, "written by the program, not the clerk"
    assert describe_change(fmt, Change(("tables", "nope", "x", "y"), 1, 2)) == "tables/nope/x/y：1 → 2"
    assert summarize_changes(fmt, [cell, text, field, blank]).startswith("修改 4 处：表三")
    assert summarize_changes(fmt, [cell, text, field, blank]).endswith("；等共 4 处")
    assert summarize_changes(fmt, []) == "内容未改动"
