"""The audit log (issue 6 point 6): append-only JSON lines, each chained to the one before,
a torn last line cut off, hand edits found."""

from __future__ import annotations

import json

import pytest

from models import audit
from models.audit import AuditError, read_log, record, verify_log


def test_entries_are_appended_with_who_when_action_report_and_detail(tmp_path):
    first = record(tmp_path, "张科长", "approve", "0123456789ab", {"version": 4})
    record(tmp_path, " ", "sign_in")
    record(tmp_path, "王科员", "export", "ba9876543210", {"file": "年报.docx", "final": False})
    entries = read_log(tmp_path)
    assert [(e.who, e.action, e.report) for e in entries] == [
        ("张科长", "approve", "0123456789ab"),
        ("未知用户", "sign_in", ""),
        ("王科员", "export", "ba9876543210"),
    ]
    assert entries[0] == first and first.when[:4].isdigit() and first.detail == {"version": 4}
    assert [e.action for e in read_log(tmp_path, "ba9876543210")] == ["export"]
    assert entries[2].describe().endswith("王科员  导出  文件：年报.docx  草稿")
    assert entries[0].action_label == "审核通过"
    assert verify_log(tmp_path) == []


def test_lines_are_utf8_json_each_chained_to_the_previous(tmp_path):
    record(tmp_path, "张科长", "sign_in")
    record(tmp_path, "张科长", "return", "0123456789ab", {"reason": "数字不对"})
    lines = audit.log_path(tmp_path).read_bytes().split(b"\n")
    assert lines[-1] == b"" and "数字不对".encode() in lines[1]
    first, second = json.loads(lines[0]), json.loads(lines[1])
    assert first["prev"] == "" and len(second["prev"]) == 64


def test_an_unknown_action_is_a_programming_error(tmp_path):
    with pytest.raises(ValueError):
        record(tmp_path, "张科长", "delete_everything")


def test_a_torn_last_line_is_skipped_and_cut_off_by_the_next_append(tmp_path):
    """A kill half-way through a write leaves a partial line; it never becomes an entry."""
    record(tmp_path, "张科长", "sign_in")
    with audit.log_path(tmp_path).open("ab") as log:
        log.write(b'{"when":"2024-01-01T00:00:00+08:00","who":"x"')
    assert len(read_log(tmp_path)) == 1
    record(tmp_path, "王科员", "sign_in")
    assert [e.who for e in read_log(tmp_path)] == ["张科长", "王科员"]
    assert verify_log(tmp_path) == []


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda lines: [lines[0], lines[2]], "第 2 行与前一行对不上"),
        (lambda lines: [lines[0], lines[1].replace("数字不对".encode(), "没问题".encode()), lines[2]], "第 3 行与前一行对不上"),
        (lambda lines: [lines[0], b"garbage", lines[2]], "第 2 行不是审计记录"),
    ],
    ids=["deleted", "changed", "garbled"],
)
def test_a_hand_edit_breaks_the_chain_and_is_named(tmp_path, edit, problem):
    record(tmp_path, "张科长", "sign_in")
    record(tmp_path, "张科长", "return", "0123456789ab", {"reason": "数字不对"})
    record(tmp_path, "王科员", "submit", "0123456789ab")
    path = audit.log_path(tmp_path)
    lines = path.read_bytes().split(b"\n")[:-1]
    path.write_bytes(b"\n".join(edit(lines)) + b"\n")
    problems = verify_log(tmp_path)
    assert problems and problems[0].startswith(problem)


def test_a_log_that_cannot_be_written_raises_a_chinese_error(tmp_path):
    audit.log_path(tmp_path).mkdir()
    with pytest.raises(AuditError, match="^未能写入审计日志"):
        record(tmp_path, "张科长", "sign_in")


def test_no_log_yet_reads_as_empty(tmp_path):
    assert read_log(tmp_path / "还没有") == [] and verify_log(tmp_path / "还没有") == []


def test_the_chain_holds_across_lines_longer_than_the_tail_read(tmp_path):
    """An append reads the log backwards in chunks: a 2000-character comment spans several."""
    for text in ("批" * 2000, "短", "注" * 3000):
        record(tmp_path, "张科长", "comment_added", "0123456789ab", {"text": text})
    assert [len(e.detail["text"]) for e in read_log(tmp_path)] == [2000, 1, 3000]
    assert verify_log(tmp_path) == []
