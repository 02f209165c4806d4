"""Aggregating 500 departments' exchange files, against just reading them.

A city's office may collect hundreds of exchange files (issue 7 point 7). Reading them is
the work that cannot be avoided, so it is the floor, measured in the same run: summing
every cell of every report (models/aggregate.py) must add at most half of it
(TARGET_RATIO 1.5). Anything per cell that is more than a dictionary update, such as
building a Report per addition or re-validating, would show here. The files are 500
small variations of the national-2021 sample (each number shifted, another body),
written to a temporary folder first. Absolute times are printed for reference only.

Run: python benchmarks/bench_aggregate.py [--quick]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import Result, fastest_interleaved, run_main  # noqa: E402
from models.aggregate import aggregate  # noqa: E402
from models.exchange import read_exchange, write_exchange  # noqa: E402

TARGET_RATIO = 1.5
COUNT = 500
NAME = f"汇总 {COUNT} 个 national-2021 交换文件（含读取）"


def write_variations(folder: Path, count: int) -> list[Path]:
    """count copies of the sample, each another body with every count scaled by (1 + i % 3)."""
    sample, _ = read_exchange(ROOT / "resources" / "samples" / "national-2021-example.json")
    paths = []
    for index in range(count):
        factor = 1 + index % 3
        report, _ = read_exchange(ROOT / "resources" / "samples" / "national-2021-example.json")
        report.organization = f"示例市第{index + 1}局"
        report.cells = {cell: None if value is None else value * factor for cell, value in sample.cells.items()}
        path = folder / f"dept-{index:03d}.json"
        write_exchange(report, path)
        paths.append(path)
    return paths


def measure(quick: bool = False) -> Result:
    count = 100 if quick else COUNT
    with tempfile.TemporaryDirectory() as temp:
        paths = write_variations(Path(temp), count)

        def read_all() -> float:
            start = time.perf_counter()
            [read_exchange(path)[0] for path in paths]
            return time.perf_counter() - start

        def read_and_aggregate() -> float:
            start = time.perf_counter()
            reports = [read_exchange(path)[0] for path in paths]
            aggregate(reports, "示例市人民政府办公室")
            return time.perf_counter() - start

        subject, floor = fastest_interleaved(read_and_aggregate, read_all, 3 if quick else 5)
    return Result(NAME.replace(str(COUNT), str(count)), subject * 1000, floor * 1000, TARGET_RATIO, "只读取这些文件")


if __name__ == "__main__":
    run_main(measure, "汇总的速度基准")
