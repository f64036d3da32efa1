"""Last year's plan: its items, their key terms, and whether this year's summary accounts for each.

Serves ``drafter new --from`` (the items become the new summary's headings) and the ``plan-coverage``
rule of ``drafter lint --plan``. An item is what last year's plan part lists: its sub-headings
(（一）……), or, when the part has none, its enumerated clauses (一是……二是……) or paragraphs.

Matching is by meaning, without a word segmenter: the generic words of ``style_rules/plan-terms.yml``
(推进、加强、建设……) are cut out of an item, what remains are its key terms (智慧交通, 老旧小区改造);
synonyms are read as one word on both sides. A passage of this year's summary accounts for the item
when it holds a long key term whole, or half of the characters of the item's key terms in character
pairs it also holds (so word order may change: 粮食播种面积 ~ 粮食种植面积). Said less rather than wrongly: an item
with no key term left is never reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from drafter import regex_cache
from drafter.datafiles import load_yaml
from drafter.document.corpus import Report, split_reports, strip_junk
from drafter.document.model import YEAR_PATTERN
from drafter.document.structure import Outline, Section, build_outline
from drafter.errors import InputError
from drafter.paths import data_dir

_ENUMERATION = regex_cache.compile(r"(?:^|(?<=[。；;，,：:]))\s*(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，,、])")
_CLAUSE_END = regex_cache.compile(r"[。；;！？]")
_FIRST_CLAUSE = regex_cache.compile(r"[，,。；;：:！？]")
_NOT_WORD = regex_cache.compile(r"[^\u4e00-\u9fffA-Za-z0-9]+")
# a figure; a year ("2024年") is no figure: the plan's year is the new summary's year
_NUMBER = regex_cache.compile(rf"(?<![A-Za-z\d.])(?!{YEAR_PATTERN}年)\d+(?:\.\d+)?(?![A-Za-z\d])")
_MAX_HEADING = 30  # characters of an item kept as a heading of the new summary
_MAX_MEASURE = 80  # characters of an item quoted in the prompt
STRONG_TERM = 3  # a key term this long found whole accounts for its item on its own
SHARE_NEEDED = 0.5  # else: this share of the item's key-term characters must be found, in character pairs


@dataclass(frozen=True)
class PlanItem:
    """One measure of last year's plan and where it stands in that file."""

    text: str  # the measure in the plan's words: its heading, or the enumerated clause
    measure: str  # the first sentence after a heading, "" for a clause
    paragraph: int  # location in last year's file (see drafter.document.model)
    start: int  # where ``text`` stands in that paragraph's text
    end: int
    section: str  # '三、2024年工作计划 > （二）……'

    def location(self, path: str) -> dict:
        """Where the item was planned, for JSON: the other file's path and the location contract's fields."""
        return {"path": path, "paragraph": self.paragraph, "start": self.start, "end": self.end,
                "section": self.section, "item": self.text}

    @property
    def detail(self) -> str:
        """The item with its first sentence, for the new summary's prompt."""
        return _clip(self.text + ("：" + self.measure if self.measure else ""))

    def heading(self) -> str:
        """The item as a heading of the new summary: its first clause, short, numbers left to fill."""
        head = self.text
        if len(head) > _MAX_HEADING:
            cut = _FIRST_CLAUSE.search(head, 6)
            head = head[:cut.start()] if cut and cut.start() <= _MAX_HEADING else head[:_MAX_HEADING] + "……"
        return without_numbers(head.rstrip("。；;，,：: "))


@dataclass(frozen=True)
class PlanSource:
    """Last year's report as a plan: the file, its outline and its plan items."""

    path: str
    outline: Outline
    items: tuple[PlanItem, ...]


def without_numbers(text: str) -> str:
    """Last year's figures left as a prompt to fill: they were targets, not this year's facts."""
    return _NUMBER.sub("【数】", text)


def plan_sections(outline: Outline) -> list[Section]:
    return [s for s in outline.sections if any(r.name == "plan" and not r.inline for r in s.roles)]


