"""Roles by meaning: every heading wording of our own test set, in text and in .docx layouts Word produces."""

import pytest

from drafter import outline
from drafter.document.roles import COUNTS_AS, read_heading
from drafter.rules.run import lint_file
from tests.docx_factory import DocxBuilder
from tests.heading_wordings import HELD_OUT, TUNING

EXPECTED = {
    "summary": {"summary"}, "problems": {"problems"}, "plan": {"plan"}, "problems+plan": {"problems", "plan"},
    "summary+problems": {"summary", "problems"}, "plan (after the summary)": {"plan"}, "topic": set(),
}
# where a heading of each group stands: the report's first part, or after the summary
FIRST = {"summary", "summary+problems", "topic"}


def _cases(sets):
    return [(group, h) for group, headings in sets.items() for h in headings]


def _read(group: str, heading: str) -> set[str]:
    names = read_heading(heading, 2025, first=group in FIRST).names
    return {COUNTS_AS.get(n, n) for n in names}


def test_the_test_set_is_large_enough():
    for role in ("summary", "problems", "plan"):
        assert len(TUNING[role]) >= 40
        assert len(set(TUNING[role]) & set(HELD_OUT[role])) == 0


@pytest.mark.parametrize(("group", "heading"), _cases(TUNING))
def test_tuning_wordings(group, heading):
    assert _read(group, heading) == EXPECTED[group]


@pytest.mark.parametrize(("group", "heading"), _cases(HELD_OUT))
def test_held_out_wordings(group, heading):
    assert _read(group, heading) == EXPECTED[group]


def test_year_decides_where_words_do_not():
    assert read_heading("2025年财政运行", 2025).names == ("summary",)
    assert read_heading("2026年财政运行", 2025).names == ("plan",)
    # 目标任务 after the summary is a plan, but not when it names the summary year
    assert read_heading("2025年目标任务", 2025).names == ("summary",)


def test_plan_words_that_head_topics_need_a_place_after_the_summary():
    assert read_heading("主要措施", 2025, first=True).names == ()
    assert read_heading("主要措施", 2025, first=False).names == ("plan",)
    # a summary head wins over them: 主要举措和成效 is an account of the year
    assert read_heading("主要举措和成效", 2025, first=False).names == ("summary",)


def _report_lines(summary: str, problems: str, plan: str) -> list[tuple[str, str]]:
    return [
        ("title", "区民政局2025年工作总结及2026年工作计划"),
        ("lead", "2025年，区民政局围绕兜牢民生底线，扎实推进各项工作。现将有关情况报告如下："),
        ("h1", summary),
        ("p", "全年发放低保金2860万元，同比增长4.1%，惠及困难群众6200人。"),
        ("h1", problems),
        ("p", "一是基层民政力量不足，专业社工人才缺乏。二是养老服务供给结构还不够合理，农村养老设施利用率有待提高。"),
        ("h1", plan),
        ("p", "将持续完善社会救助体系，力争新建社区养老服务站8个。"),
    ]


NUMBERS = ["一、", "二、", "三、"]


def _as_text(tmp_path, lines):
    text = []
    n = 0
    for kind, words in lines:
        if kind == "h1":
            words = NUMBERS[n] + words
            n += 1
        text.append(words)
    path = tmp_path / "report.txt"
    path.write_text("\n".join(text), encoding="utf-8")
    return path


def _as_docx(tmp_path, lines, layout):
    b = DocxBuilder()
    if layout == "auto":
        b.numbering(1)
    n = 0
    for kind, words in lines:
        if kind == "title":
            b.paragraph(words, align="center", size_pt=22)
        elif kind == "h1":
            if layout == "auto":
                b.numbered(words, num_id=1, ilvl=0, style="Heading1")
            elif layout == "styled":
                b.heading(words, level=1)
            else:
                b.paragraph(NUMBERS[n] + words)
            n += 1
        else:
            b.paragraph(words)
    return b.save(tmp_path / f"{layout}.docx")


def _part_findings(path):
    return [(f.rule, f.severity, f.message) for r in lint_file(str(path)) for f in r.findings
            if f.rule in ("section-missing", "section-order")]


@pytest.mark.parametrize("layout", ["text", "typed", "auto", "styled"])
@pytest.mark.parametrize("problems", TUNING["problems"][::3] + HELD_OUT["problems"][::3])
def test_unusual_problems_headings_give_no_finding(tmp_path, layout, problems):
    lines = _report_lines("2025年工作开展情况", problems, "2026年工作打算")
    path = _as_text(tmp_path, lines) if layout == "text" else _as_docx(tmp_path, lines, layout)
    assert _part_findings(path) == []
    (o,) = outline(path)
    assert [s.role_names() for s in o.sections] == [["summary"], ["problems"], ["plan"]]


