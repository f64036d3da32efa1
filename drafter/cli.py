"""The drafter command: each command lives in drafter/commands/, importing heavy modules only when it runs.

`drafter lint` with its usual options runs without typer (commands/lint_run.py) and ends the process
as soon as its output is flushed; every other command line goes through the typer app.
"""

from __future__ import annotations

import gc
import os
import sys
from functools import cache

from drafter.commands.common import EXIT_INPUT, input_error
from drafter.errors import InputError


@cache
def _app():
    import typer

    from drafter.commands import chinese, fix, lint, mine, new, outline, phrases, rules, serve

    chinese.install()
    # plain click help (rich_markup_mode=None): Chinese headings, long lines wrapped, never cut with “…”
    app = typer.Typer(
        cls=chinese.ChineseGroup,
        help="drafter：机关年度工作总结及工作计划的审稿检查、模板生成与常用表述挖掘。",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        options_metavar="[选项]",
        subcommand_metavar="命令 [参数]...",
    )
    for name, command in (("lint", lint.lint), ("fix", fix.fix), ("outline", outline.outline), ("new", new.new),
                          ("phrases", phrases.phrases), ("mine", mine.mine), ("rules", rules.rules_command),
                          ("serve", serve.serve)):
        # the whole first line of the docstring in the command list (click would cut it at the width)
        app.command(name, cls=chinese.ChineseCommand, options_metavar="[选项]",
                    short_help=command.__doc__.strip().splitlines()[0])(command)
    return app


def __getattr__(name: str):
    if name == "app":  # the typer app, built on first use (tests run it with typer's CliRunner)
        return _app()
    raise AttributeError(name)


def main() -> None:
    # starting up only imports: long-lived objects and no garbage, which collections would scan again and
    # again (about 5 ms of a cold start); run_lint turns collection on after its imports, every other command here
    gc.disable()
    try:
        if sys.argv[1:2] == ["lint"]:
            from drafter.commands.lint_run import parse_usual, run_lint

            options = parse_usual(sys.argv[2:])
            if options is not None:
                try:
                    code = run_lint(**options)
                except BrokenPipeError:  # `drafter lint … | head`: the reader left; exit 1 as click does
                    os._exit(1)
                _exit(code)
        app = _app()
        gc.enable()
        app()
    except InputError as exc:
        input_error(exc)
        sys.exit(EXIT_INPUT)
    except KeyboardInterrupt:
        sys.exit(130)
    finally:
        gc.enable()


def _exit(code: int) -> None:
    """Flush and leave without the interpreter's teardown (about 20 ms of freeing objects no one will use)."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `drafter lint … | head`
        pass
    os._exit(code)
