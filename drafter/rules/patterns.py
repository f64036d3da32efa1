"""Rules written as data: ``style_rules/*.yml`` files of type ``existence`` or ``substitution``.

Each file is one rule (or a family under one id). Each entry is a Python regular expression
matched by substring over a paragraph's visible text (never with ``\\b``: Chinese has no word
boundaries), with its own must-flag and must-pass examples.
"""

from __future__ import annotations

import itertools
import math
import operator
import re
from dataclasses import dataclass, field
from pathlib import Path
from re import _constants as sre
from re import _parser as sre_parse

from drafter.datafiles import cached, parse_yaml
from drafter.errors import InputError
from drafter.regex_cache import from_sre_form, sre_form
from drafter.rules.base import SEVERITIES, Finding
from drafter.rules.context import ask_for, character_pairs, occurrences, pair_code

RULE_TYPES = ("existence", "substitution")
SCOPES = ("all", "body", "headings")
RULE_KEYS = ("id", "severity", "description", "rationale", "type", "message", "scope", "entries", "examples")
ENTRY_KEYS = ("match", "replace", "reason", "certain", "message", "flag", "pass")
EXAMPLE_KEYS = ("text", "span", "suggestion")  # a must-flag example pinning what is flagged and suggested


MAX_CLASS_CHARS = 64  # a larger character class (all of CJK, say) tells nothing worth checking


def required_sets(pattern: str) -> tuple[frozenset[str], ...]:
    """Sets of characters of which the text needs at least one each for the pattern to match.

    A paragraph failing one cannot match, so the regex is neither run nor even compiled for it:
    compiling a class like [\u4e00-\u9fff] costs about a millisecond, and most entries never fire.
    Lookarounds count: the text holds what they look for.
    """
    parsed = sre_parse.parse(pattern)
    if parsed.state.flags & re.IGNORECASE:
        return ()
    return tuple(_required(parsed))


def _class_chars(items) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < MAX_CLASS_CHARS:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:  # negation, categories, wide ranges
            return None
    return frozenset(chars) if len(chars) <= MAX_CLASS_CHARS else None


def _required(items) -> list[frozenset[str]]:
    found: list[frozenset[str]] = []
    for op, av in items:
        if op is sre.LITERAL:
            found.append(frozenset(chr(av)))
        elif op is sre.IN:
            chars = _class_chars(av)
            if chars:
                found.append(chars)
        elif op is sre.SUBPATTERN:
            found += _required(av[-1])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            if av[0] >= 1:
                found += _required(av[2])
        elif op is sre.BRANCH:
            found += _either(av[1])
        elif op is sre.ATOMIC_GROUP:
            found += _required(av)
        elif op is sre.ASSERT:  # a positive lookaround: the text has it, the match does not
            found += _required(av[1])
    return found


MAX_BRANCH_CHOICES = 64  # ways to take one needed set of each branch, tried when there are no more
FEW_CHARS = 3  # a needed set of no more characters tells which paragraphs to skip


def _either(branches) -> list[frozenset[str]]:
    """Sets needed where one of the branches matches: the smallest set of each branch joined, and the
    few characters of other ways to take one needed set of each branch (where （…\\)|\\(…） matches,
    the text holds （ or (, and ) or ）, and …); none holding another (it tells no more)."""
    options = [list(dict.fromkeys(_required(branch))) for branch in branches]
    if not all(options):
        return []
    joined = {frozenset().union(*(min(o, key=len) for o in options))}
    if math.prod(map(len, options)) <= MAX_BRANCH_CHOICES:
        joined.update(s for s in (frozenset().union(*choice) for choice in itertools.product(*options))
                      if len(s) <= FEW_CHARS)
    # in a fixed order: the parsed rule file, saved, is the same in every process
    return sorted((s for s in joined if not any(t < s for t in joined)), key=lambda s: (len(s), sorted(s)))


MAX_NEEDLES = 128  # spellings of a required run of characters: looked up by their first two characters
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def required_strings(pattern: str) -> tuple[str, ...]:
    """Strings of two or more characters of which the text holds at least one wherever the pattern
    matches: the longest run of adjacent characters the pattern fixes (each from a small set,
    lookarounds included), spelt every way it can be. () when it fixes no two adjacent characters.

    A substring test of these is far cheaper than a regex scan that starts with a lookbehind.
    """
    parsed = sre_parse.parse(pattern)
    if parsed.state.flags & re.IGNORECASE:
        return ()
    return _best(_fixed_runs(list(parsed), []))


