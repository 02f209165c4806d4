"""Helpers to read an exported document back, by two independent readers."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx2python import docx2python
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def flatten(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    texts = []
    for child in node:
        texts += flatten(child)
    return texts


def docx2python_text(path: Path) -> list[str]:
    """Every paragraph and table cell of the body, in document order (docx2python)."""
    with docx2python(str(path)) as document:
        return [t for t in flatten(document.body) if t.strip()]


def squeeze(text: str) -> str:
    """Compare texts as a reader would: NFKC (so ㈠ = （一） = (一), ： = :) and no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def xml_part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


@pytest.fixture
def exported(tmp_path):
    """Export a report to a file in tmp_path and return the written path."""
    from export.docx_builder import export_docx

    def run(report, name="report.docx", **kwargs):
        return export_docx(report, tmp_path / name, **kwargs)

    return run
