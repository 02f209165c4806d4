"""The review commands (issue 6 point 8), run as an administrator's script would run them:
passwords on stdin, one per line, against a fresh data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, SAMPLES
from tests.models.review_fixtures import *  # fast_scrypt (a fixture)
from tests.models.review_fixtures import edit_store_file

SUPERVISOR, SUPERVISOR_PASSWORD = "张科长", "科长的密码-2024"
CLERK, CLERK_PASSWORD = "王科员", "科员的密码-2024"


def run(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), *args],
        capture_output=True,
        check=False,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        input=stdin,
        env={**os.environ, "NIANBAO_DATA_DIR": ""},
    )


@pytest.fixture
def in_process(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], fast_scrypt: None):
    """main.main() in this process, for the tests that need no fresh interpreter: several
    times faster than a subprocess, and scrypt made cheap (the subprocess tests use the real one)."""
    import io

    import main

    monkeypatch.setattr(main, "_use_utf8_output", lambda: None)  # leaves pytest's streams and SIGPIPE alone

    def call(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        try:
            code = main.main(["--data-dir", str(data_dir), *args])
        except SystemExit as exit_:  # argparse refusing the arguments
            code = int(exit_.code or 0)
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)

    return call


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def data_dir(tmp_path: Path, in_process) -> Path:
    """A data folder with 张科长 (supervisor) and 王科员 (clerk), made by the commands."""
    folder = tmp_path / "data"
    ok(in_process(folder, "user", "add", SUPERVISOR, "--role", "supervisor", "--password-stdin",
                  stdin=f"{SUPERVISOR_PASSWORD}\n"))
    ok(in_process(folder, "user", "add", CLERK, "--role", "clerk", "--by", SUPERVISOR, "--password-stdin",
                  stdin=f"{CLERK_PASSWORD}\n{SUPERVISOR_PASSWORD}\n"))
    return folder


def imported(run, data_dir: Path, path: Path) -> str:
    return ok(run(data_dir, "import", str(path))).strip().splitlines()[-1]


def step(run, data_dir: Path, command: str, report_id: str, user: str, password: str, *extra: str):
    return run(data_dir, command, report_id, "--user", user, *extra, "--password-stdin", stdin=f"{password}\n")


def listed(run, data_dir: Path) -> dict[str, dict]:
    return {r["id"]: r for r in json.loads(ok(run(data_dir, "list", "--json")))["reports"]}


def test_the_first_user_must_be_a_supervisor_and_later_ones_need_one(tmp_path):
    folder = tmp_path / "data"
    refused = run(folder, "user", "add", CLERK, "--role", "clerk", "--password-stdin", stdin=f"{CLERK_PASSWORD}\n")
    assert refused.returncode == 1 and "第一个用户必须是审核人" in refused.stderr
    assert "已添加审核人：张科长" in ok(
        run(folder, "user", "add", SUPERVISOR, "--role", "supervisor", "--password-stdin", stdin=f"{SUPERVISOR_PASSWORD}\n")
    )
    without_by = run(folder, "user", "add", CLERK, "--role", "clerk", "--password-stdin", stdin=f"{CLERK_PASSWORD}\n")
    assert without_by.returncode == 2 and "请用 --by 写明添加用户的审核人" in without_by.stderr
    missing_line = run(folder, "user", "add", CLERK, "--role", "clerk", "--by", SUPERVISOR, "--password-stdin",
                       stdin=f"{CLERK_PASSWORD}\n")
    assert missing_line.returncode == 2 and "标准输入中缺少审核人 张科长 的密码" in missing_line.stderr
    wrong = run(folder, "user", "add", CLERK, "--role", "clerk", "--by", SUPERVISOR, "--password-stdin",
                stdin=f"{CLERK_PASSWORD}\nnot-the-password\n")
    assert wrong.returncode == 1 and "用户名或密码不正确" in wrong.stderr
    short = run(folder, "user", "add", CLERK, "--role", "clerk", "--by", SUPERVISOR, "--password-stdin",
                stdin=f"short\n{SUPERVISOR_PASSWORD}\n")
    assert short.returncode == 1 and "密码至少需要 8 个字符" in short.stderr
    no_stdin = run(folder, "user", "add", CLERK, "--role", "clerk", "--by", SUPERVISOR)
    assert no_stdin.returncode == 2 and "请用 --password-stdin" in no_stdin.stderr
    users = json.loads(ok(run(folder, "user", "list", "--json")))["users"]
    assert [(u["name"], u["role_label"]) for u in users] == [(SUPERVISOR, "审核人")]
    raw = (folder / "users.json").read_text(encoding="utf-8")
    assert SUPERVISOR_PASSWORD not in raw and '"n": 16384' in raw


def test_clerk_submits_supervisor_returns_clerk_resubmits_supervisor_approves_final_export(data_dir, tmp_path):
    """The whole cycle from the command line, ending in an unmarked final document."""
    report_id = imported(run, data_dir, SAMPLES / "national-2021-example.json")
    short = report_id[:6]
    assert "已提交审核" in ok(step(run, data_dir, "submit", short, CLERK, CLERK_PASSWORD))

    clerk_approves = step(run, data_dir, "approve", report_id, CLERK, CLERK_PASSWORD)
    assert clerk_approves.returncode == 1 and "填报人“王科员”不能审核通过：只有审核人可以审核通过" in clerk_approves.stderr
    clerk_returns = step(run, data_dir, "return", report_id, CLERK, CLERK_PASSWORD, "--reason", "自己退回")
    assert clerk_returns.returncode == 1 and "不能退回修改" in clerk_returns.stderr
    blank_reason = step(run, data_dir, "return", report_id, SUPERVISOR, SUPERVISOR_PASSWORD, "--reason", "  ")
    assert blank_reason.returncode == 1 and "退回修改必须写明理由" in blank_reason.stderr
    no_reason = step(run, data_dir, "return", report_id, SUPERVISOR, SUPERVISOR_PASSWORD)
    assert no_reason.returncode == 2 and "--reason" in no_reason.stderr

    returned = ok(step(run, data_dir, "return", report_id, SUPERVISOR, SUPERVISOR_PASSWORD, "--reason", "表三请再核对"))
    assert "已退回修改" in returned and "现为“退回修改”" in returned
    assert listed(run, data_dir)[report_id]["status"] == "returned"
    ok(step(run, data_dir, "submit", report_id, CLERK, CLERK_PASSWORD))
    assert "现为“已审核”" in ok(step(run, data_dir, "approve", report_id, SUPERVISOR, SUPERVISOR_PASSWORD))

    entry = listed(run, data_dir)[report_id]
    assert (entry["status"], entry["status_label"], entry["seal_holds"]) == ("approved", "已审核", True)
    out = tmp_path / "年报.docx"
    exported = ok(run(data_dir, "export", report_id, "-o", str(out), "--final"))
    assert "已导出正式文档（已审核，内容未改动）" in exported and out.exists()

    log = ok(run(data_dir, "log", report_id)).splitlines()
    assert [line.split("  ")[1:3] for line in log] == [
        [CLERK, "提交审核"],
        [SUPERVISOR, "退回修改"],
        [CLERK, "提交审核"],
        [SUPERVISOR, "审核通过"],
        [log[-1].split("  ")[1], "导出"],
    ]
    assert "理由：表三请再核对" in log[1] and "正式文档" in log[-1]
    whole = json.loads(ok(run(data_dir, "log", "--json")))
    actions = [e["action"] for e in whole["entries"]]
    assert actions.count("sign_in") == 9 and actions.count("sign_in_failed") == 0 and whole["problems"] == []


def test_a_report_not_approved_exports_only_as_a_draft(in_process, data_dir, tmp_path):
    report_id = imported(in_process, data_dir, SAMPLES / "national-2021-example.json")
    assert listed(in_process, data_dir)[report_id]["seal_holds"] is None
    out = tmp_path / "年报.docx"
    refused = in_process(data_dir, "export", report_id, "-o", str(out), "--final")
    assert refused.returncode == 1 and "不能导出正式文档：报告当前为“草稿”，尚未审核通过" in refused.stderr
    assert list(tmp_path.glob("*.docx")) == []
    draft = ok(in_process(data_dir, "export", report_id, "-o", str(out)))
    assert "已导出草稿" in draft and (tmp_path / "年报（草稿）.docx").exists()


def test_a_hand_edited_approved_report_loses_its_seal(in_process, data_dir, tmp_path):
    """Issue 6 point 5 from the command line: list shows it, export --final refuses."""
    report_id = imported(in_process, data_dir, SAMPLES / "national-2021-example.json")
    ok(step(in_process, data_dir, "submit", report_id, CLERK, CLERK_PASSWORD))
    ok(step(in_process, data_dir, "approve", report_id, SUPERVISOR, SUPERVISOR_PASSWORD))
    edit_store_file(data_dir, report_id, lambda d: d["tables"]["requests"]["new"].update(natural=187))
    entry = listed(in_process, data_dir)[report_id]
    assert (entry["status"], entry["seal_holds"]) == ("approved", False)
    assert "已审核（审核后被改动，审核无效）" in ok(in_process(data_dir, "list"))
    refused = in_process(data_dir, "export", report_id, "-o", str(tmp_path / "年报.docx"), "--final")
    assert refused.returncode == 1 and "审核不再有效" in refused.stderr


def test_submit_lists_what_blocks_it(in_process, data_dir):
    report_id = imported(in_process, data_dir, FIXTURES / "real-report-hongze-2023.json")
    refused = step(in_process, data_dir, "submit", report_id, CLERK, CLERK_PASSWORD)
    assert refused.returncode == 1
    assert "还不能提交审核" in refused.stderr and "[错误] 表四：行政复议·总计 应为 11" in refused.stderr
    assert listed(in_process, data_dir)[report_id]["status"] == "draft"


def test_a_wrong_password_is_refused_and_logged_without_the_password(in_process, data_dir):
    report_id = imported(in_process, data_dir, SAMPLES / "national-2021-example.json")
    refused = step(in_process, data_dir, "submit", report_id, CLERK, "guessed-password")
    assert refused.returncode == 1 and "用户名或密码不正确" in refused.stderr
    assert listed(in_process, data_dir)[report_id]["status"] == "draft"
    log = (data_dir / "audit.jsonl").read_text(encoding="utf-8")
    assert "sign_in_failed" in log and "guessed-password" not in log


def test_reopen_and_reset_password(in_process, data_dir):
    report_id = imported(in_process, data_dir, SAMPLES / "national-2021-example.json")
    ok(step(in_process, data_dir, "submit", report_id, CLERK, CLERK_PASSWORD))
    ok(step(in_process, data_dir, "approve", report_id, SUPERVISOR, SUPERVISOR_PASSWORD))
    assert "现为“草稿”" in ok(step(in_process, data_dir, "reopen", report_id, SUPERVISOR, SUPERVISOR_PASSWORD, "--reason", "补充数据"))
    clerk_reset = in_process(data_dir, "user", "reset-password", SUPERVISOR, "--by", CLERK, "--password-stdin",
                      stdin=f"taken-over-1\n{CLERK_PASSWORD}\n")
    assert clerk_reset.returncode == 1 and "只有审核人可以重置密码" in clerk_reset.stderr
    ok(in_process(data_dir, "user", "reset-password", CLERK, "--by", SUPERVISOR, "--password-stdin",
           stdin=f"new-clerk-password\n{SUPERVISOR_PASSWORD}\n"))
    assert step(in_process, data_dir, "submit", report_id, CLERK, CLERK_PASSWORD).returncode == 1
    ok(step(in_process, data_dir, "submit", report_id, CLERK, "new-clerk-password"))


def test_unknown_ids(in_process, data_dir, tmp_path):
    refused = step(in_process, data_dir, "submit", "abcdef", CLERK, CLERK_PASSWORD)
    assert refused.returncode == 1 and "草稿库中没有编号为 abcdef 的报告" in refused.stderr
    missing = in_process(data_dir, "export", "abcdef", "-o", str(tmp_path / "x.docx"))
    assert missing.returncode == 2 and "找不到文件 abcdef；草稿库中没有编号为 abcdef 的报告" in missing.stderr
    assert ok(in_process(data_dir, "log", "0123456789ab")).startswith("审计日志中没有记录")
