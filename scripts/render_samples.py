"""Export every sample (and one draft) to .docx and PDF, and render pages to PNG.

Used to look at the export against GB/T 9704 and to refresh docs/images/ for the README
(issue 3, point 9). Needs LibreOffice and poppler-utils (pdftoppm).

Run: .venv/bin/python scripts/render_samples.py [OUT_DIR]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from export.docx_builder import export_docx  # noqa: E402
from export.pdf import convert_to_pdf  # noqa: E402
from models.exchange import read_exchange  # noqa: E402

SAMPLES = {
    "national-2021": (ROOT / "resources/samples/national-2021-example.json", (1, 4)),
    "legacy-2013": (ROOT / "resources/samples/hengyang-2013.json", (1, 5)),
    "draft": (ROOT / "tests/fixtures/real-report-hongze-2023.json", (1, 1)),
}


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "images"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        for name, (source, (first, last)) in SAMPLES.items():
            report, _ = read_exchange(source)
            docx_path = export_docx(report, Path(work) / f"{name}.docx").path
            pdf = convert_to_pdf(docx_path)
            for stale in out.glob(f"export-{name}-*.png"):
                stale.unlink()
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-f", str(first), "-l", str(last), str(pdf), str(out / f"export-{name}")],
                check=True,
            )
            print(name, sorted(p.name for p in out.glob(f"export-{name}-*.png")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
