"""drafter mine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from drafter.commands.common import EXIT_INPUT, check_jobs, fail, input_error
from drafter.errors import InputError


def mine(
    paths: Annotated[list[Path], typer.Argument(help="报告文件或文件夹（.docx/.doc/.wps/.odt/.rtf/.txt/.md/.html/.pdf，可为汇编）", show_default=False)],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="把风格档案写成 JSON 文件（- 为标准输出）；不给时显示摘要")] = None,
    jobs: Annotated[int, typer.Option("-j", "--jobs", help="并行的进程数")] = 1,
    force: Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖")] = False,
) -> None:
    """从一批报告中挖掘本单位的写作风格档案：各部分标题、顺序、篇幅和常用表述。"""
    check_jobs(jobs)
    to_stdout = output is not None and str(output) == "-"
    if output is not None and not to_stdout:
        if output.is_dir():
            fail(f"{output}：是文件夹，请给出文件名")
        if output.exists() and not force:
            fail(f"{output}：文件已存在，加 --force 覆盖")
    from drafter.api import mine as run
    from drafter.mining.miner import summary_text

    unreadable: list[InputError] = []

    def skip(exc: InputError) -> None:  # one line per bad file; the others are still mined
        input_error(exc)
        unreadable.append(exc)

    try:
        profile = run(paths, output=None if to_stdout else output, force=force, jobs=jobs, progress=True,
                      on_error=skip)
        if output is None:
            typer.echo(summary_text(profile))
        elif to_stdout:
            typer.echo(profile.dumps(), nl=False)
        else:
            typer.echo(f"已写入 {output}（{profile.reports} 篇报告，{len(profile.phrases)} 条表述）", err=True)
    except InputError as exc:
        if not unreadable:  # when every file was unreadable, their lines already say why
            input_error(exc)
        raise typer.Exit(EXIT_INPUT) from None
    if unreadable:
        raise typer.Exit(EXIT_INPUT)
