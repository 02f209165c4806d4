"""The repository stands alone and packs whole (issue 13, points 2 and 4).

A checkout is all a newcomer has: a test, a script or a comment that reaches outside it
works on one machine only, and a data file missing from the wheel makes the installed
`nianbao` useless. Both are cheap to check on every run; the wheel itself is built and
installed into a fresh venv by packaging/build.sh in CI.
"""

from __future__ import annotations

import fnmatch
import subprocess
import tomllib
from pathlib import Path

from tests.conftest import ROOT

# Written in two pieces so that this file does not name what it looks for.
OUTSIDE = [
    "../" + "shared",
    "shared/" + "reference",
    "shared/" + "fixtures",
    "/" + "work/",
    "/" + "root/",
    "seed-" + "report",
    "stack-" + "notes.md",
    "word-" + "layout.md",
    "code-" + "style.md",
    "anchors" + ".md",
]
DESIGN_NOTE = "formats" + ".md"
"""A note of that name is not in the repository (docs/exchange-format.md is)."""


def _tracked_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout.decode("utf-8").split("\0")
        return [ROOT / name for name in listed if name]
    except (OSError, subprocess.CalledProcessError):  # an exported tree without .git
        skip = {".git", ".venv", "build", "__pycache__", ".pytest_cache", ".hypothesis"}
        return [p for p in ROOT.rglob("*") if p.is_file() and not skip & set(p.relative_to(ROOT).parts)]


def test_nothing_in_the_repository_refers_to_files_outside_it():
    found = []
    for path in _tracked_files():
        if path == Path(__file__).resolve() or not path.exists():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images, zips
        for number, line in enumerate(text.splitlines(), 1):
            hits = [needle for needle in OUTSIDE if needle in line]
            if DESIGN_NOTE in line and "exchange-" + DESIGN_NOTE[:-4] not in line:
                hits.append(DESIGN_NOTE)
            found += [f"{path.relative_to(ROOT)}:{number}: {needle}" for needle in hits]
    assert not found, "\n".join(found)


def _package_data() -> tuple[list[str], list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    return config["packages"]["find"]["include"], config["package-data"]["resources"]


def test_every_resource_file_goes_into_the_wheel():
    """A new kind of file in resources/ must be added to pyproject's package-data too."""
    include, patterns = _package_data()
    assert "resources*" in include
    files = [
        p.relative_to(ROOT / "resources").as_posix()
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    assert files, "resources/ is not empty"
    packed = {p.relative_to(ROOT / "resources").as_posix() for pattern in patterns for p in (ROOT / "resources").glob(pattern)}
    left_out = sorted(set(files) - packed)
    assert not left_out, f"not in the wheel: {left_out}"


def test_every_package_of_the_program_goes_into_the_wheel():
    include, _ = _package_data()
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "benchmarks"}
    assert packages, "the program has packages"
    assert all(any(fnmatch.fnmatchcase(name, pattern) for pattern in include) for name in packages), packages
