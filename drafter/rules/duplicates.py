"""duplicate-paragraph and duplicate-sentence: text pasted twice, exactly or nearly."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import chain, combinations
from operator import eq

from drafter import regex_cache
from drafter.document.model import Paragraph
from drafter.rules.context import CodeRule, Context, sentences

SHINGLE = 5  # characters per shingle
MIN_PARAGRAPH_CHARS = 40
MIN_SENTENCE_CHARS = 15
MIN_CLAUSE_CHARS = 4  # 完成任务。完成任务。
PARAGRAPH_SIMILARITY = 0.6  # share of the shorter paragraph's shingles found in the other
SENTENCE_SIMILARITY = 0.85
COMMON_SHINGLE = 12  # a shingle in more paragraphs than this is boilerplate, not evidence
# a text's words are its letters and digits: blanks, punctuation and _ dropped. Finding the runs of
# them (at given offsets, no slice made) is faster than removing the rest: most characters are words
_WORD_RUN = regex_cache.compile(r"[^\W_]+")


def _normal(text: str, start: int = 0, end: int | None = None) -> str:
    """The words of text[start:end]."""
    return "".join(_WORD_RUN.findall(text, start, len(text) if end is None else end))


@dataclass
class _Words:
    """A paragraph cut into sentences and clauses, with its words (punctuation and blanks dropped)
    and their shingles by position: the paragraph's and its sentences' shingles are slices of them."""

    paragraph: Paragraph
    sentences: list[tuple[int, int]]  # spans in the paragraph's text, after a run-in heading's number
    clauses: list[list[tuple[int, int]]]  # each sentence's clauses split on ；
    normal: list[str]  # each clause's words, clause after clause
    size: int  # characters of all of them
    grams: list[str]  # the shingle starting at each position of "".join(normal)

    def grams_of(self, start: int, end: int) -> list[str]:
        """The shingles of the words [start, end), a repeated one as often as it occurs."""
        return self.grams[start:max(start, end - SHINGLE + 1)]


# _SHINGLE_AT[i] is slice(i, i + SHINGLE): made once per process, not once per shingle (a fifth of
# the time of cutting the shingles), and as long as the longest paragraph seen
_SHINGLE_AT: list[slice] = []


def _shingles(words: str) -> list[str]:
    """The shingle starting at each position of the words."""
    count = max(0, len(words) - SHINGLE + 1)
    if count > len(_SHINGLE_AT):
        _SHINGLE_AT.extend(slice(i, i + SHINGLE) for i in range(len(_SHINGLE_AT), count))
    return [words[at] for at in _SHINGLE_AT[:count]]


def _words(ctx: Context) -> list[_Words]:
    """The paragraphs both rules compare (not title, signature or empty), cut once for both."""
    if "dup-words" not in ctx.cache:
        outside = {p.index for p in ctx.outline.title} | {p.index for p in ctx.outline.signature}
        out = []
        for p in ctx.paragraphs():
            text = p.text
            if not text.strip() or p.index in outside:
                continue
            heading = ctx.heading(p)
            base = heading.text_start if heading else 0  # a run-in heading's number is not part of its words
            spans = [(s + base, e + base) for s, e in sentences(text[base:])] if base else sentences(text)
            if "；" in text or ";" in text:
                clauses = [_clauses(text, s, e) for s, e in spans]
            else:  # most paragraphs: each sentence one clause
                clauses = [[span] for span in spans]
            normal = [_normal(text, s, e) for sentence in clauses for s, e in sentence]  # each clause once
            words = "".join(normal)
            grams = _shingles(words)
            out.append(_Words(p, spans, clauses, normal, len(words), grams))
        ctx.cache["dup-words"] = out
    return ctx.cache["dup-words"]


def _in_two_or_more(groups: list[list[str]]) -> tuple[set[str], list[int], list[int]]:
    """The shingles found in two or more of the groups (a repeat within one group does not count), and
    how many different shingles each group holds and how many of them an earlier group holds: by set
    operations (in C) on the lists as they are, no set built per group."""
    seen: set[str] = set()
    repeated: set[str] = set()
    different = []
    found_before = []
    for shingles in groups:
        earlier = seen.intersection(shingles)
        repeated |= earlier
        known = len(seen)
        seen.update(shingles)
        different.append(len(earlier) + len(seen) - known)
        found_before.append(len(earlier))
    return repeated, different, found_before


def _overlaps(items: list[tuple[int, set[str]]]):
    """(earlier, later) → shared count, for items (position, its shingles found in other items too; in
    order) sharing shingles, via an inverted index."""
    # only shingles in 2 to COMMON_SHINGLE paragraphs are evidence (with fewer items, all of them are)
    evidence = items
    if len(items) > COMMON_SHINGLE:
        counts = Counter(chain.from_iterable(shingles for _, shingles in items))
        common = {s for s, n in counts.items() if n > COMMON_SHINGLE}
        evidence = [(pos, shingles - common) for pos, shingles in items]
    index: dict[str, list[int]] = defaultdict(list)
    for pos, shingles in evidence:
        for s in shingles:
            index[s].append(pos)
    # each shingle's positions are in order: its pairs (earlier, later) counted in C
    return Counter(chain.from_iterable(combinations(positions, 2) for positions in index.values()))


def _may_repeat(different: list[int], found_before: list[int], similarity: float) -> bool:
    """Whether a paragraph may repeat an earlier one (of its shingles, how many are different and how
    many an earlier paragraph holds).

    A later paragraph repeating an earlier one shares with it (common shingles left out or not) at
    least `similarity` of the shorter one's different shingles, and every shared one is found before
    it. When no paragraph has that many found before it, even against the smallest earlier one, no
    pair reaches the share (most reports): the pairs are then not counted. The slack covers the
    rounding of the share's division.
    """
    smallest = math.inf
    for n, before in zip(different, found_before):
        if before >= similarity * min(n, smallest) - 1e-9:
            return True
        smallest = min(smallest, n)
    return False


def duplicate_paragraphs(ctx: Context) -> dict[int, tuple[int, float]]:
    """paragraph index → (earlier paragraph it repeats, share of text repeated)."""
    if "dup-paragraphs" in ctx.cache:
        return ctx.cache["dup-paragraphs"]
    # body paragraphs have no run-in heading: their words are all of their text's
    body = {p.index for p in ctx.body() if not p.in_table}
    compared = [w for w in _words(ctx) if w.paragraph.index in body and w.size >= MIN_PARAGRAPH_CHARS]
    repeated, different, found_before = _in_two_or_more([w.grams for w in compared])
    similarity = ctx.limit(DUPLICATE_PARAGRAPH, "similarity")
    found: dict[int, tuple[int, float]] = {}
    if _may_repeat(different, found_before, similarity):
        sizes = {w.paragraph.index: n for w, n in zip(compared, different)}
        overlaps = _overlaps([(w.paragraph.index, repeated.intersection(w.grams)) for w in compared])
        for (earlier, later), count in sorted(overlaps.items()):  # of equal shares, the first earlier one is named
            share = count / min(sizes[later], sizes[earlier])
            if share >= similarity and (later not in found or found[later][1] < share):
                found[later] = (earlier, share)
    ctx.cache["dup-paragraphs"] = found
    return found


def check_paragraphs(ctx: Context):
    by_index = {p.index: p for p in ctx.paragraphs()}
    for later, (earlier, share) in sorted(duplicate_paragraphs(ctx).items()):
        text = by_index[later].text
        how = "完全相同" if _normal(text) == _normal(by_index[earlier].text) else f"约{round(share * 100)}%的内容相同"
        yield DUPLICATE_PARAGRAPH.finding(
            f"本段与第{earlier}段（{ctx.outline.section_path(earlier) or '前文'}）{how}，疑似重复粘贴。"
            "请删去重复内容，或改写为本部分应有的内容。",
            later, 0, len(text.rstrip()),
        )


_CLAUSE_END = regex_cache.compile(r"[；;]")


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clauses of a sentence split on ；, as (start, end)."""
    out = []
    pos = start
    for m in _CLAUSE_END.finditer(text, start, end):
        out.append((pos, m.end()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return out


class _SentenceIndex:
    """Sentences seen so far, found again exactly or by shared shingles.

    Prefix filtering (as in all-pairs similarity search): two shingle sets with Jaccard similarity
    ≥ t share one of the first |x| - ceil(t·|x|) + 1 shingles of each in a fixed order, so only
    those are indexed and probed.
    """

    def __init__(self, similarity: float = SENTENCE_SIMILARITY):
        self.similarity = similarity
        self.exact: dict[str, int] = {}
        self.sets: list[set[str]] = []
        self.where: list[int] = []
        self.by_prefix: dict[str, list[int]] = defaultdict(list)

    def match_or_add(self, text: str, paragraph: int, shingles: set[str]) -> int | None:
        """The paragraph of an earlier sentence equal or nearly equal to text (its ``shingles``); else remember text."""
        if text in self.exact:
            return self.exact[text]
        ordered = sorted(shingles)
        prefix = ordered[: len(ordered) - math.ceil(self.similarity * len(ordered)) + 1]
        tried: set[int] = set()
        for s in prefix:
            for sid in self.by_prefix.get(s, ()):
                if sid in tried:
                    continue
                tried.add(sid)
                other = self.sets[sid]
                shared = len(shingles & other)
                if shared / (len(shingles) + len(other) - shared) >= self.similarity:
                    return self.where[sid]
        self.exact[text] = paragraph
        sid = len(self.sets)
        self.sets.append(shingles)
        self.where.append(paragraph)
        for s in prefix:
            self.by_prefix[s].append(sid)
        return None


def _any_mostly_seen(groups: list[list[str]], similarity: float) -> bool:
    """Whether a group may have a `similarity` share of its different shingles found in the groups
    before it. A sentence nearly equal to an earlier one shares that share or more with it (Jaccard
    similarity is at most the share of either set), all found before it; one equal to an earlier one
    has all its shingles found before it. When no sentence may (most reports), none repeats another.

    Counted by one set update per group (the shingles it adds), not an intersection too: a group's
    shingles found before are at most its positions less those it adds, and a repeat within the group
    only lowers that count against the share of its positions (when the share is at most 1; above,
    nothing can reach it).
    """
    seen: set[str] = set()
    for shingles in groups:
        known = len(seen)
        seen.update(shingles)
        if len(shingles) - (len(seen) - known) >= similarity * len(shingles) - 1e-9:
            return True
    return False


def check_sentences(ctx: Context):
    skip = set(duplicate_paragraphs(ctx))
    similarity = ctx.limit(DUPLICATE_SENTENCE, "similarity")
    index = _SentenceIndex(similarity)
    compared = []  # (paragraph, sentence span, words, shingles) of the sentences compared with the others
    for w in _words(ctx):
        if w.paragraph.index in skip:
            continue
        first = start = 0
        for span, sentence in zip(w.sentences, w.clauses):
            # a sentence's words are its clauses' words: ； is among what _normal drops
            text = w.normal[first] if len(sentence) == 1 else "".join(w.normal[first:first + len(sentence)])
            first += len(sentence)
            if len(text) >= MIN_SENTENCE_CHARS:
                compared.append((w.paragraph.index, span, text, w.grams_of(start, start + len(text))))
            start += len(text)
    earlier_of = {}  # (paragraph, sentence span) → paragraph of the earlier sentence it repeats
    groups = [grams for _, _, _, grams in compared]
    if _any_mostly_seen(groups, similarity):
        # a sentence nearly equal to another shares at least a `similarity` share of its shingles with
        # it: one with fewer shingles found in any other sentence is left out of the index, and its
        # shingles are not even made a set
        shared, different, found_before = _in_two_or_more(groups)
        for (paragraph, span, text, grams), size in zip(compared, different):
            hits = len(shared.intersection(grams))
            if hits >= similarity * size - 1e-9:
                earlier = index.match_or_add(text, paragraph, set(grams))
                if earlier is not None:
                    earlier_of[(paragraph, span)] = earlier
    repeating = {paragraph for paragraph, _ in earlier_of}
    for w in _words(ctx):
        # most paragraphs repeat no sentence and say no clause twice in a row: found by comparing in C
        if w.paragraph.index not in repeating and not any(map(eq, w.normal, w.normal[1:])):
            continue
        p = w.paragraph
        units = [c for sentence in w.clauses for c in sentence]
        reported: set[int] = set()
        # back to back: a sentence (or clause) that repeats the one right before it
        for (_, (s2, e2)), a, b in zip(zip(units, units[1:]), w.normal, w.normal[1:]):
            if a == b and len(a) >= MIN_CLAUSE_CHARS:
                yield DUPLICATE_SENTENCE.finding(
                    f"“{_excerpt(p.text[s2:e2])}”紧接着重复了一遍，请删去重复的一句。",
                    p.index, s2, e2, suggestion="", fix="",
                )
                reported.add(s2)
        for s, e in w.sentences:
            earlier = earlier_of.get((p.index, (s, e)))
            if earlier is not None and s not in reported:
                where = "本段前文" if earlier == p.index else f"第{earlier}段"
                yield DUPLICATE_SENTENCE.finding(
                    f"这句话与{where}的一句相同或几乎相同：“{_excerpt(p.text[s:e])}”。请删去重复的一句，或改写。",
                    p.index, s, e,
                )


def _excerpt(text: str, limit: int = 24) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "……"


DUPLICATE_PARAGRAPH = CodeRule(
    "duplicate-paragraph",
    "warning",
    "段落与前文段落相同或大部分相同（重复粘贴）",
    check_paragraphs,
    rationale="整段重复多是复制粘贴留下的，说明稿件没有通读；审阅者一眼就能发现。",
    thresholds={"similarity": PARAGRAPH_SIMILARITY},
    flag=[
        "县林草局2023年工作总结\n一、工作情况\n"
        "一是规范执法程序。要求执法人员在执法过程中严格遵守公开原则、程序合法原则，做到亮证执法、文明执法。"
        "二是严守执法纪律。始终严守工作纪律，杜绝截留、挪用等违法违纪行为的发生。\n"
        "一是健全执法机制。明确职责权限。二是规范执法程序。要求执法人员在执法过程中严格遵守公开原则、程序合法原则，"
        "做到亮证执法、文明执法。三是严守执法纪律。始终严守工作纪律，杜绝截留、挪用等违法违纪行为的发生。",
    ],
    passes=[
        "县林草局2023年工作总结\n一、工作情况\n"
        "一是规范执法程序。要求执法人员在执法过程中严格遵守公开原则、程序合法原则，做到亮证执法、文明执法。\n"
        "二是加强普法宣传。围绕宪法宣传周、植树节等节点，深入林区开展送法上门活动，发放宣传资料2000余份。",
    ],
)
DUPLICATE_SENTENCE = CodeRule(
    "duplicate-sentence",
    "warning",
    "句子紧接重复，或与报告中另一句相同、几乎相同",
    check_sentences,
    rationale="重复的句子多是拼合稿件时留下的，冲淡重点，审阅者会认为稿件未经推敲。",
    thresholds={"similarity": SENTENCE_SIMILARITY},
    flag=[
        "区财政局2023年工作总结\n一、财政收支情况\n"
        "（一）一般公共预算收入完成情况。一般公共预算收入完成情况。1—11月份，全区累计完成收入12亿元。",
        "区财政局2023年工作总结\n一、财政收支情况\n全年累计完成一般公共预算收入12.5亿元，同比增长8%。\n"
        "二、存在的问题\n收入结构有待优化。全年累计完成一般公共预算收入12.5亿元，同比增长8%。",
    ],
    passes=[
        "区财政局2023年工作总结\n一、财政收支情况\n（一）一般公共预算收入完成情况。1—11月份，全区累计完成收入12亿元。\n"
        "（二）一般公共预算支出完成情况。1—11月份，全区累计完成支出15亿元。",
    ],
)

RULES = [DUPLICATE_PARAGRAPH, DUPLICATE_SENTENCE]