def _section_paragraphs(outline: Outline, section: Section):
    """A part's paragraphs with words in them, web page lines (outline.furniture) left out."""
    return [p for p in outline.report.paragraphs
            if section.first <= p.index <= section.last and strip_junk(p.text) and p.index not in outline.furniture]


def _first_sentence(text: str) -> str:
    m = _CLAUSE_END.search(text)
    return text[:m.start()] if m else text.strip()


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_MEASURE else text[:_MAX_MEASURE] + "……"


def plan_items(outline: Outline) -> list[PlanItem]:
    """The items of a report's plan part(s), in order."""
    items: list[PlanItem] = []
    for section in plan_sections(outline):
        if section.children:
            for child in section.children:
                h = child.heading
                body = h.paragraph.text[h.text_end:].lstrip("，,；;：:。 \u3000").strip()
                if not body:
                    after = [p for p in _section_paragraphs(outline, child) if p.index not in outline.headings]
                    body = after[0].text.strip() if after else ""
                head = h.text.rstrip("。；;，,：: ")
                items.append(PlanItem(head, _first_sentence(body), h.paragraph.index, h.text_start,
                                      h.text_start + len(head), outline.section_path(h.paragraph.index)))
            continue
        for p in _section_paragraphs(outline, section):
            heading = outline.headings.get(p.index)
            offset = heading.text_end if heading else 0  # a run-in heading's paragraph: the text after it
            text = p.text[offset:].strip()
            if not text:
                continue
            starts = [offset + m.end() for m in _ENUMERATION.finditer(p.text[offset:])]
            bounds = zip(starts, starts[1:] + [len(p.text)]) if starts else [(offset, len(p.text))]
            for a, b in bounds:
                piece = p.text[a:b]
                clause = _first_sentence(piece).strip(" ，,；;\u3000")
                if len(clause) < 4 or (not starts and text.endswith(("：", ":"))):
                    continue  # "重点做好以下工作：" introduces the items, it is none
                start = p.text.index(clause, a)
                items.append(PlanItem(clause, "", p.index, start, start + len(clause),
                                      outline.section_path(p.index)))
    return items


# ---- key terms and matching ----


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[re.Pattern, dict[str, str], re.Pattern, tuple[str, ...]]:
    data = load_yaml(data_dir("style_rules") / "plan-terms.yml")
    canonical = {}
    for group in data["synonyms"]:
        for word in group:
            canonical[str(word)] = str(group[0])
    by_length = sorted(canonical, key=len, reverse=True)
    synonyms = regex_cache.compile("|".join(map(re.escape, by_length)))
    generic = regex_cache.compile("|".join(map(re.escape, sorted(map(str, data["generic"]), key=len, reverse=True))))
    return synonyms, canonical, generic, tuple(map(str, data["not_done"]))


def normalize(text: str) -> str:
    """Text for comparing: synonyms read as one word, quotes and punctuation as breaks."""
    synonyms, canonical, _, _ = _vocabulary()
    return synonyms.sub(lambda m: canonical[m.group(0)], text)


def key_terms(text: str) -> list[str]:
    """What an item plans, without its generic words: '推进智慧交通建设' → ['智慧交通']."""
    _, _, generic, _ = _vocabulary()
    plain = generic.sub("|", normalize(_NUMBER.sub("|", text)))
    terms = []
    for piece in _NOT_WORD.split(plain.replace("|", " ")):
        if len(piece) >= 2 and piece not in terms:
            terms.append(piece)
    return terms


def _shared(term: str, passage: str) -> tuple[int, int]:
    """(characters of a term inside a character pair the passage also holds, how many such pairs)."""
    covered: set[int] = set()
    pairs = 0
    for i in range(len(term) - 1):
        if term[i:i + 2] in passage:
            covered.update((i, i + 1))
            pairs += 1
    return len(covered), pairs


