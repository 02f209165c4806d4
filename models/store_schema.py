"""The layout of the store file, its schema version, and how older layouts are migrated.

Kept apart from models/store.py so that the store, the backups (which check a store file
inside a zip before restoring it) and the migrations agree on one description.

Schema 2 (current). `store.json` holds two tinydb tables:

- "meta": one record, {"schema_version": 2, "app": "nianbao", "created_at": …}.
- "reports": one record per report, the fields of REPORT_FIELDS: its id, what `list`
  shows (organization, year, format, title, status, error and warning counts, who saved
  it last and when), the version number, a free `metadata` object (issue 6 keeps review
  data there) and `document`, the report's content as an exchange document
  (models/exchange.py, the one serialisation of a report).

The history of each report is in `history/<id>.jsonl` (models/history.py), not here.

Schema 1 is the layout of the store's first prototype, written before history was split
out of the store file; no released version of the app wrote it. It is kept as the
migration path's test case, and it is also what a store file without a "meta" table is
taken to be. Each report was a record of tinydb's default table "_default" with
"organization", "year", "format", "status", "saved_at", "saved_by", "document" (the
exchange document) and "history": the previous versions as {"saved_at", "saved_by",
"document"}, oldest first. Migration gives each report a stable id, moves its history
into a history file (the old versions, then the current document as the last version)
and computes the counts that `list` shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from models.exchange import ExchangeError, load_document
from models.report import Report
from models.rules import count_by_severity, validate
from models.store_errors import DamagedDataError, StoreVersionError

if TYPE_CHECKING:
    from models.history import Version

SCHEMA_VERSION = 2
APP = "nianbao"
META_TABLE = "meta"
REPORTS_TABLE = "reports"
REPORT_ID = re.compile(r"^[0-9a-f]{12}$")

# field → accepted types; `year` may be None while a report is still without one.
REPORT_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "organization": (str,),
    "year": (int, type(None)),
    "format": (str,),
    "title": (str,),
    "status": (str,),
    "version": (int,),
    "created_at": (str,),
    "created_by": (str,),
    "saved_at": (str,),
    "saved_by": (str,),
    "error_count": (int,),
    "warning_count": (int,),
    "metadata": (dict,),
    "document": (dict,),
}


def report_fields(report: Report) -> dict[str, Any]:
    """What a store record says about a report's content, for `list` without loading it.

    The error count is computed here, at save time, so that listing many reports is a
    read of the store file and nothing else.
    """
    counts = count_by_severity(validate(report))
    return {
        "organization": report.organization,
        "year": report.year,
        "format": report.format.id,
        "title": report.title,
        "error_count": counts["error"],
        "warning_count": counts["warning"],
    }


def _is(value: Any, types: tuple[type, ...]) -> bool:
    return isinstance(value, types) and not (isinstance(value, bool) and bool not in types)


def schema_version_of(data: dict[str, Any]) -> int:
    """The schema version a store file says it has (1 when it says nothing).

    Raises:
        DamagedDataError: the file says nothing that makes it one of our stores.
    """
    if META_TABLE not in data:
        if "_default" in data and all(not table for name, table in data.items() if name != "_default"):
            return 1
        raise DamagedDataError("不是年报草稿库的文件（缺少版本信息），结构不对")
    records = list(data[META_TABLE].values())
    if len(records) != 1:
        raise DamagedDataError("草稿库的版本信息不完整")
    version = records[0].get("schema_version")
    if not _is(version, (int,)) or version < 1:
        raise DamagedDataError("草稿库的版本信息无效")
    return int(version)


def check_store(data: dict[str, Any]) -> int:
    """Check a decoded store file of any supported schema; return its schema version.

    Raises:
        DamagedDataError: the content is not what its schema version says.
        StoreVersionError: it was written by a newer version of the app.
    """
    version = schema_version_of(data)
    if version > SCHEMA_VERSION:
        raise StoreVersionError(
            f"草稿库由较新版本的年报软件写入（数据结构版本 {version}），本软件只能打开到版本 {SCHEMA_VERSION}。"
            "请升级年报软件后再打开；数据没有被改动。"
        )
    if version == 1:
        _check_v1(data)
    else:
        _check_current(data)
    return version


def _check_current(data: dict[str, Any]) -> None:
    seen: set[str] = set()
    for key, record in data.get(REPORTS_TABLE, {}).items():
        for name, types in REPORT_FIELDS.items():
            if name not in record:
                raise DamagedDataError(f"第 {key} 条报告记录缺少“{name}”，结构不对")
            if not _is(record[name], types):
                raise DamagedDataError(f"第 {key} 条报告记录的“{name}”类型不对")
        report_id = record["id"]
        if not REPORT_ID.match(report_id):
            raise DamagedDataError(f"第 {key} 条报告记录的编号“{report_id}”无效")
        if report_id in seen:
            raise DamagedDataError(f"报告编号“{report_id}”出现了两次")
        seen.add(report_id)
        if record["version"] < 1 or not isinstance(record["document"].get("format"), str):
            raise DamagedDataError(f"报告“{report_id}”的记录内容不对")


_V1_FIELDS: dict[str, tuple[type, ...]] = {
    "organization": (str,),
    "year": (int, type(None)),
    "format": (str,),
    "status": (str,),
    "saved_at": (str,),
    "saved_by": (str,),
    "document": (dict,),
    "history": (list,),
}


def _check_v1(data: dict[str, Any]) -> None:
    for key, record in data.get("_default", {}).items():
        for name, types in _V1_FIELDS.items():
            if not _is(record.get(name), types):
                raise DamagedDataError(f"旧版草稿库第 {key} 条记录的“{name}”缺失或类型不对")
        for entry in record["history"]:
            if not (
                isinstance(entry, dict)
                and isinstance(entry.get("saved_at"), str)
                and isinstance(entry.get("saved_by"), str)
                and isinstance(entry.get("document"), dict)
            ):
                raise DamagedDataError(f"旧版草稿库第 {key} 条记录的历史版本结构不对")


def meta_record(created_at: str) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "app": APP, "created_at": created_at}


# -- migrations ------------------------------------------------------------------------

Histories = dict[str, list["Version"]]


def _migrate_v1(data: dict[str, Any], now: str) -> tuple[dict[str, Any], Histories]:
    # Imported here: a store already at the current version never needs them.
    import hashlib

    from models.changes import diff_documents
    from models.history import Version, needs_snapshot

    reports: dict[str, Any] = {}
    histories: Histories = {}
    for position, (key, old) in enumerate(sorted(data.get("_default", {}).items(), key=lambda kv: int(kv[0]))):
        # A stable id, so that a migration interrupted by a kill and run again writes
        # the same history files rather than leaving orphans.
        report_id = hashlib.sha256(f"nianbao-v1:{key}".encode()).hexdigest()[:12]
        try:
            report, _ = load_document(old["document"], f"旧版草稿库第 {key} 条记录")
        except ExchangeError as error:
            raise DamagedDataError(str(error)) from None
        steps = [*old["history"], {"saved_at": old["saved_at"], "saved_by": old["saved_by"], "document": old["document"]}]
        versions: list[Version] = []
        previous: dict[str, Any] | None = None
        for number, step in enumerate(steps, start=1):
            changes = tuple(diff_documents(previous, step["document"])) if previous is not None else ()
            last = number == len(steps)
            versions.append(
                Version(
                    version=number,
                    saved_at=step["saved_at"],
                    saved_by=step["saved_by"],
                    action="create" if number == 1 else "save",
                    status=old["status"],
                    changes=changes,
                    note="由旧版数据结构升级而来" if last else "",
                    document=step["document"] if (needs_snapshot(number, changes) or last) else None,
                    metadata={} if number == 1 else None,
                )
            )
            previous = step["document"]
        histories[report_id] = versions
        reports[str(position + 1)] = {
            "id": report_id,
            **report_fields(report),
            "status": old["status"],
            "version": len(steps),
            "created_at": steps[0]["saved_at"],
            "created_by": steps[0]["saved_by"],
            "saved_at": old["saved_at"],
            "saved_by": old["saved_by"],
            "metadata": {},
            "document": old["document"],
        }
    return {META_TABLE: {"1": meta_record(now)}, REPORTS_TABLE: reports}, histories


MIGRATIONS: dict[int, Callable[[dict[str, Any], str], tuple[dict[str, Any], Histories]]] = {1: _migrate_v1}


def migrate(data: dict[str, Any], now: str) -> tuple[dict[str, Any], Histories]:
    """Bring a checked store file of an older schema to the current one, in memory.

    Returns:
        The new store content, and history files to write (report id → versions).
        The caller writes the history files first and the store file last, so that an
        interrupted migration leaves the old store file and simply runs again.
    """
    version = check_store(data)
    histories: Histories = {}
    while version < SCHEMA_VERSION:
        data, written = MIGRATIONS[version](data, now)
        histories.update(written)
        version = schema_version_of(data)
    _check_current(data)
    return data, histories
