"""numbering-sequence and numbering-style: heading numbers (一、（一）1.（1）) and 一是/二是 chains."""

from __future__ import annotations

import re
from collections import Counter

from drafter import regex_cache
from drafter.document.structure import Section
from drafter.reader.numbering import format_number
from drafter.rules.context import CodeRule, Context, Example

_CN = {c: i for i, c in enumerate("零一二三四五六七八九")}
_CN_NUMERALS = "".join(_CN) + "十百"  # every character cn_to_int reads
_CN_CHARS = "一二三四五六七八九十"
_CLAUSE_MARKS = "。；;：:！？，,、“”（）()"  # after one of these (or a blank) a clause starts

# families of in-paragraph item markers, each with the marker itself; each family keeps its own counter.
# A marker of numerals then a word (一是, 二要) is found in the text reversed, where its pattern starts with
# the word: the engine skips from one to the next, where a class of characters first is tried at every
# position (half the time; a character after 要 stands before it there)
_MARKERS = {
    "是": (rf"是([{_CN_CHARS}]{{1,3}})", True),
    "要": (rf"要(?<![素件点求务领闻害职案紧]要)([{_CN_CHARS}]{{1,3}})", True),
    "第": (rf"第([{_CN_CHARS}]{{1,3}})(?=[，、：,:])", False),
    "首先": (r"(首先|其次|再次|最后)(?=[，,])", False),
}
# (a word every marker of the family holds, "" for none, the marker, whether it is found reversed): a
# paragraph without that word is passed at str.find speed
_CHAINS = {family: ("" if family == "首先" else family, regex_cache.compile(marker), reversed_)
           for family, (marker, reversed_) in _MARKERS.items()}
_ORDINAL_WORDS = {"首先": 1, "其次": 2, "再次": 3, "最后": 99}
# a paragraph without one of the words some marker holds has no item marker: one search passes it by
_ANY_MARKER_WORD = regex_cache.compile("|".join([word for word, _, _ in _CHAINS.values() if word] + list(_ORDINAL_WORDS)))


def _markers(marker: re.Pattern, reversed_: bool, text: str) -> list[tuple[int, int, str]]:
    """(start, end, numeral or ordinal word) of each marker in the text, in order."""
    if not reversed_:
        return [(m.start(), m.end(), m.group(1)) for m in marker.finditer(text)]
    n = len(text)
    return [(n - m.end(), n - m.start(), m.group(1)[::-1]) for m in marker.finditer(text[::-1])][::-1]


def _at_clause_start(text: str, at: int) -> bool:
    """Whether a clause starts at ``at``: an item marker counts only there. (Tested on each marker found,
    not as a lookbehind the engine would try at every position.)"""
    return at == 0 or text[at - 1] in _CLAUSE_MARKS or text[at - 1].isspace()


def cn_to_int(text: str) -> int | None:
    """一 → 1, 十一 → 11, 二十三 → 23; None for anything else."""
    if not text or text.strip(_CN_NUMERALS):  # a character of another kind is left (in C, not one test a character)
        return None
    if "百" in text:
        head, _, rest = text.partition("百")
        hundreds = _CN.get(head, 1) if head else 1
        rest = rest.lstrip("零")
        return hundreds * 100 + (cn_to_int(rest) or 0 if rest else 0)
    if "十" in text:
        head, _, tail = text.partition("十")
        if (head and head not in _CN) or (tail and tail not in _CN):
            return None  # 十四五 (the 14th five-year plan) is a name, not a number
        return (_CN[head] if head else 1) * 10 + (_CN[tail] if tail else 0)
    if len(text) == 1:
        return _CN[text]
    return None


_NUMERAL = regex_cache.compile(rf"\d+|[{_CN_CHARS}百]+")


def number_value(number: str) -> int | None:
    m = _NUMERAL.search(number)
    if m is None:
        return None
    return int(m.group(0)) if m.group(0).isdigit() else cn_to_int(m.group(0))


