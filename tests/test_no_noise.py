"""On well-written reports the linter says nothing at warning or above: as .docx and as text."""


import pytest

from drafter.lint import lint_file
from drafter.rules.base import severity_rank
from tests.clean_reports import CLEAN_REPORTS
from tests.helpers import build_docx


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