def _best(found: list) -> tuple[str, ...]:
    """The most telling of the required alternatives: the longest shortest string, then the fewest strings."""
    options = [_spellings(f) if isinstance(f, list) else f for f in found]
    options = [o for o in options if o and len(o) <= MAX_NEEDLES and min(map(len, o)) >= 2]
    return max(options, key=lambda o: (min(map(len, o)), -len(o)), default=())


def _spellings(run: list[frozenset[str]]) -> tuple[str, ...]:
    """Every spelling of the window of the run (its elements: sets of what one place may hold: a character,
    a fixed alternative's string, "" when optional) whose shortest spelling is longest, among those with at
    most MAX_NEEDLES spellings."""
    best: tuple[str, ...] = ()
    for a in range(len(run)):
        words = [""]
        for chars in run[a:]:
            words = sorted({w + c for w in words for c in chars})
            if len(words) > MAX_NEEDLES:
                break
            if min(map(len, words)) > min(map(len, best), default=1):
                best = tuple(words)
    return best


def _fixed_runs(items, found: list, run: list | None = None, groups: dict | None = None) -> list:
    """Runs of adjacent fixed text (lists of sets of strings: characters, fixed alternatives, "" when
    optional) and tuples of required strings found in ``items``, appended to ``found``; ``run``: the run
    ``items`` continue, left open at their end; ``groups``: the character sets of one-character groups."""
    closing = run is None
    run = [] if run is None else run
    groups = {} if groups is None else groups

    def close():
        if run:  # one element may spell two characters or more
            found.append(list(run))
        run.clear()

    for op, av in items:
        single = _single(op, av)
        if single:
            run.append(single)
        elif op is sre.GROUPREF and av in groups:
            run.append(groups[av])  # the same character again: one of the group's
        elif op is sre.SUBPATTERN and not av[1] & re.IGNORECASE:
            if len(av[-1]) == 1 and _single(*av[-1][0]) and av[0] is not None:
                groups[av[0]] = _single(*av[-1][0])
            _fixed_runs(av[-1], found, run, groups)
        elif op in _REPEATS and len(av[2]) == 1 and _single(*av[2][0]):
            chars = _single(*av[2][0])
            if (av[0], av[1]) == (0, 1):
                run.append(chars | {""})
                continue
            if av[0] != av[1] or av[0] > 8:  # how many come before is open: only the last ones touch what follows
                close()
            run.extend([chars] * min(av[0], 8))
        elif op is sre.ASSERT and av[0] == 1:  # a lookahead: what follows the run, without moving on
            ahead = list(run)
            _fixed_runs(av[1], found, ahead, groups)
            if ahead:
                found.append(ahead)
        elif op is sre.ASSERT:  # a lookbehind: ends where the next character starts
            close()
            _fixed_runs(av[1], found, run, groups)
        elif op in (sre.ASSERT_NOT, sre.AT):
            continue  # zero width, nothing known: the characters either side stay adjacent
        elif op in _REPEATS and av[0] >= 1:  # the first time round follows the run; later ones need not
            _fixed_runs(av[2], found, run, groups)
            close()
        elif op is sre.BRANCH:
            # what each alternative needs, lookarounds included (接不瑕 or 不瑕接) …
            options = [_best(_fixed_runs(branch, [], None, dict(groups))) for branch in av[1]]
            if all(options):
                found.append(tuple(sorted(set().union(*options))))
            spelt = _branch_strings(av[1])
            if spelt:  # … and, when each is one fixed string (整|综|依法), an element of the run
                run.append(spelt)
            else:
                close()
        else:
            close()
    if closing:
        close()
    return found


def _branch_strings(branches) -> frozenset[str] | None:
    """The strings alternatives match when each is one fixed string (lookarounds aside: they match nothing)."""
    spelt = set()
    for branch in branches:
        words = [""]
        for op, av in branch:
            if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
                continue
            chars = _single(op, av)
            if not chars or len(words) * len(chars) > MAX_NEEDLES:
                return None
            words = [w + c for w in words for c in chars]
        spelt.update(words)
    return frozenset(spelt) if len(spelt) <= MAX_NEEDLES else None


def _single(op, av) -> frozenset[str] | None:
    """The characters one fixed-width element may be, when they are few."""
    if op is sre.LITERAL:
        return frozenset(chr(av))
    return _class_chars(av) if op is sre.IN else None


