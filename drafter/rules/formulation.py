"""formulation and dated-fact: standard formulations written exactly, and facts true in the report's year.

The data (style_rules/formulations.yml) lists each formulation once, as it must be written. A
garbled copy is found by meaning, not by a list of slips: text that starts with a formulation's
first three characters (or ends with its last three) and then differs from it by one changed,
added or swapped character, or by a dropped block, is the formulation written wrong. Quotes are
ignored on both sides. Fixed enumerations are checked for order and, next to their label, for a
missing item.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache

from drafter import regex_cache
from drafter.datafiles import cached, parse_yaml
from drafter.paths import data_dir
from drafter.rules.context import CodeRule, Context, is_cjk
from drafter.rules.patterns import required_strings, span_allowed
from drafter.wordscan import WordScan

# characters that replace each other in correct text: numbers (第一个/第二个), levels (全国/全省)
VARIANT_CLASSES = ("一二三四五六七八九十两百千万", "国省市县区乡镇村街")
LONG_PREFIX = 7
CUT_MIN = 10
FUZZY_MIN = 6  # shorter formulations differ from other correct phrases by one character too often
ANCHOR = 3  # characters that must match exactly before (or after) the slip
ENUM_GAP = 6  # at most this many characters between two items of one enumeration
QUOTES = "“”‘’\"'「」『』"
_QUOTE_RE = regex_cache.compile(f"[{QUOTES}]")
_BREAK = regex_cache.compile(r"[。；！？\n]")
_SENTENCE_END = "。！？\n"
DATA_VERSION = 1



_VARIANT_CLASS = {c: n for n, cls in enumerate(VARIANT_CLASSES) for c in cls}  # the classes share no character


def _same_class(a: str, b: str) -> bool:
    cls = _VARIANT_CLASS.get(a)
    return cls is not None and cls == _VARIANT_CLASS.get(b)


def _plain(text: str) -> str:
    return _QUOTE_RE.sub("", text)


def _build(path) -> dict:
    data = parse_yaml(path)
    sources = data["sources"]
    forms = []
    for f in data["formulations"]:
        plain = _plain(f["text"])
        forms.append({
            "text": f["text"], "plain": plain, "source": sources[f["source"]],
            "severity": f.get("severity", "warning"),
            "fuzzy": f.get("fuzzy", True) and len(plain) >= FUZZY_MIN,
            "also": [_plain(a) for a in f.get("also", [])],
            "old": list(f.get("old", [])), "since": f.get("since", 0),
        })
    enums = [{"name": e["name"], "items": [_plain(i) for i in e["items"]], "source": sources[e["source"]],
              "severity": e.get("severity", "warning"), "old": e.get("old", {}), "since": e.get("since", 0)}
             for e in data["enumerations"]]
    events = [{"names": e["names"], "date": str(e["date"]), "source": sources[e["source"]]}
              for e in data["facts"]["events"]]
    periods = [{"names": p["names"], "start": p["start"], "end": p["end"], "source": sources[p["source"]]}
               for p in data["facts"]["periods"]]
    return {"version": DATA_VERSION, "forms": forms, "enums": enums, "events": events, "periods": periods}


@dataclass(frozen=True)
class Data:
    forms: list
    enums: list
    events: list
    periods: list
    known: frozenset  # every correct wording: a near-copy of one formulation may be another one

    @property
    def heads(self) -> dict[str, list]:
        return _index(self.forms, lambda s: s[:ANCHOR])

    @property
    def tails(self) -> dict[str, list]:
        return _index(self.forms, lambda s: s[-ANCHOR:])


def _index(forms, key) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in forms:
        if f["fuzzy"]:
            out.setdefault(key(f["plain"]), []).append(f)
    return out


@lru_cache(maxsize=1)
def load() -> Data:
    raw = cached(data_dir("style_rules") / "formulations.yml", f"formulations-{DATA_VERSION}", _build)
    known = frozenset(f["plain"] for f in raw["forms"]) | frozenset(a for f in raw["forms"] for a in f["also"])
    return Data(raw["forms"], raw["enums"], raw["events"], raw["periods"], known)


@lru_cache(maxsize=1)
def _anchors() -> dict[str, tuple[list, list]]:
    """Three characters → (formulations beginning with them, formulations ending with them), each
    with the text it is compared with: the formulation, or for an end the formulation reversed."""
    data = load()
    heads, tails = data.heads, data.tails
    return {a: ([(f, f["plain"]) for f in heads.get(a, [])], [(f, f["plain"][::-1]) for f in tails.get(a, [])])
            for a in {*heads, *tails}}


@lru_cache(maxsize=1)
def _anchor_starts() -> re.Pattern:
    """Where an anchor may begin: each of its three characters is one that some anchor has there
    (a third of the characters of a report could begin one; a twentieth pass all three)."""
    def anywhere_at(k: int) -> str:
        return "[" + re.escape("".join(sorted({a[k] for a in _anchors()}))) + "]"
    return regex_cache.compile(anywhere_at(0) + "(?=" + anywhere_at(1) + anywhere_at(2) + ")")


def _slip(text: str, s: int, form: str) -> tuple[int, str] | None:
    """(end, kind) when text[s:] begins as a garbled copy of form; None when exact or unrelated.

    text[s:s+ANCHOR] equals form's beginning. Every edit must be confirmed by form's rest after it.
    """
    n = len(form)
    p = ANCHOR
    common_end = min(n, len(text) - s)
    while p < common_end and text[s + p] == form[p]:
        p += 1
    if p == n:
        return None
    at = s + p
    if at >= len(text) or not is_cjk(text[at]):
        # the text stops or leaves the words here: a cut is possible, a slip is not
        return None
    rest = form[p:]
    if len(rest) >= 3 and text[at + 1:at + 2] not in (rest[0], rest[1]) and rest.find(text[at], 1, len(rest) - 1) == -1:
        # another phrase sharing the anchor (most places): each slip below needs the text's next character to be
        # one of the form's next two, or this one to be in the form's rest
        return None
    if len(rest) >= 3 and text[at] == rest[1] and text[at + 1:at + 2] == rest[0] and text.startswith(rest[2:], at + 2):
        return at + len(rest), "前后颠倒"
    if _same_class(text[at], rest[0]):
        return None  # another number or level (第一个百年, 全省统一大市场): another correct phrase
    if len(rest) >= 2 and text.startswith(rest[1:], at + 1):
        return at + len(rest), "写错了字"
    if len(rest) == 1 and p >= LONG_PREFIX and not is_cjk(text[at + 1:at + 2] or "。"):
        return at + 1, "写错了字"  # the last character: only after a long exact beginning
    if len(rest) >= 3 and text.startswith(rest, at + 1) and not _same_class(text[at], rest[0]):
        return at + 1 + len(rest), "多了字"
    if len(rest) == 2 and p >= LONG_PREFIX and text[at] == rest[1] and not is_cjk(text[at + 1:at + 2] or "。"):
        return at + 1, "漏了字"  # next to last dropped: only after a long exact beginning
    # the rest resumes after a dropped block: only where it has the text's next character
    j = rest.find(text[at], 1, len(rest) - 1)
    while j != -1:
        kept = rest[j:]
        # a block dropped: only from long names, where what is left still reads as the name cut short
        if (j == 1 or (n >= CUT_MIN and p + len(kept) >= CUT_MIN - 3)) and len(kept) >= 2 \
                and p + len(kept) >= 5 and text.startswith(kept, at):
            return at + len(kept), ("漏了字" if j == 1 else "缺了部分文字")
        j = rest.find(text[at], j + 1, len(rest) - 1)
    return None


def _fuzzy_hits(plain: str, data: Data):
    """(start, end, formulation, kind) of garbled copies in the report's quote-free text."""
    anchors = _anchors()
    hits = []
    rev = None
    n = len(plain)
    # one pass over the characters that begin an anchor: a find per anchor would scan the text 300 times
    for m in _anchor_starts().finditer(plain):
        i = m.start()
        pair = anchors.get(plain[i:i + ANCHOR])
        if pair is None:
            continue
        heads, tails = pair
        for f, form in heads:
            found = _slip(plain, i, form)
            if found:
                hits.append((i, found[0], f, found[1]))
        for f, reversed_form in tails:
            rev = rev or plain[::-1]
            found = _slip(rev, n - (i + ANCHOR), reversed_form)
            if found:
                hits.append((n - found[0], i + ANCHOR, f, found[1]))
    out = []
    for start, end, f, kind in sorted(hits, key=lambda h: (h[0], -(h[1] - h[0]))):
        written = plain[start:end]
        if written in data.known or _inside_known(plain, start, end, data) or _BREAK.search(written):
            continue
        if out and start < out[-1][1]:
            continue
        out.append((start, end, f, kind))
    return out


