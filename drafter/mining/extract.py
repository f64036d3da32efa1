"""From a report to what mining counts: the text of each part (role) and the shape of the report.

Every paragraph is given one role: ``lead`` (before the first heading), ``signature`` (落款),
or the role of the top-level section holding it. A section with two roles is split per
paragraph: an inline problems paragraph (``Role.inline``) is ``problems``; in a section named
for problems and plan together (“存在问题及下一步打算”) a paragraph with problem words and no
sub-heading of its own is ``problems`` and the rest ``plan``. Titles are not counted, nor are
headings: a part's text is its body text (paragraphs that are not headings, and of a run-in
heading “（一）标题。正文” the text after the heading); the top-level headings' wordings go to
``ReportShape.headings``.

Text is normalised so that numbers and placeholders do not split phrases: years become
``{year}`` / ``{next_year}`` / ``{prev_year}`` relative to the report's ``Outline.year``, any
other number or ``XX`` placeholder becomes ``{数字}``. Inside the counting code each of these
is one private-use character (see ``TOKENS``), so one token is one character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter.document.corpus import JUNK, Report, without_junk
from drafter.document.roles import vocabulary as role_vocabulary
from drafter.document.structure import Outline, build_outline
from drafter.mining.profile import NUMBER

# roles whose text is counted for phrases, in the order the parts usually come
PHRASE_ROLES = ("lead", "summary", "highlights", "problems", "plan")

NUM, YEAR, NEXT_YEAR, PREV_YEAR = "\ue000", "\ue001", "\ue002", "\ue003"
TOKENS = {NUM: NUMBER, YEAR: "{year}", NEXT_YEAR: "{next_year}", PREV_YEAR: "{prev_year}"}
SLOT = "{…}"

_SPACE = re.compile(r"[ \t\u3000\u00a0\r]+")
_NUMBER = re.compile(r"(?<![A-Za-z])(?:[0-9０-９]+(?:[.．][0-9０-９]+)?|[XxＸ×]{1,4})(?![A-Za-z])")
_YEAR = re.compile(r"(?<![0-9０-９.．A-Za-z])(?:19|20|１９|２０)[0-9０-９]{2}(?![0-9０-９A-Za-z]|[.．][0-9０-９])")
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_HEADING_END = re.compile(r"[。．.：:]$")


@dataclass
class Part:
    role: str
    text: str  # normalised, one paragraph
    raw: str = ""  # as written (a run-in heading left out), for example sentences


@dataclass
class ReportShape:
    """What mining keeps of a report besides its text."""

    year: int | None
    order: list[str]  # roles of the parts in order, lead first, signature last, repeats merged
    headings: list[tuple[str, str]] = field(default_factory=list)  # (role, normalised heading)
    children: list[tuple[str, int]] = field(default_factory=list)  # (role, number of (一) items)
    lengths: list[tuple[str, int]] = field(default_factory=list)  # (role, paragraph characters)


def normalise(text: str, year: int | None) -> str:
    """Spaces dropped, numbers and placeholders as one token character, years relative to ``year``."""
    text = _SPACE.sub("", text)
    if year:
        text = _YEAR.sub(lambda m: _YEAR_TOKENS.get(int(m.group(0).translate(_FULLWIDTH)) - year, NUM), text)
    return _NUMBER.sub(NUM, text)


_YEAR_TOKENS = {0: YEAR, 1: NEXT_YEAR, -1: PREV_YEAR}


def readable(text: str) -> str:
    """Token characters written out: ``{数字}``, ``{year}`` ..."""
    for char, name in TOKENS.items():
        text = text.replace(char, name)
    return text


def heading_wording(text: str, year: int | None) -> str:
    return readable(_HEADING_END.sub("", normalise(text, year)))


def _problem_words() -> tuple[list[str], list[str]]:
    vocab = role_vocabulary()
    return vocab["inline_problems"]["problem"], vocab["roles"]["plan"]


def parts_of(report: Report, outline: Outline | None = None) -> tuple[list[Part], ReportShape]:
    """The report's paragraphs with their roles (normalised text) and its shape."""
    if any(JUNK.search(p.text) for p in report.paragraphs):
        report = without_junk(report)
    outline = outline or build_outline(report)
    year = outline.year
    role_of: dict[int, str] = {}
    for p in outline.lead:
        role_of[p.index] = "lead"
    for p in outline.signature:
        role_of[p.index] = "signature"
    title = {p.index for p in outline.title}
    problem_words, plan_words = _problem_words()
    shape = ReportShape(year=year, order=[])
    order: list[str] = ["lead"] if outline.lead else []
    previous = "summary"
    for section in outline.sections:
        inline = {r.paragraph: r.name for r in section.roles if r.inline}
        main = [r.name for r in section.roles if not r.inline] or [previous]
        names = main + [r.name for r in section.roles if r.inline]
        previous = main[-1]
        for name in main:
            shape.headings.append((name, heading_wording(section.heading.text, year)))
            shape.children.append((name, len(section.children)))
        child_first = {c.first for c in section.children}
        for p in report.paragraphs:
            if not section.first <= p.index <= section.last or p.index in role_of or p.index in title:
                continue
            if p.index in inline:
                role = inline[p.index]
            elif len(main) > 1 and {"problems", "plan"} <= set(main):
                text = p.text
                problem = any(w in text for w in problem_words) and p.index not in child_first \
                    and p.index != section.first
                role = "problems" if problem else "plan"
            else:
                # a part naming its highlights and its results is mined as highlights, the narrower part
                role = "highlights" if "highlights" in main else main[0]
            role_of[p.index] = role
        for name in names:
            if not order or order[-1] != name:
                order.append(name)
    if outline.signature:
        order.append("signature")
    shape.order = order
    parts: list[Part] = []
    section_heads = {s.heading.paragraph.index for s in outline.sections}
    for p in report.paragraphs:
        role = role_of.get(p.index)
        if role is None:
            continue
        h = outline.headings.get(p.index)
        if p.index in section_heads:
            raw = p.text[h.text_end:] if h is not None and h.run_in else ""
        else:
            raw = p.text[h.text_start:] if h is not None else p.text
        text = normalise(raw, year)
        if not text:
            continue
        body = normalise(p.text[h.text_end:], year) if h is not None else text
        if body and not (h is not None and not h.run_in):
            shape.lengths.append((role, len(body)))
        parts.append(Part(role, text, raw))
    return parts, shape
