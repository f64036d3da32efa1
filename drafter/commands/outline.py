"""drafter outline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from drafter.commands.common import Format, check_year, fail
from drafter.errors import InputError


def outline(
    path: Annotated[Path, typer.Argument(
        help="报告文件（.docx/.doc/.wps/.odt/.rtf/.txt/.md/.html/.pdf；汇编文件按篇列出），或文件夹（其中每个文件）",
        show_default=False)],
    format: Annotated[Format, typer.Option("--format", help="输出格式")] = Format.text,
    year: Annotated[Optional[int], typer.Option(help="总结年份（默认从标题推断）")] = None,
) -> None:
    """显示报告结构：标题、各级标题、各部分的作用（总结/问题/计划）和段落范围。"""
    from drafter.api import outline as build
    from drafter.document.corpus import report_files

    check_year(year)
    folder = path.is_dir()
    try:
        files = report_files([path]) if folder else [str(path)]
    except InputError as exc:
        fail(str(exc))
    found: list[tuple[str, list]] = []
    unreadable = False
    for file in files:
        try:
            found.append((file, build(file, year=year)))
        except InputError as exc:
            if not folder:
                fail(str(exc))
            typer.echo(f"错误：{exc}", err=True)  # one bad file in a folder: the others still shown
            unreadable = True
    if format is Format.json:
        # a folder: each outline also names its file
        items = [{"path": file, **o.to_json()} if folder else o.to_json() for file, outlines in found for o in outlines]
        typer.echo(json.dumps(items, ensure_ascii=False, indent=2))
    else:
        for file, outlines in found:
            if folder:
                typer.echo(file)
            _print(outlines)
    if unreadable:
        raise typer.Exit(2)


def _print(outlines) -> None:
    for o in outlines:
        unit = "段" if o.report.kind == "docx" else "行"
        typer.echo(f"《{o.title_text or '（无标题）'}》  年份：{o.year or '未能识别'}")
        if o.lead:
            typer.echo(f"  开头  {_span(o.lead[0].index, o.lead[-1].index, unit)}")
        for section in o.walk():
            indent = "  " * section.heading.level
            roles = "、".join(_role_label(r, unit) for r in section.roles)
            typer.echo(f"{indent}{section.heading.display[:40]}  {_span(section.first, section.last, unit)}"
                       + (f"  <{roles}>" if roles else ""))
        if o.signature:
            typer.echo(f"  落款  {_span(o.signature[0].index, o.signature[-1].index, unit)}")


def _span(first: int, last: int, unit: str) -> str:
    return f"第{first}{unit}" if first == last else f"第{first}–{last}{unit}"


def _role_label(role, unit: str) -> str:
    from drafter.document.roles import role_names

    label = f"{role.name} {role_names('short').get(role.name, '')}".strip()
    return f"{label}（段中，第{role.paragraph}{unit}，无单独标题）" if role.inline else label