def _inside_known(plain: str, start: int, end: int, data: Data) -> bool:
    """Is the span part of a correct wording written exactly (党史学习教育 is no garbled 党纪学习教育)?"""
    for w in data.known:
        if len(w) >= end - start:
            lo = max(0, end - len(w))
            at = plain.find(w, lo, start + len(w))
            if at != -1 and at <= start and end <= at + len(w):
                return True
    return False


def _literal_spans(text: str, word: str):
    """(start, end) of each place the word is written, left to right and not overlapping (where a regex
    of it would match), found by str.find."""
    at = text.find(word)
    while at != -1:
        yield at, at + len(word)
        at = text.find(word, at + len(word))


@dataclass
class ReportText:
    """All paragraphs without quotes, joined by newlines: one search covers the whole report."""
    joined: str
    paragraphs: list  # (paragraph, its text)

    @cached_property
    def starts(self) -> list[int]:
        """Where each paragraph begins in joined (asked only where a finding is)."""
        starts, at = [], 0
        for _, text in self.paragraphs:
            starts.append(at)
            at += len(_plain(text)) + 1
        return starts

    def locate(self, start: int, end: int):
        """(paragraph, its text, start, end in the text) of a span of joined."""
        i = bisect_right(self.starts, start) - 1
        p, text = self.paragraphs[i]
        where = _positions(text)
        base = self.starts[i]
        return p, text, where[start - base], where[end - base - 1] + 1


