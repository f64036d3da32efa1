"""drafter new: the skeleton's GB/T 9704-2012 layout, its kinds, its prompts and its safe writing."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from drafter import output
from drafter.build import (
    DEFAULT_KIND,
    build_skeleton,
    default_output_name,
    fallback_hints,
    list_kinds,
    required_roles,
    write_skeleton,
)
from drafter.build import skeleton as sk
from drafter.build.templates import Block, parse_markup, render_kind
from drafter.errors import InputError
from drafter.paths import data_dir
from tests.helpers import skip_unless_ci

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
UNIT = "区财政局"
YEAR = 2026
THEME_ATTRS = ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme")
PROMPT = re.compile(r"【[^【】]*】")


def q(name: str) -> str:
    return f"{{{W}}}{name}"


def twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


@pytest.fixture(scope="module")
def hints():
    return fallback_hints()


@pytest.fixture(scope="module")
def data(hints) -> bytes:
    return build_skeleton(UNIT, YEAR, hints=hints)


@pytest.fixture(scope="module")
def parts(data) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith((".xml", ".rels"))}


@pytest.fixture(scope="module")
def styles(parts):
    return {s.get(q("styleId")): s for s in parts["word/styles.xml"].iter(q("style"))}


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style id, text) of every body paragraph."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    out = []
    for p in root.find(q("body")).iter(q("p")):
        style = p.find("w:pPr/w:pStyle", NS)
        out.append((style.get(q("val")) if style is not None else "", "".join(p.itertext())))
    return out


def texts_of(data: bytes, *style_ids: str) -> list[str]:
    return [t for s, t in paragraphs(data) if s in style_ids]


# ---------------------------------------------------------------- page


def test_page_is_a4_with_gb_margins(data):
    section = Document(io.BytesIO(data)).sections[0]
    assert (section.page_width, section.page_height) == (twips(210) * 635, twips(297) * 635)
    sect = etree.fromstring(Document(io.BytesIO(data)).element.body.find(q("sectPr")).xml.encode())
    size = sect.find("w:pgSz", NS)
    margins = sect.find("w:pgMar", NS)
    assert (size.get(q("w")), size.get(q("h"))) == ("11906", "16838")
    assert {k: margins.get(q(k)) for k in ("top", "bottom", "left", "right", "gutter")} == {
        "top": str(twips(37)), "bottom": str(twips(35)), "left": str(twips(28)), "right": str(twips(26)), "gutter": "0",
    }
    assert (twips(37), twips(35), twips(28), twips(26)) == (2098, 1984, 1587, 1474)
    # margins in EMU as python-docx reads them: 1 twip = 635 EMU, 1 mm = 36000 EMU (within a twip)
    assert abs(section.top_margin - 37 * 36000) < 635 and abs(section.bottom_margin - 35 * 36000) < 635
    assert abs(section.left_margin - 28 * 36000) < 635 and abs(section.right_margin - 26 * 36000) < 635


def test_exact_line_spacing_gives_22_lines_a_page(styles):
    text_height = twips(297) - twips(37) - twips(35)  # 225 mm = 12756 twips
    pitch = sk.LINE_PITCH
    assert pitch == 579  # 28.95 pt
    assert 22 * pitch <= text_height < 22 * (pitch + 1)
    assert 23 * pitch > text_height
    spacing = styles["Normal"].find("w:pPr/w:spacing", NS)
    assert spacing.get(q("line")) == "579" and spacing.get(q("lineRule")) == "exact"
    assert spacing.get(q("before")) == "0" and spacing.get(q("after")) == "0"


# ---------------------------------------------------------------- fonts and styles


def rfonts_of(style) -> dict[str, str]:
    rf = style.find("w:rPr/w:rFonts", NS)
    return {k: rf.get(q(k)) for k in ("ascii", "eastAsia", "hAnsi", "cs")} if rf is not None else {}


def size_of(style) -> str | None:
    sz = style.find("w:rPr/w:sz", NS)
    return sz.get(q("val")) if sz is not None else None


@pytest.mark.parametrize(
    "style_id,font,half_points",
    [
        ("Normal", "仿宋_GB2312", "32"),
        ("Title", "方正小标宋简体", "44"),
        ("Heading1", "黑体", "32"),
        ("Heading2", "楷体_GB2312", "32"),
        ("Heading3", "仿宋_GB2312", "32"),
        ("Heading4", "仿宋_GB2312", "32"),
        ("Footer", "宋体", "28"),
    ],
)
def test_style_fonts_on_east_asia_and_sizes(styles, style_id, font, half_points):
    style = styles[style_id]
    fonts = rfonts_of(style)
    assert fonts["eastAsia"] == font
    assert set(fonts.values()) == {font}
    assert size_of(style) == half_points
    assert style.find("w:rPr/w:szCs", NS).get(q("val")) == half_points


def test_no_theme_fonts_or_theme_colours_anywhere(parts):
    for name, root in parts.items():
        for rf in root.iter(q("rFonts")):
            assert not [a for a in THEME_ATTRS if rf.get(q(a)) is not None], name
        for color in root.iter(q("color")):
            assert color.get(q("themeColor")) is None, name


def test_runs_carry_no_direct_fonts(parts):
    # all formatting is in the styles: a user restyles the report by editing a style
    body = parts["word/document.xml"].find(q("body"))
    assert not list(body.iter(q("rPr")))


def test_document_defaults_are_chinese(parts):
    root = parts["word/styles.xml"]
    rpr = root.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert rpr.find("w:lang", NS).get(q("eastAsia")) == "zh-CN"
    assert rpr.find("w:rFonts", NS).get(q("eastAsia")) == "仿宋_GB2312"
    assert rpr.find("w:sz", NS).get(q("val")) == "32"
    assert parts["word/settings.xml"].find("w:themeFontLang", NS).get(q("eastAsia")) == "zh-CN"


def test_body_first_line_indent_two_characters(styles):
    ind = styles["Normal"].find("w:pPr/w:ind", NS)
    assert ind.get(q("firstLineChars")) == "200" and ind.get(q("firstLine")) == "640"
    assert styles["Normal"].find("w:pPr/w:jc", NS).get(q("val")) == "both"


def test_title_centred_without_indent(styles):
    ppr = styles["Title"].find("w:pPr", NS)
    assert ppr.find("w:jc", NS).get(q("val")) == "center"
    ind = ppr.find("w:ind", NS)
    assert ind.get(q("firstLineChars")) == "0" and ind.get(q("firstLine")) == "0"
    assert ppr.find("w:pBdr", NS) is None


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_heading_styles_have_outline_levels_and_plain_black_text(styles, level):
    style = styles[f"Heading{level}"]
    assert style.find("w:name", NS).get(q("val")) == f"heading {level}"
    assert style.find("w:pPr/w:outlineLvl", NS).get(q("val")) == str(level - 1)
    rpr = style.find("w:rPr", NS)
    bold = rpr.find("w:b", NS)
    assert bold is None or bold.get(q("val")) in ("0", "false")
    color = rpr.find("w:color", NS)
    assert color is None or color.get(q("val")) in ("auto", "000000")
    # based on Normal: the same exact line spacing and two-character indent
    assert style.find("w:basedOn", NS).get(q("val")) == "Normal"
    assert style.find("w:pPr/w:spacing", NS) is None and style.find("w:pPr/w:ind", NS) is None


def test_python_docx_sees_heading_styles(data):
    doc = Document(io.BytesIO(data))
    names = [p.style.name for p in doc.paragraphs]
    assert names[0] == "Title"
    assert names.count("Heading 1") == 3
    assert names.count("Heading 2") == 9


# ---------------------------------------------------------------- footers


def test_page_numbers_odd_right_even_left(parts):
    assert parts["word/settings.xml"].find("w:evenAndOddHeaders", NS) is not None
    rels = {r.get("Id"): r.get("Target") for r in parts["word/_rels/document.xml.rels"]}
    sect = parts["word/document.xml"].find("w:body/w:sectPr", NS)
    refs = {f.get(q("type")): rels[f.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]
            for f in sect.findall("w:footerReference", NS)}
    assert set(refs) == {"default", "even"}
    for kind, align, side in (("default", "right", "right"), ("even", "left", "left")):
        footer = parts["word/" + refs[kind]]
        (p,) = footer.findall("w:p", NS)
        assert p.find("w:pPr/w:pStyle", NS).get(q("val")) == "Footer"
        assert p.find("w:pPr/w:jc", NS).get(q("val")) == align
        assert p.find("w:pPr/w:ind", NS).get(q(side)) == "280"  # one 14 pt character in
        runs = p.findall("w:r", NS)
        texts = ["".join(r.itertext()) for r in runs]
        assert texts[0] == "\u2014 " and texts[-1] == " \u2014"
        assert [r.find("w:fldChar", NS).get(q("fldCharType")) for r in runs if r.find("w:fldChar", NS) is not None] \
            == ["begin", "separate", "end"]
        assert [r.find("w:instrText", NS).text.strip() for r in runs if r.find("w:instrText", NS) is not None] == ["PAGE"]


# ---------------------------------------------------------------- content


def test_default_skeleton_content(data):
    paras = paragraphs(data)
    assert paras[0] == ("Title", "区财政局2026年工作总结及2027年工作计划")
    assert Document(io.BytesIO(data)).paragraphs[0].text == "区财政局2026年工作总结\n及2027年工作计划"  # one paragraph
    lead = paras[1][1]
    assert paras[1][0] == "Normal"
    assert lead.startswith("2026年，在【") and "领导下" in lead and lead.endswith("现将2026年工作总结及2027年工作计划报告如下：")
    assert texts_of(data, "Heading1") == ["一、2026年工作总结", "二、存在的问题", "三、2027年工作计划"]
    h2 = texts_of(data, "Heading2")
    assert [t[:3] for t in h2] == ["（一）", "（二）", "（三）"] * 3
    assert any("写明主要指标完成情况：数据与同比" in t for s, t in paras if s == "Normal")
    # under every level-2 heading a guidance paragraph
    for i, (style, _) in enumerate(paras):
        if style == "Heading2":
            assert paras[i + 1][0] == "Normal" and PROMPT.search(paras[i + 1][1])
    assert paras[-2] == ("DrafterSignUnit", UNIT)
    assert paras[-1][0] == "DrafterSignDate" and PROMPT.fullmatch(paras[-1][1]) and "2026年12月×日" in paras[-1][1]


def test_headings_numbers_are_typed_not_auto(parts):
    body = parts["word/document.xml"].find(q("body"))
    assert not list(body.iter(q("numPr")))


@pytest.mark.parametrize("kind", [k["name"] for k in list_kinds()])
@pytest.mark.parametrize("with_hints", [True, False])
def test_every_prompt_is_inside_brackets(kind, with_hints, hints):
    data = build_skeleton(UNIT, YEAR, kind, hints=hints if with_hints else None)
    for style, text in paragraphs(data):
        assert text.count("【") == text.count("】"), text
        outside = PROMPT.sub("", text)
        assert "【" not in outside and "】" not in outside, text  # balanced, never nested
        for marker in ("请填写", "……", "×", "XX", "某某"):
            assert marker not in outside, (marker, text)
        if style in ("Normal", "Heading2", "DrafterHint", "DrafterSignDate"):
            assert PROMPT.search(text), text  # every slot asks for something
    # the linter's placeholder rule flags them
    from drafter.rules.patterns import load_pattern_rule

    rule = load_pattern_rule(data_dir("style_rules") / "placeholder.yml")
    flagged = [t for s, t in paragraphs(data) if rule.findings(1, t)]
    assert len(flagged) >= 10


@pytest.mark.parametrize("kind", [k["name"] for k in list_kinds()])
def test_all_kinds_build_and_lint_as_unfilled(kind, hints, tmp_path):
    path = write_skeleton(UNIT, YEAR, kind, hints=hints, output=tmp_path / "r.docx")
    doc = Document(str(path))
    assert doc.paragraphs[0].style.name == "Title" and doc.paragraphs[0].text.startswith(UNIT + "2026年")
    assert len([p for p in doc.paragraphs if p.style.name == "Heading 1"]) >= 3
    from drafter.api import lint, outline

    (result,) = lint(path)
    rules = {f.rule for f in result.findings}
    assert "placeholder" in rules  # an unfilled skeleton never lints clean
    assert "section-missing" not in rules and "section-order" not in rules
    (out,) = outline(path)
    assert set(required_roles(kind)) <= set(out.roles_present())


def test_kinds_listed_with_the_default_first():
    kinds = list_kinds()
    names = [k["name"] for k in kinds]
    assert names[0] == DEFAULT_KIND == "年度工作总结及下年工作计划"
    assert {"年度工作总结", "法治政府建设年度报告"} <= set(names)
    assert all(k["description"] for k in kinds)
    assert required_roles(DEFAULT_KIND) == ["summary", "problems", "plan"]
    assert required_roles("年度工作总结") == ["summary", "problems"]
    assert required_roles("法治政府建设年度报告") == ["summary", "problems", "plan"]


def test_rule_of_law_report_parts():
    data = build_skeleton(UNIT, YEAR, "法治政府建设年度报告")
    assert texts_of(data, "Title") == ["区财政局2026年法治政府建设年度报告"]
    assert texts_of(data, "Heading1")[:4] == [
        "一、2026年推进法治政府建设的主要举措和成效",
        "二、2026年推进法治政府建设存在的不足和原因",
        "三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "四、2027年推进法治政府建设的主要安排",
    ]


def test_summary_only_kind_has_no_next_year_plan():
    data = build_skeleton(UNIT, YEAR, "年度工作总结")
    assert texts_of(data, "Title") == ["区财政局2026年工作总结"]
    assert not any("2027" in t for t in texts_of(data, "Heading1"))


def test_hints_only_when_on(hints):
    with_hints = build_skeleton(UNIT, YEAR, hints=hints)
    without = build_skeleton(UNIT, YEAR, hints=None)
    shown = texts_of(with_hints, "DrafterHint")
    assert len(shown) == 3  # one per part: summary, problems, plan
    for text, role in zip(shown, ("summary", "problems", "plan")):
        assert PROMPT.fullmatch(text)
        assert all(p in text for p in hints[role][:3])
    assert texts_of(without, "DrafterHint") == []
    all_text = "".join(t for _, t in paragraphs(without))
    assert not any(p in all_text for phrases in hints.values() for p in phrases)
    assert texts_of(build_skeleton(UNIT, YEAR, hints={}), "DrafterHint") == []


def test_hints_are_a_plain_role_to_phrases_mapping():
    data = build_skeleton(UNIT, YEAR, hints={"problems": ["甲乙丙有待加强", "丁戊己仍有差距", "庚辛壬", "第四条不显示"]})
    (shown,) = texts_of(data, "DrafterHint")
    assert "甲乙丙有待加强" in shown and "庚辛壬" in shown and "第四条不显示" not in shown
    # a phrase with brackets of its own cannot break the prompt
    (shown,) = texts_of(build_skeleton(UNIT, YEAR, hints={"plan": ["【坏】短语"]}), "DrafterHint")
    assert PROMPT.fullmatch(shown)


def test_fallback_hints_cover_every_role_used_by_the_templates(hints):
    for role in ("summary", "problems", "plan", "highlights", "leadership"):
        assert 2 <= len(hints[role]) <= 3


# ---------------------------------------------------------------- writing


def test_default_output_name(tmp_path, monkeypatch):
    assert default_output_name(UNIT, YEAR) == "区财政局2026年工作总结及2027年工作计划.docx"
    assert default_output_name(UNIT, YEAR, "法治政府建设年度报告") == "区财政局2026年法治政府建设年度报告.docx"
    assert default_output_name("A/B局", YEAR) == "A_B局2026年工作总结及2027年工作计划.docx"
    monkeypatch.chdir(tmp_path)
    path = write_skeleton(UNIT, YEAR)
    assert path == Path("区财政局2026年工作总结及2027年工作计划.docx")
    assert (tmp_path / path).is_file()


def test_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "报告.docx"
    target.write_bytes(b"user's own work")
    with pytest.raises(InputError) as err:
        write_skeleton(UNIT, YEAR, output=target)
    assert "--force" in str(err.value) and "已存在" in err.value.reason
    assert "\n" not in str(err.value)
    assert target.read_bytes() == b"user's own work"
    write_skeleton(UNIT, YEAR, output=target, force=True)
    assert zipfile.is_zipfile(target)
    assert os.listdir(tmp_path) == ["报告.docx"]


def test_atomic_write_leaves_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "a.docx"
    write_skeleton(UNIT, YEAR, output=target)
    assert os.listdir(tmp_path) == ["a.docx"]
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)  # not the temp file's private mode

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", broken_replace)
    with pytest.raises(InputError):
        write_skeleton(UNIT, YEAR, output=tmp_path / "b.docx")
    assert os.listdir(tmp_path) == ["a.docx"]


def test_output_into_a_folder_uses_the_default_name(tmp_path):
    path = write_skeleton(UNIT, YEAR, output=tmp_path)
    assert path == tmp_path / "区财政局2026年工作总结及2027年工作计划.docx"


@pytest.mark.parametrize(
    "kwargs,where",
    [
        ({"unit": " ", "year": YEAR}, "--unit"),
        ({"unit": UNIT, "year": 26}, "--year"),
        ({"unit": UNIT, "year": YEAR, "kind": "年终总结"}, "年终总结"),
    ],
)
def test_user_errors_are_input_errors(kwargs, where):
    with pytest.raises(InputError) as err:
        build_skeleton(**kwargs)
    assert err.value.path == where
    assert re.search(r"[\u4e00-\u9fff]", err.value.reason)


def test_unknown_kind_lists_the_kinds():
    with pytest.raises(InputError) as err:
        build_skeleton(UNIT, YEAR, "年终总结")
    assert DEFAULT_KIND in err.value.reason and "法治政府建设年度报告" in err.value.reason


def test_bad_output_and_reference(tmp_path):
    with pytest.raises(InputError, match="docx"):
        write_skeleton(UNIT, YEAR, output=tmp_path / "a.doc")
    with pytest.raises(InputError, match="不存在"):
        write_skeleton(UNIT, YEAR, output=tmp_path / "无此目录" / "a.docx")
    not_docx = tmp_path / "样式.docx"
    not_docx.write_text("不是 Word 文件", encoding="utf-8")
    with pytest.raises(InputError, match="不是有效的"):
        build_skeleton(UNIT, YEAR, reference_docx=str(not_docx))
    with pytest.raises(InputError, match="找不到"):
        build_skeleton(UNIT, YEAR, reference_docx=str(tmp_path / "无.docx"))
    assert sorted(os.listdir(tmp_path)) == ["样式.docx"]


# ---------------------------------------------------------------- templates


def test_markup_keys_and_chinese_aliases():
    blocks = parse_markup("# 注释\n\ntitle: 标题\n正文：一段【请填写：x】\nh2: （一）小标题\nsign-date：日期")
    assert blocks == [Block("title", "标题"), Block("p", "一段【请填写：x】"), Block("h2", "（一）小标题"),
                      Block("sign-date", "日期")]
    with pytest.raises(InputError, match="无法识别"):
        parse_markup("一、没有类型的一行")


def test_template_comment_documents_the_markup():
    for path in sorted(data_dir("templates").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("---\n")
        head = text[: text.index("#}")]
        for key in ("title:", "lead:", "h1:", "h2:", "p:", "hint:", "sign-unit:", "sign-date:", "【"):
            assert key in head, (path.name, key)


def test_user_adds_a_kind_by_copying_a_template(tmp_path, monkeypatch):
    source = (data_dir("templates") / f"{DEFAULT_KIND}.txt").read_text(encoding="utf-8")
    copy = source.replace("description: 年度工作总结及下年工作计划（默认）", "description: 半年工作总结").replace(
        "年工作总结及{{ next_year }}年工作计划", "年上半年工作总结及下半年工作安排", 1
    )
    # saved by Notepad as GBK with CRLF line ends
    (tmp_path / "半年工作总结.txt").write_bytes(copy.replace("\n", "\r\n").encode("gb18030"))
    monkeypatch.setenv("DRAFTER_TEMPLATES", str(tmp_path))
    kinds = {k["name"]: k for k in list_kinds()}
    assert kinds["半年工作总结"]["description"].startswith("半年工作总结：")
    assert next(iter(kinds)) == DEFAULT_KIND
    assert required_roles("半年工作总结") == ["summary", "problems", "plan"]
    data = build_skeleton(UNIT, YEAR, "半年工作总结")
    assert texts_of(data, "Title") == ["区财政局2026年上半年工作总结及下半年工作安排"]


def test_broken_user_template_is_an_input_error(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTER_TEMPLATES", str(tmp_path))
    (tmp_path / "坏模板.txt").write_text("---\nrequired: summary\n---\ntitle: x\n{% if %}\n", encoding="utf-8")
    with pytest.raises(InputError, match="第5行"):
        build_skeleton(UNIT, YEAR, "坏模板")
    (tmp_path / "坏模板.txt").write_text("---\nrequired: summary\n---\ntitle: x\n正文一段\n", encoding="utf-8")
    with pytest.raises(InputError, match="无法识别"):
        build_skeleton(UNIT, YEAR, "坏模板")
    (tmp_path / "坏模板.txt").write_text("---\nrequired: summary, 成绩\n---\ntitle: x\n", encoding="utf-8")
    with pytest.raises(InputError, match="成绩"):
        required_roles("坏模板")
    (tmp_path / "坏模板.txt").write_text("---\nrequired: summary\ntitle: x\n", encoding="utf-8")
    with pytest.raises(InputError, match="第3行"):
        build_skeleton(UNIT, YEAR, "坏模板")
    (tmp_path / "坏模板.txt").write_text("---\nrequired: summary\n", encoding="utf-8")
    with pytest.raises(InputError, match="---"):
        build_skeleton(UNIT, YEAR, "坏模板")


def test_render_kind_variables():
    blocks = render_kind(DEFAULT_KIND, unit="乡妇联", year=2030, hints=None)
    assert blocks[0] == Block("title", "乡妇联2030年工作总结及2031年工作计划")
    assert not [b for b in blocks if b.kind == "hint"]


# ---------------------------------------------------------------- reference document


def _reference(path: Path) -> Path:
    """A user's own Word file: 宋体 12 pt, 20 mm margins, Normal's id "a" as Chinese Word writes it,
    no Title style, and body text that must not survive."""
    from docx.shared import Mm

    doc = Document()
    doc.add_paragraph("参考文件里的正文")
    sec = doc.sections[0]
    sec.top_margin = sec.bottom_margin = sec.left_margin = sec.right_margin = Mm(20)
    doc.save(str(path))
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    styles = etree.fromstring(files["word/styles.xml"])
    for style in list(styles.iter(q("style"))):
        if style.get(q("styleId")) in ("Title", "TitleChar"):
            styles.remove(style)
        if style.get(q("styleId")) == "Normal":
            style.set(q("styleId"), "a")
            rpr = etree.SubElement(style, q("rPr"))
            etree.SubElement(rpr, q("rFonts"), {q("eastAsia"): "宋体", q("ascii"): "宋体",
                                                q("eastAsiaTheme"): "minorEastAsia"})
            etree.SubElement(rpr, q("sz"), {q("val"): "24"})
    for el in styles.iter(q("basedOn"), q("next")):
        if el.get(q("val")) == "Normal":
            el.set(q("val"), "a")
    files["word/styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
    document = files["word/document.xml"].replace(b'w:val="Normal"', b'w:val="a"')
    files["word/document.xml"] = document
    with zipfile.ZipFile(path, "w") as z:
        for name, blob in files.items():
            z.writestr(name, blob)
    return path


def test_reference_docx_styles_are_kept(tmp_path):
    ref = _reference(tmp_path / "我的样式.docx")
    data = build_skeleton(UNIT, YEAR, reference_docx=str(ref))
    doc = Document(io.BytesIO(data))
    assert "参考文件里的正文" not in "".join(p.text for p in doc.paragraphs)
    assert doc.paragraphs[0].text == "区财政局2026年工作总结\n及2027年工作计划"
    assert abs(doc.sections[0].top_margin - Mm20()) < 635 and abs(doc.sections[0].left_margin - Mm20()) < 635
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = {s.get(q("styleId")): s for s in etree.fromstring(z.read("word/styles.xml")).iter(q("style"))}
    assert rfonts_of(styles["a"])["eastAsia"] == "宋体" and size_of(styles["a"]) == "24"  # theirs
    # a theme font that would shadow the named one is dropped; a theme font standing alone is kept
    assert styles["a"].find("w:rPr/w:rFonts", NS).get(q("eastAsiaTheme")) is None
    assert styles["Heading1"].find("w:rPr/w:rFonts", NS).get(q("asciiTheme")) == "majorHAnsi"
    assert "Normal" not in styles
    # what the reference lacked is added, based on the reference's own Normal
    assert styles["Title"].find("w:basedOn", NS).get(q("val")) == "a"
    assert styles["DrafterHint"].find("w:basedOn", NS).get(q("val")) == "a"
    # the reference's heading styles (python-docx's) are used as they are
    used = {s for s, _ in paragraphs(data)}
    assert {"Title", "Heading1", "Heading2", "a", "DrafterSignUnit", "DrafterSignDate"} <= used
    assert used <= set(styles)
    assert [p.style.name for p in doc.paragraphs].count("Heading 1") == 3


def Mm20() -> int:
    return 20 * 36000


# ---------------------------------------------------------------- rendered by LibreOffice


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, hints):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftotext"):
        skip_unless_ci("LibreOffice (soffice) 或 pdftotext 不在 PATH 上：跳过渲染检查")
    folder = tmp_path_factory.mktemp("render")
    files = {"skeleton": build_skeleton(UNIT, YEAR, hints=hints)}
    for kind in list_kinds():
        files[kind["name"]] = build_skeleton(UNIT, YEAR, kind["name"], hints=hints)
    for n in (22, 23, 44, 45):
        doc = sk.build_document([Block("p", f"第{i + 1}行") for i in range(n)])
        buf = io.BytesIO()
        doc.save(buf)
        files[f"lines{n}"] = buf.getvalue()
    for name, blob in files.items():
        (folder / f"{name}.docx").write_bytes(blob)
    profile = (folder / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(folder),
         *[str(folder / f"{name}.docx") for name in files]],
        check=True, capture_output=True, timeout=240,
    )
    return folder, files


# LibreOffice (7.4) lets a 、，。 at the end of a justified Chinese line hang with no visible glyph,
# so rendered text is compared without that punctuation.
_HANGING = re.compile(r"[\s、，。；：！？]+")


def flat(text: str) -> str:
    return _HANGING.sub("", text)


def pdf_pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE).group(1))


def pdf_text(pdf: Path, page: int | None = None) -> str:
    args = ["pdftotext"] + (["-f", str(page), "-l", str(page)] if page else []) + [str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_rendered_pages_hold_22_lines(rendered):
    folder, _ = rendered
    if not shutil.which("pdfinfo"):
        skip_unless_ci("pdfinfo 不在 PATH 上")
    assert [pdf_pages(folder / f"lines{n}.pdf") for n in (22, 23, 44, 45)] == [1, 2, 2, 3]


def test_rendered_skeleton_text_and_page_numbers(rendered):
    folder, files = rendered
    pdf = folder / "skeleton.pdf"
    assert pdf_pages(pdf) == 3
    rendered_text = flat(pdf_text(pdf))
    for style, text in paragraphs(files["skeleton"]):
        assert flat(text) in rendered_text, (style, text)
    for page in (1, 2, 3):
        assert re.search(rf"\u2014\s*{page}\s*\u2014", pdf_text(pdf, page)), page


def test_rendered_page_numbers_sit_outside(rendered):
    folder, _ = rendered
    html = subprocess.run(["pdftotext", "-bbox", str(folder / "skeleton.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = re.findall(r"<page width=\"([\d.]+)\".*?</page>", html, re.DOTALL)
    bodies = re.findall(r"<page .*?</page>", html, re.DOTALL)
    for number, (width, body) in enumerate(zip(pages, bodies), start=1):
        xs = [float(x) for x, word in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', body)
              if word.strip("\u2014 ") == str(number) or word == f"\u2014{number}\u2014"]
        assert xs, number
        if number % 2:
            assert xs[-1] > float(width) / 2, "odd page number on the right"
        else:
            assert xs[-1] < float(width) / 2, "even page number on the left"


@pytest.mark.parametrize("kind", [k["name"] for k in list_kinds()])
def test_rendered_kinds_show_every_heading_and_prompt(rendered, kind):
    folder, files = rendered
    rendered_text = flat(pdf_text(folder / f"{kind}.pdf"))
    for _, text in paragraphs(files[kind]):
        assert flat(text) in rendered_text, text
    assert pdf_pages(folder / f"{kind}.pdf") >= 2


@pytest.mark.parametrize("title,lines", [
    ("区财政局2026年工作总结", ["区财政局2026年工作总结"]),
    ("区财政局2026年工作总结及2027年工作计划", ["区财政局2026年工作总结", "及2027年工作计划"]),
    ("县林业和草原局2026年工作总结暨2027年工作计划", ["县林业和草原局2026年工作总结", "暨2027年工作计划"]),
    ("区数据资源管理局关于2026年度工作情况的报告全文", ["区数据资源管理局关于2026年度工作情况的报告全文"]),
])
def test_long_titles_break_into_balanced_lines(title, lines):
    assert sk.title_lines(title) == lines
