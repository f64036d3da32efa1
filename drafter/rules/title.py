"""title: the three elements reviewers require (unit, period, kind) and no ending punctuation."""

from __future__ import annotations

from drafter import regex_cache
from drafter.document.model import TITLE_KIND_PATTERN, YEAR_PATTERN
from drafter.rules.context import CodeRule, Context

_YEAR = regex_cache.compile(rf"{YEAR_PATTERN}\s*年|年度|上半年|下半年|季度")
_KIND = regex_cache.compile(TITLE_KIND_PATTERN)
# words that end the name of a unit: 局, 委员会, 中心, 股 …
_UNIT = regex_cache.compile(r"(局|委|办|厅|部|院|会|中心|所|站|股|室|科|处|队|政府|党委|党组|联|馆|社|街道|镇|乡|村|公司|集团|"
                   r"学校|医院|协会|小组|支部|法院|检察院|团)")
_END_PUNCT = "。，；：！？.,;:!?、"


def check(ctx: Context):
    title = ctx.outline.title
    if not title:
        first = next((p for p in ctx.paragraphs() if p.text.strip()), None)
        yield TITLE.finding("缺少标题：报告第一行应为标题，写明单位、年份和文种，如“区财政局2024年工作总结及2025年工作计划”。",
                            first.index if first else None, 0, 0)
        return
    text = ctx.outline.title_text
    last = title[-1]
    missing = []
    first_year = _YEAR.search(text)
    before_year = text[: first_year.start()] if first_year else text
    kind = _KIND.search(text)
    subject = text[: kind.start()] if kind else text
    if not before_year.strip() and not _UNIT.search(subject):
        missing.append("单位名称")
    if not first_year:
        missing.append("年份")
    if not kind:
        missing.append("文种（工作总结、工作计划或报告）")
    if missing:
        yield TITLE.finding(
            f"标题缺少{'、'.join(missing)}：公文标题应写明发文单位、时间和文种，"
            f"如“区财政局{ctx.year or 2024}年工作总结及{(ctx.year or 2024) + 1}年工作计划”。请补全标题。",
            title[0].index, 0, len(title[0].text.rstrip()),
        )
    stripped = last.text.rstrip()
    if stripped and stripped[-1] in _END_PUNCT:
        yield TITLE.finding(
            f"标题末尾不应有标点“{stripped[-1]}”，请删去。",
            last.index, len(stripped) - 1, len(stripped), suggestion="", fix="",
        )


TITLE = CodeRule(
    "title",
    "warning",
    "标题缺少单位、年份或文种，或末尾带标点",
    check,
    rationale="公文标题由发文机关、事由和文种组成（GB/T 9704-2012 7.3.1），年度报告还要写明年份，否则归档、检索时无法区分；标题末尾不用标点。",
    flag=[
        "2023年法治建设工作总结和2024年工作计划\n一、2023年工作总结\n完成各项任务。",
        "区财政局工作总结\n一、工作情况\n完成各项任务。",
        "区财政局2023年工作总结。\n一、工作情况\n完成各项任务。",
        "区财政局2023年度\n一、工作情况\n完成各项任务。",
    ],
    passes=[
        "区财政局2023年度工作总结及2024年度工作计划\n一、工作情况\n完成各项任务。",
        "2023年区财政局工作总结\n一、工作情况\n完成各项任务。",
        "质量发展与安全监督股2023年工作总结及2024年重点工作计划\n一、2023年工作总结\n完成各项任务。",
    ],
)

RULES = [TITLE]
