"""drafter phrases."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from drafter.commands.common import EXIT_INPUT, Format, fail, input_error
from drafter.errors import InputError


class Section(str, Enum):
    lead = "lead"
    summary = "summary"
    highlights = "highlights"
    problems = "problems"
    plan = "plan"
    all = "all"


EXAMPLE_CHARS = 48
DETAIL_CELLS = 110  # the last column's width (a Chinese character is two cells), so the others are never cut


def _short(text: str, phrase: str, limit: int = EXAMPLE_CHARS) -> str:
    """The example cut to ``limit`` characters around the phrase's first fixed part."""
    if len(text) <= limit:
        return text
    part = next((p for p in phrase.split("{…}") if p and "<" not in p and "{" not in p), "")
    at = text.find(part) if part else -1
    start = 0 if at < 0 else max(0, min(at - limit // 3, len(text) - limit))
    out = text[start:start + limit]
    return ("…" + out[1:] if start else out)[:limit - 1] + "…" if start + limit < len(text) else "…" + out[1:]


def phrases(
    section: Annotated[Section, typer.Option("--section", help="哪一部分的常用表述")] = Section.all,
    top: Annotated[int, typer.Option("--top", help="显示前 N 条")] = 20,
    profile: Annotated[Optional[Path], typer.Option("--profile", help="drafter mine 生成的风格档案（默认：内置档案）")] = None,
    min_docs: Annotated[Optional[int], typer.Option(
        "--min-docs", help="这一部分至少有这么多篇报告用过（默认 2，报告多时为有该部分报告的 1%）",
        show_default=False)] = None,
    contains: Annotated[Optional[str], typer.Option("--contains", help="只列出含有这个词的表述")] = None,
    format: Annotated[Format, typer.Option("--format", help="输出格式")] = Format.text,
) -> None:
    """列出某一部分的常用表述，越靠前越是这一部分特有的说法。

    \b
    每条写明：在这一部分“出现 N 次，见于 M 篇”报告；“本部分占比”是它的全部用例中
    出现在这一部分的比例（100% 即只在这一部分用）；带空位的句式（{…}）附上报告中
    实际填过的内容；另附一个例句。排序按典型程度：在这一部分的报告中用得多、在其他
    部分用得少的排在前面（加权对数优势比）。{数字} 处为数字。
    语料中某部分不足 30 篇报告时，挖掘结果之后附上整理的常用写法（标“整理”，附用法说明）。"""
    if top < 1:
        fail("--top 应为正整数")
    if min_docs is not None and min_docs < 1:
        fail("--min-docs 应为正整数")
    from drafter.api import phrases as listing
    from drafter.mining.profile import ROLE_NAMES

    name = section.value
    try:
        entries = listing(name, top=top, min_docs=min_docs, contains=contains, profile=profile)
    except InputError as exc:
        input_error(exc)
        raise typer.Exit(EXIT_INPUT) from None
    if format is Format.json:
        typer.echo(json.dumps([e.to_json() for e in entries], ensure_ascii=False, indent=2))
        return
    if not entries:
        need = f"至少 {min_docs} 篇报告用过；" if min_docs else ""
        typer.echo(f"没有符合条件的表述（{need}可用 --min-docs 调低）")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("表述", no_wrap=True)
    table.add_column("本部分用例" if name != "all" else "用例", no_wrap=True)
    if name == "all":
        table.add_column("部分", no_wrap=True)
    else:
        table.add_column("本部分占比", justify="right", no_wrap=True)
    table.add_column("填过的内容 / 例句 / 用法", no_wrap=True, overflow="ellipsis", max_width=DETAIL_CELLS)
    for e in entries:
        used = "整理的常用写法" if e.stock else f"出现 {e.count} 次，见于 {e.docs} 篇"
        cells = [e.text, used]
        cells.append(ROLE_NAMES.get(e.section, e.section) if name == "all" else
                     ("" if e.stock else f"{e.share:.0%}"))
        if e.stock:
            detail = e.note
        elif e.fillers:
            detail = "填过：" + "、".join(f"“{f}”" for f in e.fillers) + "　例：" + _short(e.example, e.text)
        else:
            detail = _short(e.example, e.text)
        cells.append(detail)
        table.add_row(*cells)
    Console(width=200, soft_wrap=False, highlight=False).print(table)

