"""Report kinds: the jinja2 text files in ``templates/``, their front matter and their markup.

A kind is one file ``templates/<名称>.txt``; its name is the file name without ``.txt``, so a
user adds a kind by copying a file and renaming the copy. A file starts with a front-matter
header between two ``---`` lines::

    ---
    description: 一句话说明这种报告
    required: summary, problems, plan
    ---

``required`` lists the parts (roles) the linter's ``section-missing`` rule expects; the roles
are those of ``style_rules/roles.yml`` (summary, highlights, problems, plan). The rest is a
jinja2 template that renders to line-oriented markup, one paragraph a line::

    title: 标题              lead: 导语段            p: 正文段
    h1: 一、……  h2: （一）……  h3: 1.……  h4: （1）……
    hint: 常用表述提示段      blank: （空行）
    sign-unit: 落款单位      sign-date: 成文日期

Blank lines and lines starting with ``#`` are skipped. Variables: ``unit``, ``leaders`` (the
leading organs for the unit's level, 区委、区政府 for a 区 unit), ``year``,
``next_year``, ``prev_year``; ``{{ hint("summary") }}`` renders a ``hint:`` line with the
set phrases of that part when hints are on, and nothing when they are off.

Templates may also live in the folder named by the ``DRAFTER_TEMPLATES`` environment variable
(searched first), so an installed drafter can use a user's own kinds.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from drafter import regex_cache
from drafter.errors import InputError, os_reason
from drafter.paths import data_dir

DEFAULT_KIND = "年度工作总结及下年工作计划"
SUFFIX = ".txt"
ENV_DIR = "DRAFTER_TEMPLATES"

# markup keys (English, or their Chinese alias) -> block kind
KEYS = {
    "title": "title", "标题": "title",
    "lead": "lead", "导语": "lead",
    "h1": "h1", "一级标题": "h1",
    "h2": "h2", "二级标题": "h2",
    "h3": "h3", "三级标题": "h3",
    "h4": "h4", "四级标题": "h4",
    "p": "p", "正文": "p",
    "hint": "hint", "提示": "hint",
    "blank": "blank", "空行": "blank",
    "sign-unit": "sign-unit", "落款单位": "sign-unit", "落款": "sign-unit",
    "sign-date": "sign-date", "成文日期": "sign-date", "日期": "sign-date",
}
_LINE = regex_cache.compile(r"^\s*([A-Za-z0-9-]+|[\u4e00-\u9fff]+)\s*[:：]\s?(.*?)\s*$")
_FRONT_KEYS = {"description": "description", "说明": "description", "required": "required", "必备部分": "required"}
_LIST_SPLIT = regex_cache.compile(r"[\s,，、;；\[\]]+")
HINT_PHRASES = 3  # set phrases shown per part


@dataclass(frozen=True)
class Block:
    """One paragraph of the skeleton: its markup kind and its text."""

    kind: str  # title, lead, h1..h4, p, hint, blank, sign-unit, sign-date
    text: str


@dataclass
class Kind:
    name: str
    path: Path
    description: str
    required: list[str]
    body: str  # the jinja2 text; front matter replaced by blank lines so line numbers hold


def template_dirs() -> list[Path]:
    dirs = []
    extra = os.environ.get(ENV_DIR)
    if extra:
        dirs.append(Path(extra))
    dirs.append(data_dir("templates"))
    return dirs


def _kind_files() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in template_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*" + SUFFIX)):
            if path.is_file() and not path.name.startswith((".", "~$")):
                found.setdefault(path.stem, path)
    return found


def _read_text(path: Path) -> str:
    """As the text reader reads a file (UTF-8 with or without BOM, GB18030, UTF-16): what Notepad may save."""
    from drafter.reader.files import read_head
    from drafter.reader.text import MAX_TEXT_BYTES, decode

    return decode(str(path), read_head(str(path), MAX_TEXT_BYTES)).replace("\r\n", "\n").replace("\r", "\n")


def _parse_kind(name: str, path: Path) -> Kind:
    text = _read_text(path)
    lines = text.split("\n")
    meta: dict[str, str] = {}
    body_start = 0
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            line = lines[i].strip()
            if line == "---":
                body_start = i + 1
                break
            if not line or line.startswith("#"):
                continue
            m = re.match(r"^([^:：]+)[:：]\s*(.*)$", line)
            key = _FRONT_KEYS.get(m.group(1).strip()) if m else None
            if key is None:
                raise InputError(str(path), f"第{i + 1}行：开头说明只能写 description（说明）和 required（必备部分）")
            meta[key] = m.group(2).strip()
        else:
            raise InputError(str(path), "开头说明缺少结束行“---”")
    required = [r for r in _LIST_SPLIT.split(meta.get("required", "")) if r]
    body = "\n" * body_start + "\n".join(lines[body_start:])
    return Kind(name=name, path=path, description=meta.get("description", ""), required=required, body=body)


def _kind_names_text(files: dict[str, Path]) -> str:
    return "、".join(_ordered(files)) or "（无）"


def _ordered(files: dict[str, Path]) -> list[str]:
    return sorted(files, key=lambda n: (n != DEFAULT_KIND, n))


def load_kind(kind: str = DEFAULT_KIND) -> Kind:
    files = _kind_files()
    name = kind.strip()
    name = name.removesuffix(SUFFIX)
    if name not in files:
        raise InputError(kind, f"没有这种报告类型；可用的类型：{_kind_names_text(files)}")
    return _parse_kind(name, files[name])


def list_kinds() -> list[dict]:
    """The report kinds, the default first: ``{"name", "description", "required"}`` each."""
    files = _kind_files()
    out = []
    for name in _ordered(files):
        k = _parse_kind(name, files[name])
        out.append({"name": k.name, "description": k.description, "required": list(k.required)})
    return out


def known_roles() -> list[str]:
    from drafter.document.roles import vocabulary as role_vocabulary

    return list(role_vocabulary()["roles"])


def required_roles(kind: str = DEFAULT_KIND) -> list[str]:
    """The parts (roles) a report of this kind must have, as its template's front matter says."""
    k = load_kind(kind)
    known = known_roles()
    unknown = [r for r in k.required if r not in known]
    if unknown:
        raise InputError(
            str(k.path), f"required 中的“{'、'.join(unknown)}”不是已知的部分名称；可用：{'、'.join(known)}"
        )
    return list(k.required)


