"""The store's API as the wizard (issue 5) and the command line use it (issue 4 points 3, 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.exchange import read_exchange, to_document
from models.history import History
from models.report import Report
from models.store import Store
from models.store_errors import HistoryError, ReportNotFoundError, StoreConflictError
from tests.conftest import FIXTURES, SAMPLES


def test_a_new_store_is_one_file_with_its_schema_version(store):
    data = json.loads(store.store_path.read_text(encoding="utf-8"))
    assert data["meta"]["1"]["schema_version"] == 2
    assert store.summaries() == []
    assert not store.read_only


def test_create_then_load_gives_back_the_same_report(store_with_clean_report, clean_national_2021):
    store, summary = store_with_clean_report
    loaded = store.load(summary.id)
    assert to_document(loaded.report) == to_document(clean_national_2021)
    assert loaded.summary == summary
    assert (summary.version, summary.status, summary.status_label) == (1, "draft", "草稿")
    assert (summary.created_by, summary.saved_by) == ("王科员", "王科员")
    assert len(summary.id) == 12 and int(summary.id, 16) >= 0


def test_the_store_file_keeps_chinese_readable(store_with_clean_report):
    store, _ = store_with_clean_report
    text = store.store_path.read_bytes().decode("utf-8")
    assert "示例市人民政府办公室" in text
    assert "\\u" not in text


def test_many_reports_each_with_organization_year_format_and_status(store, clean_national_2021, legacy_hengyang_2013, real_report_hongze_2023):
    """Issue 4 point 3: the list shows what a clerk picks a report by, and counts errors
    as they were at save time (the hongze report has 2 errors)."""
    first = store.create(clean_national_2021, "王科员")
    second = store.create(legacy_hengyang_2013, "李科长")
    third = store.create(real_report_hongze_2023, "王科员")
    listed = {s.id: s for s in store.summaries()}
    assert set(listed) == {first.id, second.id, third.id}
    assert (listed[second.id].organization, listed[second.id].year, listed[second.id].format) == ("衡阳市电子政务管理办公室", 2013, "legacy-2013")
    assert listed[third.id].error_count == 2
    assert listed[first.id].error_count == 0
    assert listed[second.id].saved_by == "李科长"
    assert [s.id for s in store.summaries()] == sorted(listed, key=lambda i: (listed[i].saved_at, i), reverse=True)


def test_every_save_is_a_version_with_who_when_and_what_changed(store_with_clean_report):
    store, summary = store_with_clean_report
    report = store.load(summary.id).report
    report.set("requests", "new", "natural", 187)
    second = store.save(summary.id, report, "李科长", base_version=1)
    report.set_text("overview", "本年度……")
    third = store.save(summary.id, report, "王科员", base_version=2)
    assert (second.version, third.version) == (2, 3)
    versions = store.history(summary.id)
    assert [(v.version, v.saved_by, v.action) for v in versions] == [(1, "王科员", "create"), (2, "李科长", "save"), (3, "王科员", "save")]
    assert [(c.path, c.old, c.new) for c in versions[1].changes] == [(("tables", "requests", "new", "natural"), 186, 187)]
    assert [c.path for c in versions[2].changes] == [("texts", "overview")]
    assert all(v.saved_at for v in versions)


def test_a_save_that_changes_nothing_makes_no_version(store_with_clean_report):
    store, summary = store_with_clean_report
    report = store.load(summary.id).report
    again = store.save(summary.id, report, "王科员", base_version=1)
    assert again.version == 1
    assert len(store.history(summary.id)) == 1


def test_any_version_can_be_loaded_and_restored(store_with_clean_report):
    store, summary = store_with_clean_report
    report = store.load(summary.id).report
    version = 1
    for value in range(100, 160):  # past a snapshot (every 50th version)
        report.set("requests", "new", "natural", value)
        version = store.save(summary.id, report, "王科员", base_version=version).version
    assert version == 61
    assert store.load_version(summary.id, 1).get("requests", "new", "natural") == 186
    assert store.load_version(summary.id, 30).get("requests", "new", "natural") == 128
    assert store.load_version(summary.id, 55).get("requests", "new", "natural") == 153
    restored = store.restore_version(summary.id, 30, "李科长", base_version=61)
    assert restored.version == 62
    assert store.load(summary.id).report.get("requests", "new", "natural") == 128
    last = store.history(summary.id)[-1]
    assert (last.action, last.note, last.saved_by) == ("restore", "恢复为第 30 版", "李科长")
    with pytest.raises(HistoryError, match="没有第 99 版"):
        store.load_version(summary.id, 99)


def test_error_count_is_computed_at_save_time(store_with_clean_report):
    store, summary = store_with_clean_report
    report = store.load(summary.id).report
    report.set("requests", "total", "natural", 1)
    saved = store.save(summary.id, report, "王科员")
    assert saved.error_count >= 1
    assert store.summary(summary.id).error_count == saved.error_count


def test_a_save_over_someone_elses_newer_save_is_refused(store_with_clean_report):
    """The wizard passes the version it loaded; a save made elsewhere since then must not
    be silently overwritten (issue 4 point 7: no update is ever lost)."""
    store, summary = store_with_clean_report
    mine = store.load(summary.id).report
    theirs = store.load(summary.id).report
    theirs.set("requests", "new", "natural", 200)
    store.save(summary.id, theirs, "李科长", base_version=1)
    mine.set("requests", "new", "natural", 300)
    with pytest.raises(StoreConflictError) as raised:
        store.save(summary.id, mine, "王科员", base_version=1)
    assert "李科长" in str(raised.value) and "第 2 版" in str(raised.value) and "没有保存" in str(raised.value)
    assert (raised.value.base_version, raised.value.current_version) == (1, 2)
    assert store.load(summary.id).report.get("requests", "new", "natural") == 200


def test_status_and_metadata_are_kept_and_versioned(store_with_clean_report):
    store, summary = store_with_clean_report
    changed = store.set_status(summary.id, "submitted", "王科员", note="提交审核", metadata={"submitted_to": "李科长"})
    assert (changed.status, changed.version, changed.metadata) == ("submitted", 2, {"submitted_to": "李科长"})
    assert changed.status_label == "待审核"  # the review workflow's label (issue 6, models/review.py)
    last = store.history(summary.id)[-1]
    assert (last.action, last.status, last.note, last.changes) == ("status", "submitted", "提交审核", ())
    assert store.summary(summary.id).metadata == {"submitted_to": "李科长"}


def test_duplicate_starts_a_new_report_from_the_content(store_with_clean_report):
    store, summary = store_with_clean_report
    copy = store.duplicate(summary.id, "王科员", year=2025)
    assert copy.id != summary.id
    assert (copy.year, copy.version, copy.organization) == (2025, 1, "示例市人民政府办公室")
    assert copy.title == "示例市人民政府办公室2025年政府信息公开工作年度报告"
    assert store.load(copy.id).report.get("requests", "new", "natural") == 186
    assert store.history(copy.id)[0].action == "duplicate"
    assert store.summary(summary.id).year == 2024


def test_delete_removes_the_report_and_keeps_its_history_aside(store_with_clean_report):
    store, summary = store_with_clean_report
    store.delete(summary.id, "王科员")
    assert store.summaries() == []
    with pytest.raises(ReportNotFoundError, match=summary.id):
        store.load(summary.id)
    kept = list((store.data_dir / "deleted").glob(f"{summary.id}-*.jsonl"))
    assert len(kept) == 1
    versions = History(kept[0]).versions()
    assert [(v.version, v.action, v.saved_by) for v in versions] == [(1, "create", "王科员"), (2, "delete", "王科员")]


def test_import_file_prints_notices_and_keeps_the_report(store):
    summary, notices = store.import_file(FIXTURES / "real-report-hongze-2023.json", "王科员")
    assert [n.rule for n in notices] == ["IM-01"]
    expected, _ = read_exchange(FIXTURES / "real-report-hongze-2023.json")
    assert to_document(store.load(summary.id).report) == to_document(expected)
    assert store.history(summary.id)[0].note == "从 real-report-hongze-2023.json 导入"


def test_ids_may_be_shortened_and_unknown_ones_are_refused_in_chinese(store_with_clean_report):
    store, summary = store_with_clean_report
    assert store.find_id(summary.id[:4]) == summary.id
    assert store.find_id(summary.id.upper()) == summary.id
    with pytest.raises(ReportNotFoundError, match="没有编号为 zzzz 的报告"):
        store.find_id("zzzz")
    with pytest.raises(ReportNotFoundError, match="没有编号为 ../../etc 的报告"):
        store.load("../../etc")
    with pytest.raises(ReportNotFoundError):
        store.find_id(summary.id[:3])  # fewer than 4 digits is not taken as a prefix


def test_an_ambiguous_id_prefix_is_refused_naming_the_candidates(store, clean_national_2021, monkeypatch):
    import models.store

    ids = iter(["abcd00000001", "abcd00000002"])
    monkeypatch.setattr(models.store, "new_report_id", lambda: next(ids))
    store.create(clean_national_2021, "王科员")
    store.create(clean_national_2021, "王科员")
    with pytest.raises(ReportNotFoundError, match="编号 abcd 对应多份报告（abcd00000002、abcd00000001），请写出完整的编号"):
        store.find_id("abcd")
    assert store.find_id("abcd00000001") == "abcd00000001"


def test_a_second_store_object_sees_saves_made_through_the_first(data_dir, clean_national_2021):
    """Reads are never cached (docs/design-notes.md §2.3): what another process saved shows."""
    with Store.open(data_dir, session=False) as writer, Store.open(data_dir, session=False) as reader:
        summary = writer.create(clean_national_2021, "王科员")
        assert [s.id for s in reader.summaries()] == [summary.id]
        clean_national_2021.set("requests", "new", "natural", 5)
        writer.save(summary.id, clean_national_2021, "王科员")
        assert reader.load(summary.id).report.get("requests", "new", "natural") == 5


def test_the_data_folder_moves_as_a_whole(tmp_path, clean_national_2021):
    """Issue 4 point 1: nothing in the folder names an absolute path, so a copied folder
    (a USB stick in another computer) works as it is."""
    first = tmp_path / "电脑甲" / "data"
    with Store.open(first) as store:
        summary = store.create(clean_national_2021, "王科员")
    moved = tmp_path / "U盘" / "nianbao-data"
    moved.parent.mkdir()
    first.rename(moved)
    assert str(first) not in "".join(p.read_text(encoding="utf-8", errors="replace") for p in moved.rglob("*") if p.is_file())
    with Store.open(moved) as store:
        assert store.load(summary.id).summary.version == 1
        assert len(store.history(summary.id)) == 1


def test_a_new_store_file_follows_the_umask_so_another_user_can_read_it(data_dir):
    """A shared data folder (clerk and supervisor as two accounts) must not get 0600
    files, which tempfile.mkstemp would give."""
    import os

    old = os.umask(0o022)
    try:
        with Store.open(data_dir):
            pass
    finally:
        os.umask(old)
    assert (data_dir / "store.json").stat().st_mode & 0o777 == 0o644


def test_a_report_in_a_format_no_longer_known_is_refused_with_a_message(store_with_clean_report):
    store, summary = store_with_clean_report
    data = json.loads(store.store_path.read_text(encoding="utf-8"))
    data["reports"]["1"]["document"]["format"] = "national-2099"
    store.store_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    from models.store_errors import StoreError

    with pytest.raises(StoreError, match=f"草稿库中的报告 {summary.id} 无法读取"):
        store.load(summary.id)


def test_samples_round_trip_through_the_store(store):
    for path in sorted(SAMPLES.glob("*.json")):
        report, _ = read_exchange(path)
        summary = store.create(report, "王科员")
        assert to_document(store.load(summary.id).report) == to_document(report), path.name


def test_saving_does_not_read_the_history(store_with_clean_report, monkeypatch):
    """Issue 4 point 4 by construction: a save appends to the history file and never
    reads it, so its cost cannot grow with the history (benchmarks/bench_store.py
    measures it)."""
    store, summary = store_with_clean_report
    report: Report = store.load(summary.id).report

    def refuse(*_args, **_kwargs):
        raise AssertionError("a save read the history")

    monkeypatch.setattr(History, "versions", refuse)
    original_read_bytes = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        assert path.suffix != ".jsonl", "a save read a history file"
        return original_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    report.set("requests", "new", "natural", 1)
    assert store.save(summary.id, report, "王科员").version == 2
