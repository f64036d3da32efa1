"""structure: title, lead, headings (GB/T 9704 levels), sections with roles, and the 落款."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter import regex_cache
from drafter.document.corpus import Report, strip_junk
from drafter.document.model import TITLE_KIND_PATTERN, YEAR_PATTERN, Paragraph
from drafter.document.roles import COUNTS_AS, read_heading, text_shares, vocabulary
from drafter.document.webpage import furniture

CN_NUM = "一二三四五六七八九十百"
# the number forms of the four GB/T 9704 levels, tried in this order in one match: the group that matched
# is the level; 1、 and (一) are wrong forms but still headings
_NUMBER_FORM = regex_cache.compile(
    rf"([{CN_NUM}]+[、．.]|第[{CN_NUM}]+部分)"
    rf"|([（(][{CN_NUM}]+[）)])"
    r"|(\d{1,2}(?:[、]|[.．](?!\d)))"
    r"|([（(]\d{1,2}[）)]|\d{1,2}[)）])"
)
_TERMINATOR = regex_cache.compile(r"[。！？]")
DATE_LINE = regex_cache.compile(
    r"^(?:\d{4}|[〇零○Ｏ一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日$"
)
_YEAR = regex_cache.compile(rf"({YEAR_PATTERN})\s*年")
_MAX_HEADING_CHARS = 60
# a title is a short line: longer ones (up to this) only when set off as a title (centred, large, styled)
TITLE_CHARS = 50
SET_OFF_TITLE_CHARS = 70
_TITLE_KIND = regex_cache.compile(TITLE_KIND_PATTERN)
_SENTENCE_MARKS = regex_cache.compile(r"[。！？；：，;:!?]")
# a part whose text speaks of shortcomings in at least this share of its clauses is a problems part
PROBLEMS_SHARE = 0.5
PLAN_SHARE = 0.4
# a part whose role is not read from its heading could still be a missing part from this share on
COULD_BE_SHARE = 0.25


@dataclass
class Heading:
    paragraph: Paragraph
    level: int  # place in the hierarchy, 1..4
    form: int | None  # the GB/T level its number's form belongs to, None when unnumbered
    number: str  # visible number, typed or auto ("（一）")
    auto: bool  # number produced by Word numbering
    text: str  # heading words without the number; for a run-in heading up to its first 。
    run_in: bool  # body text follows in the same paragraph
    text_start: int  # offset of ``text`` in paragraph.text
    text_end: int  # offset just after the heading in paragraph.text

    @property
    def display(self) -> str:
        return self.number + self.text


@dataclass
class Role:
    name: str
    inline: bool = False
    paragraph: int | None = None  # where an inline part is written
    # how the role was found: "heading" (its words or year), "text" (what the part says) or
    # "place" (a part without a heading of its own before the problems and plan parts)
    source: str = "heading"

    def to_json(self) -> dict:
        data = {"role": self.name, "inline": self.inline}
        if self.inline:
            data["paragraph"] = self.paragraph
        return data


@dataclass
class Section:
    heading: Heading
    first: int
    last: int
    roles: list[Role] = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)
    # share of the part's clauses that speak of problems, plans and work done (see roles.text_shares);
    # worked out for top-level parts whose heading names no part, the only ones whose role it decides
    shares: dict = field(default_factory=dict, repr=False)

    def role_names(self) -> list[str]:
        return [r.name for r in self.roles]

    def to_json(self) -> dict:
        return {
            "level": self.heading.level,
            "number": self.heading.number,
            "heading": self.heading.text,
            "roles": [r.to_json() for r in self.roles],
            "paragraphs": [self.first, self.last],
            "children": [c.to_json() for c in self.children],
        }


@dataclass
class Outline:
    report: Report
    title: list[Paragraph]
    lead: list[Paragraph]
    sections: list[Section]
    signature: list[Paragraph]
    headings: dict[int, Heading]
    year: int | None
    year_source: str  # where the summary year came from: "title", "headings", "lead", "option" or ""
    furniture: dict[int, str] = field(default_factory=dict)  # web page lines: index → what they are

    @property
    def title_text(self) -> str:
        """The title on one line: a title set on two lines (a line break or two paragraphs) is one title."""
        return "".join(p.full_text.strip() for p in self.title).replace("\n", "")

    @property
    def plan_year(self) -> int | None:
        return self.year + 1 if self.year else None

    def walk(self):
        """Every section, each before its children: listed first (several rules walk the tree, and a
        generator costs twice as much a section)."""
        order: list[Section] = []

        def visit(sections: list[Section]) -> None:
            for section in sections:
                order.append(section)
                if section.children:
                    visit(section.children)

        visit(self.sections)
        return iter(order)

    def section_path(self, paragraph: int) -> str:
        """'一、2023年工作总结 > （二）……' for the sections holding a paragraph."""
        path = []
        level = self.sections
        while True:
            for inside in level:  # a loop, not next() over a generator: this runs for most findings
                if inside.first <= paragraph <= inside.last:
                    break
            else:
                break
            path.append(shortened(inside.heading.display))
            level = inside.children
        if not path:
            if any(p.index == paragraph for p in self.title):
                return "标题"
            if any(p.index == paragraph for p in self.lead):
                return "开头"
            if any(p.index == paragraph for p in self.signature):
                return "落款"
        return " > ".join(path)

    def roles_present(self) -> dict[str, Role]:
        """Each part the report has (a highlights part also stands for the summary)."""
        found: dict[str, Role] = {}
        for section in self.sections:
            for role in section.roles:
                for name in {role.name, COUNTS_AS.get(role.name, role.name)}:
                    if name not in found or (found[name].inline and not role.inline):
                        found[name] = role
        return found

    def to_json(self) -> dict:
        return {
            "title": self.title_text,
            "year": self.year,
            "lead": [p.index for p in self.lead],
            "signature": [p.index for p in self.signature],
            "sections": [s.to_json() for s in self.sections],
        }


def shortened(text: str, limit: int = 30) -> str:
    """The text, cut to ``limit`` characters with “……” when longer (headings named in messages)."""
    return text if len(text) <= limit else text[:limit] + "……"


def number_form(text: str) -> tuple[int, str] | None:
    """(GB/T level of the number form, the number) for text starting with a heading number."""
    m = _NUMBER_FORM.match(text)
    return (m.lastindex, m.group(0)) if m else None


def detect_heading(p: Paragraph) -> Heading | None:
    text = p.text
    stripped = text.lstrip(" \u3000\t")
    lead_space = len(text) - len(stripped)
    outline_level = p.outline_level if p.outline_level is not None and p.outline_level <= 3 else None
    if p.number:
        found = number_form(p.number.strip())
        form = found[0] if found else None
        number, start, auto = p.number, lead_space, True
    else:
        found = number_form(stripped)
        form = found[0] if found else None
        number = found[1] if found else ""
        start, auto = lead_space + len(number), False
    if (form is None and outline_level is None) or p.in_table:
        return None
    if not stripped.strip() and not number:
        return None
    # the number's form is what readers see; Word's outline level is often shifted by a styled title
    level = form if form is not None else outline_level + 1
    body = text[start:]
    m = _TERMINATOR.search(body)
    run_in = bool(m and body[m.end():].strip())
    end = start + m.end() if run_in else len(text.rstrip())
    if not run_in and outline_level is None and len(body.strip()) > _MAX_HEADING_CHARS and "，" in body:
        # a long numbered paragraph without a full stop is a list item written as prose
        run_in = True
        comma = body.find("，")
        end = start + comma
    return Heading(
        paragraph=p,
        level=level,
        form=form,
        number=number,
        auto=auto,
        text=text[start:end].strip(),
        run_in=run_in,
        text_start=start,
        text_end=end,
    )


def looks_like_title(p: Paragraph) -> bool:
    """A short line naming the report, not a sentence: no sentence marks inside or a closing colon."""
    text = strip_junk(p.full_text).replace("\n", "")
    set_off = p.alignment == "center" or (p.font_size or 0) >= 18 or (p.style or "").lower() in ("title", "标题")
    if len(text) > (SET_OFF_TITLE_CHARS if set_off else TITLE_CHARS) or text.endswith(("：", ":", "，", ",")):
        return False
    inner = _SENTENCE_MARKS.findall(text[:-1])
    # a slogan before the report's name may hold a comma: 担当实干，奋力攻坚——区财政局2025年工作总结
    return not inner or (set(inner) <= {"，"} and "——" in text and bool(_TITLE_KIND.search(text)))


def _title(nonempty: list[Paragraph]) -> list[Paragraph]:
    """The title among the paragraphs that hold words."""
    if not nonempty:
        return []
    first = nonempty[0]
    if (detect_heading(first) is not None and first.outline_level is None) or not looks_like_title(first):
        return []
    title = [first]
    if len(nonempty) > 1:
        second = nonempty[1]
        centered = first.alignment == "center" and second.alignment == "center"
        if centered and detect_heading(second) is None and len(second.text.strip()) <= 40 \
                and not _TERMINATOR.search(second.text):
            title.append(second)
    return title


def _signature(tail: list[Paragraph]) -> list[Paragraph]:
    """The 落款 among the paragraphs that hold words."""
    if not tail:
        return []
    last = tail[-1]
    if not DATE_LINE.match(strip_junk(last.text)):
        return []
    found = [last]
    if len(tail) > 1:
        unit = strip_junk(tail[-2].text)
        if unit and len(unit) <= 30 and not re.search(r"[。，；：！？]", unit) and detect_heading(tail[-2]) is None:
            found.insert(0, tail[-2])
    return found


def infer_year(title: str, headings: list[Heading], lead: list[Paragraph]) -> tuple[int | None, str]:
    years = [int(y) for y in _YEAR.findall(title)]
    if len(set(years)) >= 2:
        return min(years), "title"
    if years:
        plan_only = re.search(r"计划|打算|要点|安排", title) and not re.search(r"总结|情况|报告", title)
        return (years[0] - 1 if plan_only else years[0]), "title"
    for h in headings:
        if h.level == 1:
            ys = [int(y) for y in _YEAR.findall(h.text)]
            if ys:
                # a plan part's heading names the year after the summary year
                plan_only = len(set(ys)) == 1 and read_heading(h.text).names == ("plan",)
                return min(ys) - (1 if plan_only else 0), "headings"
    for p in lead:
        ys = [int(y) for y in _YEAR.findall(p.text)]
        if ys:
            return ys[0], "lead"
    return None, ""


def _inline_problems(paragraphs: list[Paragraph], headings: dict[int, Heading]) -> Paragraph | None:
    vocab = vocabulary()
    admission, problem = vocab["inline_problems"]["admission"], vocab["inline_problems"]["problem"]
    body = [p for p in paragraphs if p.index not in headings and strip_junk(p.text)]
    for p in reversed(body[-vocab["inline_window"]:]):
        if any(w in p.text for w in admission) and any(w in p.text for w in problem):
            return p
    return None


def build_outline(report: Report, year: int | None = None) -> Outline:
    page_lines = furniture([(p.index, strip_junk(p.full_text)) for p in report.paragraphs])
    paragraphs = [p for p in report.paragraphs if p.index not in page_lines]
    written = [p for p in paragraphs if strip_junk(p.text)]  # not empty, not web junk alone
    title = _title(written)
    signature = _signature(written)
    skip = {p.index for p in title} | {p.index for p in signature} | set(page_lines)
    headings: dict[int, Heading] = {}
    for p in paragraphs:
        if p.index in skip:
            continue
        h = detect_heading(p)
        if h is not None:
            headings[p.index] = h
    body_end = signature[0].index - 1 if signature else paragraphs[-1].index if paragraphs else 0
    sections = _tree([h for h in headings.values()], body_end)
    first_heading = min(headings) if headings else body_end + 1
    lead = [p for p in written if p.index not in skip and p.index < first_heading]
    year_source = "option" if year else ""
    if year is None:
        year, year_source = infer_year("".join(p.text for p in title), list(headings.values()), lead)
    outline = Outline(report, title, lead, sections, signature, headings, year, year_source, page_lines)
    _assign_roles(outline)
    return outline


def _tree(headings: list[Heading], body_end: int) -> list[Section]:
    roots: list[Section] = []
    stack: list[Section] = []
    for h in headings:
        section = Section(h, h.paragraph.index, body_end)
        while stack and stack[-1].heading.level >= h.level:
            stack.pop().last = h.paragraph.index - 1
        (stack[-1].children if stack else roots).append(section)
        stack.append(section)
    for i, s in enumerate(roots[:-1]):
        s.last = roots[i + 1].first - 1
    return roots


def _section_texts(outline: Outline, section: Section) -> list[str]:
    """What a part says: its paragraphs after its own heading, web page lines left out."""
    texts = []
    for p in outline.report.paragraphs:
        if section.first <= p.index <= section.last and p.index not in outline.furniture:
            h = outline.headings.get(p.index)
            texts.append(p.text[h.text_end:] if p.index == section.first and h else p.text)
    return texts


def _assign_roles(outline: Outline) -> None:
    tops = outline.sections
    readings = [read_heading(s.heading.text, outline.year, first=i == 0) for i, s in enumerate(tops)]
    first_later = next((i for i, r in enumerate(readings) if {"problems", "plan"} & set(r.names)), len(tops))
    later = False  # a problems or plan part has been passed: a part without a heading role is no summary
    for i, (s, reading) in enumerate(zip(tops, readings)):
        names = reading.names
        if reading.weak_summary and i > first_later:
            names = tuple(n for n in names if n != "summary")
        if not names:  # what the text speaks of matters only where the heading names no part
            s.shares = text_shares(_section_texts(outline, s))
        s.roles = [Role(n) for n in names] or _role_from_text(s.shares, later)
        later = later or bool({"problems", "plan"} & set(s.role_names()))
    if "problems" in {n for s in tops for n in s.role_names()}:
        return
    # a problems part without a heading: near the end of the summary, before the plan part
    candidates = [s for s in tops[:first_later] if {"summary", "highlights"} & set(s.role_names())]
    if not candidates:
        return
    holder = candidates[-1]
    paragraphs = [p for p in outline.report.paragraphs if holder.first <= p.index <= holder.last]
    found = _inline_problems(paragraphs, outline.headings)
    if found is not None:
        holder.roles.append(Role("problems", inline=True, paragraph=found.index))


def _role_from_text(shares: dict, later: bool) -> list[Role]:
    """The role of a part whose heading names none: what its text speaks of, or its place."""
    problem_clauses = round(shares["problems"] * shares["clauses"])  # the share back to a count
    if problem_clauses >= 2 and shares["problems"] >= PROBLEMS_SHARE and shares["problems"] > shares["summary"]:
        return [Role("problems", source="text")]
    if not later:
        return [Role("summary", source="place")]
    if shares["plan"] >= PLAN_SHARE and shares["plan"] > shares["summary"]:
        return [Role("plan", source="text")]
    return []


def could_be(section: Section, role: str) -> bool:
    """A part whose heading does not say what it is might be ``role`` after all (say less then)."""
    if any(r.source == "heading" and not r.inline for r in section.roles):
        return False
    return role == "summary" or section.shares.get(role, 0.0) >= COULD_BE_SHARE
