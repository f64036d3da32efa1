"""The command line in Chinese: click's help headings, and every usage error as one Chinese line.

click and typer write their help headings through ``gettext`` (``Options``, ``Arguments`` …) but
ship no Chinese catalog; ``install`` gives their modules this one, and the command classes write
``用法：`` and the --help line themselves. Usage errors are rebuilt from the
exception's parts (the option, its type, its choices), never by translating the English text,
so each names the option and shows a value that works.
"""

from __future__ import annotations

import re
import sys

import typer
from typer.core import TyperCommand, TyperGroup

try:  # typer ≥ 0.28 carries its own copy of click
    from typer._click import core, exceptions, types
except ImportError:  # pragma: no cover - older typer
    from click import core, exceptions, types

CATALOG = {
    "Options": "选项",
    "Arguments": "参数",
    "Positional arguments": "参数",
    "Commands": "命令",
    "Show this message and exit.": "显示本说明后退出。",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（运行时确定）",
    "Aborted!": "已中止。",
    "deprecated": "已停用",
}


def translate(message: str) -> str:
    return CATALOG.get(message, message)


USAGE_PREFIX = "用法："


def install() -> None:
    """Give click's and typer's help writers the Chinese headings (the modules that ask gettext)."""
    import typer.core

    for module in (typer.core, core):
        if hasattr(module, "_"):
            module._ = translate


class _ChineseHelp:
    """用法： and the --help line in Chinese, whichever click writes them."""

    def format_usage(self, ctx, formatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=USAGE_PREFIX)

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = translate("Show this message and exit.")
        return option


# the arguments in the usage line by what they are, not by their Python names (paths, rule_id); the
# options' <int>, <path> stay: a Chinese one would throw click's columns out of line (it counts a
# Chinese character as one column)
ARGUMENT_NAMES = {"paths": "文件或文件夹", "path": "文件", "rule_id": "规则编号", "inputs": "文件或文件夹"}


class ChineseCommand(_ChineseHelp, TyperCommand):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.metavar is None and param.param_type_name == "argument" and param.name in ARGUMENT_NAMES:
                param.metavar = ARGUMENT_NAMES[param.name] + ("..." if param.nargs != 1 else "")


# how a value of an option is written, shown when its value is wrong (the option's name without dashes)
EXAMPLES = {
    "year": "--year 应为四位年份，如 --year 2025",
    "jobs": "-j 应为正整数，如 -j 2",
    "port": "--port 应为 1—65535 的端口号，如 --port 8080",
    "top": "--top 应为正整数，如 --top 10",
    "min_docs": "--min-docs 应为正整数，如 --min-docs 2",
    "max_upload_mb": "--max-upload-mb 应为 0.1—1024 的数（兆字节），如 --max-upload-mb 20",
    "workers": "--workers 应为正整数，如 --workers 2",
}
_QUOTED = re.compile(r"'([^']*)'")


def _hint(param, fallback: str = "") -> str:
    if param is None:
        return fallback
    if param.param_type_name == "option":
        return max(param.opts, key=len)
    return param.human_readable_name


def _command_path(ctx) -> str:
    return ctx.command_path if ctx is not None else "drafter"


def usage_error_line(exc: exceptions.UsageError) -> str:
    """One Chinese line: what is wrong with the command line and how to write it."""
    ctx = exc.ctx
    see = f"（{_command_path(ctx)} --help 查看用法）"
    if isinstance(exc, exceptions.NoSuchOption):
        guess = f"，是否想写 {'、'.join(sorted(exc.possibilities))}" if exc.possibilities else ""
        return f"没有选项 {exc.option_name}{guess}{see}"
    if isinstance(exc, exceptions.BadOptionUsage):
        if "does not take" in exc.message:
            return f"选项 {exc.option_name} 后面不写值{see}"
        return f"选项 {exc.option_name} 后面要写一个值{see}"
    if isinstance(exc, exceptions.MissingParameter):
        param = exc.param
        if param.param_type_name == "argument":
            return f"缺少要处理的{_argument_word(param)}，如：{_command_path(ctx)} 草稿.docx{see}"
        return f"缺少 {_hint(param, '参数')}{see}"
    if isinstance(exc, exceptions.BadParameter):
        param = exc.param
        hint = _hint(param, exc.param_hint if isinstance(exc.param_hint, str) else "参数")
        value = _QUOTED.search(exc.message)
        shown = f"“{value.group(1)}”" if value else ""
        choices = [getattr(c, "value", c) for c in getattr(getattr(param, "type", None), "choices", None) or []]
        if choices:
            return f"{hint} 的值{shown}无效：只能是 {'、'.join(choices)} 之一，如 {hint} {choices[0]}"
        if param is not None and param.name in EXAMPLES:
            return f"{hint} 的值{shown}无效：{EXAMPLES[param.name]}"
        if param is not None and isinstance(param.type, (types.IntParamType, types.FloatParamType)):
            return f"{hint} 的值{shown}无效：应为数字，如 {hint} 2"
        return f"{hint} 的值{shown}无效{see}"
    if ctx is not None and hasattr(ctx.command, "list_commands"):
        name = _QUOTED.search(exc.message)
        if exc.message.startswith("No such command") and name:
            names = "、".join(ctx.command.list_commands(ctx))
            return f"没有命令“{name.group(1)}”；可用的命令：{names}"
        if exc.message.startswith("Missing command"):
            return f"缺少命令；可用的命令：{'、'.join(ctx.command.list_commands(ctx))}"
    extra = re.match(r"Got unexpected extra argument\S* \((.*)\)", exc.message)
    if extra:
        return f"多余的参数：{extra.group(1)}{see}"
    return f"命令行有误{see}"


def _argument_word(param) -> str:
    return ARGUMENT_NAMES.get(param.name, param.name or "参数")


# “drafter” alone: its help (the exception's name differs between click versions)
_NO_ARGS_IS_HELP = tuple(getattr(exceptions, n) for n in ("NoArgsIsHelpError", "NoArgsIsHelp")
                         if hasattr(exceptions, n))


class ChineseGroup(_ChineseHelp, TyperGroup):
    """The drafter group: a usage error is one Chinese line on stderr and exit code 2."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from drafter.commands.common import EXIT_INPUT

        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _NO_ARGS_IS_HELP as exc:
            typer.echo(exc.ctx.get_help())
            code = 0
        except exceptions.UsageError as exc:
            typer.echo(f"错误：{usage_error_line(exc)}", err=True)
            code = EXIT_INPUT
        except exceptions.ClickException as exc:
            typer.echo(f"错误：{exc.format_message()}", err=True)
            code = exc.exit_code
        except typer.Abort:
            typer.echo(translate("Aborted!"), err=True)
            code = 1
        code = code if isinstance(code, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code
