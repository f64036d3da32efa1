"""drafter new."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from drafter.commands.common import fail
from drafter.errors import InputError


def new(
    unit: Annotated[Optional[str], typer.Option("--unit", help="单位名称，如 区财政局")] = None,
    year: Annotated[Optional[int], typer.Option("--year", help="总结年份，如 2026")] = None,
    kind: Annotated[Optional[str], typer.Option(
        "--kind", help="报告类型（--list-kinds 列出，第一种为默认）", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option(
        "-o", "--output", help="输出的 .docx（默认：{单位}{年}年工作总结及{年+1}年工作计划.docx）")] = None,
    hints: Annotated[bool, typer.Option("--hints/--no-hints", help="每部分插入语料中的常用表述提示")] = True,
    reference_docx: Annotated[Optional[Path], typer.Option(
        "--reference-docx", help="沿用此 Word 文件的样式、字体和页面设置")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的文件")] = False,
    list_kinds: Annotated[bool, typer.Option("--list-kinds", help="列出可用的报告类型")] = False,
) -> None:
    """生成符合 GB/T 9704 的报告模板（.docx），每处待填内容写在【】中。"""
    from drafter.api import kinds
    from drafter.api import new as build

    if list_kinds:
        for k in kinds():
            typer.echo(f"{k['name']}\t{k['description']}")
        return
    if not unit or year is None:
        fail("请用 --unit 和 --year 给出单位名称和总结年份，如：drafter new --unit 区财政局 --year 2026")
    try:
        path = build(unit, year, kind, hints=hints, reference_docx=reference_docx).save(output, force)
    except InputError as exc:
        fail(str(exc))
    typer.echo(f"已生成：{path}")
