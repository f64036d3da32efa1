"""plan-coverage: every item of last year's plan is accounted for in this year's summary.

Needs last year's report (``drafter lint --plan 去年报告.docx`` or ``plan = "…"`` in drafter.toml);
without one it is silent. Its examples are drafts checked against ``example_plan``.
"""

from __future__ import annotations

from pathlib import Path

from drafter.reader import DOCX_SUFFIXES
from drafter.rules.context import CodeRule, Context

ACCOUNTING_ROLES = {"summary", "highlights", "problems"}  # where a plan item may be reported on


def _passages(ctx: Context) -> tuple[list[str], int | None]:
    """This year's lead and summary, problems included, as normalized passages (a paragraph with its
    headings), and the paragraph findings are anchored to (the summary part's heading)."""
    from drafter.document.plan import normalize, unit_of

    unit = unit_of(ctx.outline.title_text)

    def passage(text: str) -> str:  # the unit's own name (县住房和城乡建设局) is no mention of an item
        return normalize(text.replace(unit, "。") if unit else text)

    passages = [passage(p.text) for p in ctx.outline.lead]
    anchor = None

    def visit(section, chain: str):
        chain = chain + section.heading.text + "。"
        for p, text, _ in ctx.running_text():  # with the text after a run-in heading (（一）出行更加便捷。智能交通……)
            if section.first <= p.index <= section.last and not any(
                    c.first <= p.index <= c.last for c in section.children):
                passages.append(passage(chain + text))
        if not section.children:
            passages.append(passage(chain))
        for child in section.children:
            visit(child, chain)

    for section in ctx.outline.sections:
        if ACCOUNTING_ROLES & {r.name for r in section.roles if not r.inline}:
            anchor = anchor or section.heading.paragraph.index
            visit(section, "")
    return passages, anchor


def _where(path: str, paragraph: int) -> str:
    unit = "段" if path.lower().endswith(DOCX_SUFFIXES) else "行"
    return f"{Path(path).name}第{paragraph}{unit}"


def check(ctx: Context):
    sources = ctx.options.plans
    if not sources:
        return
    from drafter.document.plan import accounted, matching_plan, unit_of  # only with last year's report: not at lint's start

    source = matching_plan(sources, ctx.outline)
    if source is None:
        yield PLAN_COVERAGE.finding(
            f"对照的去年报告 {Path(sources[0].path).name} 是汇编，其中没有与本报告同一单位的报告，无法对照去年计划。"
            "请只给出本单位去年的报告。", None)
        return
    if Path(source.path).resolve() == Path(ctx.report.path).resolve() and source.outline.title_text == \
            ctx.outline.title_text:
        return  # the plan file itself, linted with a folder that names it as plan
    theirs, ours = unit_of(source.outline.title_text), unit_of(ctx.outline.title_text)
    if theirs and ours and theirs not in ours and ours not in theirs:
        yield PLAN_COVERAGE.finding(
            f"对照的去年报告“{source.outline.title_text}”（{Path(source.path).name}）是{theirs}的，本稿是{ours}的，"
            "未逐条对照。请给出本单位去年的报告。", None)
        return
    planned, year = source.outline.plan_year, ctx.year
    if planned and year and planned != year:
        yield PLAN_COVERAGE.finding(
            f"对照的去年报告“{source.outline.title_text}”（{Path(source.path).name}）计划的是{planned}年的工作，"
            f"本稿总结的是{year}年，年份不相符，未逐条对照。请换用{year - 1}年的报告，或核对本稿年份。", None)
        return
    passages, anchor = _passages(ctx)
    if anchor is None:
        return  # no summary part: section-missing says so
    for item in source.items:
        if accounted(item, passages) is not False:
            continue
        finding = PLAN_COVERAGE.finding(
            f"去年计划的“{item.text}”（{_where(source.path, item.paragraph)}，{item.section}）"
            "在本年总结中没有找到对应内容。请写明完成情况和数据；未完成或推迟的，写明原因。", anchor)
        finding.plan = item.location(source.path)
        yield finding


PLAN_COVERAGE = CodeRule(
    "plan-coverage",
    "warning",
    "去年计划的事项在本年总结中没有交代（需用 --plan 给出去年的报告）",
    check,
    rationale="年度总结要对照上年计划逐项交代完成情况：计划写了而总结不提的事项，审阅者会认为没有落实；"
              "未完成或推迟的也应写明原因。",
    example_plan=(
        "区交通运输局2024年工作总结及2025年工作计划\n一、2024年工作总结\n完成各项任务。\n二、存在的问题\n"
        "资金不足。\n三、2025年工作计划\n（一）推进智慧交通建设。\n（二）加快农村公路提档升级。\n"
        "（三）开展道路运输安全专项整治。"),
    flag=[
        "区交通运输局2025年工作总结及2026年工作计划\n一、2025年工作总结\n（一）智能交通项目建成投用。\n"
        "（二）道路运输安全整治成效明显，全年未发生较大事故。\n二、存在的问题\n资金不足。\n"
        "三、2026年工作计划\n继续推进农村公路提档升级。",
    ],
    passes=[
        "区交通运输局2025年工作总结及2026年工作计划\n一、2025年工作总结\n（一）出行更加便捷。智能交通信号系统覆盖主城区。\n"
        "（二）路网更加完善。完成农村公路提档升级改造86公里。\n（三）安全形势平稳。道路运输安全专项整治成效明显。\n"
        "二、存在的问题\n资金不足。\n三、2026年工作计划\n做好各项工作。",
        "区交通运输局2025年工作总结及2026年工作计划\n一、2025年工作总结\n（一）智能交通项目建成投用。\n"
        "（二）完成农村公路提档升级改造86公里。\n（三）道路运输安全专项整治成效明显。\n二、存在的问题\n资金不足。\n"
        "三、2026年工作计划\n做好各项工作。",
        "区交通运输局2025年工作总结及2026年工作计划\n一、2025年工作总结\n（一）智能交通项目建成投用。\n"
        "（二）道路运输安全整治成效明显。\n二、存在的问题\n农村公路提档升级因资金未到位推迟到明年实施。\n"
        "三、2026年工作计划\n做好各项工作。",
    ],
)

RULES = [PLAN_COVERAGE]
