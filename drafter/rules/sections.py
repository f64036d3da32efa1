"""section-missing, section-order and heading-punctuation: the report's parts and headings."""

from __future__ import annotations

from drafter.document.roles import COUNTS_AS, ROLE_ORDER, role_names
from drafter.document.structure import could_be, shortened
from drafter.rules.context import CodeRule, Context, Example

ROLE_NAMES = role_names("full")
_ROLE_HEADINGS = {
    "summary": "一、{year}年工作总结",
    "highlights": "工作亮点",
    "problems": "二、存在的问题",
    "plan": "三、{plan_year}年工作计划",
}


def _heading_for(role: str, ctx: Context) -> str:
    year = ctx.year or "××××"
    plan_year = ctx.outline.plan_year or "××××"
    return _ROLE_HEADINGS[role].format(year=year, plan_year=plan_year)


def _recognised(ctx: Context) -> str:
    """The top-level parts and what they were taken for: 一、…（总结）；二、…（计划）."""
    parts = []
    for section in ctx.outline.sections:
        names = "、".join(role_names('short')[r.name] for r in section.roles if not r.inline) or "作用未能识别"
        parts.append(f"{shortened(section.heading.display, 16)}（{names}）")
    return "；".join(parts) if parts else "没有识别出一级标题"


def _structure_clear(ctx: Context, role: str) -> bool:
    """The report's parts are plain enough to be sure ``role`` is missing: its kind is named, it has
    several top-level parts, and none of them could be the missing one under an unusual heading."""
    tops = ctx.outline.sections
    return ctx.options.kind_named and len(tops) >= 2 and not any(could_be(s, role) for s in tops)


def check_missing(ctx: Context):
    present = ctx.outline.roles_present()
    for role in ctx.options.required_roles:
        found = present.get(role)
        if found is None:
            heading = _heading_for(role, ctx)
            if _structure_clear(ctx, role):
                yield SECTION_MISSING.finding(
                    f"缺少“{ROLE_NAMES[role]}”部分：年度工作总结一般包括工作总结、存在的问题和下一年工作计划三部分。"
                    f"请增加一级标题“{heading}”并写明相应内容。",
                    None,
                    suggestion=heading,
                )
            else:
                yield SECTION_MISSING.finding(
                    f"没有找到“{ROLE_NAMES[role]}”部分（识别出的各部分：{_recognised(ctx)}）。"
                    f"如果这部分写在别的标题下，可不必理会；否则请增加一级标题“{heading}”并写明相应内容。",
                    None,
                    suggestion=heading,
                    severity="warning",
                )
        elif found.inline:
            yield SECTION_MISSING.finding(
                f"“{ROLE_NAMES[role]}”只在段落中顺带写出，没有单列一部分：审阅者不易找到。"
                f"建议把这段内容单列为一级标题“{_heading_for(role, ctx)}”，并分条写明。",
                found.paragraph,
                suggestion=_heading_for(role, ctx),
                severity="warning",
            )


def check_order(ctx: Context):
    # a highlights part belongs to the account of the year: it may stand before or after the summary
    rank = {role: ROLE_ORDER.index(COUNTS_AS.get(role, role)) for role in ROLE_ORDER}
    latest: tuple[int, str] | None = None
    for section in ctx.outline.sections:
        names = [r.name for r in section.roles if not r.inline]
        if not names:
            continue
        own = min(rank[n] for n in names)
        if latest and own < latest[0]:
            yield SECTION_ORDER.finding(
                f"“{section.heading.display}”（{ROLE_NAMES[names[0]]}）排在“{latest[1]}”之后，顺序不当。"
                "各部分通常依次为：工作总结、工作亮点、存在的问题、下一年工作计划，请调整顺序。",
                section.heading.paragraph.index,
                0,
                section.heading.text_end,
            )
        if latest is None or max(rank[n] for n in names) >= latest[0]:
            latest = (max(rank[n] for n in names), section.heading.display)


_BAD_ENDINGS = "。；，：、;,:."


def _sibling_lists(ctx: Context):
    yield ctx.outline.sections
    for section in ctx.outline.walk():
        if section.children:
            yield section.children


