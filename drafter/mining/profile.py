"""The style profile: what a unit's reports usually look like, as JSON.

No numpy and no jieba here: ``phrases``, ``new --hints`` and ``lint`` read a profile without
loading the mining machinery.

JSON layout (``version`` 1)::

    {"version": 1, "reports": 11, "files": 1, "characters": 39000,
     "settings": {...},                     # the thresholds it was mined with
     "order": {"usual": ["lead", "summary", ...], "sequences": [{"parts": [...], "count": 3}]},
     "roles": {"summary": {"reports": 11,
                           "headings": [{"text": "{year}年工作总结", "count": 3}, ...],
                           "children": {"median": 5, "p90": 8, "counts": {"4": 3, ...}},
                           "paragraph_chars": {"median": 180, "p90": 420, "paragraphs": 120}}, ...},
     "phrases": [{"text": "以{…}为抓手", "kind": "frame", "docs": 3, "count": 7,
                  "sections": {"plan": {"count": 5, "docs": 3, "score": 1.9}, ...},
                  "examples": {"plan": "……以文旅攻坚行动为抓手……"},
                  "fillers": ["文旅攻坚行动", "项目建设"]}, ...]}

In texts ``{year}`` / ``{next_year}`` / ``{prev_year}`` stand for years relative to the report's
year, ``{数字}`` for a number or an ``XX`` placeholder, ``{…}`` for a frame's slot.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from drafter.document.roles import role_names
from drafter.errors import InputError, os_reason
from drafter.outputs.atomic import write_atomic

VERSION = 1
SECTIONS = ("lead", "summary", "highlights", "problems", "plan")
ROLES = SECTIONS + ("signature",)
ROLE_NAMES = role_names("name")
BUNDLED = Path(__file__).resolve().parent / "bundled_profile.json"
MIN_DOCS_SHARE = 0.01  # see Profile.min_docs
FRAGMENT_SHARE = 0.8  # see listing
STOCK_BELOW = 30  # a part mined from fewer reports than this gets the curated stock phrases after its own
STOCK_FILE = "stock-phrases.yml"
NUMBER = "{数字}"  # a number or XX placeholder in a phrase (extract.TOKENS writes it)


@dataclass
class Phrase:
    text: str
    kind: str  # "phrase" or "frame"
    docs: int  # reports using it
    count: int  # uses in the whole corpus
    sections: dict[str, dict] = field(default_factory=dict)  # part → {"count", "score"}
    examples: dict[str, str] = field(default_factory=dict)  # part → a sentence using it
    fillers: list[str] = field(default_factory=list)  # a frame's slot as filled in real sentences

    def score(self, section: str) -> float:
        return float(self.sections.get(section, {}).get("score", 0.0))

    def count_in(self, section: str) -> int:
        return int(self.sections.get(section, {}).get("count", 0))

    def docs_in(self, section: str) -> int:
        """Reports using it in the part (never more than its uses there)."""
        if section == "all":
            return self.docs
        return int(self.sections.get(section, {}).get("docs", 0))

    def best_section(self) -> str:
        return max(self.sections, key=lambda s: (self.score(s), s)) if self.sections else ""

    def example(self, section: str | None = None) -> str:
        if section and section in self.examples:
            return self.examples[section]
        best = self.best_section()
        return self.examples.get(best) or next(iter(self.examples.values()), "")

    def to_json(self) -> dict:
        out = {"text": self.text, "kind": self.kind, "docs": self.docs, "count": self.count,
               "sections": self.sections, "examples": self.examples}
        if self.fillers:
            out["fillers"] = self.fillers
        return out

    @classmethod
    def from_json(cls, p: dict) -> "Phrase":
        """Every field checked on reading: a hand-edited profile fails here, not later in a listing."""
        text, kind = p["text"], p.get("kind", "phrase")
        if not isinstance(text, str) or kind not in ("phrase", "frame"):
            raise ValueError("text/kind")
        docs = int(p["docs"])
        sections = {str(s): {"count": int(v["count"]), "docs": int(v.get("docs", min(docs, int(v["count"])))),
                             "score": float(v["score"])}
                    for s, v in p.get("sections", {}).items()}
        examples = {str(s): e for s, e in p.get("examples", {}).items()}
        fillers = p.get("fillers", [])
        if not all(isinstance(e, str) for e in [*examples.values(), *fillers]):
            raise ValueError("examples")
        return cls(text, kind, docs, int(p["count"]), sections, examples, list(fillers))


@dataclass
class Profile:
    reports: int
    files: int
    characters: int
    settings: dict
    order: dict
    roles: dict[str, dict]
    phrases: list[Phrase]
    version: int = VERSION

    def to_json(self) -> dict:
        return {"version": self.version, "reports": self.reports, "files": self.files,
                "characters": self.characters, "settings": self.settings, "order": self.order,
                "roles": self.roles, "phrases": [p.to_json() for p in self.phrases]}

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, data: dict) -> "Profile":
        return cls(
            reports=int(data["reports"]), files=int(data.get("files", 0)),
            characters=int(data.get("characters", 0)), settings=dict(data.get("settings", {})),
            order=dict(data.get("order", {})), roles=dict(data.get("roles", {})),
            phrases=[Phrase.from_json(p) for p in data["phrases"]],
            version=int(data.get("version", VERSION)),
        )

    def ranked(self, section: str = "all", *, min_docs: int = 2, contains: str | None = None,
               top: int | None = 20) -> list[Phrase]:
        """The common phrasing of a part, most specific first; for "all", most used first.
        ``min_docs``: reports using it in that part."""
        pool = [p for p in self.phrases if p.docs_in(section) >= min_docs and (not contains or contains in p.text)]
        if section == "all":
            pool.sort(key=lambda p: (-p.docs, -p.count, p.text))
        else:
            pool = [p for p in pool if p.count_in(section) > 0 and p.score(section) > 0]
            pool.sort(key=lambda p: (-p.score(section), -p.docs, p.text))
        return pool if top is None else pool[:top]

    def min_docs(self, section: str) -> int:
        """The fewest reports an entry of a part needs to be listed: 2, or ``MIN_DOCS_SHARE`` of the
        reports having the part when that is more (in a large corpus, a few reports sharing a
        wording is chance: a topic, one author's habit)."""
        reports = self.reports if section == "all" else int(self.roles.get(section, {}).get("reports", 0))
        return max(2, math.ceil(MIN_DOCS_SHARE * reports))

    def save(self, path: str | os.PathLike) -> None:
        """Written to a temporary file beside ``path``, then moved over it (never half written)."""
        save_text(path, self.dumps())


@dataclass
class Entry:
    """One line of a part's listing (``drafter phrases``, the web page): mined or curated."""

    text: str
    kind: str  # "phrase" or "frame"
    count: int  # uses in the part (all parts for "all")
    docs: int  # reports using it there
    share: float  # of all its uses, the share in this part (1.0 for "all" and for stock phrases)
    score: float  # how typical of the part: the ranking (weighted log-odds z; 0 for stock phrases)
    section: str
    example: str = ""
    fillers: list[str] = field(default_factory=list)
    stock: bool = False  # from style_rules/stock-phrases.yml, not from the reports
    note: str = ""  # the stock phrase's usage note

    def to_json(self) -> dict:
        return {"text": self.text, "kind": self.kind, "count": self.count, "docs": self.docs,
                "share": round(self.share, 3), "score": self.score, "section": self.section,
                "example": self.example, "fillers": self.fillers, "stock": self.stock, "note": self.note}


@lru_cache(maxsize=1)
def stock_phrases() -> dict[str, list[tuple[str, str]]]:
    """Curated stock phrases per part: (text, usage note)."""
    from drafter.datafiles import load_yaml
    from drafter.paths import data_dir

    data = load_yaml(data_dir("style_rules") / STOCK_FILE) or {}
    return {str(part): [(str(e["text"]), str(e["note"])) for e in entries or []] for part, entries in data.items()}


def listing(profile: Profile, section: str = "all", *, min_docs: int | None = None, contains: str | None = None,
            top: int | None = 20) -> list[Entry]:
    """A part's phrases as a writer sees them: mined ones most typical first, each with its uses
    and reports in the part, its share of all its uses, an example and a frame's fillers; when the
    part was mined from fewer than ``STOCK_BELOW`` reports, the curated stock phrases of the part
    follow (those not already listed). ``min_docs`` defaults to ``Profile.min_docs``."""
    need = profile.min_docs(section) if min_docs is None else min_docs
    ranked = profile.ranked(section, min_docs=need, contains=contains, top=None)
    count_of = {p.text: p.count if section == "all" else p.count_in(section) for p in ranked}
    out = []
    for p in ranked:
        part = p.best_section() if section == "all" else section
        count = count_of[p.text]
        # a piece of a longer entry of this list used nearly as often is that entry (“认真学习贯彻” in
        # “认真学习贯彻党的二十大精神”): mined apart, it can still be a fragment in one part
        if p.kind == "phrase" and any(q.text != p.text and p.text in q.text and count_of[q.text] >= FRAGMENT_SHARE * count
                                      for q in ranked):
            continue
        out.append(Entry(p.text, p.kind, count, p.docs_in(section), count / max(p.count, 1), p.score(part), part,
                         p.example(part), p.fillers))
    if section in SECTIONS and int(profile.roles.get(section, {}).get("reports", 0)) < STOCK_BELOW:
        shown = [_fixed(e.text) for e in out]
        for text, note in stock_phrases().get(section, []):
            fixed = _fixed(text)
            # left out when a listed entry holds it (the unit's own wording comes first)
            if contains and contains not in text or any(_in_order(fixed, "{…}".join(f)) for f in shown):
                continue
            out.append(Entry(text, "frame" if "{…}" in text else "phrase", 0, 0, 1.0, 0.0, section,
                             stock=True, note=note))
    return out if top is None else out[:top]


def save_text(path: str | os.PathLike, text: str) -> None:
    """Atomically, over an existing file too (the command has asked for --force before)."""
    write_atomic(Path(path), text.encode("utf-8"), force=True)


def read_profile(path: str | os.PathLike) -> Profile:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(path), "风格档案文件不存在") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "不是 drafter mine 生成的风格档案（不是 UTF-8 文本）") from None
    except OSError as exc:
        raise InputError(str(path), f"无法读取风格档案（{os_reason(exc)}）") from None
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"风格档案不是有效的 JSON（第{exc.lineno}行）") from None
    try:
        if not isinstance(data, dict) or int(data.get("version", 0)) != VERSION:
            raise ValueError
        return Profile.from_json(data)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise InputError(str(path), "不是 drafter mine 生成的风格档案（版本或格式不符）") from None


