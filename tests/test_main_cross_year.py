"""`new --from`, `check --previous` and `aggregate` (issue 7), run as a clerk would run them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from models.exchange import read_exchange, write_exchange
from tests.conftest import FIXTURES, ROOT, SAMPLES

SAMPLE = SAMPLES / "national-2021-example.json"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
        env={**os.environ, "NIANBAO_DATA_DIR": ""},
    )


def test_new_from_an_exchange_file_carries_and_prints_the_summary(tmp_path: Path):
    out = tmp_path / "2025.json"
    result = run("new", "--from", str(SAMPLE), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "表三 二、上年结转政府信息公开申请数量·自然人：7" in result.stdout
    assert "未复制、仅作为跨年度核对基线（T2-02）：" in result.stdout
    report, _ = read_exchange(out)
    assert (report.year, report.format.id, report.get("requests", "carried_over", "total")) == (2025, "national-2021", 7)


def test_new_from_a_stored_report_by_id(tmp_path: Path):
    data = tmp_path / "data"
    imported = run("--data-dir", str(data), "import", str(SAMPLE))
    report_id = imported.stdout.strip()
    out = tmp_path / "2025.json"
    result = run("--data-dir", str(data), "new", "--from", report_id[:6], "--year", "2025", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert f"从草稿库中的报告 {report_id}结转" in result.stdout
    assert read_exchange(out)[0].get("requests", "carried_over", "natural") == 7


def test_new_without_from_and_its_refusals(tmp_path: Path):
    out = tmp_path / "new.json"
    assert run("new", "--format", "national-2021", "--org", "某局", "--year", "2025", "-o", str(out)).returncode == 0
    assert read_exchange(out)[0].organization == "某局"
    missing = run("new", "--org", "某局", "-o", str(out))
    assert missing.returncode == 2 and "--format、--year" in missing.stderr
    wrong_year = run("new", "--from", str(SAMPLE), "--year", "2027", "-o", str(tmp_path / "x.json"))
    assert wrong_year.returncode == 1 and "不能作为 2027 年度报告的起点" in wrong_year.stderr
    assert not (tmp_path / "x.json").exists()
    unreadable = run("new", "--from", str(tmp_path / "none.json"), "-o", str(out))
    assert unreadable.returncode == 2


def test_check_with_previous_runs_the_cross_year_rules(tmp_path: Path):
    report, _ = read_exchange(SAMPLE)
    last = tmp_path / "2023.json"
    report.year = 2023  # a consistent 2023, then one broken link: 结转下年度·自然人 4, not 5
    for column in ("natural", "business", "research", "public_interest", "legal_services", "other_org", "total"):
        report.set("requests", "carried_forward", column, report.get("requests", "carried_over", column))
    for row in ("regulations", "normative_documents"):
        in_force = report.get("proactive", row, "in_force")
        report.set("proactive", row, "in_force", in_force - report.get("proactive", row, "issued") + report.get("proactive", row, "repealed"))
    report.set("requests", "carried_forward", "natural", 4)
    write_exchange(report, last)
    result = run("check", str(SAMPLE), "--previous", str(last), "--json")
    assert result.returncode == 0  # warnings only
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["location"].get("column")) for f in findings] == [("T3-06", "natural")]
    assert "为 5，上年报告“四、结转下年度继续办理”自然人为 4" in findings[0]["message"]
    plain = run("check", str(SAMPLE))
    assert "检查通过" in plain.stdout
    assert run("check", str(SAMPLE), "--previous", str(tmp_path / "none.json")).returncode == 2


def test_aggregate_sums_files_and_refuses_mixed_years(tmp_path: Path):
    report, _ = read_exchange(SAMPLE)
    files = []
    for index, name in enumerate(["教育局", "财政局"]):
        report.organization = f"示例市{name}"
        files.append(tmp_path / f"dept{index}.json")
        write_exchange(report, files[-1])
    out = tmp_path / "city.json"
    result = run("aggregate", *map(str, files), "-o", str(out), "--org", "示例市人民政府")
    assert result.returncode == 0, result.stderr
    summed, _ = read_exchange(out)
    assert summed.get("requests", "new", "total") == 2 * 213 and summed.organization == "示例市人民政府"
    refused = run("aggregate", str(FIXTURES / "real-report-huaian-2024.json"), str(FIXTURES / "real-report-hongze-2023.json"), "-o", str(tmp_path / "r.json"))
    assert refused.returncode == 1
    assert "不能汇总：各报告的年度不同（2024年度：" in refused.stderr and "real-report-hongze-2023.json" in refused.stderr
    assert not (tmp_path / "r.json").exists()
    unreadable = run("aggregate", str(files[0]), str(tmp_path / "none.json"), "-o", str(tmp_path / "u.json"))
    assert unreadable.returncode == 2 and "none.json" in unreadable.stderr
