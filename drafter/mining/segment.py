"""Word boundaries, by jieba loaded on first use (never at CLI start: importing it costs ~1 s).

Only the final candidates are checked: a phrase by the parts of speech of its own words
(``phrase_shape``: no function word at an edge, no subject cut from its verb, no bare noun or
name) and, in its first example sentences, on word boundaries, spanning two words or more, not
half a quotation, not the end of a noun compound; a frame's fixed parts must start and end on
word boundaries, and a one-sided frame's part must be an open word (“有待”, “不足”).
"""

from __future__ import annotations

from functools import lru_cache

# function words a phrase may not begin / end with
LEFT_STOP = frozenset("的了着过地得和与及或等之也都而且并就又所其被是年将")
RIGHT_STOP = frozenset("的了着地得和与及或在对把将被从向为以由于是等之并而且就又所其让使我")
# parts of speech (jieba's dictionary tags) a one-sided frame's word may have: verbs, adverbs,
# adjectives, idioms; not nouns (“服务{…}”, “企业{…}” are topics, not phrasing)
OPEN_TAGS = frozenset({"v", "vd", "vi", "d", "ad", "a", "ag", "dg", "vg", "i", "l"})
# verbs, adverbs, adjectives, idioms: the first two characters of a long word tagged a noun (see
# ``_tagged``) with one of these make it a verb phrase (“认真学习”)
PHRASING_TAGS = ("v", "d", "a", "i", "l")
# a phrase with no word of these (verbs, adverbs, idioms) and no adjective at its end is a topic
# noun phrase (“宣传活动”, “法治政府建设”, “广大妇女”), not phrasing
PREDICATE_TAGS = ("v", "d", "i", "l")
NOUNISH_TAGS = frozenset({"vn", "an"})  # verb and adjective used as nouns: “宣传”, “安全” in 宣传工作, 安全工作
NOUN_TAGS = ("n", "vn", "an", "j", "b", "s", "f")  # nouns, abbreviations, place and direction words
# a phrase may not begin with a preposition, conjunction, particle, localiser, numeral,
# classifier, pronoun or time word (“按照国家”, “以切实”, “目前已”, “为主线”) nor end with one or
# with a bare adverb (“目前已”); a slot frame may (“在{…}的坚强领导下”)
START_STOP_TAGS = ("p", "c", "u", "f", "m", "q", "r", "t", "y", "e", "x")
END_STOP_TAGS = ("p", "c", "u", "f", "r", "y", "e", "d", "x")
# names of people (nr) and places (ns) tie a phrase to one unit; these are everyone's
NAME_TAGS = frozenset({"nr", "nrfg", "ns"})  # not nrt: jieba gives it to “二十大” and other non-names
NATIONAL_NAMES = frozenset({"中国", "习近平", "中华民族", "马克思主义"})
PIVOT_VERBS = frozenset({"让", "使", "令", "请"})
MIN_PHRASE_CHARS = 4  # three-character pieces are item words and fragments (“为主线”, “质量差”, “学中干”)
MIN_DE_CHARS = 8  # a shorter “X的Y” is a nominalised topic (“采购文件的编制”)


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


def _tagged(text: str) -> list[tuple[str, str]]:
    """Words and parts of speech. A dictionary word of four characters or more tagged as a noun
    or name takes the tag of its first two characters when those are a verb, adverb or
    adjective: jieba tags “认真学习” n and “建立健全” nr."""
    _jieba()
    import jieba.posseg

    tags = _tags()
    out = []
    for t in jieba.posseg.dt.cut(text, HMM=False):
        if not t.word.strip("“”‘’《》"):
            continue
        flag = t.flag
        if len(t.word) >= 4 and flag.startswith("n") and (tags.get(t.word[:2]) or "n").startswith(PHRASING_TAGS):
            flag = tags[t.word[:2]]
        out.append((t.word, flag))
    return out


