"""The command line (issue 2, point 6), run as a clerk or a script would run it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES, ROOT, SAMPLES


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, encoding="utf-8", cwd=ROOT
    )


def test_formats_json_lets_a_script_find_any_cell_by_its_official_labels():
    result = run("formats", "--json")
    assert result.returncode == 0
    formats = {f["id"]: f for f in json.loads(result.stdout)["formats"]}
    assert set(formats) == {"national-2021", "national-2019", "legacy-2013"}
    national = formats["national-2021"]
    assert [s["heading"] for s in national["sections"]][0] == "一、总体情况"
    assert all({"id", "heading"} <= set(s) for s in national["sections"])
    tables = {t["id"]: t for t in national["tables"]}
    requests = tables["requests"]
    row = next(r for r in requests["rows"] if r["path"][-2:] == ["（三）不予公开", "1.属于国家秘密"])
    assert (row["id"], row["parent"]) == ("refused.state_secret", "refused")
    column = next(c for c in requests["columns"] if c["path"] == ["申请人情况", "法人或其他组织", "商业企业"])
    assert (column["id"], column["group"], column["unit"]) == ("business", "organizations", "件")
    litigation = tables["review_litigation"]
    column = next(c for c in litigation["columns"] if c["path"] == ["行政诉讼", "复议后起诉", "总计"])
    assert column["id"] == "after_review.total"
    fee = next(c for c in tables["proactive"]["columns"] if c["label"] == "本年收费金额（单位：万元）")
    assert (fee["unit"], fee["value"]) == ("万元", "money")
    rules_row = next(r for r in tables["proactive"]["rows"] if r["label"] == "规章")
    assert rules_row["path"] == ["第二十条第（一）项", "规章"]
    assert rules_row["group"] == "art20_1"
    legacy = {t["id"]: t for t in formats["legacy-2013"]["tables"]}
    assert next(r for r in legacy["consultation"]["rows"] if r["id"] == "07")["unit"] == "人次"


def test_formats_text_lists_headings_in_chinese():
    result = run("formats")
    assert result.returncode == 0
    assert "national-2021" in result.stdout
    assert "三、收到和处理政府信息公开申请情况  [表三]" in result.stdout


def test_check_clean_sample_exits_0():
    result = run("check", str(SAMPLES / "hengyang-2013.json"))
    assert result.returncode == 0, result.stderr
    assert "检查通过：没有发现问题。" in result.stdout


def test_check_with_errors_exits_1_and_lists_them():
    result = run("check", str(FIXTURES / "real-report-hongze-2023.json"))
    assert result.returncode == 1
    assert "错误 2 项" in result.stdout
    assert "[错误] T4-01  表四  行政复议·总计 应为 11（结果维持、结果纠正、其他结果、尚未审结之和），现为 0" in result.stdout


def test_check_json_gives_severity_rule_location_and_message():
    result = run("check", str(FIXTURES / "real-report-hongze-2023.json"), "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    assert errors[0] == {
        "severity": "error",
        "rule": "T4-01",
        "location": {"table": "review_litigation", "row": "cases", "column": "review.total"},
        "where": "表四",
        "message": "行政复议·总计 应为 11（结果维持、结果纠正、其他结果、尚未审结之和），现为 0",
        "expected": "11",
        "actual": "0",
    }
    assert data["counts"] == {"error": 2, "warning": 4, "info": 0}


@pytest.mark.parametrize("as_json", [False, True])
def test_check_unreadable_file_exits_2_with_a_chinese_message(tmp_path, as_json):
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    result = run("check", str(path), *(["--json"] if as_json else []))
    assert result.returncode == 2
    assert "无法读取交换文件 broken.json" in result.stderr
    if as_json:
        assert json.loads(result.stdout)["readable"] is False


def test_unknown_command_is_refused_in_chinese():
    result = run("chek")
    assert result.returncode == 2
    assert "参数有误" in result.stderr
    assert "用法：" in result.stderr


def test_help_is_chinese():
    result = run("--help")
    assert result.returncode == 0
    assert "用法：" in result.stdout and "检查一个交换文件" in result.stdout
    assert "usage" not in result.stdout and "options" not in result.stdout


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ([], (None, False)),
        (["--exit-after-start"], (None, True)),
        (["--data-dir", "/tmp/年报", "--exit-after-start"], ("/tmp/年报", True)),
        (["--exit-after-start", "--data-dir=/tmp/d"], ("/tmp/d", True)),
        (["--data", "/tmp/d"], ("/tmp/d", False)),  # an abbreviation: the full parser reads it
    ],
)
def test_the_wizard_opens_with_its_two_options_in_any_spelling(monkeypatch, arguments, expected):
    import main

    opened = []

    def open_wizard(data_dir, exit_after_start, own_process):
        opened.append((None if data_dir is None else str(data_dir), exit_after_start))
        return 0

    monkeypatch.setattr(main, "_use_utf8_output", lambda: None)  # leaves pytest's streams alone
    monkeypatch.setattr(main, "_run_gui", open_wizard)
    assert main.main(arguments) == 0
    assert opened == [expected]


@pytest.mark.parametrize("arguments", [["--data-dir"], ["--data-dir", "-x"], ["--exit-after-start", "--bogus"]])
def test_a_wizard_option_given_wrong_is_refused_by_the_full_parser(monkeypatch, capsys, arguments):
    import main

    monkeypatch.setattr(main, "_use_utf8_output", lambda: None)
    monkeypatch.setattr(main, "_run_gui", lambda *args, **kwargs: pytest.fail("the wizard must not open"))
    with pytest.raises(SystemExit) as refused:
        main.main(arguments)
    assert refused.value.code == 2
    assert "参数有误" in capsys.readouterr().err
