"""Issue 7 in the windows: last year's report in the wizard's checks, a new report
started from it, standard sentences, the deadline reminder and aggregation."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from models.carry_forward import DRAFT_MARKER
from models.store import Store
from tests.conftest import SAMPLES
from ui import file_dialogs
from ui.new_report_dialog import NewReportDialog


def test_a_new_report_starts_from_last_years_and_its_checks_compare_with_it(qtbot, window, store, monkeypatch):
    store.import_file(SAMPLES / "national-2021-example.json", "测试")  # 示例市人民政府办公室 2024
    window.refresh()
    monkeypatch.setattr(NewReportDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(NewReportDialog, "values", lambda self: ("national-2021", "示例市人民政府办公室", 2025))
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    window.actions_by_name["new"].trigger()
    new = next(s for s in store.summaries() if s.year == 2025)
    wizard = window.wizards[new.id]
    report = wizard.session.report
    assert report.get("requests", "carried_over", "natural") == 7, "上年结转 ← last year's 结转下年度"
    assert report.texts["overview"].startswith(DRAFT_MARKER)
    assert "C-01" in {f.rule for f in wizard.session.findings()}
    # The wizard knows last year's report: breaking the carried figure is a cross-year warning.
    wizard.session.enter_cell(("requests", "carried_over", "natural"), "6")
    assert "T3-06" in {f.rule for f in wizard.session.findings()}


def test_standard_sentences_are_offered_and_agree_with_the_tables(qtbot, window, store):
    report_id = store.import_file(SAMPLES / "national-2021-example.json", "测试")[0].id
    window.refresh()
    wizard = window.open_report(report_id)
    wizard.go_to(wizard.index_of("section:overview"))
    page = wizard.currentPage()
    assert page.sentences.count() >= 1
    page.editor.selectAll()
    qtbot.keyClick(page.editor, Qt.Key.Key_Delete)
    qtbot.mouseClick(page.sentences_button, Qt.MouseButton.LeftButton)
    text = wizard.session.report.texts["overview"]
    assert "213件" in text, "the figures come from the tables"
    assert not [f for f in wizard.session.findings() if f.rule.startswith("N-0")]


def test_the_main_window_reminds_of_the_deadline(window, store):
    store.import_file(SAMPLES / "national-2021-example.json", "测试")
    window.refresh()
    assert window.banner.isVisible()
    assert window.banner.text().startswith("示例市人民政府办公室（政府部门）2024年度报告应于2025年1月31日前公布")


def test_aggregate_departments_files_into_one_report(qtbot, window, store, monkeypatch, tmp_path):
    sample = json.loads((SAMPLES / "national-2021-example.json").read_text(encoding="utf-8"))
    paths = []
    for name in ("示例市甲局", "示例市乙局"):
        sample.update(organization=name, issuer=name, title="")
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))
    monkeypatch.setattr(file_dialogs, "open_files", lambda *args: paths)
    monkeypatch.setattr(QInputDialog, "getText", lambda *args: ("示例市人民政府", True))
    window.actions_by_name["aggregate"].trigger()
    [summary] = store.summaries()
    report = store.load(summary.id).report
    assert summary.organization == "示例市人民政府"
    assert report.get("requests", "new", "total") == 2 * 213
    assert "示例市甲局" in report.preface and "示例市乙局" in report.preface
    assert window.status.text().startswith("已汇总 2 个单位的报告")


def test_aggregating_reports_of_different_years_says_why(qtbot, window, store, monkeypatch):
    shown = []
    paths = [str(SAMPLES / "national-2021-example.json"), str(SAMPLES.parent.parent / "tests/fixtures/real-report-hongze-2023.json")]
    monkeypatch.setattr(file_dialogs, "open_files", lambda *args: paths)
    monkeypatch.setattr(QInputDialog, "getText", lambda *args: ("示例市人民政府", True))
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    window.actions_by_name["aggregate"].trigger()
    assert "年度不同" in shown[0]
    assert store.summaries() == []


def test_a_cross_year_warning_without_a_note_blocks_submission(tmp_path, monkeypatch, clean_national_2021):
    """Submission counts the warnings that compare with last year's report in the store:
    this year is the clean sample; last year's copy carried one request less forward, so
    the only blockers are the two T3-06 warnings (自然人 and 总计)."""
    import copy

    from models import accounts as accounts_module
    from models import review
    from models.accounts import CLERK, Accounts

    monkeypatch.setattr(accounts_module, "SCRYPT_PARAMS", {**accounts_module.SCRYPT_PARAMS, "n": 2**10})
    with Store.open(tmp_path / "d") as store:
        accounts = Accounts(store.data_dir)
        boss = accounts.create_first_supervisor("张科长", "科长的密码-2024")
        accounts.add_user(boss, "王科员", CLERK, "科员的密码-2024")
        clerk = accounts.authenticate("王科员", "科员的密码-2024")
        last = copy.deepcopy(clean_national_2021)
        last.year = 2023
        # Consistent with this year's 现行有效件数 (T2-02): 38 = 37 + 2 − 1, 126 = 120 + 15 − 9.
        last.set("proactive", "regulations", "in_force", 37)
        last.set("proactive", "normative_documents", "in_force", 120)
        # This year carried 5 (自然人) and 1 (商业企业) over; last year sent 4 and 1 forward.
        last.set("requests", "carried_forward", "natural", 4)
        last.set("requests", "carried_forward", "business", 1)
        last.set("requests", "carried_forward", "total", 5)
        store.create(last, "王科员")
        this_year = store.create(clean_national_2021, "王科员")
        with pytest.raises(review.ReviewError) as refused:
            review.submit(store, this_year.id, clerk)
        assert len(refused.value.problems) == 2
        assert all(p.startswith("[警告未说明] 表三：二、上年结转政府信息公开申请数量") for p in refused.value.problems)
