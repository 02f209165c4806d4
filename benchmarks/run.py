"""Every speed benchmark in one run, as one table of ratios (issue 8, point 1).

Each benchmark module measures its subject against a floor in the same run and states
its own target (benchmarks/common.py); this runner only calls them one after another and
lays the results out, so a target lives in exactly one place, next to the reason for
it. The exit code is 0 only when every row holds, so the run can gate a release.

Run: python benchmarks/run.py [--quick] [--markdown]
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import Result  # noqa: E402

# In the order of the issues that set their targets: 2, 3, 4, 5, 7.
MODULES = ("bench_validate", "bench_export", "bench_store", "bench_startup", "bench_aggregate")
COLUMNS = ("基准", "结果", "基准线", "比值", "目标", "达标")


def load_benchmarks() -> list[ModuleType]:
    """The benchmark modules, each with measure(quick), NAME and TARGET_RATIO."""
    return [importlib.import_module(f"benchmarks.{name}") for name in MODULES]


def format_ms(milliseconds: float) -> str:
    """A time as people read it: 0.10 ms, 32 ms, 4.0 s."""
    if milliseconds >= 1000:
        return f"{milliseconds / 1000:.1f} s"
    if milliseconds >= 10:
        return f"{milliseconds:.0f} ms"
    if milliseconds >= 1:
        return f"{milliseconds:.1f} ms"
    return f"{milliseconds:.2f} ms"


def row(result: Result, markdown: bool = False) -> list[str]:
    """The table cells of one result, in the order of COLUMNS."""
    verdict = "达标" if result.holds else ("**未达标**" if markdown else "未达标")
    return [
        result.name,
        format_ms(result.subject_ms),
        f"{result.floor_name} {format_ms(result.floor_ms)}",
        f"{result.ratio:.2f}",
        f"≤ {result.target_ratio:g}",
        verdict,
    ]


def _width(text: str) -> int:
    """Columns a text takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def format_table(rows: list[list[str]], markdown: bool = False) -> str:
    """The rows under the COLUMNS header, as a Markdown table or aligned plain text."""
    if markdown:
        lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        lines += ["| " + " | ".join(cells) + " |" for cells in rows]
        return "\n".join(lines)
    widths = [max(_width(cells[i]) for cells in [list(COLUMNS), *rows]) for i in range(len(COLUMNS))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(cells, widths)).rstrip()

    return "\n".join([line(list(COLUMNS)), "  ".join("-" * width for width in widths), *map(line, rows)])


def run_all(benchmarks: list[ModuleType], quick: bool, progress: Callable[[str], None]) -> list[Result]:
    """Measure each benchmark in turn (never in parallel: they would disturb each other)."""
    results = []
    for number, module in enumerate(benchmarks, 1):
        progress(f"正在测量（{number}/{len(benchmarks)}）：{module.__name__.rsplit('.', 1)[-1]}……")
        results.append(module.measure(quick))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="运行全部速度基准，列出与同次测量的基准线之比")
    parser.add_argument("--quick", action="store_true", help="较短的测量（约半分钟）")
    parser.add_argument("--markdown", action="store_true", help="输出 Markdown 表格（用于 README）")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    results = run_all(load_benchmarks(), args.quick, lambda text: print(text, file=sys.stderr, flush=True))
    elapsed = time.perf_counter() - start
    print(format_table([row(result, args.markdown) for result in results], args.markdown))
    missed = [result for result in results if not result.holds]
    print()
    if missed:
        print(f"未达标 {len(missed)} 项（共 {len(results)} 项），用时 {elapsed:.0f} 秒")
    else:
        print(f"全部 {len(results)} 项达标，用时 {elapsed:.0f} 秒")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
