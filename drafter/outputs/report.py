"""report: lint results as terminal text or as the stable JSON document."""

from __future__ import annotations

import os
import sys
from collections import Counter

from drafter.rules.base import Finding
from drafter.rules.names import rule_label
from drafter.rules.run import ReportResult

JSON_VERSION = 1  # of the lint JSON document (README, “JSON”); the web API's too
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
_COLORS = {"error": "31", "warning": "33", "info": "36"}
_YEAR_SOURCES = {"title": "据标题", "headings": "据标题层次", "lead": "据开头", "option": "按 --year"}


def use_color(stream=None) -> bool:
    stream = stream or sys.stdout
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def for_a_person(stream=None) -> bool:
    """JSON written to a terminal is indented for a person to read; to a file or a pipe, compact for a
    program (json's C encoder: indenting falls back to its pure-Python one, about 10x slower on a
    folder's results)."""
    return (stream or sys.stdout).isatty()


def format_json(document: dict, stream=None) -> str:
    import json

    return json.dumps(document, ensure_ascii=False, indent=2) if for_a_person(stream) else compact_json(document)


def compact_json(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def compact_result_json(result: ReportResult) -> str:
    """``compact_json(result.to_json())``, each finding written out here: json's C encoder takes twice as
    long over a report's findings (0.12 against 0.07 ms for 33). Strings are escaped by json's own function."""
    from json.encoder import encode_basestring as string

    def number(value: int | None) -> str:
        return "null" if value is None else str(value)

    def finding(f: Finding) -> str:
        text = (f'{{"rule":{string(f.rule)},"severity":{string(f.severity)},"message":{string(f.message)},'
                f'"paragraph":{number(f.paragraph)},"start":{number(f.start)},"end":{number(f.end)},'
                f'"section":{string(f.section)},"excerpt":{string(f.excerpt)},'
                f'"suggestion":{"null" if f.suggestion is None else string(f.suggestion)}')
        return text + "}" if f.plan is None else f'{text},"plan":{compact_json(f.plan)}}}'

    return (f'{{"path":{string(result.path)},"report":{string(result.title)},"year":{number(result.year)},'
            f'"findings":[{",".join(map(finding, result.findings))}]}}')


def _paint(text: str, code: str, color: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if color else text


def _highlight(f: Finding, color: bool) -> str:
    if not color or not f.excerpt_span:
        return f.excerpt
    a, b = f.excerpt_span
    return f.excerpt[:a] + _paint(f.excerpt[a:b], "4;1", True) + f.excerpt[b:]


def extra_suggestion(f: Finding) -> str | None:
    """The suggestion to show after the message: none when the message already says it (“建议改为“，””)."""
    if not f.suggestion or f"“{f.suggestion}”" in f.message:
        return None
    return f.suggestion


def location(f: Finding, kind_word: str) -> str:
    if f.paragraph is None:
        return "全文"
    where = f"第{f.paragraph}{kind_word}"
    if f.start is not None and f.end is not None and f.end > f.start:
        where += f" 第{f.start + 1}–{f.end}字"
    return where


def format_text(results: list[ReportResult], color: bool, kind_word: str = "段") -> str:
    lines: list[str] = []
    if results:
        lines.append(_paint(results[0].path, "1", color))
    for result in results:
        year = f"{result.year}年" if result.year else "未能识别"
        source = _YEAR_SOURCES.get(result.year_source, "")
        lines.append(f"  《{result.title or '（无标题）'}》  总结年份：{year}{'（' + source + '）' if source else ''}")
        section = None
        for f in result.findings:
            if f.section != section:
                section = f.section
                lines.append("    " + _paint(section or "全文", "1", color))
            severity = _paint(SEVERITY_NAMES[f.severity], _COLORS[f.severity], color)
            lines.append(f"      {location(f, kind_word)}  {severity}  {rule_label(f.rule)}")
            lines.append(f"        {f.message}")
            if f.excerpt:
                lines.append("        原文：" + _highlight(f, color))
            if extra_suggestion(f):
                lines.append("        建议：" + extra_suggestion(f))
        counts = Counter(f.severity for f in result.findings)
        summary = "，".join(f"{SEVERITY_NAMES[s]} {counts[s]} 处" for s in ("error", "warning", "info") if counts[s])
        lines.append(f"    小结：{summary}" if result.findings else "    小结：未发现问题")
    return "\n".join(lines)


def format_total(files: int, results: list[ReportResult], unreadable: int, skipped: int = 0) -> str:
    """The run's last line: what was checked and what was found in all."""
    counts = Counter(f.severity for r in results for f in r.findings)
    found = "，".join(f"{SEVERITY_NAMES[s]} {counts[s]} 处" for s in ("error", "warning", "info"))
    line = f"合计：检查 {files} 个文件、{len(results)} 篇报告；{found}"
    if skipped:
        line += f"；跳过 {skipped} 个不像报告的文本文件"
    if unreadable:
        line += f"；{unreadable} 个文件无法读取或写出（见“错误：”行）"
    return line