def check_heading_punctuation(ctx: Context):
    list_items = set()
    body = {p.index for p in ctx.body()}

    def bodyless(s) -> bool:
        return not s.children and not any(i in body for i in range(s.heading.paragraph.index + 1, s.last + 1))

    for siblings in _sibling_lists(ctx):
        # numbered items ending in ；…。 form a list of sentences, not headings; so do numbered
        # paragraphs none of which has any text of its own under it (a plan listed item by item)
        if any(s.heading.text.endswith(("；", ";")) for s in siblings) or (len(siblings) > 1 and all(map(bodyless, siblings))):
            list_items.update(s.heading.paragraph.index for s in siblings)
    for section in ctx.outline.walk():
        h = section.heading
        p = h.paragraph
        if h.run_in or p.in_table or p.index in list_items or not h.text:
            continue
        stripped = p.text.rstrip()
        if stripped and stripped[-1] in _BAD_ENDINGS:
            end = len(stripped)
            yield HEADING_PUNCTUATION.finding(
                f"单独成段的标题末尾不应有标点“{stripped[-1]}”（GB/T 9704：标题后不加标点，除非标题后接正文）。"
                "请删去该标点。",
                p.index,
                end - 1,
                end,
                suggestion="",
                fix="",
            )


SECTION_MISSING = CodeRule(
    "section-missing",
    "error",
    "缺少工作总结、存在的问题或工作计划部分",
    check_missing,
    rationale="年度工作总结要写清做了什么、有什么问题、下一步怎么办，缺一部分审阅时必被退回；各类报告的必备部分见 templates/*.txt 开头。",
    flag=[
        "区财政局2023年工作总结及2024年工作计划\n一、2023年工作总结\n全年完成各项任务。\n二、2024年工作计划\n继续做好各项工作。",
        "区财政局2023年工作总结及2024年工作计划\n一、2023年工作总结\n全年完成各项任务。\n二、存在的问题\n人员不足。",
    ],
    passes=[
        "区财政局2023年工作总结及2024年工作计划\n一、2023年工作总结\n全年完成各项任务。\n二、存在的问题\n"
        "人员不足。\n三、2024年工作计划\n继续做好各项工作。",
        "区财政局2023年工作总结及2024年工作计划\n一、主要工作成效\n全年完成各项任务。\n二、存在问题及下一步打算\n"
        "人员不足，下一步将充实力量。",
    ],
)
SECTION_ORDER = CodeRule(
    "section-order",
    "warning",
    "各部分顺序不当（如计划排在总结之前、问题排在计划之后）",
    check_order,
    rationale="总结、问题、计划的先后是年度报告的通行顺序：颠倒后成效与打算无法对照，读者找不到要看的部分。",
    flag=[
        "区财政局2023年工作总结及2024年工作计划\n一、2024年工作计划\n继续做好各项工作。\n二、2023年工作总结\n"
        "全年完成各项任务。\n三、存在的问题\n人员不足。",
        "区财政局2023年工作总结及2024年工作计划\n一、2023年工作总结\n全年完成各项任务。\n二、2024年工作计划\n"
        "继续做好各项工作。\n三、存在的问题\n人员不足。",
    ],
    passes=[
        "区财政局2023年工作总结及2024年工作计划\n一、2023年工作总结\n全年完成各项任务。\n二、工作亮点\n亮点突出。\n"
        "三、存在的问题\n人员不足。\n四、2024年工作计划\n继续做好各项工作。",
    ],
)
HEADING_PUNCTUATION = CodeRule(
    "heading-punctuation",
    "warning",
    "单独成段的标题末尾带有标点",
    check_heading_punctuation,
    rationale="单独成段的标题末尾一般不用句号等点号（GB/T 15834-2011《标点符号用法》）。",
    flag=[
        "乡妇联2023年工作总结\n三、深入开展评比活动，选树典型家庭，带动全乡发展。\n评选出12户“乡风文明户”。",
        Example("县财政局2023年工作总结\n一、工作情况\n（一）强化预算管理：\n严格执行预算。", span="：", suggestion=""),
    ],
    passes=[
        "县财政局2023年工作总结\n一、工作情况\n（一）强化预算管理。严格执行预算，压减一般性支出。",
        "区科技局2023年工作总结\n二、存在问题\n1.全社会研发投入少；\n2.企业创新能力不够；\n3.科技人才总量不足。",
        "县财政局2023年工作总结\n一、工作情况\n（一）强化预算管理\n严格执行预算。",
        "县医保局2025年工作总结\n一、工作情况\n参保率稳定在97%以上。\n二、2026年工作打算\n（一）持续做好参保扩面，确保参保率不低于97%。\n"
        "（二）深化医保支付方式改革。\n（三）加强基金监管，确保基金安全运行。",
    ],
)

RULES = [SECTION_MISSING, SECTION_ORDER, HEADING_PUNCTUATION]