def _accounts_for(terms: list[str], passage: str) -> bool:
    """Whether a passage (normalized) speaks of the item with these key terms: a long term whole, or half
    of the terms' characters in pairs the passage holds."""
    if any(len(t) >= STRONG_TERM and t in passage for t in terms):
        return True
    shared = [_shared(t, passage) for t in terms]
    if not any(n for _, n in shared):
        return False
    if sum(c for c, _ in shared) >= SHARE_NEEDED * sum(map(len, terms)):
        return True
    _, _, _, not_done = _vocabulary()
    return any(w in passage for w in not_done)  # "……因资金未到位推迟实施" names the item and accounts for it


def accounted(item: PlanItem, passages: list[str]) -> bool | None:
    """Whether one of this year's passages (normalized) speaks of the item, by its heading's key terms or
    by those of its first sentence; None when the item has no key term to look for."""
    wordings = [t for t in (key_terms(item.text), key_terms(item.measure)) if t]
    if not wordings:
        return None
    return any(_accounts_for(terms, p) for terms in wordings for p in passages)


# ---- loading last year's report ----


def _parts_found(outline: Outline) -> str:
    headings = [s.heading.display for s in outline.sections]
    return "、".join(f"“{h}”" for h in headings[:5]) if headings else "没有识别出任何标题"


def plan_source(report: Report) -> PlanSource:
    """Last year's report as a plan; an InputError naming what was found when it has no plan part."""
    outline = build_outline(report)
    items = plan_items(outline)
    if not items:
        where = "有计划部分但其中没有条目" if plan_sections(outline) else "没有找到下一年工作计划部分"
        raise InputError(report.path, f"{where}（找到的部分：{_parts_found(outline)}），请给出含下一年工作计划部分的去年报告")
    return PlanSource(report.path, outline, tuple(items))


def read_reports(path: str, data: bytes | None = None) -> list[Report]:
    """The reports of a file (``data``: its bytes already read, ``path`` naming it)."""
    from drafter.reader import read

    return split_reports(read(path, data))


def pick_report(reports: list[Report], number: int | None, path: str) -> Report:
    """The report of a file: the only one, or number ``number`` (1-based) of a compilation."""
    if number is None:
        if len(reports) > 1:
            raise InputError(path, f"这是汇编文件，收有{len(reports)}篇报告，请用 --report 序号 指定其中一篇（1～{len(reports)}）")
        return reports[0]
    if not 1 <= number <= len(reports):
        raise InputError(path, f"--report {number}：文件中只有{len(reports)}篇报告（1～{len(reports)}）")
    return reports[number - 1]


def _sources(path: str, data: bytes | None = None) -> tuple[PlanSource, ...]:
    return tuple(plan_source(r) for r in read_reports(path, data))


@lru_cache(maxsize=16)
def _cached_sources(path: str, size: int, mtime: float) -> tuple[PlanSource, ...] | InputError:
    try:
        return _sources(path)
    except InputError as exc:
        return exc


def load_plan(path: str, data: bytes | None = None) -> tuple[PlanSource, ...]:
    """Every report of a --plan file as a plan (read once per process while the file is unchanged);
    with ``data``, of the file those bytes hold (``path`` names it)."""
    if data is not None:
        return _sources(path, data)
    try:
        st = Path(path).stat()
    except OSError:
        from drafter.reader import read

        read(path)  # raises the reader's own one-line error
        raise
    found = _cached_sources(str(Path(path).resolve()), st.st_size, st.st_mtime)
    if isinstance(found, InputError):
        raise InputError(path, found.reason)
    return found


def unit_of(title: str) -> str:
    """The unit a title names: what stands before its first year ('区科技局2023年工作总结…' → '区科技局')."""
    m = re.search(rf"{YEAR_PATTERN}\s*年", title)
    return title[:m.start()].strip(" 《“\u3000") if m else ""


def matching_plan(sources: tuple[PlanSource, ...], draft: Outline) -> PlanSource | None:
    """The report of a --plan file to compare a draft with: the only one, or the one of the draft's unit."""
    if len(sources) == 1:
        return sources[0]
    unit = unit_of(draft.title_text)
    return next((s for s in sources if unit and unit_of(s.outline.title_text) == unit), None)
