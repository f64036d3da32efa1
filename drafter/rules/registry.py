"""All rules: code rules (one module per family) and data rules (style_rules/*.yml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


from drafter.paths import data_dir
from drafter.rules import (duplicates, format, formulation, numbering, pairs, readability, sections, title,
                           typo, years)
from drafter.rules.context import CodeRule
from drafter.rules.patterns import RULE_TYPES, PatternRule, load_pattern_rule

CODE_RULES: list[CodeRule] = [
    *sections.RULES, *title.RULES, *numbering.RULES, *duplicates.RULES, *years.RULES, *pairs.RULES,
    *format.RULES, *readability.RULES, *formulation.RULES, *typo.RULES,
]


@lru_cache(maxsize=None)
def _is_pattern_file(path: Path) -> bool:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("type:"):
                return line.split(":", 1)[1].strip() in RULE_TYPES
    return False


@lru_cache(maxsize=32)
def pattern_rules(extra_dirs: tuple[str, ...] = ()) -> tuple[PatternRule, ...]:
    """Bundled data rules; a file in an extra folder adds a rule or replaces the bundled file of that name."""
    files: dict[str, Path] = {}
    for folder in (data_dir("style_rules"), *map(Path, extra_dirs)):
        for path in sorted(folder.glob("*.yml")):
            if _is_pattern_file(path):
                files[path.name] = path
    return tuple(load_pattern_rule(p) for p in files.values())


@dataclass(frozen=True)
class RuleInfo:
    id: str
    severity: str
    description: str
    source: str  # module or data file
    flag: tuple[str, ...]
    passes: tuple[str, ...]


def rule_infos(extra_dirs: tuple[str, ...] = ()) -> list[RuleInfo]:
    infos = [RuleInfo(r.id, r.severity, r.description, f"drafter/rules ({r.check.__module__})",
                      tuple(r.flag), tuple(r.passes)) for r in CODE_RULES]
    seen = {i.id for i in infos}
    for rule in pattern_rules(extra_dirs):
        flag = tuple(t for e in rule.entries for t in e.flag_examples)
        passes = tuple(rule.pass_examples) + tuple(t for e in rule.entries for t in e.pass_examples)
        if rule.id in seen:
            # a data family sharing a code rule's id (punctuation): one listing, examples merged
            i = next(k for k, info in enumerate(infos) if info.id == rule.id)
            old = infos[i]
            infos[i] = RuleInfo(old.id, old.severity, old.description, old.source + "；" + rule.source,
                                old.flag + flag, old.passes + passes)
            continue
        seen.add(rule.id)
        infos.append(RuleInfo(rule.id, rule.severity, rule.description, rule.source, flag, passes))
    return infos


def all_rule_ids(extra_dirs: tuple[str, ...] = ()) -> set[str]:
    return {i.id for i in rule_infos(extra_dirs)}
