"""readability (info): over-long sentences, clauses and paragraphs, by Chinese character counts.

textstat has no measures for Chinese; these are ours: characters per sentence (split on 。！？),
per clause (split on ，；：) and per paragraph.
"""

from __future__ import annotations

from drafter import regex_cache
from drafter.rules.context import CodeRule, Context, sentences

MAX_SENTENCE_CHARS = 120
MAX_CLAUSE_CHARS = 50
MAX_PARAGRAPH_CHARS = 800
_NOT_CJK = regex_cache.compile(r"[^\u4e00-\u9fff]+")
_CLAUSE = regex_cache.compile(r"[^，,；;：:]+")


def _chars(text: str) -> int:
    return len(_NOT_CJK.sub("", text))  # the Chinese characters left: one string, not one per character


def check(ctx: Context):
    # a span never holds more Chinese characters than characters: spans no longer than a limit are
    # passed without counting (most sentences and clauses)
    max_paragraph = ctx.limit(READABILITY, "max_paragraph_chars")
    max_sentence = ctx.limit(READABILITY, "max_sentence_chars")
    max_clause = ctx.limit(READABILITY, "max_clause_chars")
    shortest = min(max_sentence, max_clause)
    for p, text, offset in ctx.running_text():
        if len(text) > max_paragraph and (total := _chars(text)) > max_paragraph:
            yield READABILITY.finding(
                f"本段约{total}字，过长（建议不超过{max_paragraph:g}字）。可按层次拆成几段，或用“一是、二是”分条。",
                p.index, offset, offset + len(text.rstrip()),
            )
        if len(text) <= shortest:
            continue
        for s, e in sentences(text):
            if e - s <= shortest:
                continue
            if e - s > max_sentence and (n := _chars(text[s:e])) > max_sentence:
                yield READABILITY.finding(
                    f"这句话约{n}字，过长（建议不超过{max_sentence:g}字），读者难以把握重点。请拆成几句。",
                    p.index, offset + s, offset + e,
                )
                continue
            for m in _CLAUSE.finditer(text, s, e):
                if m.end() - m.start() > max_clause and (n := _chars(m.group(0))) > max_clause:
                    yield READABILITY.finding(
                        f"这一分句约{n}字没有停顿（建议不超过{max_clause:g}字），请适当加逗号或拆分。",
                        p.index, offset + m.start(), offset + m.end(),
                    )


READABILITY = CodeRule(
    "readability",
    "info",
    "句子、分句或段落过长（按汉字计数）",
    check,
    rationale="公文语言要求简洁明确（《党政机关公文处理工作条例》），过长的句子读者难以把握重点。",
    thresholds={"max_sentence_chars": MAX_SENTENCE_CHARS, "max_clause_chars": MAX_CLAUSE_CHARS, "max_paragraph_chars": MAX_PARAGRAPH_CHARS},
    flag=["区财政局2023年工作总结\n一、工作情况\n" + "加强财政资金管理" * 20 + "。",
          "区财政局2023年工作总结\n一、工作情况\n（一）资金管理。" + "加强财政资金管理" * 20 + "。"],
    passes=["区财政局2023年工作总结\n一、工作情况\n加强财政资金管理，提高资金使用效益。"],
)

RULES = [READABILITY]
