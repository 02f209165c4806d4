"""The local store of reports: drafts that survive crashes, kills, full disks and a second window.

A clerk's draft is weeks of work (issue 4). This is the one interface the wizard and
the command line use; tinydb, the history files, backups and locks are behind it.

Layout of a data folder (models/data_dir.py says where it is):

    store.json           tinydb, through models/json_storage.py: for each report its
                         summary, status, metadata and current content (an exchange
                         document); the schema version (models/store_schema.py)
    history/<id>.jsonl   each report's versions, append-only (models/history.py)
    backups/             automatic backups, one a day, the last 14, and the safety
                         backups taken before a restore or a migration (models/backups.py)
    damaged/             store files found damaged, set aside as found, never overwritten
    deleted/             history files of deleted reports, kept in case of a mistake
    store.lock           the write lock; session.lock and session.json: the editing
                         window (models/store_locks.py)

A save, under the write lock: re-read the store file, check the report was not saved
elsewhere since the caller loaded it (base_version), append the version to the report's
history file (fsync-ed), then rewrite the store file atomically. Only then does save()
return. A kill at any moment leaves either the old or the new store file, and a history
that holds every version the store acknowledged (see models/history.py).

A second process on the same folder opens the store read-only with a Chinese message
(the session lock), or, for one-shot command-line commands that open with
session=False, simply waits for the write lock before each write. Either way no save
is ever lost: a write is done completely under the lock or refused with a message.

Every message a user sees is Chinese; every failure is a StoreError subclass
(models/store_errors.py).
"""

from __future__ import annotations

import copy
import datetime
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from msgspec import Struct, field
from tinydb import TinyDB, where
from tinydb.table import Document, Table

from models.atomic_file import unused_name, write_atomic
from models.exchange import ExchangeError, load_document, read_exchange, to_document
from models.findings import Finding
from models.json_storage import JsonStorage, decode_store, read_bytes_with_retry
from models.report import Report
from models.store_errors import (
    DamagedDataError,
    ReportNotFoundError,
    StoreBusyError,
    StoreConflictError,
    StoreDamagedError,
    StoreError,
    StoreReadOnlyError,
    StoreWriteError,
    describe_os_error,
)
from models.store_locks import WRITE_LOCK_TIMEOUT, SessionLock, WriteLock
from models.store_schema import (
    META_TABLE,
    REPORT_ID,
    REPORTS_TABLE,
    SCHEMA_VERSION,
    check_store,
    meta_record,
    migrate,
    report_fields,
)

if TYPE_CHECKING:
    from models.backups import BackupContents, BackupInfo
    from models.history import History, Version

# History, backups and change lists are imported where they are used, not here: a window
# that only lists and opens reports starts without them (issue 5, start-up time).

STORE_FILE = "store.json"
HISTORY_DIR = "history"
BACKUPS_DIR = "backups"
DAMAGED_DIR = "damaged"
DELETED_DIR = "deleted"
DEFAULT_STATUS = "draft"
STATUS_LABELS = {"draft": "草稿", "submitted": "待审核", "approved": "已审核", "returned": "退回修改"}
# Issue 6: a report waiting for review or approved is not edited until it is returned or
# reopened (models/review.py holds the transitions; save refuses here, under the lock).
LOCKED_STATUSES = frozenset({"submitted", "approved"})
MIN_ID_PREFIX = 4
_TEMPORARY = re.compile(r"^\..+\.tmp$")


def new_report_id() -> str:
    """Twelve hexadecimal digits: short to type, safe in any file name, and random
    enough (48 bits) that two clerks' reports never share one."""
    return os.urandom(6).hex()


def _now() -> datetime.datetime:
    return datetime.datetime.now().astimezone()