def report_text(ctx: Context) -> ReportText:
    if "formulation-text" not in ctx.cache:
        paragraphs = [(p, p.text) for p in ctx.paragraphs()]
        # the quotes taken out of the joined text in one pass, not paragraph by paragraph (no quote is a newline)
        ctx.cache["formulation-text"] = ReportText(_plain("\n".join(text for _, text in paragraphs)), paragraphs)
    return ctx.cache["formulation-text"]


def _positions(text: str):
    """For each character of the text without quotes, its position in the text (found spans only)."""
    if not _QUOTE_RE.search(text):
        return range(len(text) + 1)
    return [i for i, c in enumerate(text) if c not in QUOTES] + [len(text)]


def check_formulation(ctx: Context):
    data = load()
    allow = ctx.options.allow
    year = ctx.year
    rt = report_text(ctx)
    for start, end, f, kind in _fuzzy_hits(rt.joined, data):
        p, text, a, b = rt.locate(start, end)
        if span_allowed(text, a, b, allow):
            continue
        written = text[a:b]
        yield FORMULATION.finding(
            f"规范表述“{f['text']}”{kind}，写成了“{written}”。出处：{f['source']}。请改为标准写法。",
            p.index, a, b, suggestion=f["text"], fix=_keep_quotes(written, f["text"]), severity=f["severity"])
    if year:
        for f, old_forms in _replaced():
            if year >= f["since"]:
                for old, needles in old_forms:
                    if needles and not any(needle in rt.joined for needle in needles):
                        continue
                    for m in old.finditer(rt.joined):
                        p, text, a, b = rt.locate(m.start(), m.end())
                        if not span_allowed(text, a, b, allow):
                            yield FORMULATION.finding(
                                f"“{m.group(0)}”是已被替换的旧提法，{f['since']}年及以后的报告应写“{f['text']}”。"
                                f"出处：{f['source']}。",
                                p.index, a, b, suggestion=f["text"], severity=f["severity"])
    yield from _enumeration_findings(rt, data, year, allow)


