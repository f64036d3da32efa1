"""The reader sees what the reader of the document sees, at the contracted locations."""

import pytest

from drafter import read
from drafter.errors import InputError
from drafter.reader.numbering import format_number
from tests.docx_factory import DocxBuilder


def _read(tmp_path, builder, name="t.docx"):
    return read(builder.save(tmp_path / name))


def test_location_contract_counts_empty_and_table_paragraphs(tmp_path):
    b = DocxBuilder()
    first = b.paragraph("区财政局2023年工作总结")
    b.empty()
    cells = b.table([["单位", "完成值"], ["县财政局", "XX万元"]])
    after = b.paragraph("表后正文。")
    doc = _read(tmp_path, b)
    by_index = {p.index: p for p in doc.paragraphs}
    assert [p.index for p in doc.paragraphs] == list(range(1, len(doc.paragraphs) + 1))
    assert by_index[first].text == "区财政局2023年工作总结"
    assert by_index[first + 1].text == ""
    assert by_index[cells[1][1]].text == "XX万元" and by_index[cells[1][1]].in_table
    assert [by_index[i].text for row in cells for i in row] == ["单位", "完成值", "县财政局", "XX万元"]
    assert by_index[after].text == "表后正文。" and not by_index[after].in_table


def test_runs_are_joined_and_tracked_changes_resolved(tmp_path):
    b = DocxBuilder()
    split = b.paragraph(runs=["一般公共", "预算收入X", "X亿元"])
    inserted = b.tracked_insert(before="完成投资", inserted="120", after="万元")
    deleted = b.tracked_delete(before="完成投资", deleted="XX", after="万元")
    doc = {p.index: p for p in _read(tmp_path, b).paragraphs}
    assert doc[split].text == "一般公共预算收入XX亿元"
    assert doc[inserted].text == "完成投资120万元"
    assert doc[deleted].text == "完成投资万元"


def test_auto_numbering_renders_chinese_levels_and_restarts_deeper_levels(tmp_path):
    b = DocxBuilder()
    b.numbering(1)  # 一、 （一） 1. （1）
    h1 = b.numbered("2023年工作总结", num_id=1, ilvl=0)
    h2a = b.numbered("强化理论武装", num_id=1, ilvl=1)
    h3 = b.numbered("学习制度", num_id=1, ilvl=2)
    h2b = b.numbered("推进依法行政", num_id=1, ilvl=1)
    h1b = b.numbered("存在的问题", num_id=1, ilvl=0)
    h2c = b.numbered("投入不足", num_id=1, ilvl=1)
    doc = {p.index: p for p in _read(tmp_path, b).paragraphs}
    assert [doc[i].number for i in (h1, h2a, h3, h2b, h1b, h2c)] == ["一、", "（一）", "1.", "（二）", "二、", "（一）"]
    assert doc[h1].text == "2023年工作总结"  # the number is not part of the text: offsets stay in the text


def test_numbering_through_a_style_and_list_restart(tmp_path):
    b = DocxBuilder()
    b.numbering(5, abstract_id=3)
    b.style("ListHeading1", "List Heading 1", num_id=5, ilvl=0)
    first = b.paragraph("工作总结", style="ListHeading1")
    second = b.paragraph("存在的问题", style="ListHeading1")
    b.numbering(6, abstract_id=3, start_overrides={0: 1})  # a second list on the same definition, restarted
    restarted = b.numbered("另一份清单", num_id=6, ilvl=0)
    doc = {p.index: p for p in _read(tmp_path, b).paragraphs}
    assert (doc[first].number, doc[second].number, doc[restarted].number) == ("一、", "二、", "一、")
    assert doc[first].style == "List Heading 1"


