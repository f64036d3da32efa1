"""drafter lint."""

from __future__ import annotations

import json
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from drafter.commands.common import EXIT_FINDINGS, EXIT_INPUT, Format, check_jobs, check_year, fail, input_error
from drafter.errors import InputError


class Severity(str, Enum):
    info = "info"
    warning = "warning"
    error = "error"


class FailOn(str, Enum):
    warning = "warning"
    error = "error"
    never = "never"


def lint(
    paths: Annotated[list[Path], typer.Argument(help="要检查的文件或文件夹（.docx/.doc/.wps/.odt/.rtf/.txt/.md/.html/.pdf）", show_default=False)],
    format: Annotated[Format, typer.Option("--format", help="输出格式")] = Format.text,
    min_severity: Annotated[Severity, typer.Option(help="只显示此级别及以上的问题（提示 info 需显式指定）")] = Severity.warning,
    fail_on: Annotated[FailOn, typer.Option(help="存在此级别及以上的问题时退出码为 1")] = FailOn.error,
    disable: Annotated[Optional[list[str]], typer.Option(help="停用的规则，逗号分隔")] = None,
    enable: Annotated[Optional[list[str]], typer.Option(help="启用（覆盖配置中停用）的规则，逗号分隔")] = None,
    rules: Annotated[Optional[list[Path]], typer.Option(help="追加或覆盖规则文件的文件夹")] = None,
    year: Annotated[Optional[int], typer.Option(help="总结年份（默认从标题推断）")] = None,
    plan: Annotated[Optional[Path], typer.Option(
        "--plan", help="去年的报告：逐条对照其工作计划，本年总结未交代的事项报告为 plan-coverage")] = None,
    jobs: Annotated[int, typer.Option("-j", "--jobs", help="并行处理的文件数")] = 1,
    annotate: Annotated[bool, typer.Option(
        "--annotate", help="另存一份带批注的副本（默认 {文件名}.批注.docx），每个问题一条 Word 批注")] = False,
    output: Annotated[Optional[Path], typer.Option(
        "-o", "--output", help="批注副本的路径（隐含 --annotate，只用于一个文件）")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的批注副本")] = False,
    quiet: Annotated[bool, typer.Option(
        "-q", "--quiet", help="只显示错误级别的问题和最后的合计行（文本输出）")] = False,
) -> None:
    """检查草稿：缺少部分、未填占位符、重复、序号、标点、数字、年份、用词和格式。"""
    from drafter.api import lint_paths
    from drafter.outputs.report import format_text, format_total, use_color
    from drafter.reader import location_unit
    from drafter.rules.base import severity_rank

    check_year(year)
    check_jobs(jobs)
    try:
        run = lint_paths(paths, jobs=jobs, min_severity=min_severity.value, disable=disable, enable=enable,
                         rules=rules or (), year=year, plan=plan, annotate=annotate, output=output, force=force)
    except InputError as exc:  # an unknown rule, a missing or broken rule folder, a plan without a plan part
        fail(str(exc))
    for error in run.errors:
        input_error(InputError(error["path"], error["message"]))
    for skipped in run.skipped:
        typer.echo(f"跳过：{skipped['path']}：{skipped['message']}", err=True)
    color = use_color()
    for file in run.files:
        if file.error:
            input_error(InputError(file.path, file.error))
        elif format is Format.text:
            shown = [replace(r, findings=[f for f in r.findings if f.severity == "error"]) for r in file.results] \
                if quiet else file.results
            shown = [r for r in shown if r.findings or not quiet]
            if shown:
                typer.echo(format_text(shown, color, location_unit(file.path)))
    if annotate or output is not None:
        _copies_said(run)
    if format is Format.json:
        typer.echo(json.dumps(run.to_json(), ensure_ascii=False, indent=2))
    else:
        read = sum(1 for f in run.files if not f.error)
        typer.echo(format_total(read, run.results, len({e["path"] for e in run.all_errors()}), len(run.skipped)))
    if run.all_errors():
        raise typer.Exit(EXIT_INPUT)
    if fail_on is not FailOn.never:
        bar = severity_rank(fail_on.value)
        if any(severity_rank(f.severity) >= bar for r in run.results for f in r.findings):
            raise typer.Exit(EXIT_FINDINGS)


def _copies_said(run) -> None:
    """What became of each annotated copy, in file order (a text file: a note, its results stand)."""
    from drafter.reader import DOCX_SUFFIXES, location_unit
    from drafter.reader.convert import needs_conversion

    for error in run.copy_errors:
        input_error(InputError(error["path"], error["message"]))
    if run.copy_errors:
        return
    for file in run.files:
        if file.error:
            continue
        converted = needs_conversion(file.path)
        if not file.path.lower().endswith(DOCX_SUFFIXES) and not converted:
            why = "PDF 和网页无法加 Word 批注，请用 .docx 原稿" if location_unit(file.path) == "段" else "不是 .docx，无法加批注"
            typer.echo(f"提示：{file.path}：{why}，未生成批注副本", err=True)
        elif file.copy_error:
            input_error(InputError(file.copy_error["path"], file.copy_error["message"]))
        elif file.copy:
            how = "原文件经 LibreOffice 转换，副本为 .docx，" if converted else ""
            typer.echo(f"已生成批注副本：{file.copy.output}（{how}{file.copy.comments} 条批注）", err=True)