_ZERO_WIDTH = (sre.ASSERT, sre.ASSERT_NOT, sre.AT)


def match_starts(pattern: str) -> str:
    """The characters a match begins with, when the pattern opens with a lookaround and they are few;
    "" otherwise. The engine skips to where a match can begin only for a pattern that opens with one
    (of them, or a class); after a lookbehind it tries every place of the text, a few times slower."""
    parsed = sre_parse.parse(pattern)
    if parsed.state.flags & re.IGNORECASE or parsed.getwidth()[0] == 0 or not _opens_with_lookaround(list(parsed)):
        return ""
    return "".join(sorted(_first_chars(list(parsed)) or ()))


def _opens_with_lookaround(items) -> bool:
    op, av = items[0]
    if op is sre.SUBPATTERN:
        return bool(av[-1]) and _opens_with_lookaround(av[-1])
    if op is sre.BRANCH:
        return any(branch and _opens_with_lookaround(branch) for branch in av[1])
    return op in (sre.ASSERT, sre.ASSERT_NOT)


def _first_chars(items) -> frozenset[str] | None:
    """The characters the first one ``items`` match may be; None when unknown (or when it may match nothing)."""
    for op, av in items:
        if op in _ZERO_WIDTH or (op is sre.BRANCH and all(o in _ZERO_WIDTH for branch in av[1] for o, _ in branch)):
            continue
        if op is sre.SUBPATTERN:
            return None if av[1] & re.IGNORECASE else _first_chars(av[-1])
        if op in _REPEATS:
            return _first_chars(av[2]) if av[0] >= 1 else None
        if op is sre.BRANCH:
            options = [_first_chars(branch) for branch in av[1]]
            return None if None in options else frozenset().union(*options)
        return _single(op, av)
    return None


@dataclass
class PatternEntry:
    pattern: str
    required: tuple[frozenset[str], ...]
    needles: tuple[str, ...]  # required_strings: a match holds one of them
    replace: str | None
    reason: str
    certain: bool
    message: str | None
    flag_examples: list[str]
    pass_examples: list[str]
    pinned: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # (text, span, suggestion)
    starts: str = ""  # match_starts: a match is tried only where one of them is
    _regex: re.Pattern | None = field(default=None, repr=False)
    _start_scan: re.Pattern | None = field(default=None, repr=False)

    # the regex's compiled form, saved with the parsed rule file (drafter/regex_cache.py): about 25 ms less
    # at a cold lint of 30 pages than compiling the patterns it needs
    compiled: tuple | None = None

    @property
    def regex(self) -> re.Pattern:
        if self._regex is None:
            self._regex = from_sre_form(self.pattern, self.compiled) if self.compiled else re.compile(self.pattern)
        return self._regex

    def finditer(self, text: str):
        """regex.finditer(text); with ``starts``, a match tried only where one of them is."""
        if not self.starts:
            return self.regex.finditer(text)
        if self._start_scan is None:
            self._start_scan = re.compile("[" + re.escape(self.starts) + "]")
        return _matches_at(self.regex, self._start_scan, text)


def _matches_at(regex: re.Pattern, starts: re.Pattern, text: str):
    """The matches regex.finditer finds, each tried where ``starts`` finds a character, going on after it."""
    resume = 0
    for start in starts.finditer(text):
        at = start.start()
        if at >= resume:
            m = regex.match(text, at)  # a lookbehind sees the text before ``at``, as in a search
            if m:
                yield m
                resume = m.end()


_LEFTMOST_LONGEST = operator.itemgetter(0, 1)  # of (start, -length, entry, match)


