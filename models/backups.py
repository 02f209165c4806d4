"""Backups of the whole store, each one zip file: automatic, on demand, before a restore.

One file is what a clerk can copy to a USB stick or send to IT, and what a restore can
check completely before it touches anything: a manifest names the app, the schema
version and every file with its size and SHA-256, and the store file inside is checked
as if it were being opened. A zip that is not ours, or is damaged, or comes from a newer
app is refused with a message that says which (issue 4 point 5).

Layout of a backup:

    manifest.json        {"app": "nianbao", "kind": "nianbao-store-backup", "schema_version",
                          "created_at", "created_by", "reason", "report_count", "files"}
    store.json           the store file as it was
    history/<id>.jsonl   each report's history file

Automatic backups are `backups/auto-YYYY-MM-DD.zip`, at most one a day, the newest
KEEP_AUTOMATIC kept; safety backups taken before a restore or a migration are kept until
the clerk removes them.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

if TYPE_CHECKING:
    import zipfile  # imported where a backup is written or read: not at every start

from models.atomic_file import open_atomic, unused_name
from models.json_storage import decode_store
from models.store_errors import BackupError, DamagedDataError, StoreVersionError
from models.store_schema import APP, SCHEMA_VERSION, check_store

BACKUP_KIND = "nianbao-store-backup"
MANIFEST = "manifest.json"
STORE_MEMBER = "store.json"
KEEP_AUTOMATIC = 14
MAX_UNPACKED_BYTES = 1024**3
AUTO_PREFIX = "auto-"
_HISTORY_MEMBER = re.compile(r"^history/([0-9a-f]{12})\.jsonl$")
_AUTO_NAME = re.compile(r"^auto-(\d{4}-\d{2}-\d{2})\.zip$")

REASON_LABELS = {
    "auto": "每日自动备份",
    "manual": "手动备份",
    "before-restore": "恢复前的备份",
    "before-migration": "升级数据前的备份",
    "before-recover": "修复前的备份",
}


class BackupContents(Struct, frozen=True):
    """A backup read and checked completely.

    Attributes:
        manifest: the manifest as written.
        store: the bytes of the store file.
        store_data: the store file decoded (already checked).
        schema_version: the schema of the store file (older ones are migrated on use).
        history: each report's history file, by report id.
        folder_files: the accounts and the audit log, by file name (FOLDER_FILES),
            where the backup has them (backups before issue 6 do not).
    """

    manifest: dict[str, Any]
    store: bytes
    store_data: dict[str, Any]
    schema_version: int
    history: dict[str, bytes]
    folder_files: dict[str, bytes] = field(default_factory=dict)


class BackupInfo(Struct, frozen=True):
    """What the list of backups shows about one file.

    Attributes:
        path: the backup file.
        reason: why it was taken (a key of REASON_LABELS).
        created_at: when, local time ISO 8601.
        report_count: how many reports it holds.
        good: whether it was read and checked completely.
        problem: why it is not good, in Chinese.
    """

    path: Path
    reason: str
    created_at: str
    report_count: int
    good: bool
    problem: str = ""

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)

    def describe(self) -> str:
        """E.g. “auto-2025-01-20.zip（每日自动备份，2025-01-20 08:31，3 份报告）”."""
        when = self.created_at[:16].replace("T", " ")
        return f"{self.path.name}（{self.reason_label}，{when}，{self.report_count} 份报告）"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


FOLDER_FILES = ("users.json", "audit.jsonl")
"""The data folder's other files a backup carries: the accounts (models/accounts.py) and
the audit log (models/audit.py), so that a backup moves a whole office to a new machine."""


def write_backup(
    target: Path,
    store: bytes,
    history: dict[str, bytes],
    *,
    folder_files: dict[str, bytes] | None = None,
    report_count: int,
    schema_version: int,
    created_at: str,
    created_by: str,
    reason: str,
) -> None:
    """Write a backup zip atomically: target is the old file or the complete new one."""
    members = {STORE_MEMBER: store, **{f"history/{report_id}.jsonl": data for report_id, data in sorted(history.items())}}
    members.update({name: data for name, data in (folder_files or {}).items() if name in FOLDER_FILES})
    manifest = {
        "app": APP,
        "kind": BACKUP_KIND,
        "schema_version": schema_version,
        "created_at": created_at,
        "created_by": created_by,
        "reason": reason,
        "report_count": report_count,
        "files": {name: {"size": len(data), "sha256": _sha256(data)} for name, data in members.items()},
    }
    with open_atomic(target) as file:
        import zipfile

        with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            for name, data in members.items():
                archive.writestr(name, data)


def _not_ours(path: Path, why: str) -> BackupError:
    return BackupError(f"{path.name} 不是年报软件的备份文件（{why}），没有做任何恢复")


def _damaged(path: Path, why: str) -> BackupError:
    return BackupError(f"备份文件 {path.name} 已损坏（{why}），没有做任何恢复")


def read_backup(path: Path) -> BackupContents:
    """Read a backup and check everything in it; nothing is written.

    Raises:
        BackupError: not a file, not one of our backups, damaged, or from a newer app.
    """
    import zipfile

    path = Path(path)
    if not path.is_file():
        raise BackupError(f"找不到备份文件 {path}")
    try:
        if not zipfile.is_zipfile(path):
            with open(path, "rb") as file:
                if file.read(4) == b"PK\x03\x04":
                    raise _damaged(path, "zip 文件不完整，可能没有复制完")
            raise _not_ours(path, "不是 zip 格式")
        with zipfile.ZipFile(path) as archive:
            return _read_archive(path, archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as error:
        raise _damaged(path, f"压缩内容无法读取：{error}") from None
    except OSError as error:
        raise BackupError(f"无法读取备份文件 {path.name}：{error.strerror or error}") from None


def _read_archive(path: Path, archive: zipfile.ZipFile) -> BackupContents:
    names = archive.namelist()
    if MANIFEST not in names:
        raise _not_ours(path, f"缺少 {MANIFEST}")
    try:
        manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise _not_ours(path, f"{MANIFEST} 无法读取") from None
    if not isinstance(manifest, dict) or manifest.get("app") != APP or manifest.get("kind") != BACKUP_KIND:
        raise _not_ours(path, "说明文件不是年报软件写的")
    schema_version = manifest.get("schema_version")
    files = manifest.get("files")
    if not isinstance(schema_version, int) or not isinstance(files, dict):
        raise _damaged(path, "说明文件不完整")
    if schema_version > SCHEMA_VERSION:
        raise BackupError(
            f"备份文件 {path.name} 由较新版本的年报软件写出（数据结构版本 {schema_version}），"
            f"本软件只能读取到版本 {SCHEMA_VERSION}；请先升级本软件。没有做任何恢复"
        )
    members = [n for n in names if n != MANIFEST]
    for name in members:
        if name != STORE_MEMBER and name not in FOLDER_FILES and not _HISTORY_MEMBER.match(name):
            raise _not_ours(path, f"含有不认识的文件 {name}")
        if name not in files:
            raise _damaged(path, f"{name} 不在说明文件的清单中")
    if STORE_MEMBER not in members:
        raise _damaged(path, f"缺少 {STORE_MEMBER}")
    if sum(archive.getinfo(n).file_size for n in members) > MAX_UNPACKED_BYTES:
        raise _damaged(path, "解压后过大")
    contents: dict[str, bytes] = {}
    for name, expected in files.items():
        if name not in members:
            raise _damaged(path, f"缺少 {name}")
        data = archive.read(name)
        if not isinstance(expected, dict) or expected.get("size") != len(data) or expected.get("sha256") != _sha256(data):
            raise _damaged(path, f"{name} 与说明文件记录的校验值不符")
        contents[name] = data
    try:
        store_data = decode_store(contents[STORE_MEMBER])
        found_version = check_store(store_data)
    except DamagedDataError as error:
        raise _damaged(path, f"其中的草稿库文件{error.reason}") from None
    except StoreVersionError as error:
        raise BackupError(f"备份文件 {path.name}：{error}") from None
    if found_version != schema_version:
        raise _damaged(path, "说明文件与草稿库文件的版本不一致")
    history = {}
    for name, data in contents.items():
        match = _HISTORY_MEMBER.match(name)
        if match:
            history[match.group(1)] = data
    folder_files = {name: data for name, data in contents.items() if name in FOLDER_FILES}
    return BackupContents(manifest, contents[STORE_MEMBER], store_data, found_version, history, folder_files)


def inspect_backup(path: Path) -> BackupInfo:
    """Read and check one backup for the list; never raises."""
    try:
        contents = read_backup(path)
    except BackupError as error:
        return BackupInfo(path, _reason_from_name(path), "", 0, False, str(error))
    manifest = contents.manifest
    return BackupInfo(
        path,
        str(manifest.get("reason", "")),
        str(manifest.get("created_at", "")),
        int(manifest.get("report_count", 0) or 0),
        True,
    )


def _reason_from_name(path: Path) -> str:
    if path.name.startswith(AUTO_PREFIX):
        return "auto"
    return next((reason for reason in REASON_LABELS if path.name.startswith(reason + "-")), "manual")


def list_backups(folder: Path) -> list[BackupInfo]:
    """Every zip in the backups folder, checked, newest first."""
    if not folder.is_dir():
        return []
    infos = [inspect_backup(p) for p in folder.glob("*.zip") if p.is_file()]
    return sorted(infos, key=lambda b: (b.created_at, b.path.name), reverse=True)


def newest_good_backup(folder: Path) -> BackupInfo | None:
    return next((b for b in list_backups(folder) if b.good), None)


def automatic_backup_path(folder: Path, day: datetime.date) -> Path:
    return folder / f"{AUTO_PREFIX}{day.isoformat()}.zip"


def safety_backup_path(folder: Path, reason: str, now: datetime.datetime) -> Path:
    """A new, unused name such as before-restore-20250120-103105.zip."""
    return unused_name(folder, f"{reason}-{now.strftime('%Y%m%d-%H%M%S')}", ".zip")


def prune_automatic(folder: Path, keep: int = KEEP_AUTOMATIC) -> list[Path]:
    """Delete all but the newest `keep` automatic backups; return what was deleted."""
    automatic = sorted(p for p in folder.glob(f"{AUTO_PREFIX}*.zip") if _AUTO_NAME.match(p.name))
    removed = automatic[:-keep] if keep > 0 else automatic
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
