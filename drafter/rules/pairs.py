"""punctuation (pairing): quotes, brackets and book-title marks that open and close in pairs."""

from __future__ import annotations

import re

from drafter import regex_cache
from drafter.rules.context import CodeRule, Context

# opening mark → its closing mark; half-width brackets pair with either width, but a mix is flagged
_PAIRS = {"“": "”", "‘": "’", "（": "）", "(": ")", "《": "》", "〈": "〉"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_SAME_FAMILY = {"（": "()", "(": "()"}
_MARK = regex_cache.compile("[" + re.escape("".join(_PAIRS) + "".join(_CLOSERS)) + "]")
_MARK_PAIRS = tuple(opening + closing for opening, closing in _PAIRS.items())  # the quotes' first


def _well_paired(text: str) -> bool:
    """Whether each of the text's marks closes right after it opens once the pairs inside it are taken
    out, pair by pair in the order of _MARK_PAIRS (by str.replace, in C): then _check_text finds nothing
    (most paragraphs). A quote right inside a quote of its own kind is not taken out: its pair is taken
    out only after the inner one, when the quotes' replace has passed."""
    marks = "".join(_MARK.findall(text))
    for pair in _MARK_PAIRS:
        marks = marks.replace(pair, "")
    return not marks


def _check_text(text: str):
    """Yield (start, end, message, suggestion) for each unpaired or mis-paired mark."""
    stack: list[tuple[str, int]] = []
    for mark in _MARK.finditer(text):  # the marks only: a scan in C, not a step per character
        i, ch = mark.start(), mark.group()
        if ch in _PAIRS:
            if ch in "“‘" and stack and stack[-1][0] == ch:
                closing = _PAIRS[ch]
                yield i, i + 1, f"引号用错：前面已有前引号“{ch}”未关闭，此处应为后引号“{closing}”。", closing
                stack.pop()
                continue
            stack.append((ch, i))
        elif ch in _CLOSERS:
            opener = _CLOSERS[ch]
            if stack and stack[-1][0] == opener:  # most closing marks: the innermost open mark's own
                stack.pop()
                continue
            match = next((k for k in range(len(stack) - 1, -1, -1)
                          if stack[k][0] == opener or _SAME_FAMILY.get(stack[k][0]) == _SAME_FAMILY.get(opener, "x")), None)
            if match is None:
                if ch == "”" and i + 1 < len(text) and "”" in text[i + 1:] and "“" not in text[i + 1:text.index("”", i + 1)]:
                    yield i, i + 1, "引号用错：此处是引文开头，应为前引号“，而不是后引号”。", "“"
                    stack.append(("“", i))
                    continue
                yield i, i + 1, f"标点“{ch}”没有与之配对的“{opener}”，请补全或删去。", None
                continue
            mark, pos = stack[match]
            del stack[match:]
            if mark != opener:
                want = _PAIRS[mark]
                yield i, i + 1, f"括号前后不一致：前括号是“{mark}”，后括号是“{ch}”，应统一为全角“（）”。", want if mark == "（" else "）"
    for mark, pos in stack:
        yield pos, pos + 1, f"“{mark}”没有对应的“{_PAIRS[mark]}”，引号或括号不成对，请补全。", None


def check(ctx: Context):
    for p in ctx.paragraphs():
        if _well_paired(p.text):
            continue
        for start, end, message, suggestion in _check_text(p.text):
            yield PAIRS.finding(message, p.index, start, end, suggestion=suggestion)


PAIRS = CodeRule(
    "punctuation",
    "warning",
    "引号、括号、书名号不成对或前后不一致",
    check,
    rationale="引号、括号、书名号必须成对使用，中文句子用全角标点（GB/T 15834-2011《标点符号用法》）。",
    flag=[
        "县文旅局2023年工作总结\n一、工作情况\n开展“1221“专项行动。",
        "县文旅局2023年工作总结\n一、工作情况\n开展了”把爱带回家”寒假儿童关爱活动。",
        "县文旅局2023年工作总结\n一、工作情况\n印发《工作要点，明确任务。",
        "县文旅局2023年工作总结\n一、工作情况\n全面履行政府（部门)职责。",
    ],
    passes=[
        "县文旅局2023年工作总结\n一、工作情况\n开展“1221”专项行动，印发《工作要点》（试行）。",
        "县文旅局2023年工作总结\n一、工作情况\n坚持“刚”“柔”并济、“管”“服”并重。",
    ],
)

RULES = [PAIRS]
