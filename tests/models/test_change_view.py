"""What the reviewer reads under “查看修改…” (issue 14 point 4): a changed number is one
cell, old → new; a changed word is marked inside its sentence; neither shows as a whole
paragraph deleted and added again."""

from __future__ import annotations

from models.changes import Segment, change_entries, change_headline, inline_diff, sentence_changes
from models.editing import EditSession
from models.review import changes_since_review
from models.store import Store

SENTENCE = "全年新收政府信息公开申请213件，上年结转6件；"


def _saved_with(store: Store, report_id: str, edit) -> None:
    stored = store.load(report_id)
    edit(stored.report)
    store.save(report_id, stored.report, "王科员", base_version=stored.summary.version)


def test_a_changed_number_is_one_cell_old_to_new(store, clean_national_2021):
    session = EditSession(clean_national_2021)
    session.enter_cell(("requests", "new", "natural"), "183")
    report_id = store.create(clean_national_2021, "王科员").id
    _saved_with(store, report_id, lambda report: EditSession(report).enter_cell(("requests", "new", "natural"), "138"))

    changes = changes_since_review(store, report_id)
    entries = change_entries(changes, store.load(report_id).report)
    lines = [entry.plain() for entry in entries]
    assert "表三 · 一、本年新收政府信息公开申请数量 · 自然人：183 → 138" in lines
    assert all(entry.kind == "cell" for entry in entries), "no text was touched, so none is listed"
    assert change_headline(changes, entries).endswith(f"修改了 {len(entries)} 个单元格：")


def test_a_number_changed_in_a_sentence_is_marked_inside_it_not_the_paragraph_replaced(store, clean_national_2021):
    report_id = store.create(clean_national_2021, "王科员").id
    paragraph = next(p for p in clean_national_2021.texts["overview"].splitlines() if SENTENCE in p)
    _saved_with(store, report_id, lambda report: report.texts.update(overview=report.texts["overview"].replace("申请213件", "申请231件")))

    entries = change_entries(changes_since_review(store, report_id), store.load(report_id).report)
    [entry] = entries
    assert entry.kind == "text"
    assert entry.place == "一、总体情况 · 第 3 段 · 修改"
    kinds = [s.kind for s in entry.segments]
    assert kinds == ["equal", "delete", "insert", "equal"]
    assert (entry.segments[1].text, entry.segments[2].text) == ("213", "231")
    shown = entry.plain()
    assert "［删：213］［增：231］" in shown
    assert len(shown) < len(paragraph), "the sentence around the change, not the paragraph"


def test_added_and_deleted_sentences_are_whole_sentences_and_the_rest_is_untouched():
    old = "一、概况。全年共受理申请183件。其他情况不变。\n第二段。"
    new = "一、概况。全年共受理申请138件。新增的一句话。其他情况不变。\n第二段，改了。"
    changes = sentence_changes(old, new)
    assert [(c.kind, c.paragraph) for c in changes] == [("changed", 1), ("added", 1), ("changed", 2)]
    assert changes[0].segments == (
        Segment("equal", "全年共受理申请"),
        Segment("delete", "183"),
        Segment("insert", "138"),
        Segment("equal", "件。"),
    )
    assert changes[1].segments == (Segment("insert", "新增的一句话。"),)
    assert [c.kind for c in sentence_changes("甲。乙丙丁。", "甲。")] == ["deleted"]


def test_numbers_and_latin_words_change_as_a_whole():
    assert inline_diff("共12.5万元", "共21.5万元") == [
        Segment("equal", "共"),
        Segment("delete", "12.5"),
        Segment("insert", "21.5"),
        Segment("equal", "万元"),
    ]
    assert [s.kind for s in inline_diff("本年度共收到", "今年共收到")] == ["delete", "insert", "equal"]
