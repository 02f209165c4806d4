"""Re-validating a whole national-2021 report after one edit, against a floor.

The wizard re-validates on every keystroke (issue 2, point 4). The floor, measured in the
same run, is one plain Python pass that reads everything a whole-report check must read:
it sums every cell and steps through every character of the 编制说明 and the section
texts (since issue 7 the rules read the narrative too: numbers quoted next to keywords,
pasted debris, dates). Re-validation (every rule, every finding built) must stay within
TARGET_RATIO of it: a handful of passes over the report. Re-compiling
the rules, re-reading the format or anything quadratic on each keystroke would cost
hundreds of times the floor. Absolute times are printed for reference only, since these
machines are shared and noisy (a keystroke has about 16 ms before it is felt).

Run: python benchmarks/bench_validate.py [--quick]
"""

from __future__ import annotations

import sys
import timeit
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import Result, fastest_interleaved, run_main  # noqa: E402
from models.exchange import read_exchange  # noqa: E402
from models.rules import validate  # noqa: E402

TARGET_RATIO = 10.0
NAME = "一次修改后重新检查整份 national-2021 报告"


def measure(quick: bool = False) -> Result:
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

    texts = [report.preface, *report.texts.values()]

    def floor() -> None:
        total: int | Decimal = 0
        for value in cells.values():
            if value is not None:
                total += value
        for text in texts:
            for _character in text:
                pass

    number, repeat = (100, 5) if quick else (500, 15)
    subject, base = fastest_interleaved(
        lambda: timeit.timeit(edit_and_validate, number=number) / number,
        lambda: timeit.timeit(floor, number=number) / number,
        repeat,
    )
    return Result(NAME, subject * 1000, base * 1000, TARGET_RATIO, "遍历一次全部单元格和正文")


if __name__ == "__main__":
    run_main(measure, "重新检查的速度基准")
