"""Review (issue 6): users, submit, return, approve, reopen, log."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import Any

from cli.exit_codes import EXIT_OK, EXIT_REFUSED, EXIT_UNREADABLE
from cli.output import print_json, shown_time
from cli.store_commands import open_store, store_data_dir, store_failure


class _PasswordUnavailable(Exception):
    """No password line to read: a usage problem (exit 2), not a refusal."""


def _read_passwords(args: argparse.Namespace, prompts: Sequence[str]) -> list[str]:
    """One password per prompt: a line each from stdin (--password-stdin), or typed at a terminal.

    Only the line ending is removed, so a password may begin or end with spaces. A
    password is never an argument: arguments show in the process list and shell history.
    """
    if args.password_stdin:
        passwords = []
        for prompt in prompts:
            line = sys.stdin.readline()
            if not line:
                raise _PasswordUnavailable(f"标准输入中缺少{prompt}（每行一个密码）")
            passwords.append(line.rstrip("\r\n"))
        return passwords
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        return [getpass.getpass(f"{prompt}：") for prompt in prompts]
    raise _PasswordUnavailable("请用 --password-stdin 从标准输入提供密码（每行一个）")


def _review_refused(error: Exception) -> int:
    """Print why a review command was refused: 1, or 2 when the store cannot be read."""
    from models.store_errors import StoreError

    if isinstance(error, _PasswordUnavailable):
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    if isinstance(error, StoreError):
        return store_failure(error)
    print(error, file=sys.stderr)
    return EXIT_REFUSED


def _review_errors() -> tuple[type[Exception], ...]:
    from models.comments import CommentError
    from models.review import ReviewError
    from models.store_errors import StoreError

    return (StoreError, ReviewError, CommentError, _PasswordUnavailable)


def cmd_user_add(args: argparse.Namespace) -> int:
    from models.accounts import SUPERVISOR, Accounts

    accounts = Accounts(store_data_dir(args))
    try:
        if accounts.needs_first_supervisor():
            if args.role != SUPERVISOR:
                print("还没有任何用户：第一个用户必须是审核人（--role supervisor）", file=sys.stderr)
                return EXIT_REFUSED
            (password,) = _read_passwords(args, ["新用户的密码"])
            user = accounts.create_first_supervisor(args.name, password)
        else:
            if not args.by:
                print("已经有用户了：请用 --by 写明添加用户的审核人，并在第二行提供其密码", file=sys.stderr)
                return EXIT_UNREADABLE
            password, by_password = _read_passwords(args, ["新用户的密码", f"审核人 {args.by} 的密码"])
            acting = accounts.authenticate(args.by, by_password)
            user = accounts.add_user(acting, args.name, args.role, password)
    except _review_errors() as error:
        return _review_refused(error)
    for warning in accounts.warnings:
        print(warning, file=sys.stderr)
    print(f"已添加{user.role_label}：{user.name}")
    return EXIT_OK


def cmd_user_reset_password(args: argparse.Namespace) -> int:
    from models.accounts import Accounts

    accounts = Accounts(store_data_dir(args))
    try:
        password, by_password = _read_passwords(args, [f"{args.name} 的新密码", f"审核人 {args.by} 的密码"])
        acting = accounts.authenticate(args.by, by_password)
        accounts.reset_password(acting, args.name, password)
    except _review_errors() as error:
        return _review_refused(error)
    print(f"已重置 {args.name} 的密码")
    return EXIT_OK


def cmd_user_list(args: argparse.Namespace) -> int:
    from models.accounts import Accounts

    try:
        users = Accounts(store_data_dir(args)).users()
    except _review_errors() as error:
        return _review_refused(error)
    if args.json:
        print_json({"users": [{"name": u.name, "role": u.role, "role_label": u.role_label, "created_at": u.created_at,
                                "created_by": u.created_by} for u in users]})
        return EXIT_OK
    if not users:
        print("还没有任何用户：先用 user add 名字 --role supervisor --password-stdin 建立第一个审核人")
    for u in users:
        print(f"{u.name}  {u.role_label}  {shown_time(u.created_at)} 由 {u.created_by} 添加")
    return EXIT_OK


def _run_step(args: argparse.Namespace, step: Any, done: str) -> int:
    """Sign in with the password from stdin, then take a review step on the report ID."""
    from models.accounts import Accounts

    try:
        (password,) = _read_passwords(args, [f"{args.user} 的密码"])
        with open_store(args) as store:
            report_id = store.find_id(args.id)
            user = Accounts(store.data_dir).authenticate(args.user, password)
            summary = step(store, report_id, user)
    except _review_errors() as error:
        return _review_refused(error)
    print(f"{done}：{summary.title or '（未命名报告）'}（{summary.id}），现为“{summary.status_label}”，第 {summary.version} 版")
    return EXIT_OK


def cmd_submit(args: argparse.Namespace) -> int:
    from models.review import submit

    return _run_step(args, submit, "已提交审核")


def cmd_return(args: argparse.Namespace) -> int:
    from models.review import return_report

    return _run_step(args, lambda store, i, user: return_report(store, i, user, args.reason), "已退回修改")


def cmd_approve(args: argparse.Namespace) -> int:
    from models.review import approve

    return _run_step(args, approve, "已审核通过")


def cmd_reopen(args: argparse.Namespace) -> int:
    from models.review import reopen

    return _run_step(args, lambda store, i, user: reopen(store, i, user, args.reason), "已重新打开")


def cmd_log(args: argparse.Namespace) -> int:
    from models.audit import read_log, verify_log
    from models.store_errors import ReportNotFoundError, StoreError

    data_dir = store_data_dir(args)
    report_id = None
    try:
        if args.id is not None:
            with open_store(args) as store:
                try:
                    report_id = store.find_id(args.id)
                except ReportNotFoundError:
                    # A deleted report's entries stay in the log: its full id still finds them.
                    if not re.fullmatch(r"[0-9a-f]{12}", args.id.strip().lower()):
                        raise
                    report_id = args.id.strip().lower()
        entries = read_log(data_dir, report_id)
        problems = verify_log(data_dir)
    except StoreError as error:
        return store_failure(error)
    if args.json:
        print_json({"report": report_id, "entries": [e.to_json() | {"action_label": e.action_label} for e in entries],
                     "problems": problems})
        return EXIT_OK
    for problem in problems:
        print(f"注意：审计日志{problem}", file=sys.stderr)
    if not entries:
        print("审计日志中没有记录" + (f"（报告 {report_id}）" if report_id else ""))
    for entry in entries:
        print(entry.describe() + (f"  报告 {entry.report}" if entry.report and report_id is None else ""))
    return EXIT_OK