@pytest.mark.parametrize("layout", ["text", "auto"])
@pytest.mark.parametrize(("summary", "plan"), list(zip(TUNING["summary"][::4], TUNING["plan"][::4])))
def test_summary_and_plan_wordings_give_no_finding(tmp_path, layout, summary, plan):
    lines = _report_lines(summary, "存在的主要问题", plan)
    path = _as_text(tmp_path, lines) if layout == "text" else _as_docx(tmp_path, lines, layout)
    assert _part_findings(path) == []


def test_summary_split_into_topic_parts(tmp_path):
    path = tmp_path / "topics.txt"
    path.write_text(
        "县农业农村局2025年工作总结及2026年工作计划\n"
        "2025年，县农业农村局聚焦乡村全面振兴，各项工作取得明显成效。\n"
        "一、稳住粮食生产基本盘\n全年粮食播种面积52.3万亩，总产量21.6万吨。\n"
        "二、补齐农村基础设施短板\n新改建农村公路86公里，完成农村户厕改造1200户。\n"
        "三、着力解决群众急难愁盼问题\n办结群众诉求326件，按期办结率100%。\n"
        "四、需要关注的几个方面\n一是农业产业链条较短，精深加工不足；二是村集体经济增收渠道单一，发展后劲不足；"
        "三是基层农技推广力量薄弱，专业人才缺乏。\n"
        "五、奋力开创农业农村现代化新局面\n将继续稳定粮食播种面积，力争新建高标准农田3万亩；"
        "确保农民人均可支配收入增长6%以上。\n",
        encoding="utf-8",
    )
    (o,) = outline(path)
    assert [(s.role_names(), s.roles[0].source) for s in o.sections] == [
        (["summary"], "place"), (["summary"], "place"), (["summary"], "place"),
        (["problems"], "text"), (["plan"], "text")]
    assert _part_findings(path) == []


def test_highlights_part_is_part_of_the_summary(tmp_path):
    path = tmp_path / "highlights.txt"
    path.write_text(
        "区商务局2025年工作总结及2026年工作计划\n"
        "一、2025年亮点工作\n全年社会消费品零售总额增长6.2%。\n"
        "二、2025年工作总结\n新增限上企业46家。\n"
        "三、存在的主要问题\n外贸主体偏少，新增长点培育不足。\n"
        "四、2026年工作计划\n力争新增限上企业40家。\n",
        encoding="utf-8",
    )
    assert _part_findings(path) == []


def test_missing_part_is_an_error_only_when_the_structure_is_clear(tmp_path):
    clear = tmp_path / "clear.txt"
    clear.write_text(
        "区民政局2025年工作总结及2026年工作计划\n一、2025年工作总结\n全年发放低保金2860万元。\n"
        "二、2026年工作计划\n将持续完善社会救助体系。\n", encoding="utf-8")
    assert _part_findings(clear) == [("section-missing", "error", _part_findings(clear)[0][2])]
    # the part under a topic heading speaks partly of shortcomings: it could be the problems part
    unclear = tmp_path / "unclear.txt"
    unclear.write_text(
        "区民政局2025年工作总结及2026年工作计划\n一、兜牢民生底线\n全年发放低保金2860万元，惠及6200人。"
        "基层民政力量还不够充实。\n二、2026年工作计划\n将持续完善社会救助体系。\n", encoding="utf-8")
    ((rule, severity, message),) = _part_findings(unclear)
    assert (rule, severity) == ("section-missing", "warning")
    assert "一、兜牢民生底线（总结）" in message and "二、2026年工作计划（计划）" in message


@pytest.mark.parametrize("text", ["存在的问题及下一步工作打算", "以及", "成效、问题以及2026年计划", "工作（含亮点）和不足",
                                  "财政收支情况，重点工作与暨及并", ""])
def test_a_conjunct_runs_from_the_previous_coordinator_to_the_next(text):
    """_segment_bounds (two regex searches, one over the text read backwards) finds what a find for
    each coordinator finds, at every place in the text, 以及 and its 及 included."""
    from drafter.document.roles import _segment_bounds, vocabulary

    coordinators = vocabulary()["coordinators"]
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            left = max([text.rfind(c, 0, start) + len(c) for c in coordinators if text.rfind(c, 0, start) >= 0] or [0])
            right = min([text.find(c, end) for c in coordinators if text.find(c, end) >= 0] or [len(text)])
            assert _segment_bounds(text, start, end) == (left, right)