@dataclass
class PatternRule:
    id: str
    severity: str
    description: str
    type: str
    message: str
    scope: str
    entries: list[PatternEntry]
    source: str
    pass_examples: list[str] = field(default_factory=list)
    rationale: str = ""

    def find(self, text: str, entries: list[PatternEntry] | None = None, allow: tuple[str, ...] = ()):
        """Yield (entry, match) for every match in text, leftmost first, no overlaps.

        ``entries``: those that may match, in the rule's order, when the caller has them
        (PatternIndex.candidates, for all rules at once).
        """
        if entries is None:
            entries = index_of((self,)).candidates(text).get(0, [])
        hits = []
        for entry in entries:
            for m in entry.finditer(text):
                start, end = m.span()
                if end > start and not (allow and span_allowed(text, start, end, allow)):
                    hits.append((start, start - end, entry, m))
        if len(entries) > 1:  # one regex's matches come leftmost first already
            hits.sort(key=_LEFTMOST_LONGEST)
        last_end = -1
        for start, _, entry, m in hits:
            if start >= last_end:
                last_end = m.end()
                yield entry, m

    def findings(self, paragraph: int, text: str, entries: list[PatternEntry] | None = None,
                 allow: tuple[str, ...] = ()) -> list[Finding]:
        out = []
        for entry, m in self.find(text, entries, allow):
            replacement = entry.replace
            if replacement is not None and "\\" in replacement:  # a group or an escape: else the text itself
                replacement = m.expand(replacement)
            template = entry.message or self.message
            message = template.format(match=m.group(0), replacement=replacement or "", reason=entry.reason)
            out.append(
                Finding(
                    rule=self.id,
                    severity=self.severity,
                    message=message,
                    paragraph=paragraph,
                    start=m.start(),
                    end=m.end(),
                    suggestion=replacement,
                    fix=replacement if entry.certain else None,
                    tentative_fix=None if entry.certain else replacement,
                )
            )
        return out


class PatternIndex:
    """Which entries of which rules may match a paragraph, found for all the rules at once.

    An entry with required strings (most are words) is looked up by their first two characters
    among the paragraph's pairs of characters, and kept when the paragraph holds one of the strings
    beginning with a pair it has; any other by the characters of its rarest required set, and kept
    when the paragraph holds a character of each set. A regex runs only for the few entries kept.
    """

    def __init__(self, rules: list[PatternRule]):
        self.rules = rules
        self.entries = [(n, e) for n, r in enumerate(rules) for e in r.entries]  # numbered in the rules' order
        # pair_code of needles' first two characters → (entry, those needles, their second pairs' codes;
        # (), () when the pair is a needle)
        self.by_pair: dict[int, list[tuple[int, tuple[str, ...], frozenset[int]]]] = {}
        self.by_char: dict[str, list[int]] = {}
        self.always: list[int] = []
        self.needs: dict[int, tuple[str, ...]] = {}  # entry → strings of characters, one of each in the text
        for k, (_, entry) in enumerate(self.entries):
            if entry.needles:
                starting: dict[str, list[str]] = {}
                for needle in entry.needles:
                    starting.setdefault(needle[:2], []).append(needle)
                for pair, needles in starting.items():
                    if pair in needles:
                        self.by_pair.setdefault(pair_code(pair), []).append((k, (), frozenset()))
                    else:  # all longer than the pair
                        seconds = frozenset(pair_code(needle[1:3]) for needle in needles)
                        self.by_pair.setdefault(pair_code(pair), []).append((k, tuple(needles), seconds))
            elif entry.required:
                for c in min(entry.required, key=len):
                    self.by_char.setdefault(c, []).append(k)
                self.needs[k] = tuple(dict.fromkeys("".join(sorted(r)) for r in entry.required))
            else:
                self.always.append(k)
        # a set, not the dict's keys: `pairs & keys` then looks up the paragraph's pairs, the smaller side
        self.pair_keys = frozenset(self.by_pair)
        ask_for(self.pair_keys.union(*(seconds for bucket in self.by_pair.values() for _, _, seconds in bucket)))
        # the characters looked up, found by one scan in C rather than a set of all the text's characters
        self.char_scan = re.compile("[" + re.escape("".join(sorted(self.by_char))) + "]") if self.by_char else None

    def candidates(self, text: str, pairs: set[int] | None = None) -> dict[int, list[PatternEntry]]:
        """Position of a rule in ``rules`` → its entries that may match the text, in the rule's order
        (rules with none left out). ``pairs``: the text's character pairs, when the caller has them (all this
        index asks for: Context.pairs)."""
        pairs = character_pairs(text) if pairs is None else pairs
        found = set(self.always)
        for pair in pairs & self.pair_keys:
            for k, needles, seconds in self.by_pair[pair]:
                # a needle's second pair among the text's pairs first: "20" is in most paragraphs, 20大 in few
                if not needles or (not pairs.isdisjoint(seconds) and any(map(text.__contains__, needles))):
                    found.add(k)
        if self.char_scan is not None:
            for c in set(self.char_scan.findall(text)):
                for k in self.by_char[c]:
                    if all(any(map(text.__contains__, need)) for need in self.needs[k]):
                        found.add(k)
        out: dict[int, list[PatternEntry]] = {}
        for k in sorted(found):
            rule, entry = self.entries[k]
            out.setdefault(rule, []).append(entry)
        return out


