"""drafter fix."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from drafter.commands.common import fail
from drafter.errors import InputError


def fix(
    path: Annotated[Path, typer.Argument(help="要修改的 .docx/.txt/.md 文件（.doc/.wps/.odt/.rtf 经 LibreOffice 转换后以 .docx 写出）", show_default=False)],
    output: Annotated[Optional[Path], typer.Option(
        "-o", "--output", help="修改后的副本（默认 {文件名}.修改.docx 或 .修改.txt，与原文件同一文件夹）")] = None,
    rules: Annotated[Optional[list[str]], typer.Option("--rules", help="只做这些规则的修改，逗号分隔")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="不写文件，只显示修改前后文字的差异（unified diff）")] = False,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件")] = False,
    all_suggestions: Annotated[bool, typer.Option(
        "--all-suggestions", help="也把不确定的建议（如“截止”→“截至”）写成修订，供逐条核对；只用于 .docx")] = False,
) -> None:
    """自动修改能机械修正的问题（重复标点、半角标点、序号写法、连字符范围、重复的句子、标题末尾标点、确定的用词）。

    .docx 的每处修改以修订（作者 drafter）写入副本，可在 Word“审阅”中逐条接受或拒绝；.txt/.md 另存修改后的副本。
    原文件不会被修改。
    """
    from drafter.api import fix as run
    from drafter.reader.convert import needs_conversion

    try:
        result = run(path, output, rules=rules or None, dry_run=dry_run, force=force,
                     all_suggestions=all_suggestions)
    except InputError as exc:
        fail(str(exc))
    if dry_run:
        for line in result.diff(output):
            typer.echo(line)
    note = (lambda text: typer.echo(text, err=True)) if dry_run else typer.echo
    if all_suggestions and result.unit == "行":
        note("--all-suggestions 只用于 .docx：纯文本没有修订可供核对，不确定的建议不做修改，请按 drafter lint 的建议手工修改。")
    for edit in result.applied:
        note(edit.describe(result.unit))
    for edit, reason in result.skipped:
        note(f"{edit.describe(result.unit)}：未修改（{reason}）")
    if not result.applied:
        note("没有可以自动修改的问题，未生成文件。" if not dry_run else "没有可以自动修改的问题。")
    elif dry_run:
        note(f"共 {len(result.applied)} 处可自动修改（--dry-run：未写入文件）。")
    elif result.unit == "段":
        converted = "；原文件经 LibreOffice 转换，副本为 .docx" if needs_conversion(str(path)) else ""
        note(f"共 {len(result.applied)} 处修改，已以修订形式写入：{result.output}"
             f"（在 Word“审阅”中逐条接受或拒绝{converted}）")
    else:
        note(f"共 {len(result.applied)} 处修改，已写入：{result.output}")