def _timestamp(moment: datetime.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _shown_time(iso: str) -> str:
    return iso[:16].replace("T", " ")


def _who(who: str) -> str:
    return who.strip() or "未知用户"


class ReportLockedError(StoreError):
    """A save would change a report that is waiting for review or approved (issue 6).

    Kept here rather than in models/store_errors.py only because the refusal is the
    store's; the review workflow (models/review.py) decides when a report is unlocked.
    """


class ReportSummary(Struct, frozen=True):
    """What the list of reports shows, read from the store file alone.

    Attributes:
        id: 12 hexadecimal digits, stable, safe in file names.
        version: the number of the latest version (1 after creation).
        error_count: errors found by models.rules.validate when it was last saved.
        metadata: free data kept with the report (issue 6: review, seals).
    """

    id: str
    title: str
    organization: str
    year: int | None
    format: str
    status: str
    version: int
    created_at: str
    created_by: str
    saved_at: str
    saved_by: str
    error_count: int
    warning_count: int
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> ReportSummary:
        return cls(
            id=record["id"],
            title=record["title"],
            organization=record["organization"],
            year=record["year"],
            format=record["format"],
            status=record["status"],
            version=record["version"],
            created_at=record["created_at"],
            created_by=record["created_by"],
            saved_at=record["saved_at"],
            saved_by=record["saved_by"],
            error_count=record["error_count"],
            warning_count=record["warning_count"],
            metadata=copy.deepcopy(record["metadata"]),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "organization": self.organization,
            "year": self.year,
            "format": self.format,
            "status": self.status,
            "status_label": self.status_label,
            "version": self.version,
            "created_at": self.created_at,
            "created_by": self.created_by,
            "saved_at": self.saved_at,
            "saved_by": self.saved_by,
            "error_count": self.error_count,
            "warning_count": self.warning_count,
        }


class StoredReport(Struct, frozen=True):
    """A report loaded from the store, with the summary of the version it is."""

    summary: ReportSummary
    report: Report
    notices: list[Finding]


class RecoveredReport(Struct, frozen=True):
    """One report after Store.recover: where its current version came from.

    Attributes:
        source: "store" (the store file), "backup" or "history".
    """

    id: str
    title: str
    version: int
    source: str

    @property
    def source_label(self) -> str:
        return {"store": "草稿库", "backup": "备份", "history": "历史记录"}[self.source]


class Store:
    """The reports of one data folder. Open with Store.open; close when done.

    Not for use from two threads at once: the wizard saves from one thread.

    Attributes:
        data_dir: the data folder.
        read_only: True when another window holds the session or the folder cannot be
            written; every write then raises StoreReadOnlyError.
        read_only_reason: why, in Chinese ("" when writable).
        warnings: problems that did not stop anything (a daily backup that failed).
    """

    def __init__(self, data_dir: Path, lock_timeout: float = WRITE_LOCK_TIMEOUT) -> None:
        self.data_dir = Path(data_dir).absolute()
        self.read_only = False
        self.read_only_reason = ""
        self.warnings: list[str] = []
        self._write_lock = WriteLock(self.data_dir, lock_timeout)
        self._session: SessionLock | None = None
        self._db = TinyDB(self.store_path, storage=JsonStorage)
        self._storage = cast(JsonStorage, self._db.storage)
        self._daily_backups = False
        self._backup_checked_on: datetime.date | None = None

    # -- opening and closing ----------------------------------------------------------

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        session: bool = True,
        wait: float = 0.0,
        lock_timeout: float = WRITE_LOCK_TIMEOUT,
        daily_backup: bool = True,
    ) -> Store:
        """Open (or create) the store of a data folder.

        Args:
            data_dir: the data folder; created if missing.
            session: take the session lock (a window that edits). Without it (one-shot
                commands) writes still take the write lock each time.
            wait: how long to wait for the session lock before opening read-only.
            lock_timeout: how long a write waits for the write lock.
            daily_backup: take the day's automatic backup if not yet taken.

        Raises:
            StoreDamagedError: the store file is damaged (it has been set aside) or
                missing while reports' histories are there.
            StoreVersionError: written by a newer app; nothing was changed.
            StoreWriteError: the data folder cannot be created.
        """
        store = cls(data_dir, lock_timeout)
        try:
            store._prepare_folder()
            if session:
                store._session = SessionLock(store.data_dir)
                reason = store._session.try_acquire(wait)
                if reason:
                    store._set_read_only(reason)
            store._open_store_file()
            store._daily_backups = daily_backup
            store._maybe_daily_backup()
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        if self._session is not None:
            self._session.release()
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def try_become_writer(self, wait: float = 0.0) -> bool:
        """Try again to get the session of a store opened read-only (“重试”)."""
        if self._session is None or not self.read_only:
            return not self.read_only
        reason = self._session.try_acquire(wait)
        if reason:
            self.read_only_reason = reason
            return False
        self.read_only, self.read_only_reason = False, ""
        return True

    @property
    def store_path(self) -> Path:
        return self.data_dir / STORE_FILE

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / BACKUPS_DIR

    def _set_read_only(self, reason: str) -> None:
        self.read_only, self.read_only_reason = True, reason

    def _prepare_folder(self) -> None:
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            for name in (HISTORY_DIR, BACKUPS_DIR):
                (self.data_dir / name).mkdir(exist_ok=True)
        except OSError as error:
            if not self.data_dir.is_dir():
                raise StoreWriteError(
                    f"无法建立数据文件夹 {self.data_dir}：{describe_os_error(error)}"
                ) from error
            self._set_read_only(
                f"数据文件夹 {self.data_dir} 无法写入（{describe_os_error(error)}），"
                "已以只读方式打开：可以查看和导出报告，不能保存修改。"
            )

    def _open_store_file(self) -> None:
        try:
            data = self._storage.read()
        except DamagedDataError as error:
            raise self._set_aside(error.reason) from None
        if data is None:
            self._create_store_file()
            return
        try:
            schema_version = check_store(data)
        except DamagedDataError as error:
            raise self._set_aside(error.reason) from None
        if schema_version < SCHEMA_VERSION:
            if self.read_only:
                raise StoreReadOnlyError(
                    "草稿库是旧版软件写的，需要先升级数据结构才能打开，但本窗口只能以只读方式打开："
                    f"{self.read_only_reason}"
                )
            with self._writing("升级草稿库的数据结构"):
                self._migrate()
        # Looked for without the lock, removed under it: most starts find none and never
        # need the write lock (nor the library behind it) before the first save.
        if not self.read_only and self._temporary_files():
            try:
                with self._write_lock.held("清理临时文件"):
                    for path in self._temporary_files():
                        path.unlink(missing_ok=True)
            except (StoreError, OSError):
                pass  # leftovers of a killed write are harmless; never a reason not to open

    def _create_store_file(self) -> None:
        histories = self._history_ids()
        if histories:
            raise self._missing_store_error(len(histories))
        if self.read_only:
            return
        with self._writing("建立草稿库"):
            if self._storage.read() is None:
                self._storage.write({META_TABLE: {"1": meta_record(_timestamp(_now()))}})

    def _temporary_files(self) -> list[Path]:
        """Temporary files of writes killed half-way; only ours."""
        found = []
        for folder, prefix in ((self.data_dir, f".{STORE_FILE}."), (self.backups_dir, ".")):
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                if path.name.startswith(prefix) and _TEMPORARY.match(path.name):
                    found.append(path)
        return found

    def _migrate(self) -> None:
        # Called under the write lock, after the store file was checked.
        from models.backups import safety_backup_path
        from models.history import encode_history

        data = self._storage.read()
        if data is None or check_store(data) == SCHEMA_VERSION:
            return  # another process migrated it while we waited for the lock
        now = _now()
        self._write_backup(safety_backup_path(self.backups_dir, "before-migration", now), "before-migration", "数据升级")
        migrated, histories = migrate(data, _timestamp(now))
        for report_id, versions in histories.items():
            write_atomic(self._history(report_id).path, encode_history(versions))
        self._storage.write(migrated)

    # -- damage -------------------------------------------------------------------------

    def _history_ids(self) -> list[str]:
        folder = self.data_dir / HISTORY_DIR
        if not folder.is_dir():
            return []
        return sorted(p.stem for p in folder.glob("*.jsonl") if REPORT_ID.match(p.stem))

    def _backup_offer(self) -> tuple[BackupInfo | None, str]:
        from models.backups import newest_good_backup

        backup = newest_good_backup(self.backups_dir)
        if backup is not None:
            return backup, (
                f"最新的完好备份是 {backup.describe()}。可以从它恢复；恢复时还会按各报告的历史记录"
                "补回备份之后保存的内容。"
            )
        return None, "没有找到完好的备份；可以按各报告的历史记录重建草稿库。"

    def _set_aside(self, reason: str) -> StoreDamagedError:
        """Move a damaged store file aside, never overwriting anything, and explain."""
        aside: Path | None = None
        problem = ""
        try:
            with self._write_lock.held("移走损坏的文件"):
                if self.store_path.exists():
                    folder = self.data_dir / DAMAGED_DIR
                    folder.mkdir(exist_ok=True)
                    aside = unused_name(folder, f"store-{_now().strftime('%Y%m%d-%H%M%S')}", ".json")
                    os.rename(self.store_path, aside)
        except (StoreError, OSError) as error:
            aside = None
            problem = str(error) if isinstance(error, StoreError) else describe_os_error(error)
        backup, offer = self._backup_offer()
        if aside is not None:
            where = f"损坏的文件已原样移到 {aside}，没有被改动或覆盖。"
        else:
            where = f"损坏的文件未能移走（{problem}），仍在原处，没有被改动。"
        message = f"草稿库文件已损坏，无法打开：{self.store_path}\n原因：{reason}\n{where}\n{offer}"
        return StoreDamagedError(message, damaged_file=self.store_path, set_aside=aside, backup=backup, reason=reason)

    def _missing_store_error(self, report_count: int) -> StoreDamagedError:
        backup, offer = self._backup_offer()
        reason = f"找不到草稿库文件，但数据文件夹中有 {report_count} 份报告的历史记录"
        message = (
            f"找不到草稿库文件 {self.store_path}，但数据文件夹中有 {report_count} 份报告的历史记录"
            "（文件可能损坏后已被移到 damaged 文件夹，或被误删）。为免误以为报告丢失，没有新建空的草稿库。\n"
            f"{offer}"
        )
        return StoreDamagedError(message, damaged_file=self.store_path, set_aside=None, backup=backup, reason=reason)

    # -- reading and writing --------------------------------------------------------------

    @contextmanager
    def _writing(self, what: str) -> Iterator[None]:
        """The write lock around a read-modify-write, with every failure explained."""
        if self.read_only:
            raise StoreReadOnlyError(f"未能{what}：{self.read_only_reason}")
        with self._write_lock.held(what), self._storage.held():
            try:
                yield
            except DamagedDataError as error:
                raise self._set_aside(error.reason) from None
            except OSError as error:
                raise StoreWriteError(
                    f"未能{what}：{describe_os_error(error)}（数据文件夹 {self.data_dir}）。"
                    "原有的数据完好无损，上一次保存的内容都还在。"
                ) from error

    @contextmanager
    def _reading(self) -> Iterator[None]:
        try:
            yield
        except DamagedDataError as error:
            raise self._set_aside(error.reason) from None

    def _reports(self) -> Table:
        # cache_size=0: another process may have written since (docs/design-notes.md §2.3).
        return self._db.table(REPORTS_TABLE, cache_size=0)

    def _checked_reports(self) -> Table:
        """The reports table after re-reading and checking the whole store file."""
        data = self._storage.read()
        if data is None:
            raise self._missing_store_error(len(self._history_ids()))
        check_store(data)
        return self._reports()

    def _record(self, table: Table, report_id: str) -> Document:
        record = table.get(where("id") == report_id) if REPORT_ID.match(report_id) else None
        if not isinstance(record, Document):
            raise ReportNotFoundError(f"草稿库中没有编号为 {report_id} 的报告")
        return record

    def _history(self, report_id: str) -> History:
        from models.history import History

        if not REPORT_ID.match(report_id):
            raise ReportNotFoundError(f"草稿库中没有编号为 {report_id} 的报告")
        return History(self.data_dir / HISTORY_DIR / f"{report_id}.jsonl")

    def _new_id(self, taken: set[str]) -> str:
        while True:
            report_id = new_report_id()
            if report_id not in taken and not self._history(report_id).exists():
                return report_id

    # -- the reports ----------------------------------------------------------------------

    def summaries(self) -> list[ReportSummary]:
        """Every report, the most recently saved first."""
        with self._reading():
            records = self._reports().all()
        return sorted((ReportSummary.from_record(r) for r in records), key=lambda s: (s.saved_at, s.id), reverse=True)

    def summary(self, report_id: str) -> ReportSummary:
        with self._reading():
            return ReportSummary.from_record(self._record(self._reports(), report_id))

    def find_id(self, text: str) -> str:
        """The id of the report whose id is text, or starts with it (at least 4 digits).

        Raises:
            ReportNotFoundError: no report, or several, match.
        """
        text = text.strip().lower()
        ids = [s.id for s in self.summaries()]
        if text in ids:
            return text
        matches = [i for i in ids if len(text) >= MIN_ID_PREFIX and i.startswith(text)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ReportNotFoundError(f"编号 {text} 对应多份报告（{'、'.join(matches)}），请写出完整的编号")
        raise ReportNotFoundError(f"草稿库中没有编号为 {text} 的报告")

    def document(self, report_id: str) -> dict[str, Any]:
        """The current content as an exchange document, without building a Report."""
        with self._reading():
            return copy.deepcopy(self._record(self._reports(), report_id)["document"])

    def load(self, report_id: str) -> StoredReport:
        """The current version of a report.

        Raises:
            ReportNotFoundError: no such report.
            StoreError: its content cannot be read (e.g. its format is no longer known).
        """
        with self._reading():
            record = self._record(self._reports(), report_id)
        return StoredReport(ReportSummary.from_record(record), *self._report_of(record["document"], report_id))

    @staticmethod
    def _report_of(document: dict[str, Any], report_id: str) -> tuple[Report, list[Finding]]:
        try:
            # trusted: written by to_document; a hand-edited one falls back to the full check.
            return load_document(document, f"草稿库中的报告 {report_id}", trusted=True)
        except ExchangeError as error:
            raise StoreError(f"草稿库中的报告 {report_id} 无法读取：\n{error}") from None

    def create(
        self,
        report: Report,
        who: str,
        *,
        status: str = DEFAULT_STATUS,
        metadata: Mapping[str, Any] | None = None,
        action: str = "create",
        note: str = "",
    ) -> ReportSummary:
        """Add a new report to the store as its version 1."""
        from models.history import Version

        document = to_document(report)
        fields = report_fields(report)
        who = _who(who)
        self._maybe_daily_backup()
        with self._writing("新建报告"):
            table = self._checked_reports()
            report_id = self._new_id({r["id"] for r in table.all()})
            now = _timestamp(_now())
            meta = dict(metadata or {})
            self._history(report_id).append(Version(1, now, who, action, status, (), note, document, meta))
            record = {
                "id": report_id,
                **fields,
                "status": status,
                "version": 1,
                "created_at": now,
                "created_by": who,
                "saved_at": now,
                "saved_by": who,
                "metadata": meta,
                "document": document,
            }
            table.insert(record)
        return ReportSummary.from_record(record)

    def import_file(self, path: Path, who: str) -> tuple[ReportSummary, list[Finding]]:
        """Read an exchange file into the store as a new report.

        Raises:
            ExchangeError: the file cannot be read; nothing was added.
        """
        report, notices = read_exchange(path)
        return self.create(report, who, action="import", note=f"从 {Path(path).name} 导入"), notices

    def save(self, report_id: str, report: Report, who: str, *, base_version: int | None = None) -> ReportSummary:
        """Save the report's current content as a new version (none if nothing changed).

        Args:
            base_version: the version the caller loaded or last saved. When given and the
                store has another, the save is refused (StoreConflictError) rather than
                overwrite a save made elsewhere.
        """
        return self._commit(
            report_id, who, base_version, what="保存报告", action="save", document=to_document(report), fields=report_fields(report)
        )

    def set_status(
        self,
        report_id: str,
        status: str,
        who: str,
        *,
        note: str = "",
        metadata: Mapping[str, Any] | None = None,
        base_version: int | None = None,
    ) -> ReportSummary:
        """Change a report's status (and, if given, replace its metadata) as a new version."""
        return self._commit(
            report_id,
            who,
            base_version,
            what="更改报告状态",
            action="status",
            status=status,
            metadata=dict(metadata) if metadata is not None else None,
            note=note,
        )

    def _commit(
        self,
        report_id: str,
        who: str,
        base_version: int | None,
        *,
        what: str,
        action: str,
        document: dict[str, Any] | None = None,
        fields: dict[str, Any] | None = None,
        status: str | None = None,
        metadata: dict[str, Any] | None = None,
        note: str = "",
    ) -> ReportSummary:
        from models.changes import diff_documents
        from models.history import Version, needs_snapshot

        who = _who(who)
        self._maybe_daily_backup()
        with self._writing(what):
            table = self._checked_reports()
            record = self._record(table, report_id)
            if base_version is not None and record["version"] != base_version:
                raise StoreConflictError(
                    f"未能{what}：这份报告已由 {record['saved_by']} 于 {_shown_time(record['saved_at'])} "
                    f"保存为第 {record['version']} 版，而这里修改的是第 {base_version} 版。为免覆盖那次保存，"
                    "这次没有保存；请重新打开这份报告后再修改（当前窗口中的内容可先导出备用）。",
                    base_version=base_version,
                    current_version=record["version"],
                )
            new_document = document if document is not None else record["document"]
            new_status = status if status is not None else record["status"]
            new_metadata = metadata if metadata is not None else record["metadata"]
            changes = tuple(diff_documents(record["document"], new_document))
            unchanged = new_status == record["status"] and new_metadata == record["metadata"]
            if action == "save" and not changes and unchanged:
                return ReportSummary.from_record(record)
            if document is not None and changes and record["status"] in LOCKED_STATUSES:
                raise ReportLockedError(
                    f"未能{what}：这份报告{STATUS_LABELS[record['status']]}，不能修改。"
                    "需要修改时，请审核人退回修改（已审核的报告由审核人重新打开）。"
                )
            number = record["version"] + 1
            now = _timestamp(_now())
            self._history(report_id).append(
                Version(
                    number,
                    now,
                    who,
                    action,
                    new_status,
                    changes,
                    note,
                    new_document if needs_snapshot(number, changes) else None,
                    new_metadata if new_metadata != record["metadata"] else None,
                )
            )
            updated = {
                **record,
                **(fields or {}),
                "status": new_status,
                "version": number,
                "saved_at": now,
                "saved_by": who,
                "metadata": new_metadata,
                "document": new_document,
            }
            table.update(updated, doc_ids=[record.doc_id])
        return ReportSummary.from_record(updated)

    def delete(self, report_id: str, who: str) -> None:
        """Remove a report; its history file is moved to deleted/, not destroyed."""
        from models.history import Version

        who = _who(who)
        with self._writing("删除报告"):
            table = self._checked_reports()
            record = self._record(table, report_id)
            history = self._history(report_id)
            now = _now()
            history.append(Version(record["version"] + 1, _timestamp(now), who, "delete", record["status"]))
            table.remove(doc_ids=[record.doc_id])
        try:
            folder = self.data_dir / DELETED_DIR
            folder.mkdir(exist_ok=True)
            os.rename(history.path, unused_name(folder, f"{report_id}-{now.strftime('%Y%m%d-%H%M%S')}", ".jsonl"))
        except OSError:
            pass  # the report is gone from the store; a history file left behind is harmless

    def duplicate(
        self, report_id: str, who: str, *, organization: str | None = None, year: int | None = None
    ) -> ReportSummary:
        """A new report with the content of this one (e.g. to start next year's).

        A title typed by hand is dropped when the organization or year changes, since it
        names the old ones; the generated title follows the new values.
        """
        stored = self.load(report_id)
        report = stored.report
        if organization is not None or year is not None:
            report.title_override = ""
        if organization is not None:
            report.organization = organization
        if year is not None:
            report.year = year
        note = f"复制自报告 {report_id}（第 {stored.summary.version} 版）"
        return self.create(report, who, action="duplicate", note=note)

    # -- history ----------------------------------------------------------------------------

    def history(self, report_id: str) -> list[Version]:
        """Every version of a report, oldest first."""
        with self._reading():
            record = self._record(self._reports(), report_id)
        return self._history(report_id).versions(up_to=record["version"])

    def load_version(self, report_id: str, version: int) -> Report:
        """A report as it was at one version (HistoryError if it is not there)."""
        with self._reading():
            record = self._record(self._reports(), report_id)
        document = self._history(report_id).document_at(version, up_to=record["version"])
        return self._report_of(document, report_id)[0]

    def restore_version(
        self, report_id: str, version: int, who: str, *, base_version: int | None = None
    ) -> ReportSummary:
        """Make an old version's content the current one, as a new version.

        The versions in between stay in the history, so restoring is itself undoable.
        The status is left as it is: the review workflow (issue 6) decides what a
        restored content means for it.
        """
        report = self.load_version(report_id, version)
        return self._commit(
            report_id,
            who,
            base_version,
            what="恢复旧版本",
            action="restore",
            document=to_document(report),
            fields=report_fields(report),
            note=f"恢复为第 {version} 版",
        )

    # -- backups ------------------------------------------------------------------------------

    def backups(self) -> list[BackupInfo]:
        """Every backup in the data folder, checked, newest first."""
        from models.backups import list_backups

        return list_backups(self.backups_dir)

    @staticmethod
    def _today() -> datetime.date:
        return datetime.date.today()

    def _maybe_daily_backup(self) -> None:
        """Take today's automatic backup once, before the day's first change.

        A failure is kept in `warnings` and stops nothing: the save matters more.
        """
        today = self._today()
        if not self._daily_backups or self.read_only or self._backup_checked_on == today:
            return
        self._backup_checked_on = today
        with self._reading():
            if not self._reports():
                return  # an empty store has nothing to keep (checked again under the lock)
        from models.backups import automatic_backup_path, prune_automatic

        target = automatic_backup_path(self.backups_dir, today)
        if target.exists():
            return
        try:
            with self._writing("自动备份"):
                if not target.exists() and self._reports().all():
                    self._write_backup(target, "auto", "自动备份")
                    prune_automatic(self.backups_dir)
        except StoreDamagedError:
            raise
        except StoreError as error:
            self.warnings.append(f"今天的自动备份没有完成：{error}")

    def _write_backup(self, target: Path, reason: str, who: str) -> None:
        # Called with the write lock held, so the store and history files agree.
        from models.backups import FOLDER_FILES, write_backup

        store_bytes = read_bytes_with_retry(self.store_path)
        data = decode_store(store_bytes)
        schema_version = check_store(data)
        ids = self._history_ids()
        history = {}
        for report_id in ids:
            try:
                history[report_id] = self._history(report_id).path.read_bytes()
            except FileNotFoundError:
                pass
        count = len(data.get(REPORTS_TABLE, {}) if schema_version > 1 else data.get("_default", {}))
        folder_files = {}
        for name in FOLDER_FILES:
            try:
                folder_files[name] = (self.data_dir / name).read_bytes()
            except FileNotFoundError:
                pass
        write_backup(
            target,
            store_bytes,
            history,
            folder_files=folder_files,
            report_count=count,
            schema_version=schema_version,
            created_at=_timestamp(_now()),
            created_by=who,
            reason=reason,
        )

    def backup_to(self, target: Path, who: str) -> BackupInfo:
        """Back up the whole store to one file (a zip), e.g. on a USB stick."""
        from models.backups import inspect_backup

        target = Path(target).absolute()
        if target.is_dir():
            raise StoreWriteError(f"{target} 是一个文件夹；请给出备份文件的名称，例如 {target / '年报备份.zip'}")
        with self._reading(), self._write_lock.held_for_reading("备份"):
            try:
                self._write_backup(target, "manual", _who(who))
            except OSError as error:
                raise StoreWriteError(f"未能写入备份文件 {target}：{describe_os_error(error)}。原有的数据没有改动。") from error
        return inspect_backup(target)

    def restore_from(self, source: Path, who: str) -> Path:
        """Replace the whole store by a backup's content, after backing up the current one.

        The backup is checked completely before anything is touched. The current store
        is first saved as backups/before-restore-….zip, so a restore can be undone.

        Returns:
            The safety backup of the store as it was before.

        Raises:
            BackupError: not one of our backups, damaged, or from a newer app.
            StoreBusyError: another window has the store open.
        """
        from models.backups import read_backup, safety_backup_path

        contents = read_backup(Path(source))
        with self._exclusive("恢复备份"), self._writing("恢复备份"):
            safety = safety_backup_path(self.backups_dir, "before-restore", _now())
            self._write_backup(safety, "before-restore", _who(who))
            self._put_backup_in_place(contents)
        return safety

    def _put_backup_in_place(self, contents: BackupContents) -> None:
        # History files first, the store file last: until the store file is replaced,
        # the store says what it said before (models/history.py ignores extra lines).
        from models.history import encode_history

        data = contents.store_data
        histories = dict(contents.history)
        if contents.schema_version < SCHEMA_VERSION:
            data, migrated = migrate(data, _timestamp(_now()))
            histories.update({i: encode_history(v) for i, v in migrated.items()})
        for report_id, history_bytes in histories.items():
            write_atomic(self._history(report_id).path, history_bytes)
        self._storage.write(data)
        # Accounts and the audit log come along only to a folder that has none (a new
        # machine): an office's own users are never replaced, and its append-only log
        # never loses lines by a restore.
        for name, folder_bytes in contents.folder_files.items():
            if not (self.data_dir / name).exists():
                write_atomic(self.data_dir / name, folder_bytes)
        kept = {r["id"] for r in data.get(REPORTS_TABLE, {}).values()}
        for report_id in self._history_ids():
            if report_id not in kept:
                self._history(report_id).path.unlink(missing_ok=True)

    @contextmanager
    def _exclusive(self, what: str) -> Iterator[None]:
        """The session lock for a whole-store replacement: no other window may have it open."""
        if self._session is not None and self._session.held:
            yield
            return
        session = SessionLock(self.data_dir)
        reason = session.try_acquire(0)
        if reason:
            raise StoreBusyError(f"未能{what}：{reason}请先关闭另一个窗口再{what}。")
        try:
            yield
        finally:
            session.release()

    # -- recovery -------------------------------------------------------------------------------

    @classmethod
    def recover(
        cls, data_dir: Path, who: str, *, backup: Path | None = None, lock_timeout: float = WRITE_LOCK_TIMEOUT
    ) -> tuple[Store, list[RecoveredReport]]:
        """Rebuild a damaged or missing store file from a backup and the history files.

        For each report the newest version found wins: in the store file if it is
        still readable, in the backup, or in the report's history file (which holds
        every save, also those after the backup). A damaged store file is set aside
        first; a readable one is backed up first. Nothing is overwritten unsaved.

        Returns:
            The store, opened for editing, and what was recovered from where.

        Raises:
            BackupError: the backup given cannot be used; nothing was changed.
            StoreBusyError: another window has the store open.
        """
        from models.backups import read_backup

        contents = read_backup(Path(backup)) if backup is not None else None
        store = cls(data_dir, lock_timeout)
        try:
            store._prepare_folder()
            store._session = SessionLock(store.data_dir)
            reason = store._session.try_acquire(0)
            if reason or store.read_only:
                raise StoreBusyError(f"未能修复草稿库：{reason or store.read_only_reason}")
            recovered = store._recover(contents, _who(who))
            store._open_store_file()
        except BaseException:
            store.close()
            raise
        return store, recovered

    def _recover(self, contents: BackupContents | None, who: str) -> list[RecoveredReport]:
        from models.backups import safety_backup_path
        from models.history import encode_history

        with self._writing("修复草稿库"):
            candidates: dict[str, tuple[int, str, dict[str, Any]]] = {}

            def offer(record: dict[str, Any], source: str) -> None:
                known = candidates.get(record["id"])
                if known is None or record["version"] > known[0]:
                    candidates[record["id"]] = (record["version"], source, record)

            current = self._readable_store_or_set_aside()
            if current is not None:
                self._write_backup(safety_backup_path(self.backups_dir, "before-recover", _now()), "before-recover", who)
                for record in current.get(REPORTS_TABLE, {}).values():
                    offer(record, "store")
            if contents is not None:
                data, histories = contents.store_data, dict(contents.history)
                if contents.schema_version < SCHEMA_VERSION:
                    data, migrated = migrate(data, _timestamp(_now()))
                    histories.update({i: encode_history(v) for i, v in migrated.items()})
                self._adopt_backup_histories(histories)
                for record in data.get(REPORTS_TABLE, {}).values():
                    offer(record, "backup")
            for report_id in self._history_ids():
                record = self._record_from_history(report_id)
                if record is not None:
                    offer(record, "history")
            records = {str(n): c[2] for n, c in enumerate(sorted(candidates.values(), key=lambda c: c[2]["id"]), 1)}
            self._storage.write({META_TABLE: {"1": meta_record(_timestamp(_now()))}, REPORTS_TABLE: records})
        return [
            RecoveredReport(record["id"], record["title"], record["version"], source)
            for _version, source, record in candidates.values()
        ]

    def _readable_store_or_set_aside(self) -> dict[str, Any] | None:
        from models.history import encode_history

        try:
            data = self._storage.read()
            if data is None:
                return None
            if check_store(data) < SCHEMA_VERSION:
                data, histories = migrate(data, _timestamp(_now()))
                self._adopt_backup_histories({i: encode_history(v) for i, v in histories.items()})
            return data
        except DamagedDataError as error:
            self._set_aside(error.reason)
            return None

    def _adopt_backup_histories(self, histories: Mapping[str, bytes]) -> None:
        """Put a backup's history files in place where they go further than ours.

        One of ours that is replaced is moved to damaged/ first, never overwritten.
        """
        from models.history import parse_history

        for report_id, data in histories.items():
            ours = self._history(report_id)
            theirs_latest = max((v.version for v in parse_history(data)[0]), default=0)
            ours_latest = max((v.version for v in ours.versions()), default=0)
            if theirs_latest <= ours_latest:
                continue
            if ours.exists():
                folder = self.data_dir / DAMAGED_DIR
                folder.mkdir(exist_ok=True)
                os.rename(ours.path, unused_name(folder, f"history-{report_id}", ".jsonl"))
            write_atomic(ours.path, data)

    def _record_from_history(self, report_id: str) -> dict[str, Any] | None:
        history = self._history(report_id)
        latest = history.latest()
        if latest is None:
            return None
        version, document = latest
        if version.action == "delete":
            return None
        try:
            report, _ = load_document(document, report_id, trusted=True)
        except ExchangeError:
            return None
        versions = history.versions(up_to=version.version)
        metadata = next((v.metadata for v in reversed(versions) if v.metadata is not None), {})
        return {
            "id": report_id,
            **report_fields(report),
            "status": version.status,
            "version": version.version,
            "created_at": versions[0].saved_at,
            "created_by": versions[0].saved_by,
            "saved_at": version.saved_at,
            "saved_by": version.saved_by,
            "metadata": metadata,
            "document": document,
        }

