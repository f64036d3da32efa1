"""What `drafter lint` does once its options are known, and a reader of its usual command lines.

Kept free of typer and click: `drafter lint 草稿.docx` is the command people run most, and importing
and building the typer command costs about 45 ms at every start. ``parse_usual`` reads the command
lines made only of lint's own options with valid values; anything else (--help, a misspelt option, a
bad value) returns None and goes through typer, which writes its Chinese usage error.
tests/test_cli.py checks that the options here are the typer command's.
"""

from __future__ import annotations

import gc
import sys
from dataclasses import replace
from pathlib import Path

from drafter.commands.common import EXIT_FINDINGS, EXIT_INPUT, input_error
from drafter.errors import InputError

CHOICES = {"format": ("text", "json"), "min_severity": ("info", "warning", "error"),
           "fail_on": ("warning", "error", "never")}
# option → (parameter, kind): "value" (the last one counts), "list" (repeatable), "flag"
OPTIONS = {
    "--format": ("format", "value"), "--min-severity": ("min_severity", "value"), "--fail-on": ("fail_on", "value"),
    "--disable": ("disable", "list"), "--enable": ("enable", "list"), "--rules": ("rules", "list"),
    "--year": ("year", "value"), "--plan": ("plan", "value"), "-j": ("jobs", "value"), "--jobs": ("jobs", "value"),
    "--annotate": ("annotate", "flag"), "-o": ("output", "value"), "--output": ("output", "value"),
    "--force": ("force", "flag"), "-q": ("quiet", "flag"), "--quiet": ("quiet", "flag"),
}


def defaults() -> dict:
    return {"paths": [], "format": "text", "min_severity": "warning", "fail_on": "error", "disable": None,
            "enable": None, "rules": None, "year": None, "plan": None, "jobs": 1, "annotate": False,
            "output": None, "force": False, "quiet": False}


def parse_usual(args: list[str]) -> dict | None:
    """lint's options from the arguments after `lint`, or None for typer to deal with."""
    from drafter.document.model import YEAR_MAX, YEAR_MIN

    options = defaults()
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if not arg.startswith("-") or arg == "-":
            options["paths"].append(Path(arg))
            continue
        name, eq, value = arg.partition("=")
        if name not in OPTIONS:
            return None
        param, kind = OPTIONS[name]
        if kind == "flag":
            if eq:
                return None
            options[param] = True
            continue
        if not eq:
            if i == len(args) or args[i].startswith("-"):
                return None
            value = args[i]
            i += 1
        if param in CHOICES:
            if value not in CHOICES[param]:
                return None
        elif param in ("year", "jobs"):
            if not value.isascii() or not value.isdigit():
                return None
            value = int(value)
            if (param == "jobs" and value < 1) or (param == "year" and not YEAR_MIN <= value <= YEAR_MAX):
                return None
        elif param in ("plan", "output", "rules"):
            value = Path(value)
        if kind == "list":
            options[param] = [*(options[param] or []), value]
        else:
            options[param] = value
    return options if options["paths"] else None


def _out(text: str, err: bool = False) -> None:
    print(text, file=sys.stderr if err else sys.stdout, flush=True)  # in order when both go to one place


def _out_bytes(pieces: list[bytes]) -> None:
    """UTF-8 text already encoded, in pieces (lint's JSON for a program), after what print wrote before it."""
    sys.stdout.flush()
    out = sys.stdout.buffer
    for piece in pieces:  # write() each, not writelines(): a stream that copies what is written (click's test
        out.write(piece)  # runner) sees only write()
    out.write(b"\n")
    out.flush()


def run_lint(paths, format="text", min_severity="warning", fail_on="error", disable=None, enable=None, rules=None,
             year=None, plan=None, jobs=1, annotate=False, output=None, force=False, quiet=False) -> int:
    """Lint, write the results, and return the exit code."""
    # importing the rules makes long-lived objects and no garbage: no collection while it runs (cli.main
    # starts with collection off already)
    gc.disable()
    try:
        from drafter.api import lint_paths
        from drafter.outputs.report import for_a_person, format_json, format_text, format_total, use_color
        from drafter.reader import location_unit
        from drafter.rules.base import severity_rank
    finally:
        gc.enable()
    # linting makes many short-lived objects and few reference cycles: a young collection every 20,000
    # allocations instead of 700 (about 3% of a folder's time); -j workers, forked, inherit it
    gc.set_threshold(20_000, 10, 10)
    # the modules' objects, made so far, live until the process ends: collections (the first one would
    # scan all of them, 10–20 ms) then look only at what linting makes; -j workers inherit this too
    gc.freeze()
    # compact JSON is encoded where each file is linted: a -j worker then sends back text, not objects
    as_json = format == "json" and not for_a_person()
    try:
        run = lint_paths(paths, jobs=jobs, min_severity=min_severity, disable=disable, enable=enable,
                         rules=rules or (), year=year, plan=plan, annotate=annotate, output=output, force=force,
                         as_json=as_json)
    except InputError as exc:  # an unknown rule, a missing or broken rule folder, a plan without a plan part
        _out(f"错误：{exc}", err=True)
        return EXIT_INPUT
    for error in run.errors:
        input_error(InputError(error["path"], error["message"]))
    for skipped in run.skipped:
        _out(f"跳过：{skipped['path']}：{skipped['message']}", err=True)
    color = use_color()
    for file in run.files:
        if file.error:
            input_error(InputError(file.path, file.error))
        elif format == "text":
            shown = [replace(r, findings=[f for f in r.findings if f.severity == "error"]) for r in file.results] \
                if quiet else file.results
            shown = [r for r in shown if r.findings or not quiet]
            if shown:
                _out(format_text(shown, color, location_unit(file.path)))
    if annotate or output is not None:
        _copies_said(run)
    if format == "json":
        if as_json:
            _out_bytes(run.json_pieces())
        else:
            _out(format_json(run.to_json()))
    else:
        read = sum(1 for f in run.files if not f.error)
        _out(format_total(read, run.results, len({e["path"] for e in run.all_errors()}), len(run.skipped)))
    if run.all_errors():
        return EXIT_INPUT
    if fail_on != "never":
        bar = severity_rank(fail_on)
        if any(severity_rank(severity) >= bar for f in run.files for severity in f.counts):
            return EXIT_FINDINGS
    return 0


def _copies_said(run) -> None:
    """What became of each annotated copy, in file order (a text file: a note, its results stand)."""
    from drafter.reader import DOCX_SUFFIXES, location_unit
    from drafter.reader.convert import needs_conversion

    for error in run.copy_errors:
        input_error(InputError(error["path"], error["message"]))
    if run.copy_errors:
        return
    for file in run.files:
        if file.error:
            continue
        converted = needs_conversion(file.path)
        if not file.path.lower().endswith(DOCX_SUFFIXES) and not converted:
            why = "PDF 和网页无法加 Word 批注，请用 .docx 原稿" if location_unit(file.path) == "段" else "不是 .docx，无法加批注"
            _out(f"提示：{file.path}：{why}，未生成批注副本", err=True)
        elif file.copy_error:
            input_error(InputError(file.copy_error["path"], file.copy_error["message"]))
        elif file.copy:
            how = "原文件经 LibreOffice 转换，副本为 .docx，" if converted else ""
            _out(f"已生成批注副本：{file.copy.output}（{how}{file.copy.comments} 条批注）", err=True)