def test_other_number_formats(tmp_path):
    b = DocxBuilder()
    b.numbering(2, levels=[{"fmt": "ideographTraditional", "text": "%1、"}])
    b.numbering(3, levels=[{"fmt": "decimal", "text": "（%1）", "start": 3}])
    items = [b.numbered(t, num_id=2) for t in ("甲项", "乙项")]
    decimal = b.numbered("第三项", num_id=3)
    doc = {p.index: p for p in _read(tmp_path, b).paragraphs}
    assert [doc[i].number for i in items] == ["甲、", "乙、"]
    assert doc[decimal].number == "（3）"


@pytest.mark.parametrize("n,fmt,expected", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCounting", "二十"), (23, "chineseCounting", "二十三"), (105, "chineseCounting", "一百零五"),
    (3, "chineseLegalSimplified", "叁"), (2, "ideographTraditional", "乙"), (4, "upperRoman", "IV"),
    (28, "upperLetter", "BB"), (3, "decimalEnclosedCircle", "③"), (12, "decimalFullWidth", "１２"),
])
def test_format_number(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_heading_styles_give_outline_levels_and_fonts(tmp_path):
    b = DocxBuilder()
    h = b.heading("工作总结", level=1)
    body = b.paragraph("正文内容。", font="仿宋_GB2312", size_pt=16)
    b.margins_mm(top=37, bottom=35, left=28, right=26)
    doc = _read(tmp_path, b)
    by_index = {p.index: p for p in doc.paragraphs}
    assert by_index[h].outline_level == 0
    assert by_index[h].east_asia_font == "黑体"
    assert by_index[body].outline_level is None
    assert (by_index[body].east_asia_font, by_index[body].font_size) == ("仿宋_GB2312", 16)
    assert doc.margins_mm == pytest.approx((37, 35, 28, 26), abs=0.1)


def test_comments_are_attached_to_their_paragraph(tmp_path):
    b = DocxBuilder()
    p = b.paragraph("完成投资XX万元。")
    b.comment_on(p, "drafter: ignore placeholder")
    doc = {x.index: x for x in _read(tmp_path, b).paragraphs}
    assert doc[p].comments == ["drafter: ignore placeholder"]


@pytest.mark.parametrize("encoding,prefix", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
])
def test_text_encodings(tmp_path, encoding, prefix):
    path = tmp_path / "r.txt"
    path.write_bytes(prefix + "区财政局2023年工作总结\r\n一、工作情况\r\n".encode(encoding))
    doc = read(path)
    assert [p.text for p in doc.paragraphs] == ["区财政局2023年工作总结", "一、工作情况"]
    assert [p.index for p in doc.paragraphs] == [1, 2]


def test_markdown_heading_marks_are_kept_out_of_the_text(tmp_path):
    path = tmp_path / "r.md"
    path.write_text("# 区财政局2023年工作总结\n## 一、工作情况\n正文。\n", encoding="utf-8")
    doc = read(path)
    assert [(p.text, p.outline_level, p.markup) for p in doc.paragraphs] == [
        ("区财政局2023年工作总结", 0, "# "), ("一、工作情况", 1, "## "), ("正文。", None, "")]


def test_undecodable_text_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(bytes([0x81, 0x30, 0xff, 0xff, 0xfe]) * 10)
    with pytest.raises(InputError) as err:
        read(path)
    assert str(path) in str(err.value) and "编码" in err.value.reason


TEXT_BOX = (
    '<w:p xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:t>正文中有文本框。</w:t></w:r><w:r><mc:AlternateContent>'
    '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>框内的说明文字，约四十个字，'
    '用来检查文本框不会被当成重复段落。</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>'
    '<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>框内的说明文字，约四十个字，'
    '用来检查文本框不会被当成重复段落。</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback>'
    '</mc:AlternateContent></w:r></w:p>'
)


def test_text_box_is_read_once_though_word_stores_it_twice(tmp_path):
    b = DocxBuilder()
    outer, shown, fallback = b.raw(TEXT_BOX)
    after = b.paragraph("文本框后的段落。")
    doc = {p.index: p for p in _read(tmp_path, b).paragraphs}
    assert doc[outer].text == "正文中有文本框。"  # the box's text belongs to its own paragraph
    assert doc[shown].text.startswith("框内的说明文字")
    assert doc[fallback].text == ""  # counted, as the location contract says, but not seen twice
    assert doc[after].text == "文本框后的段落。" and after == fallback + 1


