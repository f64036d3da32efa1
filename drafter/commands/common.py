"""What every command shares: exit codes, option types, the one-line error."""

from __future__ import annotations

from enum import Enum

import typer

from drafter.errors import InputError

EXIT_FINDINGS = 1
EXIT_INPUT = 2


class Format(str, Enum):
    text = "text"
    json = "json"


def input_error(exc: InputError) -> None:
    typer.echo(f"错误：{exc}", err=True)


def fail(message: str) -> None:
    """A usage error: one line, exit code 2."""
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(EXIT_INPUT)
