"""typo, formulation, dated-fact: every entry of the data file proves itself; fixes, allow lists, the cache."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest

from drafter.config import Config
from drafter.document.corpus import report_from_text
from drafter.outputs.fix import fix_file
from drafter.rules import formulation, pairs, typo
from drafter.rules.context import character_pairs, pair_code, pair_text
from drafter.rules.run import lint_report
from tests.docx_factory import DocxBuilder

TITLE = "县水利局2024年工作总结及2025年工作计划"
FORMS = formulation.load().forms
FUZZY = [f for f in FORMS if f["fuzzy"]]


def _rule_findings(text: str, rule: str, config: Config = Config()):
    return [f for f in lint_report(report_from_text(text), config).findings if f.rule == rule]


def _carried(words: str) -> str:
    return f"{TITLE}\n全年工作中，我们围绕{words}，推动各项任务落实落地。"


@pytest.mark.parametrize("form", FORMS, ids=[f["plain"][:12] for f in FORMS])
def test_each_formulation_written_exactly_passes(form):
    assert _rule_findings(_carried(form["text"]), "formulation") == []


@pytest.mark.parametrize("form", FUZZY, ids=[f["plain"][:12] for f in FUZZY])
def test_each_formulation_with_a_character_dropped_is_reported_with_its_standard_wording(form):
    plain = form["plain"]
    mid = len(plain) // 2
    findings = _rule_findings(_carried(plain[:mid] + plain[mid + 1:]), "formulation")
    # the suggestion is the formulation, or a longer one holding it that the garbled text also begins
    assert findings and form["text"] in findings[0].suggestion
    assert findings[0].severity == form["severity"] or findings[0].suggestion != form["text"]


def test_the_theory_cut_short_or_garbled_is_an_error_and_fixed_as_the_canonical_name():
    for garbled in ("习近平新时代中国特色主义思想", "习近平新时代中国特社会主义思想", "习近平新时代中国特色社会主意思想",
                    "习近平时代中国特色社会主义思想", "习近平新时代中国特色会社主义思想"):
        (f,) = _rule_findings(_carried(garbled), "formulation")
        assert f.severity == "error" and f.fix == "习近平新时代中国特色社会主义思想", garbled


def test_a_slip_the_wording_list_names_is_reported_once_with_the_lists_reason():
    findings = lint_report(report_from_text(_carried("习近平中国特色社会主义思想"))).findings
    assert [f.rule for f in findings if f.rule in ("wording", "formulation")] == ["wording"]
    findings = lint_report(report_from_text(f"{TITLE}\n认真贯切落实党的二十大精神。")).findings
    assert [f.rule for f in findings if f.rule in ("wording", "typo")] == ["wording"]


def test_correct_neighbours_of_a_formulation_are_not_reported():
    text = _carried("全面从严治警、全市统一大市场、第一个百年奋斗目标、党史学习教育、国家治理能力现代化")
    assert _rule_findings(text, "formulation") == []


def test_enumeration_order_is_fixed_only_when_the_items_are_plainly_listed(tmp_path):
    path = tmp_path / "草稿.txt"
    path.write_text(f"{TITLE}\n坚持依法治国、依法行政、依法执政，弘扬富强、民主、和谐、文明的价值观。\n",
                    encoding="utf-8")
    result = fix_file(str(path))
    assert [e.rule for e in result.applied] == ["formulation", "formulation"]
    fixed = result.output.read_text(encoding="utf-8")
    assert "依法治国、依法执政、依法行政" in fixed and "富强、民主、文明、和谐" in fixed


def test_a_fixed_formulation_becomes_a_tracked_change_and_is_no_longer_reported(tmp_path):
    b = DocxBuilder()
    b.paragraph(TITLE)
    b.heading("一、2024年工作总结", level=1)
    b.paragraph("坚持以习近平新时代中国特色社会主意思想为指导。")
    path = b.save(tmp_path / "草稿.docx")
    result = fix_file(str(path))
    assert [e.rule for e in result.applied] == ["formulation"]
    from drafter.rules.run import lint_file

    assert not [f for r in lint_file(str(result.output)) for f in r.findings if f.rule == "formulation"]


def test_replaced_wordings_depend_on_the_report_year():
    text = "镇人民政府{}年工作总结\n建设宜居宜业美丽乡村。"
    assert _rule_findings(text.format(2024), "formulation")
    assert _rule_findings(text.format(2022), "formulation") == []


@pytest.mark.parametrize("event", formulation.load().events, ids=lambda e: e["names"][0])
def test_every_dated_fact_is_reported_before_its_date_and_not_after(event):
    year = int(event["date"][:4])
    name = event["names"][0]
    text = "县财政局{}年工作总结\n深入学习贯彻" + name + "精神。"
    assert _rule_findings(text.format(year - 2), "dated-fact")
    assert _rule_findings(text.format(year + 1), "dated-fact") == []


@pytest.mark.parametrize("period", formulation.load().periods, ids=lambda p: p["names"][0])
def test_plan_period_years(period):
    name = period["names"][0]
    text = "县财政局{0}年工作总结\n{0}年是“" + name + "”规划{1}。"
    assert _rule_findings(text.format(period["start"], "开局之年"), "dated-fact") == []
    assert _rule_findings(text.format(period["end"], "收官之年"), "dated-fact") == []
    (f,) = _rule_findings(text.format(period["end"] - 1, "收官之年"), "dated-fact")
    assert f.suggestion == f"{period['end']}年"


def test_typo_suggests_the_word_and_respects_the_allow_list():
    text = f"{TITLE}\n会同有关部们开展专项检查。"
    (f,) = _rule_findings(text, "typo")
    assert f.suggestion == "部门" and f.fix is None and "部们" in f.message
    assert _rule_findings(text, "typo", Config(allow=("部们",))) == []


def test_typo_spares_titles_and_terms_the_report_repeats():
    assert _rule_findings(f"{TITLE}\n出版《部们风采》一书。", "typo") == []
    assert _rule_findings(f"{TITLE}\n推广稻虾共作3000亩。\n稻虾共作亩均增收800元。", "typo") == []
    assert _rule_findings(f"{TITLE}\n推广稻虾共作3000亩。", "typo")  # once, unquoted: reported


def test_typo_knows_the_genres_own_words():
    # 摸排 is rare in jieba's general counts (5) and no target there; the bundled reports use it
    assert typo._frequencies(typo.jieba_dictionary())["摸排"] < typo.TARGET_MIN_FREQ
    (f,) = _rule_findings(f"{TITLE}\n组织力量全面摸拍辖区安全风险隐患。", "typo")
    assert f.suggestion == "摸排"


def test_the_typo_table_is_cached_and_lint_never_imports_jieba(tmp_path):
    path = tmp_path / "草稿.txt"
    path.write_text(f"{TITLE}\n会同有关部们开展专项检查。\n", encoding="utf-8")
    probe = ("import sys\nfrom drafter.rules.run import lint_file\n"
             f"found = [f.rule for r in lint_file({str(path)!r}) for f in r.findings]\n"
             "print('typo' in found, 'jieba' in sys.modules, 'pypinyin' in sys.modules)")
    typo.table()  # this process built or loaded the table into the same cache folder
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False", "False"]


def test_of_two_slips_sharing_a_character_the_likelier_reading_is_reported(monkeypatch):
    """水平问步: 平问 → 平稳 and 问步 → 稳步 overlap; the one the context makes likelier stays, whichever comes first."""
    for likelier, other in (("问步", "平问"), ("平问", "问步")):
        gains = {likelier: 9.0, other: 6.0}
        monkeypatch.setattr(typo, "_correction", lambda text, i, written, *rest, gains=gains: [(gains[written], "某词")])
        found = typo.slips("服务水平问步提高。", typo.table(), lambda pair: False)
        assert [written for _, written, _, _ in found] == [likelier]


def test_a_slip_is_found_when_another_thread_empties_the_memo_while_a_paragraph_is_checked(monkeypatch):
    t = typo.Table(typo._readings(typo.jieba_dictionary()), typo.table().sketch, typo.table().suspects)
    assert t.candidates(pair_code("部们"))  # the memo knows the slip before the paragraph is checked
    look_up = t._look_up

    def look_up_while_another_thread_empties_the_memo(written):  # its batch reached MEMO_MAX
        found = look_up(written)
        t.pairs.clear()
        t.clean.clear()
        return found

    monkeypatch.setattr(t, "_look_up", look_up_while_another_thread_empties_the_memo)
    assert [written for _, written, _, _ in typo.slips("会同有关部们开展专项检查。", t, lambda pair: False)] == ["部们"]


def test_a_pair_the_suspects_bits_rule_out_has_no_candidates():
    """The bits only spare a pair the full look-up: every pair of the 500 commonest characters, and of the
    seed reports, has the same candidates with them as without them."""
    t = typo.table()
    readings = typo._readings(typo.jieba_dictionary())
    with_bits = typo.Table(readings, t.sketch, t.suspects)
    without = typo.Table(readings, t.sketch, b"\xff" * len(t.suspects))
    common = sorted((chr(c) for c in range(0x4E00, 0xA000)), key=lambda c: -ord(t.char_levels[ord(c)]))[:500]
    pairs = {pair_code(a + b) for a in common for b in common} | character_pairs("".join(typo._seed_reports()))
    slips = [pair for pair in pairs if without.candidates(pair)]
    assert len(slips) > 2000  # the sweep meets many pairs that are slips
    assert all(with_bits.candidates(pair) == without.candidates(pair) for pair in pairs)


@pytest.mark.parametrize("text", ["会同有关部们开展", "2024年，“四个意识”", "𠀀𠀁x", "a", ""])
def test_character_pairs_are_every_two_adjacent_characters(text):
    pairs = character_pairs(text)
    assert sorted(map(pair_text, pairs)) == sorted({text[i:i + 2] for i in range(len(text) - 1)})
    assert all(pair_code(pair_text(code)) == code for code in pairs)


def test_a_data_rule_sees_the_pairs_typo_put_aside_before_its_index_was_built():
    """In a fresh process typo reads the first report before the data rules' index exists, and Context.pairs
    leaves out of later paragraphs the pairs it found no slip for (截止 among them); the index, once built,
    asks for them back."""
    text = f"{TITLE}\n截止目前，全年完成投资5亿元。\n截止2024年底，新建项目12个。"
    probe = ("from drafter.document.corpus import report_from_text\n"
             "from drafter.rules.run import lint_report\n"
             f"print(sorted((f.rule, f.paragraph, f.start) for f in lint_report(report_from_text({text!r})).findings))")
    fresh = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    found = sorted((f.rule, f.paragraph, f.start) for f in lint_report(report_from_text(text)).findings)
    assert len([f for f in found if f[0] == "wording" and f[2] == 0]) == 2  # 截止 of both paragraphs
    assert fresh.stdout.strip() == str(found)


def test_marks_passed_as_well_paired_hold_no_unpaired_mark():
    # the punctuation rule passes a paragraph whose marks pair up (told by str.replace) without its stack:
    # every short run of marks it passes, the stack finds nothing in (a quote right inside its own kind, a
    # mixed-width bracket, a closing mark first are looked at)
    marks = "“”‘’（）()《》〈〉字"
    passed = 0
    for n in range(6):
        for run in itertools.product(marks, repeat=n):
            text = "".join(run)
            if pairs._well_paired(text):
                passed += 1
                assert not list(pairs._check_text(text)), text
    assert passed > 400
    assert pairs._well_paired("印发《工作要点》（试行），开展“1221”专项行动（“双百”工程）。")
    assert not pairs._well_paired("他说：“要讲好“两个故事””。")
