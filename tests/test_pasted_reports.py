"""Reports as they arrive: pasted from a web page with its furniture, or started at the lead without a title."""

from drafter import outline
from drafter.document.webpage import furniture_label
from drafter.rules.run import lint_file, report_kind
from tests.docx_factory import DocxBuilder

PAGE_HEAD = [
    "滨河区人民政府门户网站 2019年12月3日星期二",
    "无障碍 简体|繁体 长者模式",
    "首页 > 政务公开 > 规划计划 > 计划总结",
]
PAGE_META = [
    "来源：区司法局　发布时间：2025-01-10 09:32　浏览次数：",
    "【字体：大 中 小】",
]
PAGE_FOOT = [
    "打印本页　关闭窗口",
    "主办单位：滨河区人民政府办公室　网站标识码：XX00000001",
    "X ICP备00000000号　公网安备 00000000000号",
]
REPORT = [
    "区司法局2024年工作总结及2025年工作计划",
    *PAGE_META,
    "2024年，区司法局在区委、区政府的坚强领导下，全面推进法治滨河建设，各项工作取得新进展。现将有关情况报告如下：",
    "一、2024年主要工作",
    "全年办理法律援助案件612件，同比增长8.3%；调解各类矛盾纠纷2136件，调解成功率98.6%。",
    "二、存在的主要问题",
    "一是基层法律服务力量不足，专业人才缺乏；二是普法宣传的针对性还不够强。",
    "三、2025年工作计划",
    "将持续深化公共法律服务体系建设，力争村（社区）法律顾问覆盖率保持100%。",
]


def _write(tmp_path, lines, name="pasted.txt"):
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _findings(path):
    return [(f.rule, f.severity, f.paragraph, f.message) for r in lint_file(str(path)) for f in r.findings]


def test_page_furniture_is_neither_title_nor_year_and_is_reported_once_per_block(tmp_path):
    path = _write(tmp_path, [*PAGE_HEAD, *REPORT, *PAGE_FOOT])
    (o,) = outline(path)
    assert o.title_text == "区司法局2024年工作总结及2025年工作计划"
    assert (o.year, o.year_source) == (2024, "title")
    assert sorted(o.furniture) == [1, 2, 3, 5, 6, 14, 15, 16]
    assert [p.index for p in o.lead] == [7]
    assert [s.role_names() for s in o.sections] == [["summary"], ["problems"], ["plan"]]
    findings = _findings(path)
    # three blocks: page head, the data line under the title, page foot; nothing else
    assert [(rule, paragraph) for rule, _, paragraph, _ in findings] == [("web-junk", 1), ("web-junk", 5),
                                                                        ("web-junk", 14)]
    assert "共3段" in findings[0][3] and "网页导航" in findings[0][3]


def test_furniture_in_a_docx_with_centred_title(tmp_path):
    b = DocxBuilder()
    for line in PAGE_HEAD:
        b.paragraph(line)
    b.paragraph(REPORT[0], align="center", size_pt=22)
    for line in REPORT[1:]:
        b.paragraph(line)
    (o,) = outline(b.save(tmp_path / "pasted.docx"))
    assert o.title_text == REPORT[0]
    assert o.year == 2024


def test_a_report_without_title_has_its_lead_first(tmp_path):
    lines = [
        "2025年，区司法局坚持以人民为中心，围绕法治政府建设目标，统筹推进行政执法监督、公共法律服务和普法依法治理，"
        "法治建设各项工作取得了新的成效。根据区委、区政府工作安排，现将2025年法治政府建设工作情况报告如下：",
        "一、主要举措和成效",
        "全年审查行政规范性文件28件，纠正不当条款6处。",
        "二、存在的不足",
        "行政执法人员专业素质有待提高，基层执法力量偏弱。",
        "三、2026年主要安排",
        "将继续推进严格规范公正文明执法。",
    ]
    path = _write(tmp_path, lines, "no-title.txt")
    (o,) = outline(path)
    assert (o.title, o.title_text) == ([], "")
    assert [p.index for p in o.lead] == [1]
    assert o.year == 2025
    assert report_kind(o) == ("法治政府建设年度报告", False)
    findings = _findings(path)
    assert [(rule, paragraph) for rule, _, paragraph, _ in findings] == [("title", 1)]
    assert findings[0][3].startswith("缺少标题")