@lru_cache(maxsize=1)
def _replaced() -> list[tuple[dict, list[tuple[re.Pattern, tuple[str, ...]]]]]:
    """(formulation, its old wordings: each compiled, with strings one of which the text holds wherever it
    matches) of the formulations that replaced older ones (a few of 170). A substring test is a tenth of a
    regex scan (one opens with lookbehinds, which the engine tries at every place)."""
    return [(f, [(regex_cache.compile(old), required_strings(old)) for old in f["old"]]) for f in load().forms if f["old"]]


def _keep_quotes(written: str, canonical: str) -> str | None:
    """The canonical text as the fix, quoted as the writer quoted it; None when quotes do not line up."""
    if not _QUOTE_RE.search(written) and not _QUOTE_RE.search(canonical):
        return canonical
    if _QUOTE_RE.search(written) and _plain(written) != written:
        return canonical if _QUOTE_RE.search(canonical) else None
    return _plain(canonical)


@lru_cache(maxsize=1)
def _item_scan() -> WordScan:
    """The items of all enumerations: the ones a report holds are found in one scan (a search per item
    scanned it 125 times)."""
    return WordScan(i for e in load().enums for i in (*e["items"], *e["old"]))


@lru_cache(maxsize=1)
def _enumerations_by_item() -> dict[str, list[int]]:
    """Item → the enumerations (positions in the data's list) that have it."""
    out: dict[str, list[int]] = {}
    for n, e in enumerate(load().enums):
        for item in dict.fromkeys((*e["items"], *e["old"])):
            out.setdefault(item, []).append(n)
    return out


def _enums_of(written: set[str]) -> list[dict]:
    """The enumerations with an item among the written ones, in the data's order."""
    by_item = _enumerations_by_item()
    enums = load().enums
    return [enums[n] for n in sorted({n for item in written for n in by_item.get(item, ())})]


def _enumeration_findings(rt: ReportText, data: Data, year: int | None, allow):
    plain = rt.joined
    written = _item_scan().present(plain)
    for e in _enums_of(written):
        items = [i for i in (*e["items"], *e["old"]) if i in written]
        if len(items) < 2:
            continue
        found = [(start, end, item) for item in items for start, end in _literal_spans(plain, item)]
        if len(found) < 2:
            continue
        found.sort()
        runs, run = [], [found[0]]
        for hit in found[1:]:
            gap = plain[run[-1][1]:hit[0]]
            if hit[0] >= run[-1][1] and len(gap) <= ENUM_GAP and not _BREAK.search(gap):
                run.append(hit)
            else:
                runs.append(run)
                run = [hit]
        runs.append(run)
        for run in runs:
            for finding in _check_run(rt, e, run, year):
                p, text, a, b = rt.locate(run[0][0], run[-1][1])
                message, suggestion, certain = finding
                if not span_allowed(text, a, b, allow):
                    yield FORMULATION.finding(message, p.index, a, b, suggestion=suggestion,
                                              fix=suggestion if certain and _plain(text[a:b]) == text[a:b] else None,
                                              severity=e["severity"])


def _check_run(rt: ReportText, e, run, year):
    """(message, suggestion, certain) for what is wrong with one run of an enumeration's items."""
    names = [h[2] for h in run]
    if len(set(names)) != len(names):
        return
    canon = e["items"]
    old = e["old"]
    plain = rt.joined
    olds = [n for n in names if n in old]
    if olds:
        if year and year >= e["since"] and len(names) >= 3:
            for n in olds:
                yield (f"“{e['name']}”中的“{n}”是旧提法，{e['since']}年及以后应为“{old[n]}”。出处：{e['source']}。",
                       old[n], False)
        return
    positions = [canon.index(n) for n in names]
    if (len(positions) >= 3 or len(canon) == 2) and positions != sorted(positions):
        gaps = [plain[x[1]:y[0]] for x, y in zip(run, run[1:])]
        same_gap = len(set(gaps)) == 1
        suggestion = (gaps[0] if same_gap else "、").join(canon[i] for i in sorted(positions))
        yield (f"“{e['name']}”各项的顺序应为“{'、'.join(canon)}”，这里的顺序不对。出处：{e['source']}。",
               suggestion, same_gap and gaps[0] in ("、", "，"))
        return
    if len(canon) >= 3 and len(positions) == len(canon) - 1 and positions == sorted(positions):
        start, end = run[0][0], run[-1][1]
        label = e["name"]
        near = plain[max(0, start - ENUM_GAP - len(label)):start] + plain[end:end + ENUM_GAP + len(label)]
        if label in near:
            missing = next(c for i, c in enumerate(canon) if i not in positions)
            yield (f"“{e['name']}”应为“{'、'.join(canon)}”，这里少了“{missing}”。出处：{e['source']}。",
                   "、".join(canon), False)


