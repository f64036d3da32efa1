"""Recall and noise of the typo, formulation and dated-fact rules, measured on texts of our own.

    python benchmarks/eval_wording.py            # the measuring half (held out while building)
    python benchmarks/eval_wording.py --build    # the half used while building
    python benchmarks/eval_wording.py --fresh    # a third set written after the measuring half's misses
                                                 # were looked at: fresh pairs, two more reports; never tuned on

typo: slips injected one at a time into the clean reports of benchmarks/eval_texts.py, from a confusion
set of homophone characters (correct → slip, as a pinyin input method offers them) split in two
halves. Only slips that leave a non-word are injected (a slip giving another real word is out of the
rule's scope). A slip counts as found when a typo finding covers it and suggests the original word.
formulation (a finding of it or of the wording list, which speaks first on the slips it names): every
formulation of style_rules/formulations.yml garbled four ways (a character changed
to a homophone, dropped, two swapped, a block cut from long names), enumerations reordered or cut
short next to their label, replaced wordings. dated-fact: every fact of the file cited too early,
every plan period with a wrong 开局/收官 year, and each of them cited correctly (must stay silent).
Noise: warnings of the three rules per clean report (these reports and tests/clean_reports.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_texts import EVAL_REPORTS, FRESH_REPORTS  # noqa: E402

from drafter.document.corpus import report_from_text  # noqa: E402
from drafter.rules import formulation, typo  # noqa: E402
from drafter.rules.context import is_cjk  # noqa: E402
from drafter.rules.run import lint_report  # noqa: E402

RULES = ("typo", "formulation", "dated-fact")

# correct character → slip with the same pinyin (tones aside); alternate entries form the two halves
CONFUSION = [
    ("门", "们"), ("提", "题"), ("报", "抱"), ("安", "按"), ("部", "布"), ("工", "公"), ("检", "捡"),
    ("查", "茶"), ("设", "社"), ("施", "师"), ("建", "健"), ("理", "里"), ("管", "馆"), ("资", "姿"),
    ("金", "今"), ("展", "站"), ("服", "福"), ("务", "物"), ("质", "致"), ("量", "粮"), ("全", "权"),
    ("进", "近"), ("保", "宝"), ("障", "帐"), ("完", "玩"), ("善", "扇"), ("成", "城"), ("效", "校"),
    ("加", "家"), ("强", "墙"), ("培", "陪"), ("训", "讯"), ("动", "冻"), ("组", "阻"), ("织", "知"),
    ("经", "精"), ("济", "记"), ("增", "曾"), ("改", "该"), ("革", "格"), ("医", "依"), ("疗", "聊"),
    ("教", "较"), ("育", "玉"), ("村", "存"), ("农", "浓"), ("业", "叶"), ("规", "归"), ("范", "饭"),
    ("标", "彪"), ("制", "置"), ("度", "渡"), ("落", "络"), ("实", "时"), ("推", "退"), ("责", "则"),
    ("任", "认"), ("政", "证"), ("策", "侧"), ("排", "牌"), ("整", "正"), ("治", "制"), ("环", "还"),
    ("境", "景"), ("源", "原"), ("供", "共"), ("急", "级"), ("预", "域"), ("案", "暗"), ("导", "倒"),
]

# correct → slip pairs none of CONFUSION names, chosen as common characters before the rule was tuned
# on the measuring half's misses; measured with FRESH_REPORTS added
FRESH_CONFUSION = [
    ("作", "坐"), ("领", "令"), ("发", "法"), ("项", "象"), ("目", "木"), ("重", "众"), ("点", "典"),
    ("民", "敏"), ("生", "声"), ("活", "火"), ("会", "汇"), ("议", "意"), ("持", "迟"), ("续", "序"),
    ("高", "搞"), ("平", "凭"), ("技", "既"), ("术", "树"), ("创", "窗"), ("新", "心"), ("统", "通"),
    ("化", "话"), ("深", "身"), ("入", "如"), ("开", "凯"), ("区", "曲"), ("镇", "震"), ("划", "华"),
    ("结", "节"), ("总", "宗"), ("明", "名"), ("显", "险"), ("稳", "问"), ("定", "订"), ("积", "基"),
    ("极", "及"), ("防", "房"), ("控", "空"), ("市", "事"), ("场", "厂"), ("投", "头"), ("营", "赢"),
    ("监", "坚"), ("督", "毒"), ("养", "样"), ("就", "旧"), ("岗", "港"), ("交", "叫"), ("路", "录"),
    ("林", "临"),
]


def confusion_set(kind: str):
    """The pairs and the reports they are injected into: the building or measuring half, or the fresh set."""
    if kind == "fresh":
        return FRESH_CONFUSION, {**EVAL_REPORTS, **FRESH_REPORTS}
    return (CONFUSION[0::2] if kind == "build" else CONFUSION[1::2]), EVAL_REPORTS


def _typo_hits(text: str, paragraph_line: int, start: int, word: str) -> tuple[bool, bool]:
    findings = [f for f in lint_report(report_from_text(text)).findings if f.rule == "typo"]
    for f in findings:
        if f.paragraph == paragraph_line and f.start <= start < f.end:
            return True, f.suggestion == word
    return False, False


def typo_recall(kind: str):
    table = typo.table()
    pairs, reports = confusion_set(kind)
    pairs = dict(pairs)
    injected = found = right = 0
    misses = []
    seen: dict[tuple[str, str], int] = {}
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()

    def jieba_level(word: str) -> int:
        """The word's frequency in jieba's own dictionary: which words are common does not hang on the rule's model."""
        return typo._level(jieba.dt.FREQ.get(word, 0))
    for _name, text in reports.items():
        lines = text.split("\n")
        for n, line in enumerate(lines[1:], start=1):
            for word, i, _ in jieba.tokenize(line):
                if len(word) != 2 or not (is_cjk(word[0]) and is_cjk(word[1])) or jieba_level(word) < 8:
                    continue
                for k in (0, 1):
                    slip_char = pairs.get(word[k])
                    if not slip_char:
                        continue
                    slipped = word[:k] + slip_char + word[k + 1:]
                    if table.level(slipped) or seen.get((word, slipped), 0) >= 2:
                        continue  # another real word, or this slip tried twice already
                    seen[(word, slipped)] = seen.get((word, slipped), 0) + 1
                    new_line = line[:i] + slipped + line[i + 2:]
                    hit, good = _typo_hits("\n".join(lines[:n] + [new_line] + lines[n + 1:]), n + 1, i, word)
                    injected += 1
                    found += hit
                    right += good
                    if not hit:
                        misses.append(f"{word}→{slipped}（{line[max(0, i - 4):i + 6]}）")
    return injected, found, right, misses


