"""A full disk and a read-only folder (issue 4 point 10): a clear Chinese error, and the
previous data intact, so the save can simply be made again once there is room."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.store import Store
from models.store_errors import StoreReadOnlyError, StoreWriteError

CELL = ("requests", "new", "natural")


def _enospc() -> OSError:
    return OSError(errno.ENOSPC, "No space left on device")


def _fail_at(monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    """Make one step of the next save fail as a full disk (or a pulled stick) would."""
    real_write, real_fsync, real_replace = os.write, os.fsync, os.replace
    fsyncs = []

    def write(fd: int, data: bytes) -> int:  # only the history append uses os.write
        real_write(fd, bytes(data[: len(data) // 2]))
        raise _enospc()

    def fsync(fd: int) -> None:
        fsyncs.append(fd)
        # 1: the history line; 2: the store file's temporary copy.
        if len(fsyncs) == {"history fsync": 1, "store fsync": 2}[stage]:
            raise _enospc()
        real_fsync(fd)

    def replace(source: str, target: str) -> None:
        if str(target).endswith("store.json"):
            raise OSError(errno.EIO, "Input/output error")
        real_replace(source, target)

    if stage == "history line":
        monkeypatch.setattr(os, "write", write)
    elif stage in ("history fsync", "store fsync"):
        monkeypatch.setattr(os, "fsync", fsync)
    else:
        monkeypatch.setattr(os, "replace", replace)


STAGES = {
    "history line": "磁盘空间已满",
    "history fsync": "磁盘空间已满",
    "store fsync": "磁盘空间已满",
    "store replace": "磁盘读写出错（U盘或网络盘可能已断开）",
}


@pytest.mark.parametrize("stage", STAGES)
def test_a_full_disk_refuses_the_save_and_keeps_the_previous_one(store_with_clean_report, monkeypatch, stage):
    store, summary = store_with_clean_report
    report = store.load(summary.id).report
    report.set(*CELL, 187)
    store.save(summary.id, report, "王科员")
    before = store.store_path.read_bytes()
    history_before = store.history(summary.id)

    _fail_at(monkeypatch, stage)
    report.set(*CELL, 188)
    with pytest.raises(StoreWriteError) as raised:
        store.save(summary.id, report, "王科员")
    monkeypatch.undo()

    message = str(raised.value)
    assert message.startswith(f"未能保存报告：{STAGES[stage]}")
    assert "原有的数据完好无损，上一次保存的内容都还在" in message
    assert store.store_path.read_bytes() == before
    assert store.history(summary.id) == history_before
    assert store.load(summary.id).report.get(*CELL) == 187
    assert not [p for p in store.data_dir.rglob("*.tmp")], "no temporary file is left behind"
    assert store.history(summary.id)[-1].version == 2

    again = store.save(summary.id, report, "王科员")
    assert again.version == 3, "once there is room, the same save goes in as the next version"
    assert [store.load_version(summary.id, n).get(*CELL) for n in (1, 2, 3)] == [186, 187, 188]


def test_a_full_disk_at_creation_adds_no_report(store, clean_national_2021, monkeypatch):
    monkeypatch.setattr(os, "fsync", lambda _fd: (_ for _ in ()).throw(_enospc()))
    with pytest.raises(StoreWriteError, match="未能新建报告：磁盘空间已满"):
        store.create(clean_national_2021, "王科员")
    monkeypatch.undo()
    assert store.summaries() == []


@pytest.fixture
def make_read_only(monkeypatch) -> Iterator:
    """Make a folder (and the folders in it) read-only, for real where that works.

    The tests run as root in CI, and root ignores permission bits: chmod 0555 alone would
    prove nothing there. When a probe shows the folder still takes a new file, the
    operating system's refusal is reproduced at the system calls the store uses to
    change a folder (os.open for writing, os.replace, os.rename, os.unlink, os.mkdir),
    with the PermissionError (EACCES) the kernel gives a non-root user. Either way the
    store meets the same refusal and must answer it the same way.
    """
    changed: list[Path] = []

    def apply(folder: Path) -> str:
        folders = [folder, *(p for p in folder.rglob("*") if p.is_dir())]
        for path in folders:
            path.chmod(0o555)
            changed.append(path)
        probe = folder / ".probe"
        try:
            probe.write_bytes(b"")
        except PermissionError:
            return "chmod"
        probe.unlink()
        _refuse_changes_under(folder, monkeypatch)
        return "simulated for root"

    yield apply
    for path in changed:
        path.chmod(0o755)


def _refuse_changes_under(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = str(folder)
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def inside(*paths: object) -> bool:
        return any(os.path.abspath(os.fspath(p)).startswith(root) for p in paths if isinstance(p, (str, Path)))

    def refused(path: object) -> PermissionError:
        return PermissionError(errno.EACCES, "Permission denied", str(path))

    real_open, real_replace, real_rename = os.open, os.replace, os.rename
    real_unlink, real_mkdir = os.unlink, os.mkdir

    def open_(path, flags, mode=0o777, *, dir_fd=None):
        if inside(path) and flags & writing:
            raise refused(path)
        return real_open(path, flags, mode, dir_fd=dir_fd)

    def replace(source, target, **kwargs):
        if inside(source, target):
            raise refused(target)
        return real_replace(source, target, **kwargs)

    def rename(source, target, **kwargs):
        if inside(source, target):
            raise refused(target)
        return real_rename(source, target, **kwargs)

    def unlink(path, **kwargs):
        if inside(path):
            raise refused(path)
        return real_unlink(path, **kwargs)

    def mkdir(path, mode=0o777, **kwargs):
        if inside(path):
            if os.path.exists(path):
                raise FileExistsError(errno.EEXIST, "File exists", str(path))
            raise refused(path)
        return real_mkdir(path, mode, **kwargs)

    for name, fake in (("open", open_), ("replace", replace), ("rename", rename), ("unlink", unlink), ("remove", unlink), ("mkdir", mkdir)):
        monkeypatch.setattr(os, name, fake)


def test_a_folder_that_became_read_only_refuses_the_save_and_keeps_the_data(store_with_clean_report, make_read_only):
    store, summary = store_with_clean_report
    report = store.load(summary.id).report
    before = store.store_path.read_bytes()
    make_read_only(store.data_dir)
    report.set(*CELL, 187)
    with pytest.raises(StoreWriteError) as raised:
        store.save(summary.id, report, "王科员")
    assert "没有写入这个文件夹的权限" in str(raised.value)
    assert "原有的数据完好无损" in str(raised.value)
    assert store.store_path.read_bytes() == before
    assert [v.version for v in store.history(summary.id)] == [1]
    assert store.load(summary.id).report.get(*CELL) == 186


def test_a_read_only_folder_opens_read_only_with_a_message(data_dir, clean_national_2021, make_read_only):
    with Store.open(data_dir) as store:
        summary = store.create(clean_national_2021, "王科员")
    make_read_only(data_dir)
    with Store.open(data_dir) as store:
        assert store.read_only
        assert f"数据文件夹 {data_dir} 无法写入（没有写入这个文件夹的权限），已以只读方式打开" in store.read_only_reason
        assert [s.id for s in store.summaries()] == [summary.id]
        report = store.load(summary.id).report
        report.set(*CELL, 1)
        with pytest.raises(StoreReadOnlyError, match="未能保存报告：数据文件夹 .* 无法写入"):
            store.save(summary.id, report, "王科员")
    with Store.open(data_dir, session=False) as command_line:
        assert [s.id for s in command_line.summaries()] == [summary.id], "`list` still works"


def test_a_full_disk_at_start_opens_read_only_at_once(store_with_clean_report, monkeypatch):
    """A window that cannot even write its session file says so before the clerk types."""
    store, _ = store_with_clean_report
    store.close()
    real_open = os.open

    def full_disk_open(path, flags, *args):  # a full disk takes no new file
        if "session.json" in str(path) and flags & os.O_CREAT:
            raise _enospc()
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", full_disk_open)
    with Store.open(store.data_dir) as reopened:
        assert reopened.read_only and "磁盘空间已满" in reopened.read_only_reason


def _drop_root_file_powers() -> None:
    """In the child: give up root's power to ignore permission bits (Linux capabilities).

    CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH are dropped from the bounding set before
    exec, so the child is root that the kernel holds to the folder's 0555 like anyone.
    """
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
    for capability in (cap_dac_override, cap_dac_read_search):
        if libc.prctl(pr_capbset_drop, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def test_a_read_only_folder_refused_by_the_kernel_itself(data_dir, clean_national_2021):
    """The same scenario in a child process that the operating system really refuses:
    a non-root user as is, root with its file capabilities dropped (see above)."""
    import json
    import subprocess
    import sys

    from tests.conftest import EVENT_CAP_SECONDS, ROOT

    with Store.open(data_dir) as store:
        summary = store.create(clean_national_2021, "王科员")
    before = (data_dir / "store.json").read_bytes()
    folders = [data_dir, *(p for p in data_dir.rglob("*") if p.is_dir())]
    for folder in folders:
        folder.chmod(0o555)
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    try:
        result = subprocess.run(
            [sys.executable, str(Path(__file__).parent / "store_child.py"), "read-only", str(data_dir), summary.id],
            capture_output=True,
            text=True,
            cwd=ROOT,
            preexec_fn=_drop_root_file_powers if as_root else None,
            timeout=EVENT_CAP_SECONDS,
        )
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["window_read_only"] is True
    assert "无法写入（没有写入这个文件夹的权限），已以只读方式打开" in seen["window_reason"]
    assert seen["window_save"].startswith("StoreReadOnlyError: 未能保存报告：数据文件夹")
    assert seen["listed"] == [summary.id]
    assert seen["command_save"].startswith("StoreWriteError: 未能保存报告：没有写入这个文件夹的权限")
    assert "原有的数据完好无损" in seen["command_save"]
    assert (data_dir / "store.json").read_bytes() == before
    with Store.open(data_dir) as store:
        assert store.load(summary.id).report.get(*CELL) == 186
        assert [v.version for v in store.history(summary.id)] == [1]