# ── dated facts ──
_MEETING = regex_cache.compile(r"全会|大会|二十大|十九大")
# a meeting is cited as held when its content is: its spirit, report, decisions
_HELD = regex_cache.compile(r"(?:的)?(?:精神|报告|决定|公报|部署|提出|强调|作出|以来|明确|通过)")
_POSITION = regex_cache.compile(r"[”\"’]?(?:规划)?(?:实施)?(?:的)?(开局之年|起步之年|收官之年|最后一年|第([一二三四五])年)")
_YEAR_IS = regex_cache.compile(r"((?:19|20)\d{2})年(?:是|为|既是|作为)")
_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}


def _written_by(year: int) -> str:
    """The latest date a report on ``year`` is written: end of March of the next year."""
    return f"{year + 1}-03-31"


def check_dated(ctx: Context):
    year = ctx.year
    data = load()
    allow = ctx.options.allow
    rt = report_text(ctx)
    plain = rt.joined
    hits = []
    if year:
        for ev in data.events:
            if ev["date"] <= _written_by(year):
                continue
            for name in ev["names"]:
                for start, end in _literal_spans(plain, name):
                    if _MEETING.search(name) and not _HELD.match(plain, end):
                        continue
                    y, mo = ev["date"][:4], int(ev["date"][5:7])
                    hits.append((start, end, None,
                                 f"“{name}”在{y}年{mo}月才召开或提出，{year}年的报告（最迟{year + 1}年初成文）不可能提及。"
                                 f"请核对报告年份或名称。依据：{ev['source']}。"))
    for period in data.periods:
        for name in period["names"]:
            for start, end in _literal_spans(plain, name):
                hit = _period_position(plain, start, end, name, period)
                if hit:
                    hits.append(hit)
    for start, end, suggestion, message in sorted(hits, key=lambda h: h[:2]):
        p, text, a, b = rt.locate(start, end)
        if not span_allowed(text, a, b, allow):
            yield DATED_FACT.finding(message, p.index, a, b, suggestion=suggestion)


def _period_position(plain: str, start: int, end: int, name: str, period: dict):
    """A "YYYY年是……开局之年/收官之年/第N年" whose year does not match the plan period (the name at
    [start, end))."""
    pos = _POSITION.match(plain, end)
    if not pos:
        return None
    sentence_start = max(plain.rfind(c, 0, start) for c in _SENTENCE_END) + 1
    said = list(_YEAR_IS.finditer(plain, sentence_start, start))
    if not said:
        return None
    said_year = int(said[-1].group(1))
    if pos.group(1) in ("开局之年", "起步之年"):
        implied = period["start"]
    elif pos.group(2):
        implied = period["start"] + _CN[pos.group(2)] - 1
    else:
        implied = period["end"]
    if said_year == implied:
        return None
    outside = not period["start"] <= said_year <= period["end"]
    why = (f"{said_year}年不在“{name}”时期（{period['start']}—{period['end']}年）内" if outside
           else f"“{name}”的{pos.group(1)}是{implied}年")
    return (said[-1].start(), pos.end(), None if outside else f"{implied}年",
            f"{why}，这里写“{said_year}年”与“{pos.group(1)}”不符。请核对年份或规划名称。依据：{period['source']}。")


