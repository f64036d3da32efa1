"""What a rule sees of one report, and the shape of a code rule."""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, field
from itertools import filterfalse
from typing import Callable, Iterable

from drafter import regex_cache
from drafter.document.corpus import Report, strip_junk
from drafter.document.model import Paragraph
from drafter.document.structure import Heading, Outline
from drafter.rules.base import Finding

_SENTENCE = regex_cache.compile(r"[^。！？]*[。！？]+[”’）」』]*|[^。！？]+$")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, split on 。！？ with closing quotes kept in the sentence."""
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def is_cjk(c: str) -> bool:
    """A character of the CJK Unified Ideographs block: the Chinese characters words are written in."""
    return "\u4e00" <= c <= "\u9fff"


def occurrences(text: str, word: str):
    """Every position where ``word`` starts in the text, overlapping ones included."""
    at = text.find(word)
    while at != -1:
        yield at
        at = text.find(word, at + 1)


def character_pairs(text: str) -> set[int]:
    """Every two adjacent characters of a text, each pair as one number (pair_code)."""
    return set(_pair_numbers(text))


def _pair_numbers(text: str):
    """The number of each two adjacent characters, in order, repeats included.

    Worked out in C, without a string per pair (half the time of slicing each out): the text's
    32-bit characters are interleaved byte by byte with the characters after them and read 64 bits at
    a time. Interleaved, a number's low bits come from both characters, so that pairs sharing their
    first character do not crowd one place of a set's table (a third longer look-ups side by side).
    """
    n = len(text) - 1
    if n < 1:
        return ()
    data = text.encode("utf-32-le")
    both = bytearray(8 * n)
    both[0::2] = data[:4 * n]
    both[1::2] = data[4:]
    return memoryview(both).cast("Q")


if sys.byteorder == "little":
    def pair_code(pair: str) -> int:
        """The number character_pairs holds for two characters: byte k of the first one's code is byte 2k of the
        number, of the second one's byte 2k + 1 (a tenth of the time of character_pairs)."""
        a, b = map(ord, pair)
        return (a & 0xFF | (a & 0xFF00) << 8 | (a & 0xFF0000) << 16
                | (b & 0xFF) << 8 | (b & 0xFF00) << 16 | (b & 0xFF0000) << 24)

    def pair_text(code: int) -> str:
        """The two characters of a number of character_pairs (twice as fast as taking the bytes apart)."""
        return (chr(code & 0xFF | code >> 8 & 0xFF00 | code >> 16 & 0xFF0000)
                + chr(code >> 8 & 0xFF | code >> 16 & 0xFF00 | code >> 24 & 0xFF0000))
else:
    def pair_code(pair: str) -> int:
        """The number character_pairs holds for two characters."""
        (code,) = character_pairs(pair)
        return code

    def pair_text(code: int) -> str:
        """The two characters of a number of character_pairs."""
        both = code.to_bytes(8, "big")
        return (both[0::2] + both[1::2]).decode("utf-32-le")


# Pairs no rule asks about: typo found them no slip for anything (a fact of the pair alone) and no data
# rule's index looks them up. Context.pairs leaves them out, so that the rules' set operations run over the
# few pairs left, not a paragraph's hundred (per language, as typo's memo is: never keyed on a report's text).
ORDINARY_MAX = 200_000
_ordinary: set[int] = set()
_is_ordinary = _ordinary.__contains__
_asked: set[int] = set()  # pairs a data rule's index looks up, or tests the presence of: never ordinary
_asked_version = 0  # pairs worked out before a rule asked for more are worked out again


# one thread's typo must not mark a pair ordinary between another's index asking for it and its version
# going up: the pair would then be left out for good (drafter.lint may run in several threads)
_asking = threading.Lock()


def mark_ordinary(pairs: list[int]) -> None:
    """typo: these pairs are no slip for anything, in any context."""
    with _asking:
        if len(_ordinary) >= ORDINARY_MAX:
            _ordinary.clear()
        _ordinary.update(filterfalse(_asked.__contains__, pairs))


def ask_for(pairs) -> None:
    """A data rule's index looks these pairs up: Context.pairs hands them out from now on."""
    global _asked_version
    with _asking:
        _asked.update(pairs)
        _ordinary.difference_update(pairs)
        _asked_version += 1


