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
        "--kind", help="报告类型（--list-kinds 列出，第一种为默认；用 --from 时默认与去年报告相同）",
        show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option(
        "-o", "--output", help="输出的 .docx（默认：{单位}{年}年工作总结及{年+1}年工作计划.docx）")] = None,
    hints: Annotated[bool, typer.Option("--hints/--no-hints", help="每部分插入语料中的常用表述提示")] = True,
    reference_docx: Annotated[Optional[Path], typer.Option(
        "--reference-docx", help="沿用此 Word 文件的样式、字体和页面设置")] = None,
    seal: Annotated[bool, typer.Option(
        "--seal", help="落款按加盖印章排（GB/T 9704 7.3.5.1：成文日期右空四字，单位居中其上）；默认不加盖印章")] = False,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的文件")] = False,
    list_kinds: Annotated[bool, typer.Option("--list-kinds", help="列出可用的报告类型")] = False,
    from_report: Annotated[Optional[Path], typer.Option(
        "--from", help="去年的报告（.docx、.doc、.wps、.odt、.rtf、.txt、.md、网页或 PDF）：生成下一年的模板，去年计划的各项成为本年总结的小标题，"
                       "沿用其单位、类型和版式")] = None,
    report: Annotated[Optional[int], typer.Option(
        "--report", help="--from 给出的是汇编文件时，取其中第几篇（从 1 起）")] = None,
) -> None:
    """生成符合 GB/T 9704 的报告模板（.docx），每处待填内容写在【】中。"""
    from drafter.api import kinds
    from drafter.api import new as build

    if list_kinds:
        for k in kinds():
            typer.echo(f"{k['name']}\t{k['description']}")
        return
    if from_report is not None:
        _new_from(from_report, report, unit, year, kind, hints, reference_docx, seal, output, force)
        return
    if report is not None:
        fail("--report 只与 --from 一起使用，如：drafter new --from 汇编.txt --report 3")
    if not unit or year is None:
        fail("请用 --unit 和 --year 给出单位名称和总结年份，如：drafter new --unit 区财政局 --year 2026；"
             "或用 --from 去年报告.docx 从去年的报告生成")
    try:
        path = build(unit, year, kind, hints=hints, reference_docx=reference_docx, seal=seal).save(output, force)
    except InputError as exc:
        fail(str(exc))
    typer.echo(f"已生成：{path}")


def _new_from(source: Path, report, unit, year, kind, hints, reference_docx, seal, output, force) -> None:
    from drafter.api import new_from

    if year is not None:
        fail("用 --from 时年份取自去年的报告（其计划年份即新报告的总结年份），请去掉 --year")
    try:
        path = new_from(source, report, unit=unit, kind=kind, hints=hints, reference_docx=reference_docx,
                        seal=seal).save(output, force)
    except InputError as exc:
        fail(str(exc))
    typer.echo(f"已生成：{path}")