CARRIER = "县水利局2024年工作总结\n全年工作中，我们始终坚持{}，推动各项任务落实落地。"


def _formulation_found(text: str, rule: str = "formulation") -> bool:
    """A finding of the rule; for formulations also one of the curated wording list, which speaks first."""
    rules = {rule, "wording"} if rule == "formulation" else {rule}
    return any(f.rule in rules for f in lint_report(report_from_text(text)).findings)


def formulation_recall():
    data = formulation.load()
    table = typo.table()
    cases = []
    for f in data.forms:
        plain = f["plain"]
        if not f["fuzzy"]:
            continue
        mid = len(plain) // 2
        alt = _same_sound(plain[mid], table)
        if alt:
            cases.append(("改字", f["text"], plain[:mid] + alt + plain[mid + 1:]))
        cases.append(("漏字", f["text"], plain[:mid] + plain[mid + 1:]))
        cases.append(("颠倒", f["text"], plain[:mid] + plain[mid + 1] + plain[mid] + plain[mid + 2:]))
        if len(plain) >= formulation.CUT_MIN:
            cases.append(("截短", f["text"], plain[:mid - 1] + plain[mid + 2:]))
    for e in data.enums:
        items = e["items"]
        if len(items) >= 3:
            swapped = items[:1] + [items[2], items[1]] + items[3:]
            cases.append(("并列项颠倒", e["name"], "、".join(swapped)))
            if len(items) >= 4:
                cases.append(("并列项缺项", e["name"], "、".join(items[:-1]) + "的" + e["name"]))
    for f in data.forms:
        for old in f["old"]:
            if "(" not in old:
                cases.append(("旧提法", f["text"], old))
    found = {}
    misses = []
    for kind, _name, garbled in cases:
        hit = _formulation_found(CARRIER.format(garbled))
        total, n = found.get(kind, (0, 0))
        found[kind] = (total + 1, n + hit)
        if not hit:
            misses.append(f"{kind}：{garbled}")
    return found, misses


