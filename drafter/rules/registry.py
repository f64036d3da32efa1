"""All rules: code rules (one module per family) and data rules (style_rules/*.yml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from drafter.datafiles import cached, load_yaml
from drafter.errors import InputError
from drafter.paths import data_dir
from drafter.rules import (
    duplicates,
    figures,
    format,
    formulation,
    numbering,
    pairs,
    plan_coverage,
    readability,
    sections,
    title,
    typo,
    webpage,
    years,
)
from drafter.rules.context import CodeRule
from drafter.rules.patterns import PatternRule, load_pattern_rule

CODE_RULES: list[CodeRule] = [
    *sections.RULES, *title.RULES, *numbering.RULES, *duplicates.RULES, *years.RULES, *pairs.RULES,
    *format.RULES, *readability.RULES, *webpage.RULES, *figures.RULES, *formulation.RULES, *typo.RULES,
    *plan_coverage.RULES,
]


def _is_bundled_rule(path: Path) -> bool:
    """style_rules/ also holds the data of code rules (roles.yml, sections.yml …): a rule file is a
    mapping with a ``type`` (loaded strictly from there on). Every file of a user's folder is a rule."""
    return cached(path, "is-rule-file", _has_type)


def _has_type(path: Path) -> bool:
    # the answer is cached, not the parsed file: formulations.yml holds dates, which the cache cannot store,
    # so asking load_yaml imported yaml and parsed that file at every start
    data = load_yaml(path)
    return isinstance(data, dict) and "type" in data


@lru_cache(maxsize=32)
def pattern_rules(extra_dirs: tuple[str, ...] = ()) -> tuple[PatternRule, ...]:
    """Bundled data rules; a file in an extra folder adds a rule or replaces the bundled file of that name.

    A rule file with a bad type, an unknown key or a pattern that does not compile raises InputError.
    """
    files: dict[str, Path] = {p.name: p for p in sorted(data_dir("style_rules").glob("*.yml")) if _is_bundled_rule(p)}
    for folder in map(Path, extra_dirs):
        files.update((p.name, p) for p in sorted(folder.glob("*.yml")))
    return tuple(load_pattern_rule(p) for p in files.values())


@dataclass(frozen=True)
class RuleInfo:
    id: str
    severity: str
    description: str
    rationale: str  # why it matters, and the standard it comes from
    source: str  # module or data file
    flag: tuple[str, ...]
    passes: tuple[str, ...]
    example_plan: str = ""  # last year's report the examples are compared with

    @property
    def name(self) -> str:
        from drafter.rules.names import rule_name

        return rule_name(self.id)


def rule_infos(extra_dirs: tuple[str, ...] = ()) -> list[RuleInfo]:
    infos = [RuleInfo(r.id, r.severity, r.description, r.rationale, r.check.__module__.replace(".", "/") + ".py",
                      tuple(r.flag_texts()), tuple(r.passes), r.example_plan) for r in CODE_RULES]
    seen = {i.id for i in infos}
    for rule in pattern_rules(extra_dirs):
        flag = tuple(t for e in rule.entries for t in e.flag_examples)
        passes = tuple(rule.pass_examples) + tuple(t for e in rule.entries for t in e.pass_examples)
        if rule.id in seen:
            # a data family sharing a code rule's id (punctuation): one listing, examples merged
            i = next(k for k, info in enumerate(infos) if info.id == rule.id)
            old = infos[i]
            # the listing describes both halves: the family's wide one (重复、半角……) and the code's (不成对)
            infos[i] = RuleInfo(old.id, old.severity, f"{rule.description}；{old.description}", old.rationale or rule.rationale,
                                old.source + "；" + rule.source, old.flag + flag, old.passes + passes,
                                old.example_plan)
            continue
        seen.add(rule.id)
        infos.append(RuleInfo(rule.id, rule.severity, rule.description, rule.rationale, rule.source, flag, passes))
    return infos


def all_rule_ids(extra_dirs: tuple[str, ...] = ()) -> set[str]:
    return {i.id for i in rule_infos(extra_dirs)}


def unknown_rules_message(ids) -> str:
    """The one message for rule ids nobody defines: command line, drafter.toml and web page alike."""
    return f"没有这些规则：{'、'.join(sorted(ids))}（用 drafter rules 查看全部规则）"


def check_rule_ids(ids=(), extra_dirs: tuple[str, ...] = (), where: str = "") -> None:
    """Raise InputError (naming ``where``: an option or a config file) for ids no rule has.

    Loads every rule file of ``extra_dirs``: a broken one raises its own InputError here.
    """
    unknown = set(ids) - all_rule_ids(extra_dirs)
    if unknown:
        raise InputError(where, unknown_rules_message(unknown))


def threshold_defaults() -> dict[str, dict]:
    """rule id → its settable limits and their defaults (``thresholds`` in drafter.toml)."""
    return {r.id: dict(r.thresholds) for r in CODE_RULES if r.thresholds}


def check_thresholds(thresholds: dict, where: str = "") -> None:
    """Raise InputError for a rule or limit that cannot be set, or a value that is not a number."""
    defaults = threshold_defaults()
    for rule_id, limits in thresholds.items():
        if rule_id not in defaults:
            settable = "、".join(sorted(defaults))
            raise InputError(where, f"thresholds：规则“{rule_id}”没有可设置的限值（可设置：{settable}）")
        for key, value in limits.items():
            if key not in defaults[rule_id]:
                raise InputError(where, f"thresholds.{rule_id}：没有“{key}”这一项（可用：{'、'.join(defaults[rule_id])}）")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise InputError(where, f"thresholds.{rule_id}.{key} 应为正数")
