"""drafter rules."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from drafter.commands.common import fail


def rules_command(
    rule_id: Annotated[Optional[str], typer.Argument(help="规则编号：显示它的说明和例句")] = None,
) -> None:
    """列出全部检查规则；给出规则编号时显示其应报和不应报的例句。"""
    from drafter.report import SEVERITY_NAMES
    from drafter.rules.registry import rule_infos, threshold_defaults

    infos = rule_infos()
    if rule_id is None:
        width = max(len(i.id) for i in infos)
        for info in infos:
            typer.echo(f"{info.id.ljust(width)}  {SEVERITY_NAMES[info.severity]}  {info.description}")
        return
    info = next((i for i in infos if i.id == rule_id), None)
    if info is None:
        fail(f"没有规则“{rule_id}”（用 drafter rules 查看全部规则）")
    typer.echo(f"{info.id}（{SEVERITY_NAMES[info.severity]}）：{info.description}\n定义：{info.source}")
    if info.rationale:
        typer.echo(f"理由：{info.rationale}")
    limits = threshold_defaults().get(info.id)
    if limits:
        settable = "，".join(f"{k} = {v:g}" for k, v in limits.items())
        typer.echo(f"可在 drafter.toml 的 [thresholds.{info.id}] 中调整：{settable}")
    typer.echo("\n应当报告的例子：")
    for text in info.flag:
        typer.echo("  ✗ " + text.replace("\n", " / "))
    typer.echo("\n不应报告的例子：")
    for text in info.passes:
        typer.echo("  ✓ " + text.replace("\n", " / "))