def test_no_title_year_from_a_plan_heading(tmp_path):
    lines = [
        "今年以来，我局坚持稳中求进工作总基调，较好完成了年度目标任务，有关情况报告如下。",
        "一、工作开展情况",
        "新增市场主体3120户。",
        "二、存在问题",
        "服务企业的主动性还不够强。",
        "三、2026年工作计划",
        "力争新增市场主体3000户。",
    ]
    (o,) = outline(_write(tmp_path, lines))
    assert o.title == []
    assert (o.year, o.year_source) == (2025, "headings")


def test_short_title_shapes_and_sentences():
    from drafter.document.model import Paragraph
    from drafter.document.structure import looks_like_title

    def title(text, **kw):
        return looks_like_title(Paragraph(1, text, **kw))

    assert title("区财政局2025年工作总结及2026年工作计划")
    assert title("区财政局2025年工作总结。")  # a title with a stray full stop: the title rule reports the mark
    assert title("担当实干，奋力攻坚——区财政局2025年工作总结")
    assert title("关于2025年度法治政府建设情况的报告")
    assert not title("2025年，区财政局在区委、区政府的坚强领导下，各项工作取得新成效。现将有关情况报告如下：")
    assert not title("各位领导：")
    assert not title("今年以来，我局各项工作稳步推进。")
    long_title = "中共滨河区委政法委员会关于2025年度推进平安滨河建设和政法领域全面深化改革工作情况及2026年工作打算的报告"
    assert not title(long_title)
    assert title(long_title, alignment="center")


def test_furniture_labels_and_look_alikes():
    assert furniture_label("当前位置：首页>>信息公开>>规划计划") == "网页导航"
    assert furniture_label("作者：王某　编辑：李某") == "网页发布信息"
    assert furniture_label("分享到：") == "网页按钮和链接"
    assert furniture_label("版权所有：滨河区人民政府　技术支持：某某科技") == "网站页脚"
    # report text that only looks like it
    assert furniture_label("数据来源：区统计局") is None
    assert furniture_label("大、中、小学校法治副校长配备率100%。") is None
    assert furniture_label("实现“一网通办”，群众办事“最多跑一次”。") is None
    assert furniture_label("来源：区统计局", near_edge=False) is None


def test_outline_command_says_no_title(tmp_path):
    from typer.testing import CliRunner

    from drafter.cli import app

    path = _write(tmp_path, REPORT[3:], "lead-first.txt")
    result = CliRunner().invoke(app, ["outline", str(path)])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("《（无标题）》  年份：2024")


def test_a_sentence_is_never_page_furniture():
    assert furniture_label("2024年8月5日（星期三）开展防汛演练。") is None
    assert furniture_label("来源：区统计局。") is None


def test_a_row_of_related_links_above_the_footer_is_page_furniture_and_the_signature_stays(tmp_path):
    plan_items = ["（一）持续实施城市更新行动，计划改造老旧小区20个。", "（二）压实安全生产责任，坚决遏制较大事故发生。"]
    signature = ["区住房和城乡建设局", "2024年12月30日"]
    foot = ["相关链接：", "国务院办公厅　　省人民政府　　市人民政府", PAGE_FOOT[1]]
    path = _write(tmp_path, [*REPORT[:-1], *plan_items, *signature, *foot])
    (o,) = outline(path)
    n = len(REPORT) - 1 + len(plan_items)
    assert [p.index for p in o.signature] == [n + 1, n + 2]
    assert sorted(o.furniture)[-3:] == [n + 3, n + 4, n + 5]
    # the plan's items, each a sentence with nothing under it, are a list, not headings ending in 。
    assert [(rule, paragraph) for rule, _, paragraph, _ in _findings(path)] == [("web-junk", 2), ("web-junk", n + 3)]


def test_a_marker_web_junk_reports_is_not_report_text_either(tmp_path):
    # ##paid-end2## is reported by web-junk (style_rules/web-junk.yml); structure must not take it for the last line
    path = _write(tmp_path, [*REPORT, "区司法局", "2024年12月30日", "##paid-end2##"])
    (o,) = outline(path)
    assert [p.text for p in o.signature] == ["区司法局", "2024年12月30日"]
    assert [rule for rule, *_ in _findings(path)] == ["web-junk", "web-junk"]
