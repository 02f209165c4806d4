"""The tinydb storage of the store file (docs/design-notes.md §2.1, §2.4): UTF-8 with readable
Chinese, serialised before anything is written, replaced atomically, shape-checked."""

from __future__ import annotations

import json
import os

import pytest
from tinydb import TinyDB

from models.json_storage import JsonStorage, decode_store
from models.store_errors import DamagedDataError


def test_chinese_is_written_as_itself_in_utf8(tmp_path):
    storage = JsonStorage(tmp_path / "store.json")
    storage.write({"reports": {"1": {"organization": "示例县人民政府办公室"}}})
    raw = (tmp_path / "store.json").read_bytes()
    assert "示例县人民政府办公室".encode() in raw
    assert b"\\u" not in raw
    assert storage.read() == {"reports": {"1": {"organization": "示例县人民政府办公室"}}}


def test_a_value_that_cannot_be_serialised_changes_nothing_on_disk(tmp_path):
    storage = JsonStorage(tmp_path / "store.json")
    storage.write({"reports": {"1": {"a": 1}}})
    before = (tmp_path / "store.json").read_bytes()
    with pytest.raises(TypeError):
        storage.write({"reports": {"1": {"a": object()}}})
    with pytest.raises(ValueError):
        storage.write({"reports": {"1": {"a": float("nan")}}})
    assert (tmp_path / "store.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.json"]


def test_a_failed_write_leaves_the_previous_file(tmp_path, monkeypatch):
    storage = JsonStorage(tmp_path / "store.json")
    storage.write({"reports": {"1": {"a": 1}}})
    before = (tmp_path / "store.json").read_bytes()

    def full_disk(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        storage.write({"reports": {"1": {"a": 2}}})
    assert (tmp_path / "store.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.json"]


def test_tinydb_works_through_it_with_the_query_cache_off(tmp_path):
    """Two TinyDB objects on one file, as two processes: with cache_size=0 the second
    sees what the first wrote (docs/design-notes.md §2.3)."""
    first = TinyDB(tmp_path / "store.json", storage=JsonStorage)
    second = TinyDB(tmp_path / "store.json", storage=JsonStorage)
    first.table("reports", cache_size=0).insert({"id": "a"})
    assert second.table("reports", cache_size=0).all() == [{"id": "a"}]
    first.table("reports", cache_size=0).insert({"id": "b"})
    assert len(second.table("reports", cache_size=0).all()) == 2


def test_a_missing_file_reads_as_none(tmp_path):
    assert JsonStorage(tmp_path / "store.json").read() is None


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "文件是空的"),
        (b"   \n", "文件是空的"),
        (b"\0\0\0\0", "全是空字节"),
        (b'{\n "reports": {\n  "1": {"a', "文件在第 3 行中断"),
        (b"hello", "不是有效的 JSON：第 1 行第 1 列"),
        (b"\xff\xfe{}", "第 1 个字节起不是 UTF-8"),
        (b'{"reports": {"1": {"a": NaN}}}', "JSON 不允许的值 NaN"),
        (b"[]", "应为一个 JSON 对象"),
        (b'{"reports": []}', "“reports”应为一组记录"),
        (b'{"reports": {"x": {}}}', "“reports”中的记录“x”结构不对"),
        (b'{"reports": {"1": 5}}', "“reports”中的记录“1”结构不对"),
    ],
)
def test_what_cannot_be_a_store_file_is_refused_with_a_reason(data, reason):
    with pytest.raises(DamagedDataError) as raised:
        decode_store(data)
    assert reason in raised.value.reason


def test_a_deeply_nested_file_is_refused_not_crashed():
    with pytest.raises(DamagedDataError, match="嵌套层次过深"):
        decode_store(b"[" * 100000)


def test_decode_accepts_what_write_wrote(tmp_path):
    data = {"meta": {"1": {"schema_version": 2}}, "reports": {}}
    JsonStorage(tmp_path / "s.json").write(data)
    assert decode_store((tmp_path / "s.json").read_bytes()) == data == json.loads((tmp_path / "s.json").read_text("utf-8"))
