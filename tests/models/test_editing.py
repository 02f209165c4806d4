"""The editing session the wizard drives: pages, badges, totals that follow their parts,
paste from Excel, fill blanks, notes on warnings."""

from __future__ import annotations

import pytest

from models.editing import EditSession, page_key_of, wizard_pages
from models.values import InputError


@pytest.fixture
def session(clean_national_2021):
    return EditSession(clean_national_2021)


def test_pages_are_basics_sections_with_their_tables_check_and_export(session):
    keys = [p.key for p in session.pages()]
    assert keys == [
        "basics",
        "section:overview",
        "section:proactive",
        "table:proactive",
        "section:requests",
        "table:requests",
        "section:review_litigation",
        "table:review_litigation",
        "section:problems",
        "section:other",
        "check",
        "export",
    ]


def test_legacy_pages_put_the_four_appendix_tables_after_section_eight(legacy_hengyang_2013):
    keys = [p.key for p in wizard_pages(legacy_hengyang_2013.format)]
    assert keys[-6:] == ["table:proactive", "table:requests", "table:consultation", "table:appeals", "check", "export"]


def test_typing_a_part_updates_the_totals_that_sum_it(session):
    report = session.report
    session.enter_cell(("requests", "granted", "natural"), "97")
    assert report.get("requests", "granted", "total") == 113
    assert report.get("requests", "total", "natural") == 185
    assert report.get("requests", "total", "total") == 213
    # Only the printed balance is left to the clerk: 一 + 二 no longer equals （七） + 四.
    assert sorted({f.rule for f in session.findings()}) == ["T3-01"]
    assert session.badge("table:requests") == (2, 0)
    assert session.badge("basics") == (0, 0)


def test_a_total_cannot_be_typed(session):
    with pytest.raises(PermissionError, match="是合计"):
        session.enter_cell(("requests", "total", "natural"), "1")


def test_a_refused_value_changes_nothing(session):
    with pytest.raises(InputError, match="（一）予以公开·自然人：件数不能为负数"):
        session.enter_cell(("requests", "granted", "natural"), "-1")
    assert session.report.get("requests", "granted", "natural") == 96


def test_paste_a_block_from_excel_skipping_totals(session):
    result = session.paste("requests", ("requests", "granted", "natural"), "90\t6\t0\t0\t4\t1\t999\r\n20\t1\r\n")
    assert result.problems == []
    assert ("requests", "granted", "total") not in result.filled, "the pasted 999 under 总计 is not entered"
    assert [m.cell for m in result.mismatches] == [("requests", "granted", "total")], "but it is reported"
    assert session.report.get("requests", "granted", "total") == 101
    assert session.report.get("requests", "partial", "business") == 1


def test_paste_with_one_bad_value_changes_nothing(session):
    result = session.paste("requests", ("requests", "granted", "natural"), "90\t六")
    assert result.filled == []
    assert result.problems == ["第 1 行第 2 列（（一）予以公开·商业企业）：应填写数字，不能填写文字（“六”）：没有发生的事项填 0，需要说明的情况请写在本部分的正文中"]
    assert session.report.get("requests", "granted", "natural") == 96


def test_fill_blanks_with_zero_and_recompute_totals(empty_national_2021):
    session = EditSession(empty_national_2021)
    assert session.badge("table:review_litigation")[0] == 15
    filled = session.fill_blanks_with_zero("review_litigation")
    assert len(filled) == 12, "the three 总计 are computed, not filled"
    assert session.badge("table:review_litigation") == (0, 0)
    assert empty_national_2021.get("review_litigation", "cases", "review.total") == 0


def test_recompute_totals_of_an_imported_report(real_report_hongze_2023):
    session = EditSession(real_report_hongze_2023)
    assert session.badge("table:review_litigation") == (2, 0)
    changed = session.fill_totals()
    assert len(changed) == 2
    assert session.badge("table:review_litigation") == (0, 0)


def test_a_warning_needs_a_note_before_submission(clean_national_2021):
    clean_national_2021.texts["problems"] = ""
    session = EditSession(clean_national_2021)
    assert not session.submittable()
    warning = session.findings_on("section:problems")[0]
    assert session.badge("section:problems") == (0, 1)
    session.set_note(warning, "本年度无突出问题，已在总体情况中说明。")
    assert session.badge("section:problems") == (0, 0)
    assert session.submittable()


def test_one_line_fields_are_cleaned_and_a_generated_title_stays_generated(session):
    session.set_field("organization", "示例市\n人民政府办公室\x07")
    assert session.report.organization == "示例市人民政府办公室"
    assert [n.rule for n in session.notices] == ["IN-01"]
    session.set_field("title", "示例市人民政府办公室2024年政府信息公开工作年度报告")
    assert session.report.title_override == ""


def test_findings_go_to_the_page_where_they_are_fixed(real_report_hongze_2023):
    session = EditSession(real_report_hongze_2023)
    pages = {page_key_of(f.location) for f in session.findings()}
    assert pages == {"basics", "section:problems", "table:review_litigation"}


def test_edits_notify_listeners(session):
    calls = []
    session.on_change.append(lambda: calls.append(1))
    session.set_text("overview", "新的总体情况")
    session.set_year(2024)
    assert calls == [1, 1]
