"""The bundled compilation: split, outlined and linted as a careful reviewer would."""

import re
from collections import defaultdict

import pytest

from drafter import outline
from drafter.corpus import load_corpus, load_reports
from drafter.lint import lint_file
from drafter.paths import data_dir

SEED = data_dir("seeds") / "work-reports-2023-2024.txt"

# title → (roles of the top-level sections in order, paragraph of an inline problems part or None)
EXPECTED_ROLES = {
    "2023年法治建设工作总结和2024年工作计划": ([["summary"], ["problems"], ["plan"]], None),
    "区财政局2023年度工作总结及2024年度工作计划": ([["summary"], ["summary"], ["plan"]], None),
    "区科技局2023年工作总结及2024年工作计划": ([["summary"], ["problems"], ["plan"]], None),
    "区数据资源管理局2023年工作总结及2024年工作计划": ([["summary"], ["problems", "plan"]], None),
    "区文旅局2023年工作总结及2024年工作计划": ([["summary"], ["plan"]], None),
    "县公共资源交易中心2023年工作总结及2024年工作计划": ([["summary"], ["summary", "highlights"], ["problems"], ["plan"]], None),
    "县林业和草原局法治政府建设2023年工作总结暨2024年工作计划": ([["summary"], ["plan"]], None),
    "县文旅局2023年工作总结和2024年工作计划": ([["summary", "problems"], ["plan"]], 230),
    "乡妇联2023年全年工作总结暨2024年工作计划": ([["summary"], ["summary"], ["summary", "problems"], ["plan"]], 269),
    "信用与个私监督管理2023年工作总结及2024年工作计划": ([["summary"], ["plan"]], None),
    "质量发展与安全监督股2023年工作总结及2024年重点工作计划": ([["summary"], ["plan"]], None),
}


def test_seed_is_the_shared_file_unchanged():
    shared = data_dir("seeds").parent.parent / "shared" / "seeds" / SEED.name
    if not shared.is_file():
        pytest.skip("shared/ is not beside this checkout")
    assert SEED.read_bytes() == shared.read_bytes()


def test_compilation_splits_into_its_eleven_reports_after_the_toc():
    reports = load_reports(str(SEED))
    titles = [r.paragraphs[0].text for r in reports]
    assert titles == list(EXPECTED_ROLES)
    assert reports[0].paragraphs[0].index == 15  # lines 1-14: compilation title and 目录
    assert reports[-1].paragraphs[-1].index == 311


def test_corpus_loader_drops_junk_markers_but_keeps_the_text_around_them():
    reports = load_corpus([SEED])
    text = "\n".join(p.text for r in reports for p in r.paragraphs)
    assert "##paid" not in text
    assert "我区监管事项目录清单认领230条" in text


@pytest.fixture(scope="module")
def outlines():
    return {o.title_text: o for o in outline(SEED)}


@pytest.mark.parametrize("title", list(EXPECTED_ROLES))
def test_roles_of_each_report(outlines, title):
    o = outlines[title]
    roles, inline_at = EXPECTED_ROLES[title]
    assert [s.role_names() for s in o.sections] == roles
    inline = [r for s in o.sections for r in s.roles if r.inline]
    assert [r.paragraph for r in inline] == ([inline_at] if inline_at else [])
    assert o.year == 2023


def test_run_in_and_standalone_headings(outlines):
    o = outlines["质量发展与安全监督股2023年工作总结及2024年重点工作计划"]
    h = o.headings[302]
    assert h.run_in and h.number == "（一）" and h.text == "聚焦重点监管，提升监督抽查效能。"
    fin = outlines["区财政局2023年度工作总结及2024年度工作计划"]
    assert not fin.headings[53].run_in  # （三）强化预算源头管理，防控收支风险。 stands alone
    assert fin.section_path(55) == "二、财政重点工作推进情况 > （三）强化预算源头管理，防控收支风险。 > 2、大力压减非重点、非刚性支出。"


def test_signature(outlines):
    o = outlines["县公共资源交易中心2023年工作总结及2024年工作计划"]
    assert [p.index for p in o.signature] == [174, 175]


# --- lint ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def findings():
    by_rule = defaultdict(list)
    for result in lint_file(str(SEED)):
        for f in result.findings:
            by_rule[f.rule].append(f)
    return by_rule


def _at(findings, rule, paragraph, text=None):
    hits = [f for f in findings[rule] if f.paragraph == paragraph]
    if text is not None:
        hits = [f for f in hits if text in f.excerpt or text in f.message]
    return hits


def test_numbering_chains_in_the_district_culture_report(findings):
    assert any("重复" in f.message and "四是" in f.message for f in _at(findings, "numbering-sequence", 133))
    assert any("缺少“四是”" in f.message for f in _at(findings, "numbering-sequence", 135))


def test_near_duplicate_paragraphs_in_the_forestry_report(findings):
    (f,) = _at(findings, "duplicate-paragraph", 190)
    assert "第188段" in f.message


def test_doubled_sentences_in_the_finance_report(findings):
    assert _at(findings, "duplicate-sentence", 47, "一般公共预算收入完成情况。")
    assert _at(findings, "duplicate-sentence", 59, "支持乡村振兴建设，做好涉农资金管理保障。")


def test_placeholders(findings):
    found = findings["placeholder"]
    assert 180 <= len(found) <= 230
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if re.search(r"X{1,3}(?:万元|亿元|%|个|人|县|区|乡)", line):
            assert _at(findings, "placeholder", number), f"第{number}行的占位符未报告"


@pytest.mark.parametrize("line,text", [
    (237, "、、"), (129, "1221“"), (142, ","), (236, ","), (237, ","), (255, ";"), (259, ";"), (310, ";"),
])
def test_punctuation(findings, line, text):
    assert _at(findings, "punctuation", line, text), f"第{line}行“{text}”未报告"


@pytest.mark.parametrize("line", [151, 285, 291])
def test_jiezhi_meaning_as_of(findings, line):
    assert _at(findings, "wording", line, "截止")


@pytest.mark.parametrize("line,text", [
    (47, "1-11"), (48, "1-11"), (51, "1-11"), (58, "1-11"), (153, "1-11"), (154, "1-11"), (210, "1－10"),
    (48, "2023 年"), (213, "2023 年"), (61, "2024 年"),
])
def test_number_format(findings, line, text):
    assert _at(findings, "number-format", line, text)


def test_womens_federation_numbering_style(findings):
    for line in (254, 255, 256, 257, 259, 260, 262, 263, 264, 265, 266):
        assert _at(findings, "numbering-style", line, "、"), line
    assert any("不一致" in f.message for f in _at(findings, "numbering-style", 261))


def test_heading_ending_in_full_stop(findings):
    assert _at(findings, "heading-punctuation", 267)


def test_reports_without_a_problems_part(findings):
    missing = [f for f in findings["section-missing"] if "存在的问题" in f.suggestion]
    errors = [f for f in missing if f.severity == "error"]
    inline = sorted(f.paragraph for f in missing if f.severity == "warning")
    assert len(errors) == 5  # 区财政局, 区文旅局, 县林业和草原局, 信用与个私, 质量发展
    assert inline == [230, 269]
    assert len(findings["section-missing"]) == len(missing)  # every report has its summary and plan


def test_title_without_unit(findings):
    assert _at(findings, "title", 15, "单位")


def test_web_junk(findings):
    assert _at(findings, "web-junk", 107) and _at(findings, "web-junk", 311)