@dataclass
class LintOptions:
    required_roles: tuple[str, ...] = ("summary", "problems", "plan")  # from the report kind's template
    kind_named: bool = True  # the kind was named (title or configuration), not guessed from the text
    allow: tuple[str, ...] = ()  # terms never flagged
    thresholds: dict = field(default_factory=dict)  # rule id → {limit: value}, over the rule's defaults
    plans: tuple = ()  # last year's report as drafter.document.plan.PlanSource (one, or each of a compilation)


@dataclass
class Context:
    outline: Outline
    options: LintOptions
    cache: dict = field(default_factory=dict)

    @property
    def report(self) -> Report:
        return self.outline.report

    @property
    def year(self) -> int | None:
        return self.outline.year

    @property
    def source_format(self) -> str:
        return self.report.source_format

    def heading(self, p: Paragraph) -> Heading | None:
        return self.outline.headings.get(p.index)

    def pairs(self, p: Paragraph) -> set[int]:
        """The paragraph's character pairs but the ordinary ones (see mark_ordinary), worked out once for the
        rules that ask (typo, the data rules)."""
        known = self.cache.setdefault("pairs", {})
        found = known.get(p.index)
        if found is None or found[0] != _asked_version:
            # the ordinary ones dropped as the numbers come: no set of all the pairs is built (a third of the time)
            found = known[p.index] = (_asked_version, set(filterfalse(_is_ordinary, _pair_numbers(p.text))))
        return found[1]

    def paragraphs(self) -> list[Paragraph]:
        """The report's paragraphs, web page lines (breadcrumbs, 来源 lines …) left out."""
        if "paragraphs" not in self.cache:
            furniture = self.outline.furniture
            self.cache["paragraphs"] = [p for p in self.report.paragraphs if p.index not in furniture]
        return self.cache["paragraphs"]

    def body(self) -> list[Paragraph]:
        """Paragraphs of running text: not title, heading, signature, web page line, empty or junk-only."""
        if "body" not in self.cache:  # asked by most rule families
            skip = {p.index for p in self.outline.title} | {p.index for p in self.outline.signature}
            self.cache["body"] = [p for p in self.paragraphs()
                                  if p.index not in skip and p.index not in self.outline.headings and strip_junk(p.text)]
        return self.cache["body"]

    def running_text(self) -> list[tuple[Paragraph, str, int]]:
        """(paragraph, running text, its offset) of each body paragraph, and of each paragraph that opens with a
        run-in heading (（一）政策落实。全年……): the text after the heading, which body() leaves out."""
        if "running" not in self.cache:
            body = {p.index for p in self.body()}
            out = []
            for p in self.paragraphs():
                h = self.heading(p)
                if p.index in body:
                    out.append((p, p.text, 0))
                elif h is not None and h.run_in and not p.in_table:
                    out.append((p, *self.body_text(p)))
            self.cache["running"] = out
        return self.cache["running"]

    def limit(self, rule: CodeRule, name: str) -> float:
        """The rule's limit ``name``: drafter.toml's [thresholds.RULE] value, else the rule's default."""
        return self.options.thresholds.get(rule.id, {}).get(name, rule.thresholds[name])

    def body_text(self, p: Paragraph) -> tuple[str, int]:
        """The running text of a paragraph (after a run-in heading) and its offset."""
        h = self.heading(p)
        if h is None:
            return p.text, 0
        return p.text[h.text_end:], h.text_end


@dataclass(frozen=True)
class Example:
    """A must-flag report that also pins the flagged text and, when given, the suggestion."""

    text: str
    span: str | None = None  # the text [start, end) of the finding
    suggestion: str | None = None


@dataclass
class CodeRule:
    id: str
    severity: str
    description: str
    check: Callable[[Context], Iterable[Finding]]
    # small reports (one paragraph a line) that must produce / must not produce a finding
    flag: list[str | Example] = field(default_factory=list)
    passes: list[str] = field(default_factory=list)
    rationale: str = ""  # why it matters, with the standard it comes from (shown by `drafter rules ID`)
    thresholds: dict[str, float] = field(default_factory=dict)  # settable limits and their defaults
    # last year's report the examples are checked against (rules that compare two reports)
    example_plan: str = ""

    def flag_texts(self) -> list[str]:
        return [e.text if isinstance(e, Example) else e for e in self.flag]

    def finding(self, message: str, paragraph: int | None, start: int | None = None, end: int | None = None,
                suggestion: str | None = None, fix: str | None = None, severity: str | None = None) -> Finding:
        return Finding(self.id, severity or self.severity, message, paragraph, start, end, suggestion, fix=fix)