def test_symbol_characters_are_read_and_impossible_ones_left_out(tmp_path):
    b = DocxBuilder()
    # the last two name no character: beyond Unicode, and beyond what chr() takes at all
    (index,) = b.raw('<w:p><w:r><w:t>完成</w:t><w:sym w:font="Symbol" w:char="2460"/><w:sym w:char="110000"/>'
                     '<w:sym w:char="FFFFFFFFFFFF"/><w:t>项</w:t></w:r></w:p>')
    assert {p.index: p for p in _read(tmp_path, b).paragraphs}[index].text == "完成①项"


def test_plain_paragraph_fast_path_reads_what_the_general_walk_reads():
    from lxml import etree

    from drafter.reader.docx import _P, _PPR, _child, _read_plain_paragraph, _walked_paragraph_text

    b = DocxBuilder()
    b.paragraph("区财政局2023年工作总结", align="center", font="方正小标宋简体", size_pt=22)
    b.paragraph(runs=["一般公共", "预算收入", "亿元"])
    b.heading("一、主要工作", font="黑体")
    b.empty()
    b.paragraph("有\t制表位和\n换行的段落。")
    b.tracked_insert(before="完成投资", inserted="120", after="万元")
    b.table([["单位", "完成值"], ["县财政局", "XX万元"]])
    b.raw('<w:p><w:r><w:t>两段</w:t><w:t></w:t><w:rPr><w:sz w:val="28"/></w:rPr><w:t>文字</w:t></w:r>'
          '<w:r><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:r><w:r><w:t/></w:r></w:p>'
          '<w:p><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:rPr><w:sz w:val="30"/></w:rPr><w:t>两个格式</w:t></w:r></w:p>'
          '<w:p><w:bookmarkStart w:id="0" w:name="a"/><w:r><w:t>书签内</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p>'
          '<w:p><w:r><w:t>完成</w:t><w:sym w:char="2460"/><w:t>项</w:t></w:r></w:p>'
          '<w:p><w:r><w:t>格式在后</w:t></w:r><w:pPr><w:jc w:val="center"/></w:pPr><w:pPr><w:jc w:val="right"/></w:pPr></w:p>')
    body = etree.fromstring(b.parts()["word/document.xml"])
    read_fast = 0
    for p in body.iter(_P):
        plain = _read_plain_paragraph(p)
        if plain is not None:
            read_fast += 1
            assert plain[0] is _child(p, _PPR)
            plain = plain[1:]
            walked = _walked_paragraph_text(p)
            # the dicts in the same order too: the first value met wins a tie for the dominant one
            assert [plain[0], *map(list, plain[1:])] == [walked[0], *map(list, walked[1:])], etree.tostring(p)
            assert plain == walked
    assert 8 <= read_fast < sum(1 for _ in body.iter(_P))


def test_a_docx_is_read_without_zipfile_whose_constants_the_reader_copies(tmp_path):
    """The small zip reader stands on two of zipfile's facts, and spares lint's start importing it."""
    import subprocess
    import sys
    import zipfile

    from drafter.reader import ooxml

    assert (ooxml._MAX_EXTRACT_VERSION, ooxml._DEFLATED) == (zipfile.MAX_EXTRACT_VERSION, zipfile.ZIP_DEFLATED)
    path = tmp_path / "草稿.docx"
    b = DocxBuilder()
    b.paragraph("区财政局2025年工作总结")
    b.paragraph("一、主要工作")
    b.save(path)
    probe = ("import sys\nfrom drafter import read\n"
             f"assert read({str(path)!r}).paragraphs[1].text == '一、主要工作'\n"
             "print('zipfile' in sys.modules, 'shutil' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
