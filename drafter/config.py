"""Project configuration: drafter.toml, or [tool.drafter] in pyproject.toml, found upward from a file."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from drafter.errors import InputError

KNOWN_KEYS = {"disable", "enable", "allow", "rules", "year", "kind", "plan", "thresholds"}


@dataclass(frozen=True)
class Config:
    disable: frozenset[str] = frozenset()
    enable: frozenset[str] = frozenset()
    allow: tuple[str, ...] = ()
    rules_dirs: tuple[str, ...] = ()
    year: int | None = None
    kind: str | None = None  # report kind (a templates/ name); None: told by the title
    plan: str | None = None  # last year's report, whose plan items this year's summary must account for
    source: str | None = None  # the file it came from
    # per-rule limits: {"readability": {"max_sentence_chars": 150}}; see `drafter rules ID`
    thresholds: dict = field(default_factory=dict, hash=False)

    def merged(self, other: "Config") -> "Config":
        """This config with another's settings (command-line options) on top."""
        return Config(
            disable=(self.disable - other.enable) | other.disable,
            enable=(self.enable - other.disable) | other.enable,
            allow=self.allow + other.allow,
            rules_dirs=self.rules_dirs + other.rules_dirs,
            year=other.year or self.year,
            kind=other.kind or self.kind,
            plan=other.plan or self.plan,
            source=self.source,
            thresholds={rule: {**self.thresholds.get(rule, {}), **other.thresholds.get(rule, {})}
                        for rule in {*self.thresholds, *other.thresholds}},
        )


def _parse(path: Path, table: dict) -> Config:
    unknown = set(table) - KNOWN_KEYS
    if unknown:
        raise InputError(str(path), f"配置项 {'、'.join(sorted(unknown))} 无法识别（可用：{'、'.join(sorted(KNOWN_KEYS))}）")

    def names(key):
        value = table.get(key, [])
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        return value

    rules = names("rules")
    thresholds = table.get("thresholds", {})
    if not isinstance(thresholds, dict) or not all(isinstance(v, dict) for v in thresholds.values()):
        raise InputError(str(path), "thresholds 应写成 [thresholds.规则编号] 表，如 [thresholds.readability]")
    plan = table.get("plan")
    if plan is not None and not isinstance(plan, str):
        raise InputError(str(path), "plan 应写成去年报告的路径（一个字符串），如 plan = \"去年报告.docx\"")
    return Config(
        disable=frozenset(names("disable")),
        enable=frozenset(names("enable")),
        allow=tuple(names("allow")),
        rules_dirs=tuple(str((path.parent / r).resolve()) for r in rules),
        year=table.get("year"),
        kind=table.get("kind"),
        plan=str((path.parent / plan).resolve()) if plan else None,
        source=str(path),
        thresholds=thresholds,
    )


@lru_cache(maxsize=256)
def config_for_dir(folder: str) -> Config:
    """The config for the files of a folder (its real path: a string, a cheap cache key)."""
    folder = Path(folder)
    for directory in (folder, *folder.parents):
        own = directory / "drafter.toml"
        if own.is_file():
            return _parse(own, _load(own))
        project = directory / "pyproject.toml"
        if project.is_file():
            table = _load(project).get("tool", {}).get("drafter")
            if table is not None:
                return _parse(project, table)
    return Config()


def _load(path: Path) -> dict:
    import tomllib  # only when a config file exists: its regexes cost a few ms at every start

    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"配置文件格式错误：{exc}") from None


def config_for(file: str) -> Config:
    # os.path.realpath is what Path.resolve calls, without building Path objects for every file linted
    return config_for_dir(os.path.dirname(os.path.realpath(file)))
