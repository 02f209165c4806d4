"""The benchmark runner's wiring (issue 8, point 1), checked without measuring anything.

The benchmarks take a minute or more and mean something only on a quiet machine, so the
suite never runs them; it checks that benchmarks/run.py knows every benchmark with the
target its issue set, and that results turn into the table and exit code it promises.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from benchmarks import run
from benchmarks.common import Result
from tests.conftest import ROOT

# The targets as the issues set them: a change here is a change of the promise.
TARGETS = {
    "bench_validate": 10.0,  # issue 2: re-check on every keystroke
    "bench_export": 1.5,  # issue 3
    "bench_store": 1.2,  # issue 4: a save with 1,000 versions
    "bench_startup": 1.5,  # issue 5
    "bench_aggregate": 1.5,  # issue 7: 500 files
}


def test_the_runner_lists_every_benchmark_module():
    on_disk = {path.stem for path in (ROOT / "benchmarks").glob("bench_*.py")}
    assert set(run.MODULES) == on_disk
    assert len(run.MODULES) == len(set(run.MODULES)) == 5


def test_every_benchmark_has_a_measure_a_name_and_the_target_of_its_issue():
    for module in run.load_benchmarks():
        short = module.__name__.rsplit(".", 1)[-1]
        assert callable(module.measure)
        assert isinstance(module.NAME, str) and module.NAME
        assert module.TARGET_RATIO == TARGETS[short], short


def test_a_result_becomes_a_table_row():
    held = Result("重新检查", 0.1, 0.022, 10.0, "遍历一次全部单元格")
    missed = Result("启动", 350.0, 165.0, 1.5, "只显示一个 QWizard 的 PySide6 脚本")
    assert run.row(held) == ["重新检查", "0.10 ms", "遍历一次全部单元格 0.02 ms", "4.55", "≤ 10", "达标"]
    assert run.row(missed) == ["启动", "350 ms", "只显示一个 QWizard 的 PySide6 脚本 165 ms", "2.12", "≤ 1.5", "未达标"]
    assert run.row(missed, markdown=True)[-1] == "**未达标**"
    assert run.format_ms(4012.0) == "4.0 s"
    assert run.format_ms(1.7) == "1.7 ms"


def test_the_markdown_table_has_the_columns_of_the_readme():
    table = run.format_table([run.row(Result("导出", 32.0, 37.0, 1.5, "纯 python-docx 脚本"), markdown=True)], markdown=True)
    assert table.splitlines() == [
        "| 基准 | 结果 | 基准线 | 比值 | 目标 | 达标 |",
        "|---|---|---|---|---|---|",
        "| 导出 | 32 ms | 纯 python-docx 脚本 37 ms | 0.86 | ≤ 1.5 | 达标 |",
    ]


def test_the_plain_table_lines_up_chinese_columns():
    rows = [run.row(Result("导出整份报告", 32.0, 37.0, 1.5, "脚本")), run.row(Result("启动", 350.0, 165.0, 1.5, "脚本"))]
    lines = run.format_table(rows).splitlines()
    assert len(lines) == 4
    # "结果" starts in the same terminal column on every line (Chinese characters are two wide).
    starts = {run._width(line[: line.index(cells[1])]) for line, cells in zip(lines[2:], rows)}
    assert len(starts) == 1


def _fake(name: str, result: Result, calls: list[bool]) -> SimpleNamespace:
    def measure(quick: bool) -> Result:
        calls.append(quick)
        return result

    return SimpleNamespace(__name__=f"benchmarks.{name}", NAME=result.name, measure=measure)


@pytest.mark.parametrize("startup_ms, expected_exit", [(350.0, 1), (200.0, 0)])
def test_the_exit_code_says_whether_every_target_holds(monkeypatch, capsys, startup_ms, expected_exit):
    calls: list[bool] = []
    fakes = [
        _fake("bench_export", Result("导出", 32.0, 37.0, 1.5, "脚本"), calls),
        _fake("bench_startup", Result("启动", startup_ms, 165.0, 1.5, "脚本"), calls),
    ]
    monkeypatch.setattr(run, "load_benchmarks", lambda: fakes)
    assert run.main(["--quick", "--markdown"]) == expected_exit
    assert calls == [True, True], "every benchmark runs once, in quick mode"
    out = capsys.readouterr().out
    assert out.startswith("| 基准 | 结果 | 基准线 | 比值 | 目标 | 达标 |")
    assert ("未达标 1 项" in out) == (expected_exit == 1)