_INDEXES: dict[tuple[int, ...], PatternIndex] = {}


def index_of(rules) -> PatternIndex:
    """The index of these rules, built once per process (as the rules are loaded once)."""
    key = tuple(map(id, rules))
    index = _INDEXES.get(key)
    if index is None:
        index = _INDEXES[key] = PatternIndex(list(rules))
    return index


def span_allowed(text: str, start: int, end: int, allow: tuple[str, ...]) -> bool:
    """A span inside an allowlisted term is not a finding."""
    return any(at <= start and end <= at + len(term) for term in allow for at in occurrences(text, term))


def load_pattern_rule(path: Path) -> PatternRule:
    """A rule file, parsed and checked (cached between runs). A bad file raises InputError."""
    data = dict(cached(path, "pattern-rule-7", _read_rule_file))
    data["entries"] = [PatternEntry(**entry) for entry in data["entries"]]
    return PatternRule(**data)


def _read_rule_file(path: Path) -> dict:
    where = str(path)
    data = parse_yaml(path)

    def bad(reason: str, entry: int | None = None) -> InputError:
        at = f"第{entry + 1}条：" if entry is not None else ""
        return InputError(where, f"规则文件有误：{at}{reason}")

    def unknown_keys(table: dict, known: tuple[str, ...], entry: int | None = None) -> None:
        unknown = [str(k) for k in table if k not in known]
        if unknown:
            raise bad(f"无法识别的键 {'、'.join(unknown)}（可用：{'、'.join(known)}）", entry)

    if not isinstance(data, dict):
        raise bad("内容应为键值对（id、severity、type、entries……）")
    unknown_keys(data, RULE_KEYS)
    try:
        rule_type = data["type"]
        if rule_type not in RULE_TYPES:
            raise bad(f"type 为“{rule_type}”，必须是 {'、'.join(RULE_TYPES)} 之一")
        if data["severity"] not in SEVERITIES:
            raise bad(f"severity 必须是 {'、'.join(SEVERITIES)} 之一")
        scope = data.get("scope", "all")
        if scope not in SCOPES:
            raise bad(f"scope 必须是 {'、'.join(SCOPES)} 之一")
        examples = data.get("examples") or {}
        unknown_keys(examples, ("pass",))
        entries = []
        for i, raw in enumerate(data["entries"] or []):
            if not isinstance(raw, dict):
                raise bad("应为键值对（match、reason、flag、pass……）", i)
            unknown_keys(raw, ENTRY_KEYS, i)
            if rule_type == "substitution" and "replace" not in raw:
                raise bad("缺少 replace", i)
            try:
                required = required_sets(raw["match"])
                needles = required_strings(raw["match"])
                compiled = re.compile(raw["match"])  # only when the file changed: the result is cached
                if raw.get("replace") is not None:
                    sre_parse.parse_template(raw["replace"], compiled)
            except re.error as exc:
                raise bad(f"正则“{raw['match']}”有误：{exc}", i) from None
            flag, pinned = [], []
            for example in raw.get("flag", []):
                if isinstance(example, dict):
                    unknown_keys(example, EXAMPLE_KEYS, i)
                    flag.append(example["text"])
                    pinned.append((example["text"], example.get("span"), example.get("suggestion")))
                else:
                    flag.append(example)
            entries.append({
                "pattern": raw["match"],
                "required": required,
                "needles": needles,
                "replace": raw.get("replace"),
                "reason": raw.get("reason", ""),
                "certain": bool(raw.get("certain", False)),
                "message": raw.get("message"),
                "flag_examples": flag,
                "pass_examples": list(raw.get("pass", [])),
                "pinned": pinned,
                "compiled": sre_form(raw["match"]),
                "starts": match_starts(raw["match"]),
            })
        return {
            "id": data["id"],
            "severity": data["severity"],
            "description": data["description"],
            "type": rule_type,
            "message": data["message"],
            "scope": scope,
            "entries": entries,
            "source": where,
            "pass_examples": list(examples.get("pass", [])),
            "rationale": data.get("rationale", ""),
        }
    except (KeyError, TypeError) as exc:
        raise bad(f"缺少字段或格式不对：{exc}") from None
