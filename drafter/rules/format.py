"""format (.docx only): fonts, sizes and margins against GB/T 9704, reported once per document."""

from __future__ import annotations

from drafter import gbt9704 as gb
from drafter.document.model import Paragraph
from drafter.rules.context import CodeRule, Context

MARGIN_TOLERANCE_MM = 2
# (what, font family word, size in pt); a heading's size is not checked (drafts vary, the family tells)
EXPECTED = {
    "title": ("标题", gb.family(gb.TITLE[0]), gb.TITLE[1]),
    "body": ("正文", gb.family(gb.BODY[0]), gb.BODY[1]),
    1: ("一级标题", gb.family(gb.HEADINGS[0][0]), None),
    2: ("二级标题", gb.family(gb.HEADINGS[1][0]), None),
}


def _describe(p: Paragraph) -> str:
    size = gb.SIZE_NAMES.get(p.font_size, f"{p.font_size:g}磅") if p.font_size else "字号未知"
    return f"第{p.index}段：{p.east_asia_font or '字体未知'} {size}"


def _wrong(p: Paragraph, family: str, size: float | None) -> bool:
    font = (p.east_asia_font or "").lower()
    font_wrong = bool(font) and not any(alias.lower() in font for alias in gb.FAMILIES[family])
    size_wrong = size is not None and p.font_size is not None and abs(p.font_size - size) > 0.25
    return font_wrong or size_wrong


def check(ctx: Context):
    if ctx.source_format != "docx":
        return
    groups: dict = {"title": ctx.outline.title, "body": [p for p in ctx.body() if not p.in_table]}
    for h in ctx.outline.headings.values():
        if h.level in (1, 2) and not h.run_in and not h.paragraph.in_table:
            groups.setdefault(h.level, []).append(h.paragraph)
    for key, paragraphs in groups.items():
        what, family, size = EXPECTED[key]
        wrong = [p for p in paragraphs if _wrong(p, family, size)]
        if not wrong:
            continue
        expected = family + (f" {gb.SIZE_NAMES[size]}（{size}磅）" if size else "")
        examples = "；".join(_describe(p) for p in wrong[:3])
        yield FORMAT.finding(
            f"{what}格式不符合 GB/T 9704：{len(paragraphs)}段中有{len(wrong)}段不是{expected}（如{examples}）。"
            f"请把{what}统一设为{expected}。",
            wrong[0].index, 0, len(wrong[0].text.rstrip()),
        )
    margins = ctx.report.margins_mm
    if margins:
        off = [(name, got, want) for name, got, want in zip(("上", "下", "左", "右"), margins, gb.MARGINS_MM)
               if abs(got - want) > MARGIN_TOLERANCE_MM]
        if off:
            detail = "，".join(f"{name}边距{got:g}毫米（应为{want}毫米）" for name, got, want in off)
            yield FORMAT.finding(f"页边距不符合 GB/T 9704：{detail}。请在“布局—页边距”中调整。", None)


FORMAT = CodeRule(
    "format",
    "warning",
    "字体、字号、页边距不符合 GB/T 9704（仅 .docx，每类只报一次）",
    check,
    rationale="公文版式：正文 3 号仿宋，标题 2 号小标宋，一级标题黑体、二级标题楷体，页边距上 37、下 35、左 28、右 26 毫米（GB/T 9704-2012《党政机关公文格式》）。",
)

RULES = [FORMAT]
