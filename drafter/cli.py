"""The drafter command: each command lives in drafter/commands/, importing heavy modules only when it runs."""

from __future__ import annotations

import sys

import typer

from drafter.commands import fix, lint, mine, new, outline, phrases, rules, serve
from drafter.commands.common import EXIT_INPUT, input_error
from drafter.errors import InputError

app = typer.Typer(
    help="drafter：机关年度工作总结及工作计划的审稿检查、模板生成与常用表述挖掘。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("lint")(lint.lint)
app.command("fix")(fix.fix)
app.command("outline")(outline.outline)
app.command("new")(new.new)
app.command("phrases")(phrases.phrases)
app.command("mine")(mine.mine)
app.command("rules")(rules.rules_command)
app.command("serve")(serve.serve)


def main() -> None:
    try:
        app()
    except InputError as exc:
        input_error(exc)
        sys.exit(EXIT_INPUT)
    except KeyboardInterrupt:
        sys.exit(130)
