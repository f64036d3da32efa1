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
    min_docs: Annotated[int, typer.Option("--min-docs", help="至少有这么多篇报告用过")] = 2,
    contains: Annotated[Optional[str], typer.Option("--contains", help="只列出含有这个词的表述")] = None,
    format: Annotated[Format, typer.Option("--format", help="输出格式")] = Format.text,
) -> None:
    """列出某一部分的常用表述：次数、用过的报告篇数、对该部分的特征度和一个例句。"""
    if top < 1:
        fail("--top 应为正整数")
    if min_docs < 1:
        fail("--min-docs 应为正整数")
    from drafter.api import phrases as ranked
    from drafter.mining.profile import ROLE_NAMES

    name = section.value
    try:
        rows = [r.to_json() for r in ranked(name, top=top, min_docs=min_docs, contains=contains, profile=profile)]
    except InputError as exc:
        input_error(exc)
        raise typer.Exit(EXIT_INPUT) from None
    if format is Format.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo("没有符合条件的表述" + (f"（--min-docs {min_docs}）" if min_docs > 1 else ""))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("表述", no_wrap=True)
    table.add_column("次数", justify="right")
    table.add_column("篇数", justify="right")
    if name == "all":
        table.add_column("部分", no_wrap=True)
    table.add_column("特征度", justify="right")
    table.add_column("例句", no_wrap=True, overflow="ellipsis")
    for r in rows:
        cells = [r["text"], str(r["count"]), str(r["docs"])]
        if name == "all":
            cells.append(ROLE_NAMES.get(r["section"], r["section"]))
        cells += [f"{r['score']:.2f}", _short(r["example"], r["text"])]
        table.add_row(*cells)
    Console(width=200, soft_wrap=False, highlight=False).print(table)
