"""format (.docx only): fonts, sizes and margins, once per document with counts and examples."""

from drafter.lint import lint_file
from tests.clean_reports import FINANCE_2025
from tests.helpers import build_docx


def _format_findings(path):
    return [f for r in lint_file(str(path)) for f in r.findings if f.rule == "format"]


def test_body_in_the_wrong_font_is_reported_once_with_counts(tmp_path):
    b = build_docx(FINANCE_2025)
    first = b.paragraph("另起一段用了宋体小四的正文，这是从网页粘贴来的。", font="宋体", size_pt=12)
    b.paragraph("又一段宋体小四的正文，同样来自网页。", font="宋体", size_pt=12)
    findings = _format_findings(b.save(tmp_path / "d.docx"))
    assert len(findings) == 1
    (f,) = findings
    assert f.paragraph == first
    assert "有2段不是仿宋 三号" in f.message and "宋体 小四" in f.message


def test_headings_and_title_in_wrong_fonts(tmp_path):
    blocks = [(k, t) for k, t in FINANCE_2025]
    b = build_docx(blocks)
    b.heading("四、其他事项", level=1, font="宋体")
    messages = " ".join(f.message for f in _format_findings(b.save(tmp_path / "h.docx")))
    assert "一级标题" in messages and "黑体" in messages


def test_margins_far_from_the_standard(tmp_path):
    b = build_docx(FINANCE_2025)
    b.margins_mm(top=25.4, bottom=25.4, left=31.8, right=31.8)  # Word's default
    findings = _format_findings(b.save(tmp_path / "m.docx"))
    assert len(findings) == 1 and findings[0].paragraph is None
    assert "上边距25.4毫米（应为37毫米）" in findings[0].message


def test_text_files_have_no_format_findings(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("\n".join(t for _, t in FINANCE_2025), encoding="utf-8")
    assert _format_findings(path) == []


def test_english_font_names_are_the_same_fonts(tmp_path):
    b = build_docx(FINANCE_2025)
    b.paragraph("用英文名称设置仿宋字体的正文段落。", font="FangSong_GB2312", size_pt=16)
    b.paragraph("另一段。", font="FangSong", size_pt=16)
    assert _format_findings(b.save(tmp_path / "en.docx")) == []
