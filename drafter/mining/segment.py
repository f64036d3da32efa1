"""Word boundaries, by jieba loaded on first use (never at CLI start: importing it costs ~1 s).

Only the final candidates are checked, on one example sentence each: a phrase must start and
end on word boundaries and span two words or more, and may not begin or end with a function
word; a frame's fixed parts must start and end on word boundaries, and a one-sided frame's
part must be one word (“有待”, “不足”).
"""

from __future__ import annotations

from functools import lru_cache

# function words a phrase may not begin / end with
LEFT_STOP = frozenset("的了着过地得和与及或等之也都而且并就又所其被是年")
RIGHT_STOP = frozenset("的了着地得和与及或在对把将被从向为以由于是等之并而且就又所其让使我")
# parts of speech (jieba's dictionary tags) a one-sided frame's word may have: verbs, adverbs,
# adjectives, idioms; not nouns (“服务{…}”, “企业{…}” are topics, not phrasing)
OPEN_TAGS = frozenset({"v", "vd", "vi", "d", "ad", "a", "ag", "dg", "vg", "i", "l"})
# a one-sided frame around one two-character word is mostly noise (“相关{…}”, “完成{…}”): kept
# only for adverbs (“持续{…}”, “切实{…}”) and the problem words of the structure vocabulary
# (“有待{…}”, “{…}不足”), the classic phrasing of their part
ADVERB_TAGS = frozenset({"d", "ad", "vd", "dg"})
# a phrase with no word of these parts of speech (verbs, adverbs, adjectives, prepositions,
# conjunctions, idioms) is a topic noun compound (“宣传活动”, “名录库”), not phrasing
PHRASING_TAGS = ("v", "d", "a", "p", "c", "i", "l")
NOUNISH_TAGS = frozenset({"vn", "an"})  # verb and adjective used as nouns: “宣传”, “安全” in 宣传工作, 安全工作
FIXED_NAME = 6  # ... unless it is this long: fixed names (“县委、县政府”, “习近平新时代中国特色社会主义思想”)


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@lru_cache(maxsize=1)
def _tags() -> dict:
    _jieba()
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


def open_word(word: str) -> bool:
    """Whether a word may carry a one-sided frame (by its dictionary part of speech)."""
    return _tags().get(word) in OPEN_TAGS


def topic_compound(text: str) -> bool:
    """Whether a phrase is a bare topic noun compound shorter than ``FIXED_NAME`` characters:
    none of its words (jieba's part of speech, no HMM) is a verb, adverb, adjective,
    preposition, conjunction or idiom."""
    if len(text) >= FIXED_NAME:
        return False
    _jieba()
    import jieba.posseg

    return not any(t.flag.startswith(PHRASING_TAGS) and t.flag not in NOUNISH_TAGS
                   for t in jieba.posseg.dt.cut(text, HMM=False))


def words(text: str) -> list[str]:
    """jieba's words of a sentence (no HMM: new-word guessing makes boundaries less stable)."""
    return list(_jieba().cut(text, HMM=False))


def spans(text: str) -> list[tuple[int, int]]:
    out, at = [], 0
    for w in words(text):
        out.append((at, at + len(w)))
        at += len(w)
    return out


def words_in(text: str, start: int, end: int, tokens: list[tuple[int, int]]) -> list[str] | None:
    """The words covering text[start:end], or None when it starts or ends inside a word."""
    starts = {a for a, _ in tokens}
    ends = {b for _, b in tokens}
    if start not in starts or end not in ends:
        return None
    return [text[a:b] for a, b in tokens if a >= start and b <= end]


def phrase_ok(text: str, start: int, end: int, tokens=None) -> bool:
    """Two words or more, on word boundaries, no function word at either end; each clause of a
    phrase running over a comma is such a phrase too (“让数据多跑路，让群众少跑腿”)."""
    got = words_in(text, start, end, tokens if tokens is not None else spans(text))
    if not got or len(got) < 2 or got[0] in LEFT_STOP or got[-1] in RIGHT_STOP:
        return False
    clauses, current = [], []
    for w in got:
        if w in "，,":
            clauses.append(current)
            current = []
        else:
            current.append(w)
    clauses.append(current)
    return len(clauses) == 1 or all(len(c) >= 2 and c[0] not in LEFT_STOP and c[-1] not in RIGHT_STOP
                                    for c in clauses)


@lru_cache(maxsize=1)
def _problem_words() -> frozenset:
    from drafter.roles import vocabulary as role_vocabulary

    return frozenset(role_vocabulary()["inline_problems"]["problem"])


def anchor_ok(got: list[str], head: bool = False) -> bool:
    """The words of a one-sided frame's fixed part: one word of three characters or more with an
    open part of speech; two words or more without a function word at either end, the outer
    word open (“扎实推进{…}”, “{…}有待加强”; not topics: “社会主义思想{…}”, “{…}工作计划”);
    or one two-character adverb or problem word (see ``ADVERB_TAGS``). ``head``: “{…}B”."""
    if len(got) >= 2:
        outer = got[-1] if head else got[0]
        return got[0] not in LEFT_STOP and got[-1] not in RIGHT_STOP and open_word(outer)
    word = got[0]
    if len(word) >= 3:
        return open_word(word)
    return len(word) == 2 and (_tags().get(word) in ADVERB_TAGS or word in _problem_words())


def part_ok(text: str, start: int, end: int, tokens=None, single: bool = False, head: bool = False) -> bool:
    got = words_in(text, start, end, tokens if tokens is not None else spans(text))
    if not got:
        return False
    return anchor_ok(got, head) if single else True