def _item_label(family: str, raw: str) -> str:
    if family == "首先":
        return raw
    if family == "第":
        return f"第{raw}"
    return raw + family


def _cn(n: int) -> str:
    return format_number(n, "chineseCounting")


def _sequence_message(kind: str, label: str, prev_label: str | None, missing: list[str]) -> str:
    if kind == "skipped":
        if prev_label is None:
            return f"序号从“{label}”开始，缺少“{missing[0]}”：请补上前面的条目，或把序号改为从“{missing[0]}”开始。"
        return (f"序号跳号：“{prev_label}”之后直接是“{label}”，缺少“{'”“'.join(missing)}”。"
                "请补上缺失的条目，或把后面的序号依次前移。")
    if kind == "repeated":
        return f"序号“{label}”重复出现（前面已有“{prev_label}”）：请把这一项及其后的序号依次顺延。"
    return f"序号顺序颠倒：“{label}”出现在“{prev_label}”之后，请按顺序排列。"


def _step(prev: int | None, value: int) -> tuple[str, list[int]] | None:
    """How an item with ``value`` breaks a chain whose last value is ``prev``: (kind, missing values)."""
    if value == 1:
        return None  # 1 (一) starts a new list
    if prev is None:
        return ("skipped", list(range(1, value))) if value < 99 else None
    if value == prev:
        return "repeated", []
    if value < prev:
        return "out-of-order", []
    if value > prev + 1 and value < 99 and prev < 99:
        return "skipped", list(range(prev + 1, value))
    return None


def _sibling_groups(sections: list[Section]):
    """The numbered sections of each list of siblings by their number's form, lists in document order
    (a list, then its sections' children): walked with a stack, not a generator per section."""
    stack = [sections]
    while stack:
        siblings = stack.pop()
        groups: dict[int, list[Section]] = {}
        for s in siblings:
            if s.heading.number and s.heading.form is not None:
                groups.setdefault(s.heading.form, []).append(s)
        yield from groups.values()
        stack.extend(s.children for s in reversed(siblings) if s.children)


def _heading_number_span(section: Section) -> tuple[int, int]:
    h = section.heading
    if h.auto:
        return 0, 0
    return h.text_start - len(h.number), h.text_start


def check_sequence(ctx: Context):
    for group in _sibling_groups(ctx.outline.sections):
        prev: tuple[int, str] | None = None
        for section in group:
            value = number_value(section.heading.number)
            if value is None:
                continue
            label = section.heading.number.strip()
            broken = _step(prev[0] if prev else None, value)
            if broken:
                kind, missing = broken
                yield NUMBERING_SEQUENCE.finding(
                    "标题" + _sequence_message(kind, label, prev[1] if prev else None,
                                             [_render_like(label, m) for m in missing]),
                    section.heading.paragraph.index, *_heading_number_span(section),
                )
            prev = (value, label)
    yield from _check_chains(ctx)


def _render_like(label: str, value: int) -> str:
    """The label with its number replaced by value, in the same numeral system."""
    m = re.search(r"\d+", label)
    if m:
        return label[: m.start()] + str(value) + label[m.end():]
    m = re.search(rf"[{_CN_CHARS}百]+", label)
    return label[: m.start()] + _cn(value) + label[m.end():] if m else str(value)


def _check_chains(ctx: Context):
    state: dict[str, tuple[int, str] | None] = {}
    for p in ctx.paragraphs():
        if ctx.heading(p) is not None:
            state = {}
        if not _ANY_MARKER_WORD.search(p.text):
            continue
        text, offset = ctx.body_text(p)
        for family, (word, marker, reversed_) in _CHAINS.items():
            if word not in text:
                continue
            for start, end, raw in _markers(marker, reversed_, text):
                if not _at_clause_start(text, start):
                    continue
                value = _ORDINAL_WORDS[raw] if family == "首先" else cn_to_int(raw)
                if value is None:
                    continue
                label = _item_label(family, raw)
                prev = state.get(family)
                broken = _step(prev[0] if prev else None, value)
                # 首先 may be left out and 再次 skipped: only repeats and reversals count there
                if broken and not (family == "首先" and broken[0] == "skipped"):
                    kind, missing = broken
                    yield NUMBERING_SEQUENCE.finding(
                        _sequence_message(kind, label, prev[1] if prev else None,
                                          [_item_label(family, _cn(v)) for v in missing]),
                        p.index, offset + start, offset + end,
                    )
                state[family] = (value, label)


