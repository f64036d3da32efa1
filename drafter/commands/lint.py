"""drafter lint."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from drafter.commands.common import Format, check_jobs, check_year


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
    from drafter.commands.lint_run import run_lint

    check_year(year)
    check_jobs(jobs)
    code = run_lint(paths, format=format.value, min_severity=min_severity.value, fail_on=fail_on.value, disable=disable,
                    enable=enable, rules=rules, year=year, plan=plan, jobs=jobs, annotate=annotate, output=output,
                    force=force, quiet=quiet)
    if code:
        raise typer.Exit(code)