def _same_sound(c: str, table) -> str | None:
    """A common character with the same syllable (not c itself), as a slip of an input method."""
    code = c.translate(table.table)
    if code == c:
        return None
    code = table.reading_sets.get(code, code)[0]  # a character read more ways than one: its first reading
    for other_code, words in table.targets.items():
        for j in range(0, len(words), 3):  # entries: a word and a level character
            for ch, key in zip(words[j:j + 2], other_code):
                if key == code and ch != c:
                    return ch
    return None


def dated_recall():
    """(wrong cases, found, correct cases, silent on them, misses)."""
    data = formulation.load()
    wrong, correct = [], []  # report texts
    for ev in data.events:
        year = int(ev["date"][:4])
        for name in ev["names"]:
            cited = "县财政局{}年工作总结\n深入学习贯彻" + name + "精神，积极推进" + name + "相关工作。"
            wrong.append(cited.format(year - 2))
            correct.append(cited.format(year + 1))
    for p in data.periods:
        said = "县财政局{0}年工作总结\n{0}年是“" + p["names"][0] + "”规划{1}。"
        wrong += [said.format(p["end"] - 1, "收官之年"), said.format(p["start"] + 1, "开局之年"),
                  said.format(p["start"] + 2, "第二年")]
        correct += [said.format(p["end"], "收官之年"), said.format(p["start"], "开局之年"),
                    said.format(p["start"] + 1, "第二年")]
    misses = [t.split("\n")[1] for t in wrong if not _formulation_found(t, "dated-fact")]
    silent = sum(not _formulation_found(t, "dated-fact") for t in correct)
    return len(wrong), len(wrong) - len(misses), len(correct), silent, misses


def noise():
    from tests.clean_reports import CLEAN_REPORTS

    rows = []
    for name, text in {**EVAL_REPORTS, **FRESH_REPORTS}.items():
        rows.append((f"eval:{name}", [f for f in lint_report(report_from_text(text)).findings if f.rule in RULES]))
    for name, blocks in CLEAN_REPORTS.items():
        text = "\n".join(t for _, t in blocks)
        rows.append((f"tests:{name}", [f for f in lint_report(report_from_text(text)).findings if f.rule in RULES]))
    return rows


def main():
    kind = "build" if "--build" in sys.argv else "fresh" if "--fresh" in sys.argv else "measure"
    injected, found, right, misses = typo_recall(kind)
    label = {"build": "构建一半混淆集", "measure": "测量一半混淆集", "fresh": "新留出混淆集"}[kind]
    print(f"typo（{label}，{len(confusion_set(kind)[0])} 对同音字）："
          f"注入 {injected} 处，找到 {found} 处，召回率 {found / max(injected, 1):.2f}；"
          f"建议正确 {right} 处（{right / max(injected, 1):.2f}）")
    for m in misses[:40]:
        print("  漏：", m)
    by_kind, fmisses = formulation_recall()
    total = sum(t for t, _ in by_kind.values())
    hits = sum(n for _, n in by_kind.values())
    print(f"formulation：{total} 处走样，找到 {hits} 处，召回率 {hits / total:.2f}；"
          + "，".join(f"{k} {n}/{t}" for k, (t, n) in by_kind.items()))
    for m in fmisses:
        print("  漏：", m)
    wrong, right_d, silent_total, silent_ok, dmisses = dated_recall()
    print(f"dated-fact：{wrong} 处错误，找到 {right_d} 处（{right_d / wrong:.2f}）；正确写法 {silent_total} 处，"
          f"未误报 {silent_ok} 处")
    for m in dmisses:
        print("  漏：", m)
    rows = noise()
    print(f"干净报告 {len(rows)} 篇，三条规则警告共 {sum(len(f) for _, f in rows)} 条，"
          f"每篇 {sum(len(f) for _, f in rows) / len(rows):.2f} 条")
    for name, findings in rows:
        for f in findings:
            print(f"  {name} 第{f.paragraph}段 {f.rule}：{f.excerpt}（{f.message[:40]}）")


if __name__ == "__main__":
    main()