# numbering-style ---------------------------------------------------------------------------

_FORM_RULES = (
    # (form, wrong pattern on the whole number, the right number made of its numeral, message)
    (3, regex_cache.compile(r"^(\d{1,2})、$"), "{}.", "第三层序号应写作“1.”（阿拉伯数字加下脚点），不用“1、”"),
    (3, regex_cache.compile(r"^(\d{1,2})．$"), "{}.", "第三层序号的点应为半角“.”"),
    (1, regex_cache.compile(rf"^([{_CN_CHARS}百]+)[.．]$"), "{}、", "第一层序号应写作“一、”（汉字数字加顿号）"),
    (2, regex_cache.compile(rf"^[(（]([{_CN_CHARS}百]+)[)）]$"), "（{}）", "第二层序号应写作全角括号“（一）”"),
    (4, regex_cache.compile(r"^[(（]?(\d{1,2})[)）]$"), "（{}）", "第四层序号应写作全角括号“（1）”"),
)
_AFTER_BRACKET = regex_cache.compile(r"^[、.．，,：:]")


def check_style(ctx: Context):
    flagged: set[int] = set()
    for section in ctx.outline.walk():
        h = section.heading
        if not h.number or h.form is None:
            continue
        start, end = _heading_number_span(section)
        number = h.number.strip()
        for form, wrong, right, why in _FORM_RULES:
            m = wrong.match(number) if form == h.form else None
            if m is None:
                continue
            fixed = right.format(m.group(1))  # str.format, not a regex template: those are expanded in Python
            if fixed != number:
                yield NUMBERING_STYLE.finding(
                    f"序号“{number}”不规范：{why}（GB/T 9704）。请改为“{fixed}”。",
                    h.paragraph.index, start, end, suggestion=fixed, fix=None if h.auto else fixed,
                )
                flagged.add(h.paragraph.index)
                break
        if h.form in (2, 4) and not h.auto and _AFTER_BRACKET.match(h.paragraph.text[h.text_start:]):
            yield NUMBERING_STYLE.finding(
                f"括号序号“{number}”后不应再加标点“{h.paragraph.text[h.text_start]}”（GB/T 9704）。请删去。",
                h.paragraph.index, h.text_start, h.text_start + 1, suggestion="", fix="",
            )
            flagged.add(h.paragraph.index)
    yield from _check_nesting(ctx)
    for group in _sibling_groups(ctx.outline.sections):
        separators = [_separator(s.heading.number) for s in group]
        if len(set(separators)) < 2:  # most groups: not counted
            continue
        styles = Counter(separators)
        majority = styles.most_common(1)[0][0]
        for s, style in zip(group, separators):
            if style != majority and s.heading.paragraph.index not in flagged:
                yield NUMBERING_STYLE.finding(
                    f"同一组序号格式不一致：本组多数写作“{majority}”式，此处为“{s.heading.number.strip()}”。"
                    "同一组序号应统一（GB/T 9704 第三层用“1.”）。",
                    s.heading.paragraph.index, *_heading_number_span(s),
                )


def _check_nesting(ctx: Context):
    """A deeper form before a shallower one under the same parent: 1. … then （一）."""
    lists = [ctx.outline.sections] + [s.children for s in ctx.outline.walk()]
    for siblings in lists:
        deepest = None
        for s in siblings:
            h = s.heading
            if h.form is None or not h.number:
                continue
            if deepest and h.form < deepest.form:
                yield NUMBERING_STYLE.finding(
                    f"层级顺序颠倒：“{h.number.strip()}”出现在下一层级的“{deepest.number.strip()}”之后。"
                    "结构层次序数依次为“一、”“（一）”“1.”“（1）”，请调整序号或标题层级。",
                    h.paragraph.index, *_heading_number_span(s),
                )
            elif deepest is None or h.form > deepest.form:
                deepest = h


