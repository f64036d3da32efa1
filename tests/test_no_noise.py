"""On well-written reports the linter says nothing at warning or above: as .docx and as text."""

import re

import pytest

from drafter.lint import lint_file
from drafter.rules.base import severity_rank
from tests.clean_reports import CLEAN_REPORTS
from tests.docx_factory import DocxBuilder

TITLE_FONT = "方正小标宋简体"


def build_docx(blocks, auto_numbering=False) -> DocxBuilder:
    """A report laid out as GB/T 9704 asks; with auto_numbering, heading numbers come from numbering.xml."""
    b = DocxBuilder()
    if auto_numbering:
        b.numbering(1)  # 一、 （一） 1. （1）
    for kind, text in blocks:
        if kind == "title":
            b.paragraph(text, align="center", font=TITLE_FONT, size_pt=22)
        elif kind in ("h1", "h2"):
            level = int(kind[1])
            if auto_numbering:
                words = re.sub(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", "", text)
                b.numbered(words, num_id=1, ilvl=level - 1, style=f"Heading{level}", font=None, size_pt=None)
            else:
                b.heading(text, level=level)
        elif kind == "table":
            b.table([row.split(";") for row in text.split("|")])
        elif kind in ("unit", "date"):
            b.paragraph(text, align="right")
        else:
            b.paragraph(text)
    return b


def _serious(results):
    return [(f.rule, f.paragraph, f.message) for r in results for f in r.findings
            if severity_rank(f.severity) >= severity_rank("warning")]


@pytest.mark.parametrize("name", sorted(CLEAN_REPORTS))
def test_clean_docx_reports_are_silent(tmp_path, name):
    path = build_docx(CLEAN_REPORTS[name]).save(tmp_path / f"{name}.docx")
    assert _serious(lint_file(str(path))) == []


@pytest.mark.parametrize("name", sorted(CLEAN_REPORTS))
def test_clean_auto_numbered_docx_reports_are_silent(tmp_path, name):
    path = build_docx(CLEAN_REPORTS[name], auto_numbering=True).save(tmp_path / f"{name}.docx")
    results = lint_file(str(path))
    assert _serious(results) == []
    assert [s.heading.number for s in results[0].outline.sections][:2] == ["一、", "二、"]


@pytest.mark.parametrize("name", sorted(CLEAN_REPORTS))
def test_clean_text_reports_are_silent(tmp_path, name):
    lines = [text.replace("|", "\n").replace(";", "\t") if kind == "table" else text
             for kind, text in CLEAN_REPORTS[name]]
    path = tmp_path / f"{name}.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _serious(lint_file(str(path))) == []