def fallback_hints(kind: str | None = None) -> dict[str, list[str]]:
    """Set phrases per role from ``style_rules/phrases-fallback.yml``, used before a mined profile
    exists; with ``kind``, the phrases written for that kind (its ``kinds:`` entry) replace the
    general ones part by part."""
    import yaml

    path = data_dir("style_rules") / "phrases-fallback.yml"
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except OSError as exc:
        raise InputError(str(path), f"无法读取常用表述文件（{os_reason(exc)}）") from exc
    except yaml.YAMLError as exc:
        raise InputError(str(path), f"常用表述文件格式有误：{exc}") from exc
    written_for = (data.pop("kinds", None) or {}).get(kind) or {}
    return {str(role): [str(p) for p in phrases or []] for role, phrases in {**data, **written_for}.items()}


def has_written_hints(kind: str) -> bool:
    """Whether phrases-fallback.yml has phrases written for this kind (one the corpus has no reports of)."""
    return fallback_hints(kind) != fallback_hints()


def hint_paragraph(phrases: list[str]) -> str:
    """The hint paragraph for one part: a prompt, so an unfilled skeleton never lints clean."""
    shown = [p.replace("【", "“").replace("】", "”") for p in phrases[:HINT_PHRASES] if p.strip()]
    if not shown:
        return ""
    return "【常用表述，供参考，定稿前删除本段：" + "；".join(shown) + "】"


# the unit's level (its name's last place level: 北京市海淀区财政局 → 区) and its leading organs;
# 市场、乡村、社区 are words, not levels
_LEVEL = regex_cache.compile(r"街道|乡(?!村)|镇|县|(?<!社)区|市(?!场|政)|州|旗|省(?!级)")
_LEADERS = {"街道": "街道党工委、街道办事处", "乡": "乡党委、乡政府", "镇": "镇党委、镇政府", "县": "县委、县政府",
            "区": "区委、区政府", "市": "市委、市政府", "州": "州委、州政府", "旗": "旗委、旗政府", "省": "省委、省政府"}


def unit_leaders(unit: str) -> str:
    """The leading organs a unit of this level writes of (区财政局 → 区委、区政府)."""
    levels = _LEVEL.findall(unit)
    return _LEADERS[levels[-1]] if levels else "上级党委、政府"


def render_kind(
    kind: str = DEFAULT_KIND, *, unit: str, year: int, hints: dict[str, list[str]] | None = None
) -> list[Block]:
    """Render a kind's template for this unit and year into its paragraphs."""
    import jinja2

    k = load_kind(kind)

    def hint(role: str) -> str:
        text = hint_paragraph((hints or {}).get(role, []))
        return f"hint: {text}" if text else ""

    env = jinja2.Environment(
        autoescape=False, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    try:
        template = env.from_string(k.body)
        text = template.render(
            unit=unit, leaders=unit_leaders(unit), year=year, next_year=year + 1, prev_year=year - 1,
            kind=k.name, hint=hint,
        )
    except jinja2.TemplateSyntaxError as exc:
        raise InputError(str(k.path), f"第{exc.lineno}行模板语法有误：{exc.message}") from exc
    except jinja2.TemplateError as exc:
        raise InputError(str(k.path), f"模板无法生成：{exc}") from exc
    return parse_markup(text, str(k.path))


def parse_markup(text: str, source: str = "模板") -> list[Block]:
    """Markup lines to blocks; an unknown key is the user's mistake."""
    blocks = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _LINE.match(line)
        kind = KEYS.get(m.group(1).lower()) if m else None
        if kind is None:
            raise InputError(
                source,
                f"无法识别的行“{line[:30]}”：每行应以 title:、lead:、h1:～h4:、p:、hint:、blank:、"
                "sign-unit:、sign-date: 之一开头",
            )
        blocks.append(Block(kind, m.group(2)))
    return blocks
