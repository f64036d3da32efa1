"""What every command shares: exit codes, option types, the one-line error."""

from __future__ import annotations

import sys
from enum import Enum

from drafter.errors import InputError

EXIT_FINDINGS = 1
EXIT_INPUT = 2


class Format(str, Enum):
    text = "text"
    json = "json"


def input_error(exc: InputError) -> None:
    print(f"错误：{exc}", file=sys.stderr, flush=True)  # not typer.echo: `drafter lint` runs without typer (commands/lint_run.py)


def fail(message: str) -> None:
    """A usage error: one line, exit code 2."""
    import typer

    print(f"错误：{message}", file=sys.stderr, flush=True)
    raise typer.Exit(EXIT_INPUT)


def check_year(year: int | None) -> None:
    from drafter.document.model import YEAR_MAX, YEAR_MIN

    if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
        fail("--year：年份应为四位数的公历年份，如 2025")


def check_jobs(jobs: int) -> None:
    if jobs < 1:
        fail("-j：进程数应为正整数，如 -j 2")
