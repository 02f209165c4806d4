"""What every benchmark shares: a ratio against a floor measured in the same run.

These machines are shared and noisy, so no benchmark states an absolute time as its
target (DEVELOPERS.md): each measures its subject and its floor interleaved, keeps the
fastest of each (the least disturbed), and compares the two.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    name: str
    subject_ms: float
    floor_ms: float
    target_ratio: float
    floor_name: str

    @property
    def ratio(self) -> float:
        return self.subject_ms / self.floor_ms

    @property
    def holds(self) -> bool:
        return self.ratio <= self.target_ratio

    @property
    def target(self) -> str:
        return f"≤ {self.target_ratio:g}× {self.floor_name}"

    def line(self) -> str:
        verdict = "达标" if self.holds else "未达标"
        return (
            f"{self.name}：{self.subject_ms:.3g} ms，基准（{self.floor_name}）{self.floor_ms:.3g} ms，"
            f"比值 {self.ratio:.2f}（目标 ≤ {self.target_ratio:g}）：{verdict}"
        )


def fastest_interleaved(subject: Callable[[], float], floor: Callable[[], float], repeat: int) -> tuple[float, float]:
    """Run subject and floor alternately, each returning seconds; the fastest of each.

    Alternating (and swapping who goes first) spreads any slow spell of the machine
    over both sides instead of one.
    """
    subject_times, floor_times = [], []
    for index in range(repeat):
        if index % 2:
            floor_times.append(floor())
            subject_times.append(subject())
        else:
            subject_times.append(subject())
            floor_times.append(floor())
    return min(subject_times), min(floor_times)


def run_main(measure: Callable[[bool], Result], description: str) -> None:
    """The command line of one benchmark: --quick, a Chinese result line, exit 1 if missed."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="较短的测量")
    result = measure(parser.parse_args().quick)
    print(result.line())
    sys.exit(0 if result.holds else 1)