_NUMERALS_RUN = regex_cache.compile(rf"[\d{_CN_CHARS}百]+")


def _separator(number: str) -> str:
    return _NUMERALS_RUN.sub("N", number.strip()).replace("N", "1", 1)


NUMBERING_SEQUENCE = CodeRule(
    "numbering-sequence",
    "error",
    "序号跳号、重复或顺序颠倒（标题序号和“一是、二是”）",
    check_sequence,
    rationale="层次序号是读者定位的依据（GB/T 9704-2012 7.3.3）；跳号、重复多是增删条目后没有顺延，会让人以为漏了内容。",
    flag=[
        "县文旅局2023年工作总结\n一、工作情况\n一是维护市场秩序。二是推进景区提升。四是推出文旅产品。",
        "县文旅局2023年工作总结\n一、工作情况\n一是维护市场秩序。二是推进景区提升。三是打造基地。三是推出产品。",
        "县文旅局2023年工作总结\n一、工作情况\n（一）全域旅游\n（三）文物保护",
        "县文旅局2023年工作总结\n一、工作情况\n二、存在问题\n二、工作计划",
        "县文旅局2023年工作总结\n一、工作情况\n一要加强学习；三要改进作风。",
        "县文旅局2023年工作总结\n第一部分 工作情况\n全年完成任务。\n第三部分 工作计划\n继续努力。",
    ],
    passes=[
        "县文旅局2023年工作总结\n一、工作情况\n一是维护市场秩序。二是推进景区提升。\n三是推出文旅产品。",
        "县文旅局2023年工作总结\n一、工作情况\n（一）全域旅游\n一是创建。二是宣传。\n（二）文物保护\n一是修缮。二是利用。",
        "县文旅局2023年工作总结\n一、工作情况\n坚持统一是做好工作的前提，唯一是不变的目标。",
        "县文旅局2023年工作总结\n一、工作情况\n首先，加强学习；其次，改进作风；最后，狠抓落实。",
        "县文旅局2023年工作总结\n一、工作情况\n原因之一是投入不足，三要素齐全。",
    ],
)
NUMBERING_STYLE = CodeRule(
    "numbering-style",
    "warning",
    "序号格式不符合 GB/T 9704（“1.”“（一）”，层级顺序，同组统一）",
    check_style,
    rationale="结构层次序数依次用“一、”“（一）”“1.”“（1）”（GB/T 9704-2012 7.3.3），同一层级写法一致。",
    flag=[
        Example("乡妇联2023年工作总结\n一、慰问救助\n1、开展慰问活动。\n2、开展救助工作。", span="1、", suggestion="1."),
        "乡妇联2023年工作总结\n一、慰问救助\n(一)开展慰问活动\n(二)开展救助工作",
        "乡妇联2023年工作总结\n一、慰问救助\n（一）开展慰问活动\n1.走访困难家庭\n1）摸排情况\n2）登记造册",
        "乡妇联2023年工作总结\n一、慰问救助\n1.开展慰问活动\n2.开展救助工作\n（一）开展接访工作",
        "乡妇联2023年工作总结\n一、慰问救助\n（一）、开展慰问活动\n（二）、开展救助工作",
        "乡妇联2023年工作总结\n一、慰问救助\n1.开展慰问活动\n2、开展救助工作\n3、开展接访工作",
    ],
    passes=[
        "乡妇联2023年工作总结\n一、慰问救助\n（一）开展慰问活动\n1.走访困难家庭\n（1）摸排情况\n2.开展救助",
        "乡妇联2023年工作总结\n一、慰问救助\n1.开展慰问活动。\n2.开展救助工作。",
    ],
)

RULES = [NUMBERING_SEQUENCE, NUMBERING_STYLE]
