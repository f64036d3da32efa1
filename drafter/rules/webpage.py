"""web-junk (page lines): what a web page puts around an article, left in text pasted from a site."""

from __future__ import annotations

from drafter.rules.context import CodeRule, Context


def _blocks(ctx: Context) -> list[list[int]]:
    """Runs of web page lines with nothing but blank paragraphs between them."""
    blocks: list[list[int]] = []
    previous = None
    for p in ctx.report.paragraphs:
        if p.index in ctx.outline.furniture:
            if previous is not None and blocks and blocks[-1][-1] == previous:
                blocks[-1].append(p.index)
            else:
                blocks.append([p.index])
            previous = p.index
        elif p.text.strip():
            previous = None
    return blocks


def check(ctx: Context):
    by_index = {p.index: p for p in ctx.report.paragraphs}
    for block in _blocks(ctx):
        first = by_index[block[0]]
        kinds = "、".join(dict.fromkeys(ctx.outline.furniture[i] for i in block))
        where = "这一段" if len(block) == 1 else f"从这段起共{len(block)}段"
        yield PAGE_LINES.finding(
            f"{where}是从网页复制时带进来的{kinds}，不属于报告正文（不作标题、年份或单位看待）。请删除。",
            first.index, 0, len(first.text.rstrip()),
        )


PAGE_LINES = CodeRule(
    "web-junk",
    "warning",
    "从网页复制带进来的页面内容：导航、来源和发布时间、字体和打印按钮、网站页脚",
    check,
    flag=[
        "首页 > 政务公开 > 计划总结\n区司法局2025年工作总结\n一、2025年工作总结\n完成各项任务。",
        "区司法局2025年工作总结\n来源：区司法局　发布时间：2025-01-10　浏览次数：\n一、2025年工作总结\n完成各项任务。",
        "区司法局2025年工作总结\n一、2025年工作总结\n完成各项任务。\n打印本页　关闭窗口",
        "区司法局2025年工作总结\n一、2025年工作总结\n完成各项任务。\n主办单位：区人民政府办公室　网站标识码：1234",
    ],
    passes=[
        "区司法局2025年工作总结\n一、2025年工作总结\n完成各项任务。\n数据来源：区统计局",
        "区司法局2025年工作总结\n一、2025年工作总结\n大、中、小学校法治副校长配备率100%。",
        "区司法局2025年工作总结\n一、2025年工作总结\n全面推进“互联网+政务服务”，实现“网上办、掌上办”。",
    ],
    rationale="从政府网站复制的稿件常带着导航、来源和发布时间、打印按钮、网站页脚，这些不是报告内容，"
              "留在正文里既不像公文（GB/T 9704-2012 只有标题、正文、落款等要素），也会被误当作标题或年份。",
)

RULES = [PAGE_LINES]
