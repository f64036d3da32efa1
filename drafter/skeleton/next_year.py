"""``drafter new --from 去年报告``: next year's skeleton, its summary part made of last year's plan items.

From last year's report are kept: the unit, the kind, the title's wording with its years moved on by one,
and (a .docx) the layout, as ``--reference-docx`` keeps it. The lead, the problems and plan parts and the
落款 are the kind's template for the new year. The summary part has one heading per plan item, followed
by a prompt quoting the planned measure. Nothing of last year's text stands as a fact: figures in the
headings are left to fill (【数】), the measure is quoted only inside the prompt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from drafter.document.model import YEAR_PATTERN
from drafter.document.plan import PlanSource, pick_report, plan_source, read_reports, unit_of
from drafter.errors import InputError
from drafter.skeleton.templates import Block, render_kind

_YEAR = re.compile(rf"({YEAR_PATTERN})(\s*年)")
_UNIT_PROMPT = "【单位名称】"  # no colon inside: the title must still look like a title


@dataclass
class NextYear:
    """What the new skeleton is made of."""

    source: PlanSource
    unit: str
    year: int  # the new report's summary year: last year's plan year
    kind: str
    blocks: list[Block]

    @property
    def title(self) -> str:
        return next((b.text for b in self.blocks if b.kind == "title"), "")


def moved_on(text: str, year: int) -> str:
    """The years of the report's period moved on by one: 2024年 → 2025年, 2025年 → 2026年."""
    return _YEAR.sub(lambda m: f"{int(m.group(1)) + 1}{m.group(2)}" if int(m.group(1)) in (year, year + 1)
                     else m.group(0), text)


def _unit(source: PlanSource) -> str:
    unit = unit_of(source.outline.title_text)
    if not unit and len(source.outline.signature) == 2:
        unit = source.outline.signature[0].text.strip()
    return unit or _UNIT_PROMPT


def _cn(n: int) -> str:
    from drafter.reader.numbering import format_number

    return format_number(n, "chineseCounting")


_LOOSE_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_HALF_COMMA = re.compile(r"(?<=[\u4e00-\u9fff]),")


def _quoted(text: str) -> str:
    """Last year's words inside a prompt: no brackets that would end it, inner quotes made single, the
    stray spaces and half-width commas of pasted text tidied."""
    text = _HALF_COMMA.sub("，", _LOOSE_SPACE.sub("", text))
    return text.replace("【", "“").replace("】", "”").replace("“", "‘").replace("”", "’")


def summary_blocks(source: PlanSource) -> list[Block]:
    """The new summary's items: one heading per plan item and the prompt to report on it."""
    blocks = []
    for i, item in enumerate(source.items, 1):
        blocks.append(Block("h2", f"（{_cn(i)}）{item.heading()}"))
        blocks.append(Block("p", f"【对照去年计划：“{_quoted(item.detail)}”完成情况，写明数据与成效】"))
    return blocks


def _summary_range(blocks: list[Block], year: int) -> tuple[int, int]:
    """Where the template's summary part lies: after its h1 (and hint) up to the next h1."""
    from drafter.document.roles import read_heading

    heads = [i for i, b in enumerate(blocks) if b.kind == "h1"]
    for k, i in enumerate(heads):
        if "summary" in read_heading(blocks[i].text, year, first=k == 0).names:
            start = i + 1
            while start < len(blocks) and blocks[start].kind == "hint":
                start += 1
            end = heads[k + 1] if k + 1 < len(heads) else len(blocks)
            return start, end
    raise InputError("模板", "报告类型的模板中没有工作总结部分，无法写入去年计划的条目")


Hints = Callable[[int, str], dict[str, list[str]]]  # the set phrases per part for a summary year and kind


def next_year(path: str, report: int | None = None, *, unit: str | None = None, kind: str | None = None,
              hints: Hints | None = None) -> NextYear:
    """Next year's skeleton from last year's report (``report``: its number in a compilation, from 1)."""
    from drafter.rules.run import report_kind

    source = plan_source(pick_report(read_reports(path), report, path))
    old_year = source.outline.year
    if old_year is None:
        raise InputError(path, "标题和各部分标题中都没有年份，无法确定去年报告的年份")
    year = old_year + 1
    unit = (unit or "").strip() or _unit(source)
    own_kind, _ = report_kind(source.outline)
    kind = kind or own_kind
    blocks = render_kind(kind, unit=unit, year=year, hints=hints(year, kind) if hints else None)
    old_title = source.outline.title_text
    if kind == own_kind and str(old_year) in old_title:  # the unit's own wording of the title, years moved on
        title, old_unit = moved_on(old_title, old_year), unit_of(old_title)
        title = title.replace(old_unit, unit, 1) if old_unit else unit + title  # --unit may rename it
        blocks = [Block("title", title) if b.kind == "title" else b for b in blocks]
    start, end = _summary_range(blocks, year)
    blocks = blocks[:start] + summary_blocks(source) + blocks[end:]
    return NextYear(source, unit, year, kind, blocks)