@lru_cache(maxsize=1)
def _bundled() -> Profile:
    return read_profile(BUNDLED)


def load_profile(path: str | os.PathLike | None = None) -> Profile:
    """A profile file, or the bundled one (mined from the seed corpus) when ``path`` is None."""
    return _bundled() if path is None else read_profile(path)


def hint_text(text: str, year: int | None = None) -> str:
    """A phrase as a drafting prompt: slots and numbers as “……”, years written out when known."""
    out = text.replace("{…}", "……").replace(NUMBER, "……")
    for token, offset in (("{year}", 0), ("{next_year}", 1), ("{prev_year}", -1)):
        out = out.replace(token, str(year + offset) if year else "……")
    while "…………" in out:
        out = out.replace("…………", "……")
    return out


# parts whose phrasing a part's prompts draw on too: a report's opening sentence (“在……的坚强
# 领导下，坚持以……为指导”) usually opens its summary when the template has no lead of its own
HINT_POOLS = {"summary": ("summary", "lead")}
HINT_MIN_CHARS = 4  # fixed characters of a prompt phrase (frames: 2)
HINT_MIN_SCORE = 1.0  # specificity to the part (z) a prompt needs
# the report's words about itself (“现将……汇报如下”) stay in the part they were found in
SELF_REFERENCE = ("如下", "汇报")


