"""A damaged store file (issue 4 point 6): detected on open, explained, set aside and never
overwritten, with the newest good backup offered; recovery loses no save."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.store import Store
from models.store_errors import HistoryError, StoreDamagedError
from tests.conftest import SAMPLES

CELL = ("requests", "new", "natural")


@pytest.fixture
def store_saved_after_its_backup(data_dir, clean_national_2021) -> tuple[Path, str]:
    """The clean sample created (version 1), the day's automatic backup taken when the
    store is opened again, then one more save (version 2, 新收申请·自然人 190) that is
    only in the store and the history, not in the backup."""
    with Store.open(data_dir) as store:
        report_id = store.create(clean_national_2021, "王科员").id
    with Store.open(data_dir) as store:
        assert [b.reason for b in store.backups()] == ["auto"]
        report = store.load(report_id).report
        report.set(*CELL, 190)
        assert store.save(report_id, report, "王科员").version == 2
    return data_dir, report_id


def _valid_store(data_dir: Path) -> dict:
    return json.loads((data_dir / "store.json").read_text(encoding="utf-8"))


def _damage(kind: str, data_dir: Path) -> bytes:
    good = (data_dir / "store.json").read_bytes()
    data = _valid_store(data_dir)
    record = data["reports"]["1"]
    if kind == "truncated":
        return good[: len(good) // 2]
    if kind == "empty":
        return b""
    if kind == "nul-filled":
        return b"\0" * len(good)
    if kind == "garbage":
        return bytes(range(256)) * 8
    if kind == "not-json":
        return "这不是 JSON".encode()
    if kind == "json-array":
        return b"[1, 2, 3]"
    if kind == "another-programs-json":
        return json.dumps({"settings": {"1": {"theme": "dark"}}}).encode()
    if kind == "record-missing-fields":
        del record["document"]
    elif kind == "record-wrong-type":
        record["version"] = "二"
    elif kind == "duplicate-ids":
        data["reports"]["2"] = dict(record)
    elif kind == "bad-id":
        record["id"] = "../../etc/passwd"
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


DAMAGE = {
    "truncated": "中断",
    "empty": "文件是空的",
    "nul-filled": "空字节",
    "garbage": "不是 UTF-8",
    "not-json": "不是有效的 JSON",
    "json-array": "应为一个 JSON 对象",
    "another-programs-json": "不是年报草稿库的文件",
    "record-missing-fields": "缺少“document”",
    "record-wrong-type": "“version”类型不对",
    "duplicate-ids": "出现了两次",
    "bad-id": "编号“../../etc/passwd”无效",
}


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_store_is_detected_set_aside_and_a_backup_offered(store_saved_after_its_backup, kind):
    data_dir, _ = store_saved_after_its_backup
    damaged = _damage(kind, data_dir)
    (data_dir / "store.json").write_bytes(damaged)
    with pytest.raises(StoreDamagedError) as raised:
        Store.open(data_dir)
    error = raised.value
    message = str(error)
    assert "草稿库文件已损坏" in message and str(data_dir / "store.json") in message
    assert DAMAGE[kind] in error.reason and DAMAGE[kind] in message
    assert error.set_aside is not None and error.set_aside.parent == data_dir / "damaged"
    assert error.set_aside.read_bytes() == damaged, "set aside exactly as found"
    assert str(error.set_aside) in message
    assert not (data_dir / "store.json").exists()
    assert error.backup is not None and error.backup.reason == "auto"
    assert error.backup.path.name in message and "最新的完好备份" in message


def test_after_setting_aside_the_store_does_not_pretend_to_be_empty(store_saved_after_its_backup):
    """A missing store file next to history files means something went wrong: opening
    an empty store would make the clerk think the reports are gone."""
    data_dir, _ = store_saved_after_its_backup
    (data_dir / "store.json").write_bytes(b"{")
    with pytest.raises(StoreDamagedError):
        Store.open(data_dir)
    with pytest.raises(StoreDamagedError, match="找不到草稿库文件.*1 份报告的历史记录") as raised:
        Store.open(data_dir)
    assert raised.value.backup is not None
    assert not (data_dir / "store.json").exists()


def test_recovery_from_the_backup_brings_back_saves_made_after_it(store_saved_after_its_backup):
    data_dir, report_id = store_saved_after_its_backup
    (data_dir / "store.json").write_bytes(b"\0" * 100)
    with pytest.raises(StoreDamagedError) as raised:
        Store.open(data_dir)
    assert raised.value.backup is not None
    store, recovered = Store.recover(data_dir, "王科员", backup=raised.value.backup.path)
    with store:
        assert [(r.id, r.version, r.source, r.source_label) for r in recovered] == [(report_id, 2, "history", "历史记录")]
        assert store.load(report_id).report.get(*CELL) == 190
        assert [v.version for v in store.history(report_id)] == [1, 2]
        assert store.summary(report_id).saved_by == "王科员"


def test_recovery_without_any_backup_rebuilds_from_the_histories(data_dir, clean_national_2021, legacy_hengyang_2013):
    with Store.open(data_dir, daily_backup=False) as store:
        first = store.create(clean_national_2021, "王科员").id
        second = store.create(legacy_hengyang_2013, "李科长").id
        store.set_status(second, "submitted", "李科长", metadata={"seal": "已盖章"})
    (data_dir / "store.json").write_bytes(b"garbage")
    with pytest.raises(StoreDamagedError, match="没有找到完好的备份；可以按各报告的历史记录重建") as raised:
        Store.open(data_dir)
    assert raised.value.backup is None
    store, recovered = Store.recover(data_dir, "王科员")
    with store:
        assert {r.id: r.version for r in recovered} == {first: 1, second: 2}
        summary = store.summary(second)
        assert (summary.status, summary.metadata, summary.created_by, summary.organization) == (
            "submitted",
            {"seal": "已盖章"},
            "李科长",
            "衡阳市电子政务管理办公室",
        )


def test_a_damaged_file_is_never_overwritten_by_a_later_one(store_saved_after_its_backup):
    data_dir, _ = store_saved_after_its_backup
    set_aside = []
    for garbage in (b"first damage", b"second damage"):
        (data_dir / "store.json").write_bytes(garbage)
        with pytest.raises(StoreDamagedError) as raised:
            Store.open(data_dir)
        assert raised.value.set_aside is not None
        set_aside.append(raised.value.set_aside)
        Store.recover(data_dir, "王科员")[0].close()
    assert set_aside[0] != set_aside[1]
    assert [p.read_bytes() for p in set_aside] == [b"first damage", b"second damage"]


def test_a_damaged_backup_is_not_offered(store_saved_after_its_backup):
    data_dir, _ = store_saved_after_its_backup
    with Store.open(data_dir) as store:
        newer = store.backup_to(data_dir / "backups" / "manual-newer.zip", "王科员")
    newer.path.write_bytes(newer.path.read_bytes()[:200])
    (data_dir / "store.json").write_bytes(b"{")
    with pytest.raises(StoreDamagedError) as raised:
        Store.open(data_dir)
    assert raised.value.backup is not None and raised.value.backup.path.name.startswith("auto-")


def test_recovering_a_healthy_store_changes_nothing_and_keeps_a_safety_copy(store_saved_after_its_backup):
    data_dir, report_id = store_saved_after_its_backup
    store, recovered = Store.recover(data_dir, "王科员")
    with store:
        assert [(r.version, r.source) for r in recovered] == [(2, "store")]
        assert store.load(report_id).report.get(*CELL) == 190
        assert any(b.reason == "before-recover" for b in store.backups())


def test_a_damaged_history_line_costs_only_the_versions_it_held(store_with_clean_report):
    store, summary = store_with_clean_report
    report = store.load(summary.id).report
    for value in (1, 2, 3):
        report.set(*CELL, value)
        store.save(summary.id, report, "王科员")
    path = store.data_dir / "history" / f"{summary.id}.jsonl"
    lines = path.read_bytes().split(b"\n")
    lines[2] = b"#damaged#"  # version 3
    path.write_bytes(b"\n".join(lines))
    assert [v.version for v in store.history(summary.id)] == [1, 2, 4]
    assert store.load_version(summary.id, 2).get(*CELL) == 1
    with pytest.raises(HistoryError, match="第 4 版之前的历史记录有损坏"):
        store.load_version(summary.id, 4)
    assert store.load(summary.id).report.get(*CELL) == 3, "the current version is in the store file"


def test_damage_found_while_the_store_is_open_is_handled_the_same_way(store_with_clean_report, clean_national_2021):
    store, summary = store_with_clean_report
    store.store_path.write_bytes(b"{\"meta\": ")
    with pytest.raises(StoreDamagedError, match="草稿库文件已损坏"):
        store.save(summary.id, clean_national_2021, "王科员")
    assert list((store.data_dir / "damaged").iterdir())


def test_the_newest_sample_survives_a_round_trip_through_recovery(data_dir):
    """Recovery rebuilds the record from the history's document; a report is the same
    after it as before (every sample)."""
    from models.exchange import read_exchange, to_document

    with Store.open(data_dir, daily_backup=False) as store:
        ids = {store.create(read_exchange(p)[0], "王科员").id: p for p in sorted(SAMPLES.glob("*.json"))}
    (data_dir / "store.json").unlink()
    store, _ = Store.recover(data_dir, "王科员")
    with store:
        for report_id, path in ids.items():
            assert to_document(store.load(report_id).report) == to_document(read_exchange(path)[0])
