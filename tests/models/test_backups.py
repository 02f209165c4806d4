"""Backups (issue 4 point 5): automatic ones rolled daily, and the whole store to one file
and back; a file that is not one of ours is refused and the current data kept."""

from __future__ import annotations

import datetime
import json
import zipfile
from pathlib import Path

import pytest

from models.backups import KEEP_AUTOMATIC, inspect_backup, read_backup, write_backup
from models.exchange import to_document
from models.store import Store
from models.store_errors import BackupError
from tests.conftest import FIXTURES

CELL = ("requests", "new", "natural")


def _on_day(monkeypatch, day: datetime.date) -> None:
    monkeypatch.setattr(Store, "_today", staticmethod(lambda: day))


def test_one_automatic_backup_a_day_and_the_last_14_kept(data_dir, clean_national_2021, monkeypatch):
    first_day = datetime.date(2025, 1, 1)
    _on_day(monkeypatch, first_day)
    with Store.open(data_dir) as store:
        report_id = store.create(clean_national_2021, "王科员").id
    for offset in range(20):
        _on_day(monkeypatch, first_day + datetime.timedelta(days=offset))
        for _ in range(2):  # a second window the same day takes no second backup
            with Store.open(data_dir) as store:
                clean_national_2021.set(*CELL, offset)
                store.save(report_id, clean_national_2021, "王科员")
    names = sorted(p.name for p in (data_dir / "backups").iterdir())
    assert len(names) == KEEP_AUTOMATIC == 14
    assert names[0] == "auto-2025-01-07.zip" and names[-1] == "auto-2025-01-20.zip"
    newest = read_backup(data_dir / "backups" / "auto-2025-01-20.zip")
    assert json.loads(newest.store)["reports"]["1"]["document"]["tables"]["requests"]["new"]["natural"] == 18, (
        "the day's backup is taken before the day's first change"
    )


def test_the_first_save_of_a_new_day_takes_the_backup_in_a_window_left_open(data_dir, clean_national_2021, monkeypatch):
    _on_day(monkeypatch, datetime.date(2025, 3, 1))
    with Store.open(data_dir) as store:
        report_id = store.create(clean_national_2021, "王科员").id
        assert store.backups() == []
        _on_day(monkeypatch, datetime.date(2025, 3, 2))
        clean_national_2021.set(*CELL, 1)
        store.save(report_id, clean_national_2021, "王科员")
        assert [b.path.name for b in store.backups()] == ["auto-2025-03-02.zip"]


def test_a_failed_automatic_backup_does_not_stop_the_save(store_with_clean_report, clean_national_2021, monkeypatch):
    store, summary = store_with_clean_report
    import models.backups

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(models.backups, "write_backup", full_disk)
    _on_day(monkeypatch, datetime.date(2030, 1, 1))
    clean_national_2021.set(*CELL, 1)
    assert store.save(summary.id, clean_national_2021, "王科员").version == 2
    assert store.warnings and "自动备份没有完成" in store.warnings[0] and "磁盘空间已满" in store.warnings[0]


def test_the_whole_store_goes_to_one_file_and_back(tmp_path, clean_national_2021, legacy_hengyang_2013):
    first = tmp_path / "甲"
    with Store.open(first) as store:
        a = store.create(clean_national_2021, "王科员")
        b = store.create(legacy_hengyang_2013, "李科长")
        clean_national_2021.set(*CELL, 7)
        store.save(a.id, clean_national_2021, "王科员")
        info = store.backup_to(tmp_path / "年报备份.zip", "王科员")
    assert (info.good, info.reason, info.report_count) == (True, "manual", 2)
    with Store.open(tmp_path / "乙") as other:
        safety = other.restore_from(info.path, "王科员")
        assert safety.name.startswith("before-restore-")
        assert {s.id for s in other.summaries()} == {a.id, b.id}
        assert [v.version for v in other.history(a.id)] == [1, 2]
        assert to_document(other.load(a.id).report) == to_document(clean_national_2021)
        assert other.load_version(a.id, 1).get(*CELL) == 186


def test_a_restore_can_be_undone_with_the_safety_backup(store_with_clean_report, legacy_hengyang_2013, tmp_path):
    store, summary = store_with_clean_report
    store.backup_to(tmp_path / "只有一份.zip", "王科员")
    later = store.create(legacy_hengyang_2013, "王科员")
    safety = store.restore_from(tmp_path / "只有一份.zip", "王科员")
    assert [s.id for s in store.summaries()] == [summary.id]
    assert not (store.data_dir / "history" / f"{later.id}.jsonl").exists()
    store.restore_from(safety, "王科员")
    assert {s.id for s in store.summaries()} == {summary.id, later.id}
    assert len(store.history(later.id)) == 1


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _good_backup(store: Store, tmp_path: Path) -> dict[str, bytes]:
    path = store.backup_to(tmp_path / "good.zip", "王科员").path
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _manifest(members: dict[str, bytes]) -> dict:
    return json.loads(members["manifest.json"])


