"""drafter lint."""

from __future__ import annotations

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


def _split_ids(values: list[str] | None) -> frozenset[str]:
    return frozenset(v.strip() for raw in values or [] for v in raw.replace("，", ",").split(",") if v.strip())


def _lint_one(path: str, options):
    """Worker: (path, results, why it could not be read); an unreadable file does not stop the others."""
    from drafter.lint import lint_file

    try:
        return path, lint_file(path, options), None
    except InputError as exc:
        return exc.path, [], exc.reason


def lint(
    paths: Annotated[list[Path], typer.Argument(help="要检查的文件或文件夹（.docx/.doc/.wps/.odt/.rtf/.txt/.md/.html/.pdf）", show_default=False)],
    format: Annotated[Format, typer.Option("--format", help="输出格式")] = Format.text,
    min_severity: Annotated[Severity, typer.Option(help="只显示此级别及以上的问题（提示 info 需显式指定）")] = Severity.warning,
    fail_on: Annotated[FailOn, typer.Option(help="存在此级别及以上的问题时退出码为 1")] = FailOn.error,
    disable: Annotated[Optional[list[str]], typer.Option(help="停用的规则，逗号分隔")] = None,
    enable: Annotated[Optional[list[str]], typer.Option(help="启用（覆盖配置中停用）的规则，逗号分隔")] = None,
    rules: Annotated[Optional[list[Path]], typer.Option(help="追加或覆盖规则文件的文件夹")] = None,
    year: Annotated[Optional[int], typer.Option(help="总结年份（默认从标题推断）")] = None,
    jobs: Annotated[int, typer.Option("-j", "--jobs", help="并行处理的文件数")] = 1,
    annotate: Annotated[bool, typer.Option(
        "--annotate", help="另存一份带批注的副本（默认 {文件名}.批注.docx），每个问题一条 Word 批注")] = False,
    output: Annotated[Optional[Path], typer.Option(
        "-o", "--output", help="批注副本的路径（隐含 --annotate，只用于一个文件）")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的批注副本")] = False,
) -> None:
    """检查草稿：缺少部分、未填占位符、重复、序号、标点、数字、年份、用词和格式。"""
    from drafter.config import Config
    from drafter.corpus import report_files
    from drafter.reader import location_unit
    from drafter.reader.convert import batch
    from drafter.report import format_text, to_json, use_color
    from drafter.rules.base import severity_rank
    from drafter.rules.registry import all_rule_ids

    check_year(year)
    check_jobs(jobs)
    extra_dirs = tuple(str(r.resolve()) for r in rules or [])
    for folder in extra_dirs:
        if not Path(folder).is_dir():
            fail(f"{folder}：规则文件夹不存在")
    disabled, enabled = _split_ids(disable), _split_ids(enable)
    try:
        known = all_rule_ids(extra_dirs)  # loads every rule file: a broken one stops here
    except InputError as exc:
        fail(str(exc))
    unknown = (disabled | enabled) - known
    if unknown:
        fail(f"没有这些规则：{'、'.join(sorted(unknown))}（用 drafter rules 查看全部规则）")
    options = Config(disable=disabled, enable=enabled, rules_dirs=extra_dirs, year=year)
    errors: list[dict] = []
    files: list[str] = []
    for p in paths:
        try:
            files.extend(report_files([p]))
        except InputError as exc:
            errors.append({"path": exc.path, "message": exc.reason})
            input_error(exc)
    with batch(files):  # older office files: one LibreOffice run for all, for lint and the copies
        outcomes = _run_lint(files, options, jobs)
        threshold = severity_rank(min_severity.value)
        color = use_color()
        all_results = []
        for path, results, error in outcomes:
            if error:
                input_error(InputError(path, error))
                errors.append({"path": path, "message": error})
                continue
            for r in results:
                r.findings = [f for f in r.findings if severity_rank(f.severity) >= threshold]
            all_results.extend(results)
            if format is Format.text:
                typer.echo(format_text(results, color, location_unit(path)))
        if annotate or output is not None:
            from drafter.annotate import annotate_outcomes

            errors.extend(annotate_outcomes(outcomes, output, force))
    if format is Format.json:
        typer.echo(to_json(all_results, errors))
    if errors:
        raise typer.Exit(EXIT_INPUT)
    if fail_on is not FailOn.never:
        bar = severity_rank(fail_on.value)
        if any(severity_rank(f.severity) >= bar for r in all_results for f in r.findings):
            raise typer.Exit(EXIT_FINDINGS)


def _run_lint(files: list[str], options, jobs: int):
    if jobs <= 1 or len(files) <= 1:
        return [_lint_one(f, options) for f in files]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_lint_one, files, [options] * len(files), chunksize=max(1, len(files) // (jobs * 8))))


