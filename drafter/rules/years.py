"""year-consistency: the years in headings, body and 落款 agree with the report's year."""

from __future__ import annotations

import re

from drafter import regex_cache
from drafter.document.model import YEAR_PATTERN
from drafter.document.structure import DATE_LINE
from drafter.rules.context import CodeRule, Context, Example

_YEAR = regex_cache.compile(rf"({YEAR_PATTERN})\s*年")
# a year naming the report's own period: "2022年工作总结", "2022年度工作计划"
_PERIOD_NAME = regex_cache.compile(rf"({YEAR_PATTERN})\s*年度?(?:全年)?(?:工作|重点工作)?(?:总结|计划|打算|要点|安排)")
_YEAR_LEAD = regex_cache.compile(rf"^\s*({YEAR_PATTERN})\s*年[，,是]")  # 2024年，… opening a paragraph
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}


def _date_parts(text: str) -> tuple[int, int] | None:
    m = re.match(r"^\s*(\S{4})\s*年\s*(\S{1,3})\s*月", text)
    if not m:
        return None
    year = "".join(_CN_DIGIT.get(c, c) for c in m.group(1))
    month = m.group(2)
    if not month.isdigit():
        month = {"十": "10", "十一": "11", "十二": "12"}.get(month) or _CN_DIGIT.get(month, "")
    return (int(year), int(month)) if year.isdigit() and month.isdigit() else None


def check(ctx: Context):
    year = ctx.year
    if not year:
        return
    plan_year = year + 1
    for section in ctx.outline.sections:
        h = section.heading
        names = {r.name for r in section.roles if not r.inline}
        for m in _YEAR.finditer(h.text):
            y = int(m.group(1))
            expected = plan_year if names == {"plan"} else year if names <= {"summary", "highlights"} else None
            if expected and y != expected:
                yield _finding(h.paragraph.index, h.text_start + m.start(), h.text_start + m.end(), y, expected,
                               "这是“工作计划”部分的标题" if expected == plan_year else "这是“工作总结”部分的标题")
    for p, text, offset in ctx.running_text():
        for m in _PERIOD_NAME.finditer(text):
            y = int(m.group(1))
            inside_book_title = text.rfind("《", 0, m.start()) > text.rfind("》", 0, m.start())
            if y < year and not inside_book_title:
                yield _finding(p.index, offset + m.start(1), offset + m.end(), y, year,
                               "疑似沿用往年材料未改的年份")
    for section in ctx.outline.sections:
        if {r.name for r in section.roles} != {"plan"}:
            continue
        for p in ctx.body():
            if section.first <= p.index <= section.last:
                m = _YEAR_LEAD.match(p.text)
                if m and int(m.group(1)) < plan_year:
                    yield _finding(p.index, m.start(1), m.end(1) + 1, int(m.group(1)), plan_year,
                                   "工作计划部分应写下一年的安排")
    for p in ctx.outline.signature:
        text = p.text.strip()
        if DATE_LINE.match(text):
            parts = _date_parts(text)
            if parts and not (parts[0] == year or (parts[0] == plan_year and parts[1] <= 3)):
                offset = p.text.index(text[0])
                yield YEAR_CONSISTENCY.finding(
                    f"落款日期“{text}”与报告年份不符：{year}年的总结应在{year}年底或{plan_year}年初成文。请核对日期。",
                    p.index, offset, offset + len(text),
                )


def _finding(paragraph: int, start: int, end: int, found: int, expected: int, why: str):
    return YEAR_CONSISTENCY.finding(
        f"年份“{found}年”与报告年份不符（{why}，应为“{expected}年”）。请核对后改正。",
        paragraph, start, end, suggestion=f"{expected}年",
    )


YEAR_CONSISTENCY = CodeRule(
    "year-consistency",
    "error",
    "标题、正文、落款中的年份与报告年份不一致（沿用旧年份）",
    check,
    rationale="沿用上一年稿件时最容易留下旧年份；年份错误使整篇报告的时间口径失真，是审稿的硬伤。",
    flag=[
        "区财政局2023年工作总结及2024年工作计划\n一、2022年工作总结\n完成各项任务。\n二、存在的问题\n人员不足。\n"
        "三、2024年工作计划\n继续做好各项工作。",
        "区财政局2023年工作总结及2024年工作计划\n一、2023年工作总结\n完成各项任务。\n二、存在的问题\n人员不足。\n"
        "三、2023年工作计划\n继续做好各项工作。",
        "区财政局2023年工作总结及2024年工作计划\n一、2023年工作总结\n完成各项任务。\n三、2024年工作计划\n"
        "继续做好各项工作。\n区财政局\n2022年12月4日",
        "区财政局2023年工作总结及2024年工作计划\n一、2023年工作总结\n按照2021年工作要点，完成各项任务。",
        Example("区财政局2023年工作总结及2024年工作计划\n一、2023年工作总结\n（一）预算执行。按照2021年工作要点，完成各项任务。",
                span="2021年工作要点"),
    ],
    passes=[
        "区财政局2023年工作总结及2024年工作计划\n一、2023年工作总结\n比2022年增长5%，落实《2021年工作要点》。\n"
        "二、存在的问题\n人员不足。\n"
        "三、2024年工作计划\n2024年，我们将继续做好各项工作。\n区财政局\n2024年1月8日",
    ],
)

RULES = [YEAR_CONSISTENCY]
