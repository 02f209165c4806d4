"""models/, export/ and cli/ never import Qt (DEVELOPERS.md architecture rules).

The check runs in a fresh interpreter because this test process may already have
loaded Qt for the GUI tests; it imports every module of these packages and then looks
for any PySide6 or shiboken6 module in sys.modules.
"""

import subprocess
import sys
import textwrap

from tests.conftest import ROOT


def test_models_export_and_cli_load_no_qt_module():
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        names = []
        for package in ("models", "export", "cli"):
            module = importlib.import_module(package)
            names.append(package)
            for info in pkgutil.walk_packages(module.__path__, package + "."):
                importlib.import_module(info.name)
                names.append(info.name)
        # Loading the formats and reading a sample runs the lazily imported code too.
        from models.exchange import read_exchange
        from models.rules import validate
        report, _ = read_exchange("resources/samples/national-2021-example.json")
        validate(report)
        qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
        print(len(names), ",".join(qt))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    count, qt_modules = result.stdout.strip().split(" ", 1) if " " in result.stdout.strip() else (result.stdout.strip(), "")
    assert int(count) >= 8, "the walk must really have imported the packages"
    assert qt_modules == ""