FORMULATION = CodeRule(
    "formulation",
    "warning",
    "规范表述（指导思想、会议名称、固定提法和并列项）写错字、漏字、颠倒、截短或用了旧提法",
    check_formulation,
    flag=[
        "区财政局2024年工作总结\n坚持以习近平新时代中国特色社会主意思想为指导。",
        "区财政局2024年工作总结\n坚持以习近平新时代中国特色主义思想为指导。",
        "区财政局2024年工作总结\n深入学习习近平时代中国特色社会主义思想。",
        "区财政局2024年工作总结\n统筹推进“五位一体”总体布局，协调推进“四个全面”战略局。",
        "区司法局2024年工作总结\n坚持依法治国、依法行政、依法执政共同推进。",
        "区财政局2024年工作总结\n坚持创新、协调、绿色、开放的新发展理念。",
        "区农业农村局2024年工作总结\n建设宜居宜业美丽乡村。",
        "区委办公室2023年工作总结\n协调推进全面建成小康社会、全面深化改革、全面依法治国、全面从严治党。",
        "区财政局2024年工作总结\n认真落实中央八项规定及其实施细侧精神。",
        "区生态环境局2024年工作总结\n深入学习贯彻习近平生态文名思想。",
    ],
    passes=[
        "区财政局2024年工作总结\n坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想、"
        "习近平经济思想。\n牢固树立“四个意识”，坚定“四个自信”，做到“两个维护”。",
        "区财政局2024年工作总结\n统筹推进“五位一体”总体布局，协调推进“四个全面”战略布局，完整准确全面贯彻新发展理念。",
        "区财政局2024年工作总结\n坚持创新、协调、绿色、开放、共享的新发展理念，推动经济建设、政治建设、文化建设协调发展。",
        "区财政局2024年工作总结\n落实全面从严治党主体责任，推动全面从严治警，加强作风建设、纪律建设。",
        "区财政局2024年工作总结\n认真落实中央八项规定精神，严格执行中央八项规定及其实施细则精神。",
        "区财政局2024年工作总结\n推进国家治理体系和治理能力现代化，加快建设全国统一大市场。",
        "区委办公室2019年工作总结\n决胜全面建成小康社会，协调推进全面建成小康社会、全面深化改革、全面依法治国、全面从严治党。",
        "区农业农村局2022年工作总结\n建设宜居宜业美丽乡村。",
    ],
    rationale="党的指导思想、会议名称和重要提法有规范表述，须与原文件一字不差（出处见 style_rules/formulations.yml）；写错、截短或用旧提法属于严重表述错误，政府网站检查中一处即不合格。",
)

DATED_FACT = CodeRule(
    "dated-fact",
    "warning",
    "会议、提法出现在它们召开或提出之前的报告里；五年规划的开局、收官之年与年份不符",
    check_dated,
    flag=[
        "区财政局2023年工作总结及2024年工作计划\n深入学习贯彻党的二十届三中全会精神。",
        "区财政局2024年工作总结及2025年工作计划\n认真贯彻二十届四中全会精神。",
        "区科技局2022年工作总结\n培育发展新质生产力。",
        "区财政局2024年工作总结\n2024年是“十四五”规划收官之年。",
        "区财政局2023年工作总结\n2023年是“十四五”规划的开局之年。",
        "区发改局2024年工作总结\n2024年是“十三五”的收官之年。",
        "区司法局2023年工作总结\n2023年是“八五”普法第二年，也是“八五普法”第二年。",
    ],
    passes=[
        "区财政局2024年工作总结及2025年工作计划\n深入学习贯彻党的二十大和二十届三中全会精神。"
        "\n2025年是“十四五”规划收官之年，2026年是“十五五”开局之年。",
        "区财政局2021年工作总结及2022年工作计划\n以优异成绩迎接党的二十大胜利召开。",
        "区财政局2023年工作总结\n2023年是“十四五”规划实施的第三年，培育新质生产力。",
        "区财政局2025年工作总结\n学习贯彻二十届四中全会精神，谋划“十五五”规划。",
    ],
    rationale="引用尚未召开的会议、尚未提出的提法，或把五年规划的开局、收官年份写错，说明材料是套用、拼接而来，审阅者会据此质疑全文的真实性。",
)

RULES = [FORMULATION, DATED_FACT]
