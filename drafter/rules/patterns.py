"""Rules written as data: ``style_rules/*.yml`` files of type ``existence`` or ``substitution``.

Each file is one rule (or a family under one id). Each entry is a Python regular expression
matched by substring over a paragraph's visible text (never with ``\\b``: Chinese has no word
boundaries), with its own must-flag and must-pass examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from re import _constants as sre
from re import _parser as sre_parse

from drafter.datafiles import cached, parse_yaml
from drafter.errors import InputError
from drafter.regex_cache import from_sre_form, sre_form
from drafter.rules.base import SEVERITIES, Finding

RULE_TYPES = ("existence", "substitution")
SCOPES = ("all", "body", "headings")
RULE_KEYS = ("id", "severity", "description", "rationale", "type", "message", "scope", "entries", "examples")
ENTRY_KEYS = ("match", "replace", "reason", "certain", "message", "flag", "pass")
EXAMPLE_KEYS = ("text", "span", "suggestion")  # a must-flag example pinning what is flagged and suggested


_SPECIAL = re.compile(r"[\\.^$*+?{}\[\]|()]")  # a pattern without these characters matches itself
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
            options = [_required(branch) for branch in av[1]]
            if all(options):  # any branch may match: one of their smallest sets is needed
                found.append(frozenset().union(*(min(o, key=len) for o in options)))
        elif op is sre.ATOMIC_GROUP:
            found += _required(av)
        elif op is sre.ASSERT:  # a positive lookaround: the text has it, the match does not
            found += _required(av[1])
    return found


@dataclass
class PatternEntry:
    pattern: str
    required: tuple[frozenset[str], ...]
    replace: str | None
    reason: str
    certain: bool
    message: str | None
    flag_examples: list[str]
    pass_examples: list[str]
    pinned: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # (text, span, suggestion)
    _regex: re.Pattern | None = field(default=None, repr=False)
    literal: str | None = field(default=None, init=False, repr=False)  # the pattern, when it is a plain string

    def __post_init__(self):
        if not _SPECIAL.search(self.pattern):
            self.literal = self.pattern

    # the regex's compiled form, saved with the parsed rule file (drafter/regex_cache.py): about 25 ms less
    # at a cold lint of 30 pages than compiling the patterns it needs
    compiled: tuple | None = None

    @property
    def regex(self) -> re.Pattern:
        if self._regex is None:
            self._regex = from_sre_form(self.pattern, self.compiled) if self.compiled else re.compile(self.pattern)
        return self._regex



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
    _by_char: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _always: list[int] = field(default_factory=list, repr=False)
    # per entry: the characters it needs every one of, and the sets it needs one character of each
    _needs: list[tuple[frozenset[str], tuple[frozenset[str], ...]]] = field(default_factory=list, repr=False)

    def __post_init__(self):
        # index each entry under the characters of its rarest required set (built here, not lazily:
        # the web app lints in several threads)
        for i, entry in enumerate(self.entries):
            if not entry.required:
                self._always.append(i)
            for c in min(entry.required, key=len, default=()):
                self._by_char.setdefault(c, []).append(i)
            self._needs.append((frozenset().union(*(r for r in entry.required if len(r) == 1)),
                                tuple(r for r in entry.required if len(r) > 1)))

    def _candidates(self, chars: set[str]) -> list[PatternEntry]:
        """Entries whose required characters the text has, found through each entry's rarest set."""
        found = set(self._always)
        for c in chars & self._by_char.keys():
            found.update(self._by_char[c])
        out = []
        for i in sorted(found):
            every, one_of = self._needs[i]
            if every <= chars and not any(need.isdisjoint(chars) for need in one_of):
                out.append(self.entries[i])
        return out

    def find(self, text: str, allow: tuple[str, ...] = (), chars: set[str] | None = None):
        """Yield (entry, match) for every match in text, leftmost first, no overlaps.

        ``chars``: the set of the text's characters, when the caller has it (one per paragraph for all rules).
        """
        hits = []
        for entry in self._candidates(set(text) if chars is None else chars):
            if entry.literal is not None and entry.literal not in text:
                continue  # a plain word (most wording entries): a substring test, not a regex scan
            for m in entry.regex.finditer(text):
                if m.end() > m.start() and not _allowed(text, m, allow):
                    hits.append((m.start(), -(m.end() - m.start()), entry, m))
        hits.sort(key=lambda h: (h[0], h[1]))
        last_end = -1
        for start, _, entry, m in hits:
            if start >= last_end:
                last_end = m.end()
                yield entry, m

    def findings(self, paragraph: int, text: str, allow: tuple[str, ...] = (), chars: set[str] | None = None) -> list[Finding]:
        out = []
        for entry, m in self.find(text, allow, chars):
            replacement = m.expand(entry.replace) if entry.replace is not None else None
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


def _allowed(text: str, m: re.Match, allow: tuple[str, ...]) -> bool:
    return span_allowed(text, m.start(), m.end(), allow)


def span_allowed(text: str, start: int, end: int, allow: tuple[str, ...]) -> bool:
    """A span inside an allowlisted term is not a finding."""
    for term in allow:
        pos = text.find(term)
        while pos != -1:
            if pos <= start and end <= pos + len(term):
                return True
            pos = text.find(term, pos + 1)
    return False


def load_pattern_rule(path: Path) -> PatternRule:
    """A rule file, parsed and checked (cached between runs). A bad file raises InputError."""
    data = dict(cached(path, "pattern-rule-3", _read_rule_file))
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
                "replace": raw.get("replace"),
                "reason": raw.get("reason", ""),
                "certain": bool(raw.get("certain", False)),
                "message": raw.get("message"),
                "flag_examples": flag,
                "pass_examples": list(raw.get("pass", [])),
                "pinned": pinned,
                "compiled": sre_form(raw["match"]),
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
