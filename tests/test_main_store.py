"""The store's commands (issue 4 point 9), run as a clerk or a script would run them, each
against a fresh data folder given with --data-dir or NIANBAO_DATA_DIR."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.exchange import read_exchange, to_document
from tests.conftest import FIXTURES, ROOT, SAMPLES


def run(data_dir: Path | None, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    options = ["--data-dir", str(data_dir)] if data_dir is not None else []
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *options, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


def _import(data_dir: Path, path: Path) -> str:
    result = run(data_dir, "import", str(path))
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_import_prints_the_id_and_dump_gives_back_the_same_report(data_dir, tmp_path):
    report_id = _import(data_dir, SAMPLES / "national-2021-example.json")
    assert len(report_id) == 12
    dumped = tmp_path / "导出.json"
    result = run(data_dir, "dump", report_id, "-o", str(dumped))
    assert result.returncode == 0, result.stderr
    assert f"已把报告 {report_id}（第 1 版）写到" in result.stdout
    original, _ = read_exchange(SAMPLES / "national-2021-example.json")
    again, _ = read_exchange(dumped)
    assert to_document(again) == to_document(original)


def test_import_tells_what_reading_changed_and_about_a_report_already_there(data_dir):
    first = run(data_dir, "import", str(FIXTURES / "real-report-hongze-2023.json"))
    assert "[警告]" in first.stderr and "已导入：淮安市洪泽区人民政府2023年政府信息公开工作年度报告" in first.stderr
    second = run(data_dir, "import", str(FIXTURES / "real-report-hongze-2023.json"))
    assert second.returncode == 0
    assert f"注意：草稿库中已有同一机关、年度、格式的报告 {first.stdout.strip()}" in second.stderr


def test_import_of_an_unreadable_file_exits_2_and_adds_nothing(data_dir, tmp_path):
    bad = tmp_path / "坏.json"
    bad.write_text("{", encoding="utf-8")
    result = run(data_dir, "import", str(bad))
    assert result.returncode == 2
    assert "无法读取交换文件 坏.json" in result.stderr
    assert json.loads(run(data_dir, "list", "--json").stdout)["reports"] == []


def test_list_shows_id_organization_year_format_status_saved_and_errors(data_dir):
    clean = _import(data_dir, SAMPLES / "national-2021-example.json")
    with_errors = _import(data_dir, FIXTURES / "real-report-hongze-2023.json")
    result = run(data_dir, "list")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"数据文件夹 {data_dir}，共 2 份报告")
    row = next(line for line in lines if line.startswith(with_errors))
    assert "淮安市洪泽区人民政府  2023年  national-2021  草稿" in row and row.endswith("错误 2 项")
    assert any(line.startswith(clean) and line.endswith("错误 0 项") for line in lines)
    listed = json.loads(run(data_dir, "list", "--json").stdout)
    by_id = {r["id"]: r for r in listed["reports"]}
    assert by_id[with_errors]["error_count"] == 2
    assert set(by_id[clean]) >= {"id", "organization", "year", "format", "status", "saved_at", "saved_by", "error_count"}
    assert by_id[clean]["status_label"] == "草稿"


def test_list_of_a_new_data_folder_says_it_is_empty(data_dir):
    result = run(data_dir, "list")
    assert result.returncode == 0
    assert result.stdout.startswith("草稿库中还没有报告")


def test_history_lists_the_versions_newest_first(data_dir, tmp_path):
    report_id = _import(data_dir, SAMPLES / "national-2021-example.json")
    # A second version, made as the wizard would make it.
    from models.store import Store

    with Store.open(data_dir) as store:
        report = store.load(report_id).report
        report.set("requests", "new", "natural", 187)
        store.save(report_id, report, "李科长")
    result = run(data_dir, "history", report_id[:6])
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith(f"（{report_id}），共 2 个版本（最新的在前）：")
    assert lines[1].startswith("第 2 版") and "李科长  保存  修改 1 处：表三 一、本年新收政府信息公开申请数量·自然人：186 → 187" in lines[1]
    assert lines[2].startswith("第 1 版") and "导入  从 national-2021-example.json 导入" in lines[2]
    versions = json.loads(run(data_dir, "history", report_id, "--json").stdout)["versions"]
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[1]["changes"] == [{"path": ["tables", "requests", "new", "natural"], "old": 186, "new": 187}]


def test_an_unknown_id_is_refused_with_exit_1(data_dir, tmp_path):
    for command in (["dump", "0123456789ab", "-o", str(tmp_path / "x.json")], ["history", "0123456789ab"]):
        result = run(data_dir, *command)
        assert result.returncode == 1
        assert "草稿库中没有编号为 0123456789ab 的报告" in result.stderr
    assert not (tmp_path / "x.json").exists()


def test_backup_and_restore_through_one_file(data_dir, tmp_path):
    report_id = _import(data_dir, SAMPLES / "national-2021-example.json")
    backup = tmp_path / "年报备份.zip"
    result = run(data_dir, "backup", "-o", str(backup))
    assert result.returncode == 0, result.stderr
    assert "已把 1 份报告（连同全部历史版本）备份到" in result.stdout
    elsewhere = tmp_path / "新电脑"
    restored = run(elsewhere, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "共 1 份报告" in restored.stdout and "恢复前的数据已另存为" in restored.stdout
    assert [r["id"] for r in json.loads(run(elsewhere, "list", "--json").stdout)["reports"]] == [report_id]


def test_restore_of_a_file_that_is_not_a_backup_exits_2_and_keeps_the_data(data_dir):
    report_id = _import(data_dir, SAMPLES / "national-2021-example.json")
    result = run(data_dir, "restore", str(SAMPLES / "national-2021-example.json"))
    assert result.returncode == 2
    assert "不是年报软件的备份文件" in result.stderr and "没有做任何恢复" in result.stderr
    assert [r["id"] for r in json.loads(run(data_dir, "list", "--json").stdout)["reports"]] == [report_id]


def test_a_damaged_store_exits_2_with_the_way_out_and_recover_finds_it(data_dir):
    report_id = _import(data_dir, SAMPLES / "national-2021-example.json")
    (data_dir / "store.json").write_bytes(b"\0" * 64)
    result = run(data_dir, "list")
    assert result.returncode == 2
    assert "草稿库文件已损坏" in result.stderr and "main.py recover" in result.stderr
    recovered = run(data_dir, "recover")
    assert recovered.returncode == 0, recovered.stderr
    assert f"{report_id}  示例市人民政府办公室2024年政府信息公开工作年度报告  第 1 版（取自历史记录）" in recovered.stdout
    assert [r["id"] for r in json.loads(run(data_dir, "list", "--json").stdout)["reports"]] == [report_id]


def test_the_data_folder_may_come_from_the_environment(tmp_path):
    from_env = tmp_path / "来自环境变量"
    report_id = run(None, "import", str(SAMPLES / "hengyang-2013.json"), env={"NIANBAO_DATA_DIR": str(from_env)}).stdout.strip()
    assert (from_env / "store.json").exists()
    listed = run(None, "list", "--json", env={"NIANBAO_DATA_DIR": str(from_env)})
    assert [r["id"] for r in json.loads(listed.stdout)["reports"]] == [report_id]


def test_data_dir_is_a_global_option_and_help_is_chinese():
    result = run(None, "--help")
    assert "--data-dir DIR" in result.stdout and "数据文件夹" in result.stdout
    for command in ("import", "list", "dump", "history", "backup", "restore"):
        assert command in result.stdout
    missing = run(None, "dump", "abc")
    assert missing.returncode == 2 and "缺少参数" in missing.stderr
