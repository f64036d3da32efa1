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
                  "sections": {"plan": {"count": 5, "score": 1.9}, ...},
                  "examples": {"plan": "……以文旅攻坚行动为抓手……"}}, ...]}

In texts ``{year}`` / ``{next_year}`` / ``{prev_year}`` stand for years relative to the report's
year, ``<NUM>`` for a number or an ``XX`` placeholder, ``{…}`` for a frame's slot.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from drafter.errors import InputError

VERSION = 1
SECTIONS = ("lead", "summary", "highlights", "problems", "plan")
ROLES = SECTIONS + ("signature",)
ROLE_NAMES = {"lead": "开头", "summary": "工作总结", "highlights": "工作亮点", "problems": "存在问题",
              "plan": "工作计划", "signature": "落款"}
BUNDLED = Path(__file__).resolve().parent / "bundled_profile.json"


@dataclass
class Phrase:
    text: str
    kind: str  # "phrase" or "frame"
    docs: int  # reports using it
    count: int  # uses in the whole corpus
    sections: dict[str, dict] = field(default_factory=dict)  # part → {"count", "score"}
    examples: dict[str, str] = field(default_factory=dict)  # part → a sentence using it

    def score(self, section: str) -> float:
        return float(self.sections.get(section, {}).get("score", 0.0))

    def count_in(self, section: str) -> int:
        return int(self.sections.get(section, {}).get("count", 0))

    def best_section(self) -> str:
        return max(self.sections, key=lambda s: (self.score(s), s)) if self.sections else ""

    def example(self, section: str | None = None) -> str:
        if section and section in self.examples:
            return self.examples[section]
        best = self.best_section()
        return self.examples.get(best) or next(iter(self.examples.values()), "")

    def to_json(self) -> dict:
        return {"text": self.text, "kind": self.kind, "docs": self.docs, "count": self.count,
                "sections": self.sections, "examples": self.examples}


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
            phrases=[Phrase(p["text"], p.get("kind", "phrase"), int(p["docs"]), int(p["count"]),
                            dict(p.get("sections", {})), dict(p.get("examples", {}))) for p in data["phrases"]],
            version=int(data.get("version", VERSION)),
        )

    def ranked(self, section: str = "all", *, min_docs: int = 2, contains: str | None = None,
               top: int | None = 20) -> list[Phrase]:
        """The common phrasing of a part, most specific first; for "all", most used first."""
        pool = [p for p in self.phrases if p.docs >= min_docs and (not contains or contains in p.text)]
        if section == "all":
            pool.sort(key=lambda p: (-p.docs, -p.count, p.text))
        else:
            pool = [p for p in pool if p.count_in(section) > 0 and p.score(section) > 0]
            pool.sort(key=lambda p: (-p.score(section), -p.docs, p.text))
        return pool if top is None else pool[:top]

    def save(self, path: str | os.PathLike) -> None:
        """Written to a temporary file beside ``path``, then moved over it (never half written)."""
        save_text(path, self.dumps())


def save_text(path: str | os.PathLike, text: str) -> None:
    import tempfile

    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + target.name + ".", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(str(target), f"无法写入（{exc.strerror or exc}）") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise InputError(str(target), f"无法写入（{exc.strerror or exc}）") from None


def read_profile(path: str | os.PathLike) -> Profile:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(path), "风格档案文件不存在") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"无法读取风格档案（{getattr(exc, 'strerror', None) or exc}）") from None
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
    out = text.replace("{…}", "……").replace("<NUM>", "……")
    for token, offset in (("{year}", 0), ("{next_year}", 1), ("{prev_year}", -1)):
        out = out.replace(token, str(year + offset) if year else "……")
    while "…………" in out:
        out = out.replace("…………", "……")
    return out


def hints_for(role: str, n: int = 3, profile: Profile | None = None, year: int | None = None) -> list[str]:
    """The ``n`` set phrases most typical of a part, as prompts for ``drafter new``."""
    if role not in SECTIONS or n <= 0:
        return []
    profile = profile or load_profile()
    ranked = [p for p in profile.ranked(role, min_docs=2, top=None) if len(p.text.replace("{…}", "")) >= 3]
    out: list[str] = []
    for p in ranked:
        text = hint_text(p.text, year)
        if text not in out and not any(text in o for o in out):
            out.append(text)
        if len(out) == n:
            break
    return out
