"""Which part of a report a top-level heading names, read by meaning rather than from a list of labels.

A Chinese heading is a noun phrase whose last noun is its head: 存在的主要问题 is about 问题, so it
is a problems part; 计划执行情况 is about 情况, so it is a summary, although it says 计划. A problem
word that a verb acts on (补齐短板, 解决群众急难愁盼问题) names a topic of work, not the problems part,
unless the heading states the problem (存在, 面临, 需要解决的). Where a heading names no part, the text
under it decides (a part most of whose sentences speak of shortcomings is a problems part). The word
classes are data: style_rules/roles.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from drafter import regex_cache
from drafter.datafiles import load_yaml
from drafter.paths import data_dir
from drafter.wordscan import WordScan

ROLE_ORDER = ("summary", "highlights", "problems", "plan")
# a highlights part is part of the year's account: it stands for the summary where one is required
COUNTS_AS = {"highlights": "summary"}
_CLAUSE = regex_cache.compile(r"[^。！？；;]+")
_TRAILING = regex_cache.compile(r"[\s。．.：:；;，,、]+$")


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    return load_yaml(data_dir("style_rules") / "roles.yml")


def role_names(form: str = "name") -> dict[str, str]:
    """role → its Chinese name in this form: ``short`` (总结), ``name`` (工作总结) or ``full`` (what a
    missing part is called in section-missing's message)."""
    return {role: forms[form] for role, forms in vocabulary()["names"].items() if form in forms}


@lru_cache(maxsize=1)
def _classes() -> dict:
    vocab = vocabulary()
    heads = vocab["heads"]
    acts = vocab["acts_on_problems"]
    head_roles: dict[str, list[str]] = {}
    for role, words in heads.items():
        for word in words:
            head_roles.setdefault(word, []).append(role)
    return {
        "head_roles": head_roles,  # head word → the roles it names
        "head_scan": WordScan(head_roles),
        "tails": sorted(vocab["tails"], key=len, reverse=True),
        # where the nearest coordinator is: one regex search each way, the text read backwards for the previous
        "next_coordinator": regex_cache.compile("|".join(map(re.escape, vocab["coordinators"]))).search,
        "previous_coordinator": regex_cache.compile("|".join(re.escape(c[::-1]) for c in vocab["coordinators"])).search,
        "ahead": tuple(vocab["ahead"]),
        "acts_long": tuple(v for v in acts if len(v) > 1),
        "acts_short": tuple(v for v in acts if len(v) == 1),
        "states": tuple(vocab["states_problems"]),
        # whether a clause holds any of a role's words: one regex search instead of a substring test per word
        "evidence_any": {role: regex_cache.compile("|".join(map(re.escape, words))).search if words else _none
                         for role, words in vocab["evidence"].items()},
    }


def _none(text: str) -> None:
    return None


def _is_tail(rest: str) -> bool:
    """Nothing but tail words (工作、方面、之处 …), each maybe after 的, up to the next coordinator."""
    tails = _classes()["tails"]
    while rest:
        rest = rest.removeprefix("的")
        word = next((t for t in tails if rest.startswith(t)), None)
        if word is None:
            return rest == ""
        rest = rest[len(word):]
    return True


def _segment_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The conjunct around [start, end): from after the previous coordinator to the next one."""
    c = _classes()
    before = c["previous_coordinator"](text[start - 1::-1]) if start else None  # the nearest ends first there
    after = c["next_coordinator"](text, end)
    return start - before.start() if before else 0, after.start() if after else len(text)


def _acted_on(prefix: str) -> bool:
    """A verb acts on the problem word after ``prefix`` (补齐短板), and nothing states it (需要解决的)."""
    c = _classes()
    if prefix.endswith(c["acts_short"]):
        at = len(prefix) - 1
    else:
        spots = [prefix.rfind(v) for v in c["acts_long"] if v in prefix]
        if not spots:
            return False
        at = min(spots)
    return not any(w in prefix[:at] for w in c["states"])


@dataclass(frozen=True)
class HeadingRoles:
    names: tuple[str, ...]  # in ROLE_ORDER
    weak_plan: bool = False  # the plan role rests on a word that also heads summary topics
    weak_summary: bool = False  # the summary role rests on a word that also heads other parts (情况)


def read_heading(text: str, year: int | None = None, first: bool = False) -> HeadingRoles:
    """The parts a top-level heading names. ``first``: the heading is the report's first part."""
    c = _classes()
    compact = _TRAILING.sub("", re.sub(r"\s+", "", text))
    found: dict[str, int] = {}  # role → position of its head word
    covered: list[tuple[int, int]] = []  # tails of heads already taken: 问题整改情况 is not about 情况
    hits = [(start, -len(word), role, word) for start, words in c["head_scan"].starts(compact)
            for word in words for role in c["head_roles"][word]]
    for start, neg_len, role, _word in sorted(hits):
        end = start - neg_len
        if any(a <= start < b for a, b in covered):
            continue
        left, right = _segment_bounds(compact, start, end)
        if not _is_tail(compact[end:right]):
            continue
        if role == "problems" and _acted_on(compact[left:start]):
            continue
        if role == "problems_when_stated":
            if not any(w in compact[left:start] for w in c["states"]):
                continue
            role = "problems"
        covered.append((end, right))
        found.setdefault(role, start)
    weak_summary = "summary_before_others" in found and "summary" not in found
    if "summary_before_others" in found:
        found.setdefault("summary", found["summary_before_others"])
    names = {r for r in found if r not in ("plan_after_summary", "summary_before_others")}
    if any(w in compact for w in c["ahead"]):
        names.add("plan")
    weak = False
    if "plan_after_summary" in found and not first and not weak_summary and not names & {"summary", "highlights"}:
        weak = "plan" not in names
        names.add("plan")
    if year:
        this_year = f"{year}年" in compact
        next_year = f"{year + 1}年" in compact
        if this_year != next_year:
            # the year decides between summary and plan where the words do not
            if {"summary", "plan"} <= names:
                names.discard("plan" if this_year else "summary")
            elif this_year and weak and names == {"plan"}:
                names, weak = set(), False
            if not names:
                names = {"summary" if this_year else "plan"}
            weak_summary = weak_summary and not this_year
    return HeadingRoles(tuple(n for n in ROLE_ORDER if n in names), weak, weak_summary and "summary" in names)


def text_shares(texts: list[str]) -> dict[str, float]:
    """Share of the clauses (split on 。！？；) that speak of each part: problems, plan, summary."""
    has = _classes()["evidence_any"]
    clauses = [m.group(0) for t in texts for m in _CLAUSE.finditer(t) if len(m.group(0).strip()) >= 4]
    if not clauses:
        return {"problems": 0.0, "plan": 0.0, "summary": 0.0, "clauses": 0}
    counts = {"problems": 0, "plan": 0, "summary": 0}
    for clause in clauses:
        ahead = has["plan"](clause) is not None
        done = not ahead and has["summary"](clause) is not None
        if has["problems"](clause) is not None or (not done and has["problem_nouns"](clause) is not None):
            counts["problems"] += 1
        if ahead or (not done and has["plan_verbs"](clause) is not None):
            counts["plan"] += 1
        if done:
            counts["summary"] += 1
    shares: dict = {role: n / len(clauses) for role, n in counts.items()}
    shares["clauses"] = len(clauses)
    return shares