def phrase_shape(text: str) -> str | None:
    """Why a phrase (not a frame) is no unit a writer reuses, or None when it is one.

    By jieba's dictionary parts of speech (no HMM) of the phrase itself: fewer than
    ``MIN_PHRASE_CHARS`` characters; a function word at either end (``START_STOP_TAGS``,
    ``END_STOP_TAGS``); a noun first — a subject cut from its sentence (“企业开展”, “工作推进”)
    or a topic (“采购文件”); no verb, adjective, adverb or idiom (“法治政府建设”); a person's or
    place's name; a short “X的Y”. Slogans and fixed formulations start with a verb and pass
    (“坚持以习近平新时代中国特色社会主义思想为指导”, “让数据多跑路”)."""
    if sum("\u4e00" <= c <= "\u9fff" for c in text) < MIN_PHRASE_CHARS:
        return "short"
    words = [(w, t) for w, t in _tagged(text) if w not in "，,、"]
    if not words:
        return "short"
    first, last = words[0], words[-1]
    if first[0] in LEFT_STOP or first[1].startswith(START_STOP_TAGS) or last[0] in RIGHT_STOP \
            or last[1].startswith(END_STOP_TAGS):
        return "edge"
    if first[0] in PIVOT_VERBS and not any(t.startswith(("v", "a")) and t not in NOUNISH_TAGS for _, t in words[1:]):
        # “让人民群众” wants its verb (“让数据多跑路” has it)
        return "edge"
    if first[1].startswith(NOUN_TAGS) or first[1].startswith("n"):
        return "noun-first"
    # a predicate: a verb, adverb or idiom, or an adjective at the end (“意识不强”); an adjective
    # before a noun makes a noun phrase (“广大妇女”)
    if not any(t.startswith(PREDICATE_TAGS) and t not in NOUNISH_TAGS for _, t in words) \
            and not last[1].startswith("a"):
        return "noun"
    if text.count("“") != text.count("”") or text.count("《") != text.count("》"):
        return "edge"  # half a quotation or title: “严格执行《{数字}县政府投资项目招标”
    if any(t in NAME_TAGS and w not in NATIONAL_NAMES for w, t in words):
        return "name"
    if "的" in text and len(text) < MIN_DE_CHARS:
        return "de"
    return None


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


def _quote_fragment(text: str, start: int, end: int) -> bool:
    """Inside a quotation without being all of it: half a slogan (“群众少跑腿” of
    “让数据多跑路、群众少跑腿”)."""
    left = text.rfind("“", 0, start)
    right = text.find("”", end)
    if left < 0 or right < 0 or "”" in text[left:start] or "“" in text[end:right]:
        return False
    return (left + 1, right) != (start, end)


def _nominal(word: str) -> bool:
    return (_tags().get(word) or "x").startswith(NOUN_TAGS)


def phrase_ok(text: str, start: int, end: int, tokens=None) -> bool:
    """Two words or more, on word boundaries, no function word at either end; each clause of a
    phrase running over a comma is such a phrase too (“让数据多跑路，让群众少跑腿”); not part
    of a quotation; ending with a noun, not inside a noun compound: no noun right before it
    (“[预防性]保护项目”, “[整体]提升工作”) or right after it (“提升企业[创新能力]”)."""
    tokens = tokens if tokens is not None else spans(text)
    got = words_in(text, start, end, tokens)
    if not got or len(got) < 2 or got[0] in LEFT_STOP or got[-1] in RIGHT_STOP:
        return False
    if _quote_fragment(text, start, end):
        return False
    before = [text[a:b] for a, b in tokens if b == start]
    after = [text[a:b] for a, b in tokens if a == end]
    if _nominal(got[-1]) and (before and _nominal(before[0]) or after and _nominal(after[0])):
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
    from drafter.document.roles import vocabulary as role_vocabulary

    return frozenset(role_vocabulary()["inline_problems"]["problem"])


def anchor_ok(got: list[str], head: bool = False) -> bool:
    """The words of a one-sided frame's fixed part: one word of three characters or more with an
    open part of speech; two words or more without a function word at either end, the outer
    word open (“扎实推进{…}”, “{…}有待加强”; not topics: “社会主义思想{…}”, “{…}工作计划”)
    and, before the slot, no noun (“推进行政{…}”, “提升企业{…}” are cut topics); or one
    two-character problem word of the structure vocabulary (“有待{…}”, “{…}不足”: an adverb
    alone, “不断{…}”, says nothing). ``head``: “{…}B”."""
    if len(got) >= 2:
        if all(len(w) == 1 for w in got):  # characters, no word: “办件{…}”
            return False
        outer = got[-1] if head else got[0]
        inner_noun = not head and _nominal(got[-1])
        return got[0] not in LEFT_STOP and got[-1] not in RIGHT_STOP and open_word(outer) and not inner_noun
    word = got[0]
    if len(word) >= 3:  # not a topic jieba tags as an idiom (“意识形态”, “人才培养”: l)
        return open_word(word) and not (_tags().get(word[:2]) or "").startswith("n")
    return len(word) == 2 and word in _problem_words()


def part_ok(text: str, start: int, end: int, tokens=None, single: bool = False, head: bool = False) -> bool:
    got = words_in(text, start, end, tokens if tokens is not None else spans(text))
    if not got or got[0] in PIVOT_VERBS:  # a new clause, not a frame's part: “真正{…}让数据多跑路”
        return False
    return anchor_ok(got, head) if single else True
