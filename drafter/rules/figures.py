"""figures: figures that add up — stated changes, shares and sums recomputed, one indicator one value,
possible dates, decreases not in 倍, 翻番 that the numbers bear out, 概数 in Chinese numerals.

Every check needs all its numbers written out in one sentence (or, for one indicator's two values, the
same words before both); a number is taken to be exact only to its last written digit, so a stated
figure is reported only when it is off by more than that rounding.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from drafter import regex_cache
from drafter.rules.context import CodeRule, Context

# a pattern that starts with a lookbehind is tried at every position of the text (10x slower than one that
# starts with a digit), so the patterns scanned over every paragraph start with _DIGITS and check what
# precedes the match in code (_starts_a_number). The first digit stands before the alternatives and
# repeats: only so does the engine know the match starts with a digit and skip to the digits (\d{1,3}…|\d{1,15}
# and \d{1,2} try every position; \d\d? is \d{1,2})
_DIGITS = r"(\d(?:\d{0,2}(?:,\d{3}){1,5}|\d{0,14}))(?:\.(\d{1,8}))?"  # bounded: a run of digits is scanned in linear time
_NUM = r"(?<![\d.,，])" + _DIGITS
_SCALE = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 10**3, "": 1}
_SCALED = _NUM + r"(万亿|亿|万|千)?"
_UP = "增加|增长|提高|提升|上升"
_DOWN = "下降|减少|降低|回落"
_CN_DIGITS = "〇一二三四五六七八九"


@dataclass(frozen=True)
class Figure:
    """A written number and how far the true value may lie from it (half its last digit)."""
    value: float
    half: float
    decimals: int

    @property
    def low(self) -> float:
        return self.value - self.half

    @property
    def high(self) -> float:
        return self.value + self.half


def _figure(integer: str, fraction: str | None, scale: str | None = "", rounded: bool = False) -> Figure:
    """A count written without decimals or 万/亿 is exact; a percentage (``rounded``) never is."""
    factor = _SCALE[scale or ""]
    decimals = len(fraction or "")
    value = float(integer.replace(",", "") + ("." + fraction if fraction else ""))
    half = 0.5 * 10 ** -decimals if decimals or scale or rounded else 0.0
    return Figure(value * factor, half * factor, decimals)


def _starts_a_number(text: str, at: int) -> bool:
    return at == 0 or text[at - 1] not in "0123456789.,，"


def _overlaps(low: float, high: float, stated: Figure) -> bool:
    return stated.low - 1e-9 <= high and low <= stated.high + 1e-9


def _fmt(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


# ---- recomputing what a sentence states ------------------------------------------------------

# 由X增至Y，增长Z% / 从X%提高到Y%，提高Z个百分点
_CHANGE = regex_cache.compile(
    rf"(?:由|从)(?:[^，。；：\d]{{0,8}}?)(?P<x>{_SCALED})(?P<xp>[%％]?)(?P<xu>[^，。；\d]{{0,6}}?)"
    rf"(?:{_UP}|{_DOWN}|增|减|升|降)(?:到|至|为)(?P<y>{_SCALED})(?P<yp>[%％]?)(?P<yu>[^，。；\d]{{0,4}})[，,]?"
    rf"(?:[^，。；\d]{{0,8}}?)(?P<verb>{_UP}|{_DOWN}|增幅为?|降幅为?)了?(?P<z>{_NUM})(?P<zu>[%％]|个百分点)"
)
# 完成A，占年度目标B的C%
_SHARE = regex_cache.compile(
    rf"{_DIGITS}(万亿|亿|万|千)?([^\d，。；]{{0,4}})[，,]?(?:占|为|完成|达到)(?:年度|全年|年初|全年度)?(?:目标|任务|计划|预算)(?:任务|数)?"
    rf"{_SCALED}([^\d，。；]{{0,4}})的{_NUM}[%％]"
)
# 占……总数/总量/比重……的X% over 100
_WHOLE_SHARE = regex_cache.compile(rf"(?:占(?:[^，。；\d]{{0,12}}?)(?:总数|总量|总额|总人数|总面积|总户数|全部)的?|占比(?:达到?|为)?|比重(?:达到?|为)?){_NUM}[%％]")


def _check_change(text: str):
    for m in _CHANGE.finditer(text):
        x = _figure(*m.group(2, 3, 4), rounded=bool(m["xp"]))
        y = _figure(*m.group(8, 9, 10), rounded=bool(m["yp"]))
        z = _figure(m.group(15), m.group(16), rounded=True)
        if bool(m["xp"]) != bool(m["yp"]) or x.low <= 0:
            continue
        verb = m["verb"]
        sign = -1 if verb.startswith(("下降", "减少", "降低", "回落", "降幅")) else 1
        x_text = m["x"] + (m["xp"] or m["xu"])
        y_text = m["y"] + (m["yp"] or m["yu"])
        stated = m["z"] + m["zu"]
        points = sorted((sign * (y.low - x.high), sign * (y.high - x.low)))
        points_should = _fmt(sign * (y.value - x.value), z.decimals)
        if m["zu"] == "个百分点":
            if m["xp"] and not _overlaps(*points, z):
                yield m.start("z"), m.end(), (
                    f"数字对不上：由{x_text}到{y_text}，变化应为{points_should}个百分点，文中写的是{stated}。请核对数字。"
                ), f"{points_should}个百分点"
            continue
        relative = sorted((sign * (y.low - x.high) / x.high * 100, sign * (y.high - x.low) / x.low * 100,
                           sign * (y.low - x.low) / x.low * 100, sign * (y.high - x.high) / x.high * 100))
        if _overlaps(relative[0], relative[-1], z):
            continue
        should = _fmt(sign * (y.value - x.value) / x.value * 100, z.decimals)
        if m["xp"] and _overlaps(*points, z):
            yield m.start("z"), m.end(), (
                f"百分率的升降应以“个百分点”表示：由{x_text}到{y_text}是{verb}{points_should}个百分点"
                f"（相对变化才是{should}%）。"), f"{m['z']}个百分点"
            continue
        yield m.start("z"), m.end(), (
            f"数字对不上：由{x_text}到{y_text}，{verb}幅度应为{should}%，文中写的是{stated}。请核对数字。"), f"{should}%"


def _check_share(text: str):
    targets = any(word in text for word in ("目标", "任务", "计划", "预算"))
    for m in _SHARE.finditer(text) if targets else ():
        if not _starts_a_number(text, m.start()) or m.group(4).strip() != m.group(8).strip():
            continue  # a longer number; or not one unit (万元 against 亿元 is scaled, 人 against 元 is not)
        a = _figure(m.group(1), m.group(2), m.group(3))
        target = _figure(m.group(5), m.group(6), m.group(7))
        b = Figure(target.value, 0.0, target.decimals)  # a target is a set number, not a rounded measurement
        c = _figure(m.group(9), m.group(10), rounded=True)
        if b.low <= 0:
            continue
        low, high = a.low / b.high * 100, a.high / b.low * 100
        if not _overlaps(low, high, c):
            should = _fmt(a.value / b.value * 100, c.decimals)
            yield m.start(9), m.end(), (
                f"数字对不上：{text[m.start(1):m.end(4)]}占{text[m.start(5):m.end(8)]}的比例应为{should}%，文中写的是"
                f"{m.group(0)[m.start(9) - m.start():]}。请核对数字。"), f"{should}%"
    for m in _WHOLE_SHARE.finditer(text) if "占" in text or "比重" in text else ():
        if _figure(m.group(1), m.group(2)).value > 100:
            yield m.start(1), m.end(), (
                f"部分占整体的比例不会超过100%，“{m.group(0)}”有误，请核对数字或说法"
                "（与目标相比应写“完成目标的……%”）。"), None


# 共N个，其中甲a个、乙b个
_TOTAL = regex_cache.compile(rf"(?:共|合计|总计|累计|总数|全部)(?:[^，。；：\d]{{0,10}}?){_SCALED}([^\d\s，。；、：:（）()%％]{{1,2}})[，,（(]?其中[：:，,]?")
_CHANGE_BEFORE = regex_cache.compile(rf"(?:{_UP}|{_DOWN}|同比|环比|比上年|较上年|多|少|超|达)\s*$")


_PARTS_REACH = 200  # characters a 其中 list may run to its 。 or ；


def _check_parts(text: str):
    for m in _TOTAL.finditer(text):
        unit, scale = m.group(4), m.group(3) or ""
        reach = m.end() + _PARTS_REACH
        end = min((i for i in (text.find("。", m.end(), reach), text.find("；", m.end(), reach)) if i != -1),
                  default=len(text) if len(text) <= reach else None)
        if end is None:
            continue  # no end of the list within reach: not a list to add up
        segment = text[m.end():end]
        if re.search(r"[XＸx×]{1,2}", segment) or re.search(r"同时|兼|既是|重复|分别|以上|以下|含", segment):
            continue  # placeholders; or parts that may overlap (本科以上 holds 研究生)
        parts = []
        for p in re.finditer(_SCALED + re.escape(unit), segment):
            if (p.group(3) or "") == scale and not _CHANGE_BEFORE.search(segment[max(0, p.start() - 4):p.start()]):
                parts.append((_figure(p.group(1), p.group(2), p.group(3)), p))
        if len(parts) < 2:
            continue
        total = _figure(m.group(1), m.group(2), m.group(3))
        low = sum(f.low for f, _ in parts)
        high = sum(f.high for f, _ in parts)
        closes_with_rest = bool(re.search(r"(?:其他|其它|其余|剩余)[^、，,]{0,10}$", segment[:parts[-1][1].start()]))
        parts_text = "＋".join(p.group(0) for _, p in parts)
        total_text = text[m.start(1):m.end(4)]
        decimals = max(f.decimals for f, _ in parts)
        sum_text = _fmt(sum(f.value for f, _ in parts) / _SCALE[scale], decimals) + scale + unit
        prefix_sums = [sum(f.value for f, _ in parts[:k]) for k in range(1, len(parts))]
        if any(abs(v - total.value) <= total.half + 1e-9 for v in prefix_sums):
            continue  # the first items already make the total: the later ones are a part of them (of which …)
        if low > total.high + 1e-9:
            yield m.start(1), m.end(4), (
                f"数字对不上：分项之和{parts_text}＝{sum_text}，超过总数{total_text}。请核对总数和分项。"), None
        elif high < total.low - 1e-9 and closes_with_rest:
            yield m.start(1), m.end(4), (
                f"数字对不上：分项（含“其他”）之和{parts_text}＝{sum_text}，不等于总数{total_text}。请核对总数和分项。"), None


# ---- statistics wording ----------------------------------------------------------------------

_FOLD_DOWN = regex_cache.compile(rf"({_DOWN}|缩小|缩减)了?(\d{{1,15}}(?:\.\d{{1,8}})?|[一两二三四五六七八九十]{{1,4}})倍")
_DOUBLING = regex_cache.compile(r"翻了?([一两二三四1-4])?番")
_GROWTH_FROM_TO = regex_cache.compile(rf"(?:由|从)(?:[^，。；：\d]{{0,8}}?){_SCALED}([^\d，。；]{{0,3}})[^，。；\d]{{0,6}}?(?:{_UP}|增|升)(?:到|至|为){_SCALED}")
_TIMES = {"一": 1, "1": 1, "两": 2, "二": 2, "2": 2, "三": 3, "3": 3, "四": 4, "4": 4, None: 1}
# 3、5天 → 三五天: two neighbouring digits (or 3 and 5) joined by 、 before a counter
_APPROX = regex_cache.compile(r"([1-9])、([1-9])(?![\d、])(?=天|个|人|次|名|家|岁|小时|倍|年(?![级度])|公里|米|户|周|遍|件|条|项)")
_APPROX_WORDS = {1: "一两", 2: "两三"}


def _check_wording(text: str):
    for m in _FOLD_DOWN.finditer(text) if "倍" in text else ():
        verb, times = m.group(1), m.group(2)
        suggestion = f"{verb}一半" if times in ("1", "一") else None
        yield m.start(), m.end(), (
            f"“{m.group(0)}”说法不当：数量减少不能用“倍”表示（减少一倍就成了零）。"
            "请改用百分数或分数，如“减少50%”“减少一半”“降至原来的三分之一”。"), suggestion
    for m in _DOUBLING.finditer(text) if "番" in text else ():
        times = _TIMES[m.group(1)]
        sentence_start = max(max(text.rfind(c, 0, m.start()) for c in "。；") + 1, m.start() - 80)
        grow = None
        for g in _GROWTH_FROM_TO.finditer(text, sentence_start, m.start()):
            grow = g
        if grow is None:
            continue
        x = _figure(grow.group(1), grow.group(2), grow.group(3))
        y = _figure(grow.group(5), grow.group(6), grow.group(7))
        if x.low <= 0:
            continue
        need = 2 ** times
        if y.high / x.low < need * 0.98:
            ratio = y.value / x.value
            yield m.start(), m.end(), (
                f"“{m.group(0)}”与数字不符：由{text[grow.start(1):grow.end(4)]}"
                f"到{text[grow.start(5):grow.end()]}{grow.group(4).strip()}只是原来的{ratio:.2f}倍，"
                f"翻{'一两三四'[times - 1]}番应达到原来的{need}倍。请核对数字或改变说法。"), None
    for m in _APPROX.finditer(text) if "、" in text else ():
        a, b = int(m.group(1)), int(m.group(2))
        if m.start() and text[m.start() - 1] in "0123456789.、第":
            continue  # a longer number, a list (1、2、3个) or an ordinal (第3、4名)
        if b == a + 1 or (a, b) == (3, 5):
            words = _APPROX_WORDS.get(a) or _CN_DIGITS[a] + _CN_DIGITS[b]
            yield m.start(), m.end(), (
                f"“{m.group(0)}”是概数：相邻两个数字连用表示概数时用汉字且不加顿号（GB/T 15835-2011），"
                f"应写作“{words}”。"), words


# ---- dates -----------------------------------------------------------------------------------

_DATE = regex_cache.compile(r"(\d\d?)月(?:(\d{1,2})日)?(?:[（(](?:星期|周|礼拜)([一二三四五六日天])[）)])?")
_YEAR_BEFORE = regex_cache.compile(r"((?:19|20)\d\d)年$")
_WEEKDAYS = "一二三四五六日"
_DASH = r"[—～至到\-－]"  # between the two ends of a range of dates
_DAY_RANGE = regex_cache.compile(rf"(\d\d?)月(\d{{1,2}})日?{_DASH}(\d{{1,2}})月(\d{{1,2}})日")
_SAME_MONTH_RANGE = regex_cache.compile(rf"(\d\d?)月(\d{{1,2}})日?{_DASH}(\d{{1,2}})日")
_YEAR_RANGE = regex_cache.compile(rf"((?:19|20)\d\d)年?{_DASH}((?:19|20)\d\d)年")
# what every range above holds: a dash after a digit, 日 or 年 and before a digit (the dash first, so the
# engine skips to the dashes; a dash alone let most paragraphs with one through to the three scans)
_RANGE_DASH = regex_cache.compile(rf"{_DASH}(?<=[\d日年].)\d")


def _check_dates(text: str):
    for m in _DATE.finditer(text):
        if not _starts_a_number(text, m.start()):
            continue
        year_before = _YEAR_BEFORE.search(text, max(0, m.start() - 5), m.start())
        year = int(year_before.group(1)) if year_before else None
        start = year_before.start() if year_before else m.start()
        month = int(m.group(1))
        day = int(m.group(2)) if m.group(2) else None
        if not 1 <= month <= 12:
            yield m.start(), m.end(1) + 1, f"“{text[m.start():m.end(1) + 1]}”不存在：月份应在1—12之间。请核对日期。", None
            continue
        if day is None:
            continue
        import calendar  # here, not at the top: it brings locale, ~2 ms of every start

        last = calendar.monthrange(year or 2000, month)[1]  # 2000: a leap year, when the year is not written
        if not 1 <= day <= last:
            yield start, m.end(2) + 1, (
                f"“{text[start:m.end(2) + 1]}”不存在：{f'{year}年' if year else ''}{month}月只有{last}天。请核对日期。"), None
            continue
        if year and m.group(3):
            actual = _WEEKDAYS[datetime.date(year, month, day).weekday()]
            stated = "日" if m.group(3) == "天" else m.group(3)
            if actual != stated:
                yield start, m.end(), (
                    f"星期与日期不符：{year}年{month}月{day}日是星期{actual}，文中写的是星期{m.group(3)}。请核对日期。"), None
    if not _RANGE_DASH.search(text):
        return
    for m in _DAY_RANGE.finditer(text):
        start, end = (int(m.group(1)), int(m.group(2))), (int(m.group(3)), int(m.group(4)))
        if _starts_a_number(text, m.start()) and end < start and not re.search(r"次年|翌年|第二年|跨年", m.group(0)):
            yield _with_year(text, m.start()), m.end(), f"时间范围“{text[_with_year(text, m.start()):m.end()]}”结束早于开始。请核对日期。", None
    for m in _SAME_MONTH_RANGE.finditer(text):
        if _starts_a_number(text, m.start()) and int(m.group(3)) < int(m.group(2)):
            yield m.start(), m.end(), f"时间范围“{m.group(0)}”结束早于开始。请核对日期。", None
    for m in _YEAR_RANGE.finditer(text):
        if _starts_a_number(text, m.start()) and int(m.group(2)) < int(m.group(1)):
            yield m.start(), m.end(), f"年份范围“{m.group(0)}”结束早于开始。请核对年份。", None


def _with_year(text: str, at: int) -> int:
    """Where a date starting at ``at`` begins when a year is written before it."""
    year_before = _YEAR_BEFORE.search(text, max(0, at - 5), at)
    return year_before.start() if year_before else at


_FULL_DATE = regex_cache.compile(r"((?:19|20)\d\d)年(\d{1,2})月(\d{1,2})日(?![前后起止以之]|至今)")


def _date(y: str, m: str, d: str) -> datetime.date | None:
    try:
        return datetime.date(int(y), int(m), int(d))
    except ValueError:
        return None


def _signature_date(ctx: Context):
    """The 落款 date, and the paragraph it is in; None when the 落款 has no date in digits."""
    for p in ctx.outline.signature:
        m = re.fullmatch(r"\s*((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*", p.text)
        if m and (d := _date(*m.groups())):
            return d, p
    return None


def _check_signature(ctx: Context):
    signed = _signature_date(ctx)
    if signed is None:
        return
    when, where = signed
    plan = [s for s in ctx.outline.walk() if "plan" in s.role_names()]
    latest = None
    for p in ctx.body():
        if any(s.first <= p.index <= s.last for s in plan):
            continue  # a plan names dates still to come
        for m in _FULL_DATE.finditer(p.text):
            d = _date(*m.groups()) if _starts_a_number(p.text, m.start()) else None
            if d and (latest is None or d > latest[0]):
                latest = (d, m.group(0))
    if latest and latest[0] > when:
        text = where.text.strip()
        offset = where.text.index(text[0])
        yield FIGURES.finding(
            f"落款日期“{text}”早于正文所写的“{latest[1]}”：总结成文应在所述事项之后。请核对落款日期或正文日期。",
            where.index, offset, offset + len(text))


# ---- one indicator, one value ------------------------------------------------------------------

_VALUE = regex_cache.compile(rf"{_DIGITS}(万亿|亿|万|千)?(亿元|万元|元|所|个|家|座|处|公里|亩|公顷|吨|套|台|辆|人次|户|项|件|[%％])(?![\u4e00-\u9fff]{{0,2}}[以之]?[上下内])")
_FILLER = regex_cache.compile(r"^(?:全年|全县|全区|全市|全镇|全乡|本年|今年|年内|累计|共计|总计|合计|共|完成|实现|达到|达|为|有)+|"
                     r"(?:完成|实现|达到|达|为|共|累计|共计|总计|合计|有|总额|总量)+$")
_QUALIFIED = regex_cache.compile(r"月|季度|半年|同期|上年|去年|前年|年初|截至|截止|以来|其中|分别|平均|人均|每|目标|计划|预计|力争|预算|"
                        rf"同比|环比|比上|较|{_UP}|{_DOWN}|超|不低于|不少于|以上|以下|以内|左右|约|近|余|多")


# words that name no indicator by themselves: "项目总投资" is said of every project
_GENERIC = ("项目", "工程", "总", "资金", "本次", "该", "此", "这", "各", "每")


_CLAUSE_REACH = 40  # characters an indicator's clause may run before or after its number


_ALL_HAN = regex_cache.compile(r"[\u4e00-\u9fff]*")
# up to the last clause mark of a span: the greedy .* goes back from the span's end to it in C (a search for
# every mark of the span, in Python, was a sixth of finding the indicators)
_UP_TO_LAST_CLAUSE_MARK = regex_cache.compile(r".*[，。；：、,（）“”]", re.S)
_CLAUSE_END = regex_cache.compile(r"[，。；]")
_YEAR_WRITTEN = regex_cache.compile(r"(?:19|20)\d\d年")


def _indicator_values(ctx: Context):
    in_plan = {i for s in ctx.outline.walk() if "plan" in s.role_names() for i in range(s.first, s.last + 1)}
    for p in ctx.body():
        if p.in_table or p.index in in_plan:
            continue
        text = p.text
        for m in _VALUE.finditer(text):
            if not _starts_a_number(text, m.start()) or not _ALL_HAN.fullmatch(text, max(0, m.start() - 4), m.start()):
                continue  # an indicator is named by at least four characters right before its number
            window = max(0, m.start() - _CLAUSE_REACH)
            last_mark = _UP_TO_LAST_CLAUSE_MARK.match(text, window, m.start())
            clause_start = last_mark.end() if last_mark else 0
            if not clause_start and window:
                continue  # no clause within reach: no clear indicator (and no quadratic scan of a long paragraph)
            words = text[clause_start:m.start()]
            key = _FILLER.sub("", words)
            reach = min(len(text), m.end() + _CLAUSE_REACH)
            end_mark = _CLAUSE_END.search(text, m.end(), reach)
            clause_end = end_mark.start() if end_mark else reach
            if len(key) < 4 or key.endswith("的") or key.startswith(_GENERIC) or _QUALIFIED.search(text[clause_start:clause_end]) or _YEAR_WRITTEN.search(words):
                continue
            yield key + "|" + m.group(4).replace("％", "%"), p, m


def _check_one_value(ctx: Context):
    first: dict[str, tuple] = {}
    for key, p, m in _indicator_values(ctx):
        if key not in first:
            first[key] = (p, m)
            continue
        ep, em = first[key]
        # the values worked out only for an indicator named again (a few a report)
        earlier, fig = _figure(*em.group(1, 2, 3)), _figure(*m.group(1, 2, 3))
        if abs(earlier.value - fig.value) > earlier.half + fig.half + 1e-9:
            indicator = key.split("|")[0]
            yield FIGURES.finding(
                f"同一指标前后数字不一致：“{indicator}”此处为{m.group(0)}，"
                f"前文（第{ep.index}段）为{em.group(0)}。请核对，统一为正确的数字。",
                p.index, m.start(), m.end())


# ---- one way of writing amounts -------------------------------------------------------------------

_AMOUNT = regex_cache.compile(r"(\d(?:\d{0,2}(?:,\d{3}){1,5}|\d{3,14}))(?:\.\d{1,8})?(?:万亿|亿|万|千)?元")


def _check_separators(ctx: Context):
    """Amounts of four or more digits written both with and without thousands separators: once, on the first
    amount written the less common way."""
    forms: dict[bool, list] = {True: [], False: []}
    for p in ctx.body():
        if "元" in p.text:
            for m in _AMOUNT.finditer(p.text):
                if _starts_a_number(p.text, m.start()):
                    forms["," in m.group(1)].append((p, m))
    if forms[True] and forms[False]:
        rare = min(forms.values(), key=len)
        usual = forms[True] if rare is forms[False] else forms[False]
        p, m = rare[0]
        yield FIGURES.finding(
            f"金额写法不统一：“{m.group(0)}”{'用了' if rare is forms[True] else '没用'}千分位逗号，"
            f"而本报告另有{len(usual)}处（如“{usual[0][1].group(0)}”）{'没用' if rare is forms[True] else '用了'}。"
            "同一份报告中同类数字写法应一致（GB/T 15835-2011），请统一。", p.index, m.start(), m.end())


_PLAIN_YUAN = regex_cache.compile(r"(\d(?:\d{0,2}(?:,\d{3}){1,4}|\d{5,14}))(?:\.\d{1,2})?元")
_LARGE_UNIT = regex_cache.compile(r"\d[\d,]*(?:\.\d+)?(?:万|亿)元")
PLAIN_YUAN_FROM = 100_000  # from 10万元 on, a total is written in 万元 where the report uses 万元
_PER_HEAD = ("均", "每", "/", "／")  # 人均、户均、每人、每亩、元/人: written in 元 by custom


def _check_units(ctx: Context):
    """A total of 100,000 元 or more written in 元 in a report that states its amounts in 万元 or 亿元:
    once, on the first (per-head figures such as 人均收入 are written in 元 by custom)."""
    large = plain = None
    for p in ctx.body():
        if "元" not in p.text:
            continue
        large = large or next((m for m in _LARGE_UNIT.finditer(p.text) if _starts_a_number(p.text, m.start())), None)
        for m in _PLAIN_YUAN.finditer(p.text):
            if plain is None and _starts_a_number(p.text, m.start()) \
                    and float(m.group(1).replace(",", "")) >= PLAIN_YUAN_FROM \
                    and not any(w in p.text[max(0, m.start() - 8):m.end() + 2] for w in _PER_HEAD):
                plain = (p, m)
    if large and plain:
        p, m = plain
        value = float(m.group(0)[:-1].replace(",", "")) / 10_000
        wan = f"{value:.2f}".rstrip("0").rstrip(".") + "万元"
        yield FIGURES.finding(
            f"金额单位不统一：“{m.group(0)}”以元为单位，而本报告其他金额用万元、亿元（如“{large.group(0)}”）。"
            f"同一份报告中同类数量的写法应一致（GB/T 15835-2011），宜写作“{wan}”。", p.index, m.start(), m.end(),
            suggestion=wan)


def _names_a_start(text: str) -> bool:
    return "由" in text or "从" in text


def _has_percent(text: str) -> bool:
    return "%" in text or "％" in text


_DATE_OR_RANGE = regex_cache.compile(rf"\d月|\d年?{_DASH}")  # a month, or a range of years


def _may_hold_a_date(text: str) -> bool:
    # every date pattern holds 月 and a range of years ends in 年: most paragraphs have neither
    return ("月" in text or "年" in text) and _DATE_OR_RANGE.search(text) is not None


# each check, and a test for what every match of its patterns holds: a paragraph without it is passed by.
# a character is looked for with `in` (a fifth of the time of a regular expression's search)
_CHECKS = (
    (_check_change, _names_a_start),
    (_check_share, _has_percent),  # 占 or 比重 and a percent
    (_check_parts, regex_cache.compile("其中").search),
    # 减少…倍, 翻…番 or 3、5天; starting with one character class, so the engine skips to those characters
    (_check_wording, regex_cache.compile(r"[倍番1-9](?:(?<=[倍番])|、[1-9])").search),
    (_check_dates, _may_hold_a_date),
)


def check(ctx: Context):
    for p in ctx.paragraphs():
        text = p.text
        for check_text, needs in _CHECKS:
            if not needs(text):
                continue
            for start, end, message, suggestion in check_text(text):
                yield FIGURES.finding(message, p.index, start, end, suggestion=suggestion)
    yield from _check_signature(ctx)
    yield from _check_one_value(ctx)
    yield from _check_separators(ctx)
    yield from _check_units(ctx)


_HEAD = "区统计局2023年工作总结及2024年工作计划\n一、2023年工作总结\n"

FIGURES = CodeRule(
    "figures",
    "warning",
    "数字前后对不上：增幅、占比、分项之和算错，同一指标两个数，日期不存在，减少用“倍”，概数写法",
    check,
    flag=[
        _HEAD + "全县旅游收入由2.56亿元增至3.12亿元，增长28%。",
        _HEAD + "农村自来水普及率由85.2%提高到87.9%，提高2.5个百分点。",
        _HEAD + "城镇登记失业率由3.6%下降到3.2%，下降0.4%。",
        _HEAD + "全年完成固定资产投资12.63亿元，占年度目标12.5亿元的110%。",
        _HEAD + "全年共办理案件120件，其中行政案件80件、刑事案件50件。",
        _HEAD + "共培训干部300人，其中科级干部50人、一般干部200人、其他人员30人。",
        _HEAD + "农村劳动力转移就业人数占全县总人数的120%。",
        _HEAD + "全年信访件数同比下降1倍。",
        _HEAD + "农民人均纯收入由8000元增至14000元，实现翻番。",
        _HEAD + "每村配备3、4名网格员。",
        _HEAD + "2023年2月30日召开全体干部大会。",
        _HEAD + "2023年12月5日（星期一）召开年终总结会。",
        _HEAD + "2023年10月20日—9月30日开展集中整治。",
        _HEAD + "全年新建学校7所，改善办学条件。\n二、2024年工作计划\n继续推进。\n三、主要成效\n新建学校6所，覆盖城乡。",
        _HEAD + "2023年12月28日召开年终总结会。\n二、2024年工作计划\n继续推进。\n区统计局\n2023年12月20日",
        _HEAD + "拨付补助资金1,250万元，发放奖励资金3,600元。另安排维修经费4800元。",
        _HEAD + "争取上级资金1.2亿元，拨付乡村振兴衔接资金3850000元。",
    ],
    passes=[
        _HEAD + "全县旅游收入由2.56亿元增至3.12亿元，增长21.9%；普及率由85.2%提高到87.9%，提高2.7个百分点。",
        _HEAD + "全年完成固定资产投资12.63亿元，占年度目标12.5亿元的101%，完成目标的101%。",
        _HEAD + "全年共办理案件120件，其中行政案件80件、刑事案件40件；共有企业50家，其中规上企业30家。",
        _HEAD + "共培训干部300人，其中科级干部50人、一般干部200人、其他人员50人，比上年增加60人。",
        _HEAD + "全年受理项目共520个，其中市内项目310个，市外项目210个，跨省项目6个。",
        _HEAD + "招聘教师共120名，其中本科以上学历110名、研究生学历25名。",
        _HEAD + "新增家庭农场320户，完成总任务的128%；新增合作社96户，完成总任务的120%。",
        _HEAD + "拨付补助资金1,250万元，发放奖励3,600元，安排经费960元；另有2,000元待拨付。",
        _HEAD + "争取上级资金1.2亿元，农村居民人均可支配收入21500元，城镇职工年平均工资102300元，补助标准150000元/户。",
        _HEAD + "实施城区管网改造，项目总投资1.26亿元。实施污水处理厂扩建，项目总投资0.85亿元。",
        _HEAD + "信访件数同比下降50%，收入增长1倍，农民人均纯收入由7000元增至14200元，实现翻番。",
        _HEAD + "每村配备三四名网格员，第3、4名获奖，1、2月份收入较低。",
        _HEAD + "2024年2月29日召开大会，2023年12月4日（星期一）召开年终总结会，9月30日—10月20日开展集中整治。",
        _HEAD + "全年新建学校7所。1—6月新建学校3所。\n二、2024年工作计划\n新建学校6所。\n区统计局\n2024年1月5日",
    ],
    rationale="年度报告以数字说话，审阅者会逐一复算：增幅、占比、分项之和算错，同一指标前后两个数，"
              "日期不存在或星期不符，比审阅者找出的错别字更伤报告的可信度；“下降1倍”“3、5天”不合"
              "GB/T 15835-2011 的数字用法。",
)

RULES = [FIGURES]
