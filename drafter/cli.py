"""The drafter command: each command lives in drafter/commands/, importing heavy modules only when it runs."""

from __future__ import annotations

import sys

import typer

from drafter.commands import chinese, fix, lint, mine, new, outline, phrases, rules, serve
from drafter.commands.common import EXIT_INPUT, input_error
from drafter.errors import InputError

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
for _name, _command in (("lint", lint.lint), ("fix", fix.fix), ("outline", outline.outline), ("new", new.new),
                        ("phrases", phrases.phrases), ("mine", mine.mine), ("rules", rules.rules_command),
                        ("serve", serve.serve)):
    # the whole first line of the docstring in the command list (click would cut it at the width)
    app.command(_name, cls=chinese.ChineseCommand, options_metavar="[选项]", short_help=_command.__doc__.strip().splitlines()[0])(_command)


def main() -> None:
    try:
        app()
    except InputError as exc:
        input_error(exc)
        sys.exit(EXIT_INPUT)
    except KeyboardInterrupt:
        sys.exit(130)
