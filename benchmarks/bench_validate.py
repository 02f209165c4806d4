"""Re-validating a whole national-2021 report after one edit, against a floor.

The wizard re-validates on every keystroke (issue 2, point 4). The floor, measured in the
same run, is one plain Python pass that reads and sums every cell of the same report: the
least any whole-report check must do. Re-validation (every rule, every finding built)
must stay within TARGET_RATIO of it: a handful of passes over the cells. Re-compiling
the rules, re-reading the format or anything quadratic on each keystroke would cost
hundreds of times the floor. Absolute times are printed for reference only, since these
machines are shared and noisy (a keystroke has about 16 ms before it is felt).

Run: python benchmarks/bench_validate.py [--quick]
"""

from __future__ import annotations

import argparse
import sys
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.exchange import read_exchange  # noqa: E402
from models.rules import validate  # noqa: E402

TARGET_RATIO = 10.0
NAME = "一次修改后重新检查整份 national-2021 报告"


def measure(quick: bool = False) -> dict[str, float | str | bool]:
    report, _ = read_exchange(ROOT / "resources" / "samples" / "national-2021-example.json")
    # A report with findings is the worse case: every finding builds its message.
    report.set("requests", "total", "natural", 2931)
    cells = report.cells
    edited = ("requests", "new", "natural")
    toggle = [186, 187]

    def edit_and_validate() -> None:
        toggle.reverse()
        cells[edited] = toggle[0]
        validate(report)

    def floor() -> None:
        total = 0
        for value in cells.values():
            if value is not None:
                total += value

    number, repeat = (100, 5) if quick else (500, 15)
    # min over repeats: the least-disturbed measurement of each, taken interleaved.
    subject_times, floor_times = [], []
    for _ in range(repeat):
        subject_times.append(timeit.timeit(edit_and_validate, number=number) / number)
        floor_times.append(timeit.timeit(floor, number=number) / number)
    subject, base = min(subject_times), min(floor_times)
    ratio = subject / base
    return {
        "name": NAME,
        "subject_ms": subject * 1000,
        "floor_ms": base * 1000,
        "ratio": ratio,
        "target": f"≤ {TARGET_RATIO:g}× 遍历一次全部单元格",
        "holds": ratio <= TARGET_RATIO,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="重新检查的速度基准")
    parser.add_argument("--quick", action="store_true", help="较短的测量")
    result = measure(parser.parse_args().quick)
    print(
        f"{result['name']}：{result['subject_ms']:.3f} ms，基准 {result['floor_ms']:.3f} ms，"
        f"比值 {result['ratio']:.2f}（目标 {result['target']}）：{'达标' if result['holds'] else '未达标'}"
    )
    return 0 if result["holds"] else 1


if __name__ == "__main__":
    sys.exit(main())
