"""Structure from layouts Word produces: heading styles only, auto numbers, two-line titles, Markdown."""

from drafter import outline
from tests.docx_factory import DocxBuilder


def test_heading_styles_without_numbers(tmp_path):
    b = DocxBuilder()
    b.paragraph("市统计局2024年工作总结及2025年工作计划", align="center")
    b.heading("工作开展情况", level=1)
    b.heading("统计调查", level=2)
    b.paragraph("全年完成各项调查任务。")
    b.heading("存在的不足", level=1)
    b.paragraph("基层统计力量薄弱。")
    b.heading("下一步工作打算", level=1)
    b.paragraph("加强统计队伍建设。")
    (o,) = outline(b.save(tmp_path / "styles.docx"))
    assert [(s.heading.level, s.heading.number, s.heading.text, s.role_names()) for s in o.sections] == [
        (1, "", "工作开展情况", ["summary"]), (1, "", "存在的不足", ["problems"]), (1, "", "下一步工作打算", ["plan"])]
    assert o.sections[0].children[0].heading.text == "统计调查"
    assert o.year == 2024


def test_two_line_centred_title_and_auto_numbered_run_in_heading(tmp_path):
    b = DocxBuilder()
    b.paragraph("县农业农村局", align="center")
    b.paragraph("2024年工作总结及2025年工作计划", align="center")
    b.numbering(1)
    b.numbered("2024年工作总结", num_id=1, ilvl=0)
    run_in = b.numbered("稳定粮食生产。全年粮食播种面积52万亩。", num_id=1, ilvl=1)
    b.numbered("存在的问题", num_id=1, ilvl=0)
    b.numbered("2025年工作计划", num_id=1, ilvl=0)
    (o,) = outline(b.save(tmp_path / "auto.docx"))
    assert o.title_text == "县农业农村局2024年工作总结及2025年工作计划"
    h = o.headings[run_in]
    assert (h.number, h.text, h.run_in, h.auto) == ("（一）", "稳定粮食生产。", True, True)
    assert [s.heading.number for s in o.sections] == ["一、", "二、", "三、"]
    assert [s.role_names() for s in o.sections] == [["summary"], ["problems"], ["plan"]]


def test_markdown_headings(tmp_path):
    path = tmp_path / "r.md"
    path.write_text("# 区审计局2025年工作总结\n\n## 一、主要工作\n\n完成审计项目36个。\n\n## 二、存在问题\n\n"
                    "人员不足。\n\n## 三、2026年工作计划\n\n加强队伍建设。\n", encoding="utf-8")
    (o,) = outline(path)
    assert o.title_text == "区审计局2025年工作总结"
    assert [(s.heading.level, s.role_names()) for s in o.sections] == [
        (1, ["summary"]), (1, ["problems"]), (1, ["plan"])]


def test_part_numbers_and_table_paragraphs(tmp_path):
    b = DocxBuilder()
    b.paragraph("区住建局2024年工作总结")
    b.paragraph("第一部分 2024年工作回顾")
    b.table([["一、不是标题", "单元格里的序号"]])
    b.paragraph("第二部分 存在的困难和问题")
    (o,) = outline(b.save(tmp_path / "parts.docx"))
    assert [s.heading.text for s in o.sections] == ["2024年工作回顾", "存在的困难和问题"]
    assert [s.role_names() for s in o.sections] == [["summary"], ["problems"]]