REFUSALS = {
    "a text file": ("README.md", "不是年报软件的备份文件（不是 zip 格式）"),
    "a zip without a manifest": ("no-manifest", "缺少 manifest.json"),
    "another program's zip": ("other-app", "说明文件不是年报软件写的"),
    "a tampered store file": ("tampered", "store.json 与说明文件记录的校验值不符"),
    "a file from a newer app": ("newer", "由较新版本的年报软件写出"),
    "a zip with a path outside the store": ("traversal", "含有不认识的文件 ../evil.json"),
    "a truncated zip": ("truncated", "已损坏"),
    "a missing file": ("missing", "找不到备份文件"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_restore_refuses_what_is_not_one_of_our_backups_and_changes_nothing(store_with_clean_report, tmp_path, case):
    store, summary = store_with_clean_report
    members = _good_backup(store, tmp_path)
    kind, expected = REFUSALS[case]
    target = tmp_path / "offered.zip"
    if kind == "README.md":
        target = Path(__file__).resolve().parents[2] / "README.md"
    elif kind == "no-manifest":
        _zip(target, {k: v for k, v in members.items() if k != "manifest.json"})
    elif kind == "other-app":
        _zip(target, {**members, "manifest.json": json.dumps({"app": "wps", "kind": "backup"}).encode()})
    elif kind == "tampered":
        _zip(target, {**members, "store.json": members["store.json"].replace("示例市".encode(), "某某市".encode())})
    elif kind == "newer":
        manifest = {**_manifest(members), "schema_version": 99}
        _zip(target, {**members, "manifest.json": json.dumps(manifest).encode()})
    elif kind == "traversal":
        _zip(target, {**members, "../evil.json": b"{}"})
    elif kind == "truncated":
        target.write_bytes((tmp_path / "good.zip").read_bytes()[:-40])
    else:
        target = tmp_path / "不存在.zip"
    before = {p: p.read_bytes() for p in store.data_dir.rglob("*") if p.is_file()}
    with pytest.raises(BackupError) as raised:
        store.restore_from(target, "王科员")
    assert expected in str(raised.value)
    after = {p: p.read_bytes() for p in store.data_dir.rglob("*") if p.is_file()}
    assert after == before, "nothing in the data folder changed, and no safety backup was needed"
    assert store.load(summary.id).summary.version == 1


def test_a_backup_of_an_older_schema_is_migrated_on_restore(store, tmp_path):
    """Backups outlive app versions: one taken by the schema-1 prototype restores."""
    old_store = (FIXTURES / "store-v1-prototype.json").read_bytes()
    write_backup(
        tmp_path / "旧版备份.zip",
        old_store,
        {},
        report_count=2,
        schema_version=1,
        created_at="2024-03-02T17:00:00+08:00",
        created_by="王科员",
        reason="manual",
    )
    assert inspect_backup(tmp_path / "旧版备份.zip").good
    store.restore_from(tmp_path / "旧版备份.zip", "王科员")
    summaries = store.summaries()
    assert len(summaries) == 2
    national = next(s for s in summaries if s.format == "national-2021")
    assert [v.version for v in store.history(national.id)] == [1, 2, 3]


def test_backup_works_from_a_read_only_second_window(store_with_clean_report, tmp_path):
    store, summary = store_with_clean_report
    with Store.open(store.data_dir) as second:
        assert second.read_only
        info = second.backup_to(tmp_path / "第二窗口.zip", "李科长")
    assert read_backup(info.path).store_data["reports"]["1"]["id"] == summary.id


def test_backup_to_a_folder_is_refused_with_a_message(store, tmp_path):
    from models.store_errors import StoreWriteError

    with pytest.raises(StoreWriteError, match="是一个文件夹；请给出备份文件的名称"):
        store.backup_to(tmp_path, "王科员")


def test_a_backup_moves_accounts_and_audit_log_to_a_new_machine(tmp_path):
    """The whole office moves with one file: users.json and audit.jsonl travel in the
    backup and are put in place on a folder that has none; an office's own accounts
    are never replaced by a restore."""
    from models.accounts import USERS_FILE
    from models.audit import AUDIT_FILE
    from models.backups import FOLDER_FILES, read_backup
    from models.store import Store

    assert set(FOLDER_FILES) == {USERS_FILE, AUDIT_FILE}
    old = tmp_path / "old"
    with Store.open(old) as store:
        (old / USERS_FILE).write_text('{"users": "old office"}', encoding="utf-8")
        (old / AUDIT_FILE).write_text('{"line": 1}\n', encoding="utf-8")
        store.backup_to(tmp_path / "office.zip", "测试")
    assert set(read_backup(tmp_path / "office.zip").folder_files) == {USERS_FILE, AUDIT_FILE}
    new = tmp_path / "new"
    with Store.open(new) as store:
        store.restore_from(tmp_path / "office.zip", "测试")
    assert (new / USERS_FILE).read_text(encoding="utf-8") == '{"users": "old office"}'
    assert (new / AUDIT_FILE).read_text(encoding="utf-8") == '{"line": 1}\n'
    other = tmp_path / "other"
    with Store.open(other) as store:
        (other / USERS_FILE).write_text('{"users": "this office"}', encoding="utf-8")
        store.restore_from(tmp_path / "office.zip", "测试")
    assert (other / USERS_FILE).read_text(encoding="utf-8") == '{"users": "this office"}'
