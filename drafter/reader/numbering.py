"""Word auto-numbering: turn numbering.xml plus each paragraph's numPr into the visible text.

Counters are kept per abstract list, as Word does for several w:num sharing one w:abstractNum;
a w:num with a startOverride keeps its own counters from its first use on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drafter.reader.ooxml import W, wattr

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _chinese(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    if n <= 0:
        return str(n)
    if n >= 10000:
        return str(n)
    parts = []
    text = str(n)
    zero_pending = False
    for i, ch in enumerate(text):
        d = int(ch)
        power = len(text) - 1 - i
        if d == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append(digits[0])
            zero_pending = False
        unit = units[power - 1] if power > 0 else ""
        # 十一 not 一十一 when the number starts with ten
        if not (d == 1 and power == 1 and i == 0 and digits is _CN_DIGITS):
            parts.append(digits[d])
        parts.append(unit)
    return "".join(parts)


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word repeats the letter: 27 -> AA, 28 -> BB
    if n <= 0:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return _chinese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _CN_LEGAL, "拾佰仟")
    if fmt in ("ideographDigital", "japaneseDigitalTenThousand", "taiwaneseDigital"):
        return "".join("〇一二三四五六七八九"[int(c)] for c in str(n))
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "none":
        return ""
    return str(n)  # decimal and anything unknown


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart: 0 = never; k = restart after level k (1-based) is used
    legal: bool = False  # w:isLgl: show all levels as decimal
    style_id: str | None = None  # w:pStyle: the paragraph style tied to this level


_UNSET_LEVEL = Level()  # what a level no list defines counts as (never changed)
_LEVEL_TOKENS = tuple(enumerate(f"%{k + 1}" for k in range(9)))  # (level, its placeholder in w:lvlText)


@dataclass
class _Instance:
    abstract_id: str
    levels: dict[int, Level]
    own_counters: bool  # True when a startOverride restarts this w:num


@dataclass
class Numbering:
    """The lists of numbering.xml. A list is parsed when a paragraph first uses it: Word keeps
    dozens of list definitions, nine levels each, in a document that uses two or three."""

    abstract_elements: dict[str, object] = field(default_factory=dict)  # abstractNumId → w:abstractNum
    nums: dict[str, tuple[object, str]] = field(default_factory=dict)  # numId → (w:num, its abstractNumId)
    style_links: dict[str, str] = field(default_factory=dict)  # abstractNumId → numbering style it links to
    style_nums: dict[str, str] = field(default_factory=dict)  # numbering style id → the w:num it carries
    _abstracts: dict[str, dict[int, Level]] = field(default_factory=dict)
    _instances: dict[str, _Instance | None] = field(default_factory=dict)
    _counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def parse(cls, root, style_nums: dict[str, str]) -> "Numbering":
        """``style_nums`` maps numbering-style ids to the w:num they carry (for w:numStyleLink)."""
        numbering = cls(style_nums=style_nums)
        if root is None:
            return numbering
        for absn in root.iter(W + "abstractNum"):
            aid = wattr(absn, "abstractNumId")
            numbering.abstract_elements[aid] = absn
            link = absn.find(W + "numStyleLink")
            if link is not None:
                numbering.style_links[aid] = wattr(link, "val")
        for num in root.iter(W + "num"):
            ref = num.find(W + "abstractNumId")
            if ref is not None:
                numbering.nums[wattr(num, "numId")] = (num, wattr(ref, "val"))
        return numbering

    def _abstract(self, aid: str) -> dict[int, Level]:
        if aid not in self._abstracts:
            absn = self.abstract_elements.get(aid)
            self._abstracts[aid] = {} if absn is None else {
                int(wattr(lvl, "ilvl") or 0): _parse_level(lvl) for lvl in absn.iter(W + "lvl")}
        return self._abstracts[aid]

    def _instance(self, nid: str) -> _Instance | None:
        if nid not in self._instances:
            self._instances[nid] = self._parse_instance(nid) if nid in self.nums else None
        return self._instances[nid]

    def _parse_instance(self, nid: str) -> _Instance:
        num, aid = self.nums[nid]
        # an abstract list that only links to a numbering style takes that style's list
        linked = self.style_nums.get(self.style_links.get(aid, ""))
        if linked in self.nums and linked != nid:
            aid = self.nums[linked][1]
        levels = dict(self._abstract(aid))
        own = False
        for override in num.iter(W + "lvlOverride"):
            ilvl = int(wattr(override, "ilvl") or 0)
            lvl = override.find(W + "lvl")
            if lvl is not None:
                levels[ilvl] = _parse_level(lvl)
                own = True
            start = override.find(W + "startOverride")
            if start is not None:
                base = levels.get(ilvl, Level())
                levels[ilvl] = Level(int(wattr(start, "val") or 1), base.fmt, base.text, base.restart,
                                     base.legal, base.style_id)
                own = True
        return _Instance(aid, levels, own)

    def levels_for(self, num_id: str) -> dict[int, Level] | None:
        inst = self._instance(num_id)
        return inst.levels if inst else None

    def render(self, num_id: str, ilvl: int) -> str:
        """Advance the counters for one numbered paragraph and return its number text."""
        inst = self._instance(num_id)
        if inst is None or not inst.levels:
            return ""
        key = "num:" + num_id if inst.own_counters else "abs:" + inst.abstract_id
        counters = self._counters.setdefault(key, {})
        levels = inst.levels
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [d for d in counters if d > ilvl]:
            restart = levels.get(deeper, _UNSET_LEVEL).restart
            if restart is None or (restart != 0 and ilvl < restart):
                del counters[deeper]
        text = level.text
        for k, token in _LEVEL_TOKENS if "%" in text else ():
            if token in text:
                lv = levels.get(k, _UNSET_LEVEL)
                value = counters.get(k, lv.start)
                fmt = "decimal" if level.legal and lv.fmt not in ("none",) else lv.fmt
                text = text.replace(token, format_number(value, fmt))
        return text


_LEVEL_SETTINGS = {W + name: name for name in ("start", "numFmt", "lvlText", "lvlRestart", "isLgl", "pStyle")}
_VAL = W + "val"


def _parse_level(lvl) -> Level:
    setting: dict = {}  # name → w:val of its first element: one pass over the level, where a find per setting took six
    for child in lvl:
        name = _LEVEL_SETTINGS.get(child.tag)
        if name is not None and name not in setting:
            setting[name] = child.get(_VAL)
    start = setting.get("start")
    restart = setting.get("lvlRestart")
    return Level(
        start=int(start) if start and start.lstrip("-").isdigit() else 1,
        fmt=setting.get("numFmt") or "decimal",
        text=setting.get("lvlText") or "",
        restart=int(restart) if restart and restart.isdigit() else None,
        legal="isLgl" in setting and setting["isLgl"] not in ("0", "false"),
        style_id=setting.get("pStyle"),
    )