def _fixed(text: str) -> list[str]:
    return [part for part in text.split("{…}") if part]


def _headings(profile: Profile) -> list[str]:
    return [h["text"] for info in profile.roles.values() for h in info.get("headings", []) if h.get("text")]


def hint_candidates(role: str, profile: Profile) -> list[Phrase]:
    """A part's phrases that make drafting prompts, best first: multi-word phrases and frames
    with slots; never headings (“工作计划”, “存在的问题”), numbers, or fragments — a phrase
    ending in the fixed part of a frame that goes on (“能力有待” beside “有待{…}”)."""
    pool = HINT_POOLS.get(role, (role,))
    headings = _headings(profile)
    tail_anchors = {p.text[:-3] for p in profile.phrases if p.kind == "frame" and p.text.endswith("{…}")
                    and p.text.count("{…}") == 1}
    head_anchors = {p.text[3:] for p in profile.phrases if p.kind == "frame" and p.text.startswith("{…}")
                    and p.text.count("{…}") == 1}
    scored: dict[str, tuple[float, Phrase]] = {}
    for section in pool:
        if profile.roles.get(section, {}).get("reports", 0) < 2:  # a part of one report: nothing typical
            continue
        for p in profile.ranked(section, min_docs=2, top=None):
            if p.score(section) < HINT_MIN_SCORE or p.count_in(section) < 2 \
                    or section != role and any(w in p.text for w in SELF_REFERENCE):
                continue
            best = scored.get(p.text)
            if best is None or p.score(section) > best[0]:
                scored[p.text] = (p.score(section), p)
    out = []
    for score, p in scored.values():
        fixed = _fixed(p.text)
        chars = sum(len(f) for f in fixed)
        if not fixed or NUMBER in p.text or p.text.startswith(("{year}", "{next_year}", "{prev_year}")):
            continue
        if any(p.text in h or h in p.text for h in headings) or p.example() in (p.text, hint_text(p.text)):
            continue
        if p.kind == "phrase" and (any(p.text.endswith(a) and p.text != a for a in tail_anchors)
                                   or any(p.text.startswith(b) and p.text != b for b in head_anchors)):
            continue
        two_sided = p.kind == "frame" and len(fixed) >= 2
        if chars < (2 if two_sided or p.kind == "frame" else HINT_MIN_CHARS):
            continue
        # frames around one or two words (“有待{…}”) last; before them, by specificity, length
        # (“坚持以习近平新时代中国特色社会主义思想为指导” is one prompt, not a fragment) and use
        tier = 0 if two_sided or chars >= 6 or p.kind == "frame" and chars >= 4 else 1 if chars >= 3 else 2
        value = score * (1 + 0.1 * min(chars, 16)) * min(p.docs, 8) ** 0.25
        out.append((tier, -value, p.kind != "frame", -p.docs, p.text, p))
    out.sort(key=lambda row: row[:5])
    ranked = [row[-1] for row in out]
    # one prompt per wording: a phrase that is an instance of a frame goes (“在县委、县政府的坚强
    # 领导下” beside “在{…}的坚强领导下”), and so does a phrase inside a longer one used by at
    # least half as many reports (“习近平新时代中国特色社会主义思想” in “坚持以……为指导”)
    keep = []
    for p in ranked:
        fixed = _fixed(p.text)
        if p.kind == "phrase" and any(
                q is not p and (q.kind == "frame" and _in_order(_fixed(q.text), p.text)
                                or q.kind == "phrase" and p.text in q.text and 2 * q.docs >= p.docs)
                for q in ranked):
            continue
        keep.append(p)
    return keep


def _in_order(parts: list[str], text: str) -> bool:
    at = 0
    for part in parts:
        found = text.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


def hints_for(role: str, n: int = 3, profile: Profile | None = None, year: int | None = None) -> list[str]:
    """The ``n`` set phrases most typical of a part, as prompts for ``drafter new`` (slots as “……”);
    fewer when the profile has fewer good ones (see ``hint_candidates``)."""
    if role not in SECTIONS or n <= 0:
        return []
    profile = profile or load_profile()
    out: list[str] = []
    taken: list[list[str]] = []
    for p in hint_candidates(role, profile):
        fixed = _fixed(p.text)
        # not a piece of one shown, nor one holding a shown one (“现将{…}如下”, “现将{…}情况汇报如下”)
        if any(_in_order(t, p.text) or _in_order(fixed, "{…}".join(t)) for t in taken):
            continue
        out.append(hint_text(p.text, year))
        taken.append(fixed)
        if len(out) == n:
            break
    return out

