"""Which fonts the exported document names, and what Word may use when one is missing.

GB/T 9704 names 小标宋 for the title, 仿宋 for the body, 黑体 and 楷体 for headings;
offices usually have the _GB2312 and 方正 variants, many home PCs only the plain
Windows ones (docs/design-notes.md §6.2). The document names one font per role; the font
table lists the common fallbacks as w:altName so Word and WPS substitute sensibly.
"""

from __future__ import annotations

from msgspec import Struct
from msgspec.structs import replace


class FontSet(Struct, frozen=True):
    """The font of each role in the document."""

    title: str = "方正小标宋简体"
    body: str = "仿宋_GB2312"
    heading1: str = "黑体"
    heading2: str = "楷体_GB2312"
    table: str = "宋体"
    page_number: str = "宋体"
    latin: str = "Times New Roman"

    def with_overrides(self, **names: str) -> FontSet:
        """A copy with some roles renamed (from settings or the command line)."""
        known = {k: v for k, v in names.items() if v}
        unknown = set(known) - set(self.__struct_fields__)
        if unknown:
            raise ValueError(f"未知的字体用途：{'、'.join(sorted(unknown))}")
        return replace(self, **known)


STANDARD = FontSet()
"""The names offices use (docs/design-notes.md §6.2): the default."""

COMMON = FontSet(title="宋体", body="仿宋", heading1="黑体", heading2="楷体")
"""Fonts every Chinese Windows has: for machines without the _GB2312 and 方正 fonts."""

PRESETS = {"standard": STANDARD, "common": COMMON}

FALLBACKS: dict[str, str] = {
    "方正小标宋简体": "宋体",
    "方正小标宋_GBK": "宋体",
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "黑体": "SimHei",
    "宋体": "SimSun",
    "仿宋": "FangSong",
    "楷体": "KaiTi",
}
"""Font → the alternative Word should try when the font is not installed."""
