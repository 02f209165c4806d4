"""A store written by an older version is migrated; one from a newer version is left alone
(issue 4 point 8). The older layout is schema 1, described in models/store_schema.py."""

from __future__ import annotations

import json

import pytest

from models.backups import read_backup
from models.json_storage import JsonStorage
from models.store import Store
from models.store_errors import StoreDamagedError, StoreVersionError, StoreWriteError
from models.store_schema import SCHEMA_VERSION

CELL = ("requests", "new", "natural")


def test_a_schema_1_store_is_migrated_with_its_history(store_v1_prototype):
    with Store.open(store_v1_prototype) as store:
        data = json.loads(store.store_path.read_text(encoding="utf-8"))
        assert data["meta"]["1"]["schema_version"] == SCHEMA_VERSION == 2
        assert "_default" not in data
        summaries = {s.format: s for s in store.summaries()}
        national, legacy = summaries["national-2021"], summaries["legacy-2013"]
        assert (national.version, national.created_by, national.saved_by, national.status) == (3, "王科员", "王科员", "draft")
        assert (national.created_at, national.saved_at) == ("2024-03-01T09:15:00+08:00", "2024-03-02T16:40:00+08:00")
        assert (legacy.version, legacy.year, legacy.error_count) == (1, 2013, 0)
        versions = store.history(national.id)
        assert [(v.version, v.saved_by) for v in versions] == [(1, "王科员"), (2, "李科长"), (3, "王科员")]
        assert [store.load_version(national.id, n).get(*CELL) for n in (1, 2, 3)] == [150, 180, 186]
        assert store.load_version(national.id, 1).texts["overview"] == "（初稿）"
        assert [c.path for c in versions[1].changes] == [("texts", "overview"), ("tables", *CELL)]
        assert versions[-1].note == "由旧版数据结构升级而来"
        safety = [b for b in store.backups() if b.reason == "before-migration"]
        assert len(safety) == 1 and safety[0].good
        assert read_backup(safety[0].path).schema_version == 1, "the old file is kept as it was"


def test_migration_runs_once(store_v1_prototype):
    with Store.open(store_v1_prototype) as store:
        ids = sorted(s.id for s in store.summaries())
    with Store.open(store_v1_prototype) as store:
        assert sorted(s.id for s in store.summaries()) == ids
        assert len([b for b in store.backups() if b.reason == "before-migration"]) == 1


def test_an_interrupted_migration_runs_again_to_the_same_result(store_v1_prototype, monkeypatch):
    """The history files are written first and the store file last, with stable ids: a
    migration stopped in between leaves the old store file and simply runs again."""
    real_write = JsonStorage.write

    def fail(_self, _data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(JsonStorage, "write", fail)
    with pytest.raises(StoreWriteError, match="未能升级草稿库的数据结构：磁盘空间已满"):
        Store.open(store_v1_prototype)
    assert "_default" in json.loads((store_v1_prototype / "store.json").read_text(encoding="utf-8"))
    written = sorted(p.name for p in (store_v1_prototype / "history").iterdir())
    assert len(written) == 2
    monkeypatch.setattr(JsonStorage, "write", real_write)
    with Store.open(store_v1_prototype) as store:
        assert sorted(f"{s.id}.jsonl" for s in store.summaries()) == written
        national = next(s for s in store.summaries() if s.format == "national-2021")
        assert [v.version for v in store.history(national.id)] == [1, 2, 3]


def test_a_store_from_a_newer_app_is_refused_and_left_as_it_is(store_with_clean_report):
    store, _ = store_with_clean_report
    data = json.loads(store.store_path.read_text(encoding="utf-8"))
    data["meta"]["1"]["schema_version"] = 3
    store.store_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = store.store_path.read_bytes()
    with pytest.raises(StoreVersionError, match="较新版本的年报软件写入（数据结构版本 3）.*请升级年报软件"):
        Store.open(store.data_dir, session=False)
    assert store.store_path.read_bytes() == before
    assert not (store.data_dir / "damaged").exists(), "a newer store is not damaged"


def test_a_schema_1_store_with_a_broken_record_is_treated_as_damaged(store_v1_prototype):
    path = store_v1_prototype / "store.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["_default"]["1"]["history"][0] = {"saved_at": 1}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(StoreDamagedError, match="旧版草稿库第 1 条记录的历史版本结构不对"):
        Store.open(store_v1_prototype)
