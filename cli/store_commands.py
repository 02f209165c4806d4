"""The local store (issue 4): import, list, dump, history, backup, restore, recover.

Also how every command opens the store and reports its refusals.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cli.exit_codes import EXIT_OK, EXIT_REFUSED, EXIT_UNREADABLE
from cli.output import print_json, shown_time


def store_data_dir(args: argparse.Namespace) -> Path:
    from models.data_dir import resolve_data_dir

    return resolve_data_dir(args.data_dir)


def open_store(args: argparse.Namespace) -> Any:
    # One-shot commands do not take the editing window's session: they wait for the
    # write lock before each write instead, so `import` works while the wizard is open.
    from models.store import Store

    return Store.open(store_data_dir(args), session=False)


def store_failure(error: Exception) -> int:
    """Print a store error; exit 2 when the store or a file cannot be read, else 1."""
    from models.store_errors import BackupError, StoreDamagedError, StoreVersionError

    print(error, file=sys.stderr)
    if isinstance(error, StoreDamagedError):
        print("恢复：python main.py recover [备份文件]（不指定备份文件时使用最新的完好备份）", file=sys.stderr)
    return EXIT_UNREADABLE if isinstance(error, (StoreDamagedError, StoreVersionError, BackupError)) else EXIT_REFUSED


def cmd_import(args: argparse.Namespace) -> int:
    from models.exchange import ExchangeError
    from models.findings import SEVERITY_LABELS
    from models.store_errors import StoreError
    from models.store_locks import current_user

    try:
        with open_store(args) as store:
            summary, notices = store.import_file(args.file, current_user())
            same = [
                s
                for s in store.summaries()
                if s.id != summary.id and (s.organization, s.year, s.format) == (summary.organization, summary.year, summary.format)
            ]
    except ExchangeError as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    except StoreError as error:
        return store_failure(error)
    for notice in notices:
        print(f"[{SEVERITY_LABELS[notice.severity]}] {notice.message}", file=sys.stderr)
    for other in same:
        print(f"注意：草稿库中已有同一机关、年度、格式的报告 {other.id}（{shown_time(other.saved_at)} 保存）", file=sys.stderr)
    print(f"已导入：{summary.title or '（未命名报告）'}（{summary.format}），编号 {summary.id}", file=sys.stderr)
    print(summary.id)
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from models.review import APPROVED, seal_holds
    from models.store_errors import StoreError

    try:
        with open_store(args) as store:
            summaries = store.summaries()
            data_dir = store.data_dir
            # None when not approved: there is no seal to hold (issue 6 point 8).
            seals = {s.id: seal_holds(store, s.id) if s.status == APPROVED else None for s in summaries}
    except StoreError as error:
        return store_failure(error)
    if args.json:
        print_json({"data_dir": str(data_dir), "reports": [{**s.as_dict(), "seal_holds": seals[s.id]} for s in summaries]})
        return EXIT_OK
    if not summaries:
        print(f"草稿库中还没有报告（数据文件夹 {data_dir}）。")
        return EXIT_OK
    print(f"数据文件夹 {data_dir}，共 {len(summaries)} 份报告（最近保存的在前）：")
    for s in summaries:
        year = f"{s.year}年" if s.year is not None else "未填年度"
        print(
            f"{s.id}  {s.organization or '（未填机关名称）'}  {year}  {s.format}  "
            f"{s.status_label}{'（审核后被改动，审核无效）' if seals[s.id] is False else ''}  "
            f"{shown_time(s.saved_at)} {s.saved_by}  错误 {s.error_count} 项"
        )
    return EXIT_OK


def cmd_dump(args: argparse.Namespace) -> int:
    from models.exchange import write_exchange
    from models.store_errors import StoreError, describe_os_error

    try:
        with open_store(args) as store:
            stored = store.load(store.find_id(args.id))
    except StoreError as error:
        return store_failure(error)
    try:
        write_exchange(stored.report, args.output)
    except OSError as error:
        print(f"无法写入 {args.output}：{describe_os_error(error)}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"已把报告 {stored.summary.id}（第 {stored.summary.version} 版）写到 {args.output}")
    return EXIT_OK


def _version_line(version: Any, previous: Any, fmt: Any) -> str:
    from models.changes import summarize_changes
    from models.store import STATUS_LABELS

    details = []
    if version.note:
        details.append(version.note)
    if previous is not None and previous.status != version.status:
        old, new = (STATUS_LABELS.get(s, s) for s in (previous.status, version.status))
        details.append(f"状态：{old} → {new}")
    if version.changes:
        details.append(summarize_changes(fmt, version.changes))
    elif version.action == "save":
        details.append("内容未改动")
    return f"第 {version.version} 版  {shown_time(version.saved_at)}  {version.saved_by}  {version.action_label}  " + "；".join(details)


def cmd_history(args: argparse.Namespace) -> int:
    from models.changes import summarize_changes
    from models.formats import get_format
    from models.store_errors import StoreError

    try:
        with open_store(args) as store:
            report_id = store.find_id(args.id)
            summary = store.summary(report_id)
            versions = store.history(report_id)
    except StoreError as error:
        return store_failure(error)
    fmt = get_format(summary.format)
    if args.json:
        print_json(
            {
                "id": report_id,
                "title": summary.title,
                "versions": [
                    {
                        "version": v.version,
                        "saved_at": v.saved_at,
                        "saved_by": v.saved_by,
                        "action": v.action,
                        "status": v.status,
                        "note": v.note,
                        "summary": summarize_changes(fmt, v.changes) if v.changes else "",
                        "changes": [c.to_json() for c in v.changes],
                    }
                    for v in versions
                ],
            }
        )
        return EXIT_OK
    print(f"{summary.title or '（未命名报告）'}（{report_id}），共 {len(versions)} 个版本（最新的在前）：")
    for index in range(len(versions) - 1, -1, -1):
        print(_version_line(versions[index], versions[index - 1] if index else None, fmt))
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from models.store_errors import StoreError
    from models.store_locks import current_user

    try:
        with open_store(args) as store:
            info = store.backup_to(args.output, current_user())
    except StoreError as error:
        return store_failure(error)
    print(f"已把 {info.report_count} 份报告（连同全部历史版本）备份到 {info.path}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from models.store_errors import StoreError
    from models.store_locks import current_user

    try:
        with open_store(args) as store:
            safety = store.restore_from(args.file, current_user())
            count = len(store.summaries())
    except StoreError as error:
        return store_failure(error)
    print(f"已从 {args.file} 恢复，共 {count} 份报告。")
    print(f"恢复前的数据已另存为 {safety}，需要时可用 restore 恢复回去。")
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    from models.backups import newest_good_backup
    from models.store import BACKUPS_DIR, Store
    from models.store_errors import StoreError
    from models.store_locks import current_user

    data_dir = store_data_dir(args)
    backup = args.file
    if backup is None:
        newest = newest_good_backup(data_dir / BACKUPS_DIR)
        backup = newest.path if newest is not None else None
    try:
        store, recovered = Store.recover(data_dir, current_user(), backup=backup)
        store.close()
    except StoreError as error:
        return store_failure(error)
    source = f"备份 {backup} 和各报告的历史记录" if backup is not None else "各报告的历史记录（没有可用的备份）"
    print(f"已按{source}修复草稿库，共 {len(recovered)} 份报告：")
    for item in recovered:
        print(f"{item.id}  {item.title or '（未命名报告）'}  第 {item.version} 版（取自{item.source_label}）")
    return EXIT_OK
