"""Rules written as data: ``style_rules/*.yml`` files of type ``existence`` or ``substitution``.

Each file is one rule (or a family under one id). Each entry is a Python regular expression
matched by substring over a paragraph's visible text (never with ``\\b``: Chinese has no word
boundaries), with its own must-flag and must-pass examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from drafter.rules.base import SEVERITIES, Finding

RULE_TYPES = ("existence", "substitution")
SCOPES = ("all", "body", "headings")


@dataclass
class PatternEntry:
    regex: re.Pattern
    replace: str | None
    reason: str
    certain: bool
    message: str | None
    flag_examples: list[str]
    pass_examples: list[str]


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

    def find(self, text: str, allow: tuple[str, ...] = ()):
        """Yield (entry, match) for every match in text, leftmost first, no overlaps."""
        hits = []
        for entry in self.entries:
            for m in entry.regex.finditer(text):
                if m.end() > m.start() and not _allowed(text, m, allow):
                    hits.append((m.start(), -(m.end() - m.start()), entry, m))
        hits.sort(key=lambda h: (h[0], h[1]))
        last_end = -1
        for start, _, entry, m in hits:
            if start >= last_end:
                last_end = m.end()
                yield entry, m

    def findings(self, paragraph: int, text: str, allow: tuple[str, ...] = ()) -> list[Finding]:
        out = []
        for entry, m in self.find(text, allow):
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
                )
            )
        return out


def _allowed(text: str, m: re.Match, allow: tuple[str, ...]) -> bool:
    """A match inside an allowlisted term is not a finding."""
    for term in allow:
        pos = text.find(term)
        while pos != -1:
            if pos <= m.start() and m.end() <= pos + len(term):
                return True
            pos = text.find(term, pos + 1)
    return False


class RuleFileError(ValueError):
    pass


def load_pattern_rule(path: Path) -> PatternRule:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    where = str(path)
    try:
        rule_type = data["type"]
        if rule_type not in RULE_TYPES:
            raise RuleFileError(f"{where}: type 必须是 {RULE_TYPES} 之一")
        if data["severity"] not in SEVERITIES:
            raise RuleFileError(f"{where}: severity 必须是 {SEVERITIES} 之一")
        scope = data.get("scope", "all")
        if scope not in SCOPES:
            raise RuleFileError(f"{where}: scope 必须是 {SCOPES} 之一")
        entries = []
        for i, raw in enumerate(data["entries"]):
            if rule_type == "substitution" and "replace" not in raw:
                raise RuleFileError(f"{where}: 第{i + 1}条缺少 replace")
            try:
                regex = re.compile(raw["match"])
            except re.error as exc:
                raise RuleFileError(f"{where}: 第{i + 1}条正则有误：{exc}") from exc
            entries.append(
                PatternEntry(
                    regex=regex,
                    replace=raw.get("replace"),
                    reason=raw.get("reason", ""),
                    certain=bool(raw.get("certain", False)),
                    message=raw.get("message"),
                    flag_examples=list(raw.get("flag", [])),
                    pass_examples=list(raw.get("pass", [])),
                )
            )
        return PatternRule(
            id=data["id"],
            severity=data["severity"],
            description=data["description"],
            type=rule_type,
            message=data["message"],
            scope=scope,
            entries=entries,
            source=where,
            pass_examples=list(data.get("examples", {}).get("pass", [])),
        )
    except KeyError as exc:
        raise RuleFileError(f"{where}: 缺少字段 {exc}") from exc
