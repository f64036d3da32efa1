"""drafter lint --annotate: every finding a Word comment on exactly its text, the rest of the copy untouched."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import docx as python_docx
from docx.oxml.ns import qn
from typer.testing import CliRunner

from drafter import read
from drafter.annotate import annotate_docx, comment_text, default_output
from drafter.cli import app
from drafter.corpus import split_reports
from drafter.lint import lint_file
from drafter.reader.docx import iter_visible
from tests.docx_factory import W_NS, DocxBuilder
from tests.helpers import FINANCE, HEADER, PNG, SEED, members, sha, soffice_convert

runner = CliRunner()
W = f"{{{W_NS}}}"


def anchored_texts(path: Path) -> dict[str, str]:
    """comment id → the visible text between its commentRangeStart and commentRangeEnd, read with
    python-docx's element tree (text by the location contract's rules)."""
    body = python_docx.Document(str(path)).element.body
    visible = {}
    for p in body.iter(qn("w:p")):
        for el, text, _ in iter_visible(p):
            visible[el] = text
    open_ids: set[str] = set()
    out: dict[str, str] = {}
    for el in body.iter():
        if el.tag == qn("w:commentRangeStart"):
            open_ids.add(el.get(qn("w:id")))
            out.setdefault(el.get(qn("w:id")), "")
        elif el.tag == qn("w:commentRangeEnd"):
            open_ids.discard(el.get(qn("w:id")))
        elif el in visible:
            for cid in open_ids:
                out[cid] += visible[el]
    return out


def annotate(path: Path, **kw) -> tuple[Path, list]:
    results = lint_file(str(path))
    out, count = annotate_docx(str(path), results, **kw)
    assert count == sum(len(r.findings) for r in results)
    return out, results


# ---- the comments ---------------------------------------------------------------------------


def test_every_finding_is_a_comment_on_exactly_its_text(finance):
    path, _ = finance
    out, results = annotate(path)
    assert out == default_output(path) == path.with_name("区财政局.批注.docx")
    paragraphs = {p.index: p for p in read(path).paragraphs}
    document = python_docx.Document(str(out))
    ours = [c for c in document.comments if c.author == "drafter"]
    findings = [(r, f) for r in results for f in r.findings]
    assert len(ours) == len(findings) > 40
    anchors = anchored_texts(out)
    by_text: dict[str, list[str]] = {}
    for c in ours:
        assert c.initials == "D"
        by_text.setdefault(c.text, []).append(anchors[str(c.comment_id)])
    for result, f in findings:
        if f.paragraph is None:  # on the title
            expected = result.outline.title[0].text
        elif f.start is None or f.end is None or f.end <= f.start:  # on the whole paragraph
            expected = paragraphs[f.paragraph].text
        else:
            expected = paragraphs[f.paragraph].text[f.start:f.end]
        assert expected in by_text[comment_text(f)], (f.rule, f.message)
    assert "[placeholder]" in comment_text(next(f for _, f in findings if f.rule == "placeholder"))
    with_suggestion = next(f for _, f in findings if f.rule == "number-format" and f.suggestion)
    assert comment_text(with_suggestion).endswith(f" 建议：{with_suggestion.suggestion}")


def test_a_placeholder_typed_in_two_runs_gets_one_comment_over_both(finance):
    path, at = finance
    out, results = annotate(path)
    text = read(path).paragraphs[at["split"] - 1].text
    xx = text.index("XX亿元")
    expected = [f for r in results for f in r.findings
                if f.rule == "placeholder" and f.paragraph == at["split"] and f.start == xx]
    assert len(expected) == 1 and expected[0].end == xx + 2
    document = python_docx.Document(str(out))
    anchors = anchored_texts(out)
    mine = [c for c in document.comments if c.text == comment_text(expected[0])
            and anchors[str(c.comment_id)] == "XX"]
    assert len(mine) >= 1
    # the range holds the two X runs, each with its own formatting: plain, then bold
    cid = str(mine[0].comment_id)
    p = document.element.body.findall(qn("w:p"))[at["split"] - 1]
    inside, runs = False, []
    for el in p:
        if el.tag == qn("w:commentRangeStart") and el.get(qn("w:id")) == cid:
            inside = True
        elif el.tag == qn("w:commentRangeEnd") and el.get(qn("w:id")) == cid:
            break
        elif inside and el.tag == qn("w:r"):
            runs.append(el)
    assert ["".join(t.text for t in r.iter(qn("w:t"))) for r in runs] == ["X", "X"]
    assert runs[0].find(qn("w:rPr")).find(qn("w:b")) is None
    assert runs[1].find(qn("w:rPr")).find(qn("w:b")) is not None
    fonts = {r.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")) for r in runs}
    assert fonts == {"仿宋_GB2312"}


def test_the_copy_reads_back_as_the_original(finance):
    path, at = finance
    out, _ = annotate(path)
    before, after = read(path), read(out)
    assert len(before.paragraphs) == len(after.paragraphs)
    for a, b in zip(before.paragraphs, after.paragraphs):
        assert (a.index, a.text, a.number, a.style, a.outline_level, a.in_table, a.alignment, a.east_asia_font,
                a.font_size) == (b.index, b.text, b.number, b.style, b.outline_level, b.in_table, b.alignment,
                                 b.east_asia_font, b.font_size)
        assert set(a.comments) <= set(b.comments)
    assert before.margins_mm == after.margins_mm
    numbered = after.paragraphs[at["auto"] - 1]
    assert numbered.number == "1." and after.paragraphs[at["auto"]].number == "2."
    assert after.paragraphs[at["inserted"] - 1].text.count("1-11月") == 1
    assert "XX区" not in after.paragraphs[at["deleted"] - 1].text
    # the tracked changes are still tracked changes, by their author
    xml = members(out)["word/document.xml"].decode()
    assert xml.count('w:author="审稿人"') == 2 and "<w:delText" in xml


def test_existing_comments_are_kept_and_new_ids_come_above(finance):
    path, at = finance
    out, _ = annotate(path)
    document = python_docx.Document(str(out))
    old = [c for c in document.comments if c.author != "drafter"]
    assert [(c.text, c.comment_id) for c in old] == [("请核实支出进度数据", old[0].comment_id)]
    assert anchored_texts(out)[str(old[0].comment_id)] == FINANCE[3]
    before = members(path)
    used = [int(v) for name in ("word/document.xml", "word/comments.xml")
            for v in re.findall(rb'w:id="(\d+)"', before[name])]
    new_ids = [c.comment_id for c in document.comments if c.author == "drafter"]
    assert min(new_ids) > max(used)
    assert len(set(new_ids)) == len(new_ids)
    assert read(out).paragraphs[at["commented"] - 1].comments[0] == "请核实支出进度数据"


def test_only_the_document_and_comments_parts_change(finance):
    path, _ = finance
    out, _ = annotate(path)
    before, after = members(path), members(out)
    assert list(after) == list(before)  # same members, same order: comments.xml existed
    changed = {n for n in before if before[n] != after[n]}
    assert changed == {"word/document.xml", "word/comments.xml"}
    assert after["word/header1.xml"] == HEADER and after["word/media/image1.png"] == PNG
    with zipfile.ZipFile(path) as a, zipfile.ZipFile(out) as b:
        for info in a.infolist():
            other = b.getinfo(info.filename)
            assert (other.date_time, other.compress_type) == (info.date_time, info.compress_type)


def test_a_document_without_comments_gets_the_part_its_relationship_and_content_type(tmp_path):
    b = DocxBuilder()
    b.paragraph(FINANCE[0])
    b.heading(FINANCE[1], level=1)
    b.paragraph(FINANCE[2])
    path = b.save(tmp_path / "无批注.docx")
    out, _ = annotate(path)
    before, after = members(path), members(out)
    assert set(after) - set(before) == {"word/comments.xml"}
    assert {n for n in before if before[n] != after[n]} == {
        "word/document.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"}
    assert b"/word/comments.xml" in after["[Content_Types].xml"]
    assert b"relationships/comments" in after["word/_rels/document.xml.rels"]
    document = python_docx.Document(str(out))
    assert len(list(document.comments)) > 3


def test_the_input_is_never_modified(finance):
    path, _ = finance
    digest = sha(path)
    result = runner.invoke(app, ["lint", str(path), "--annotate"])
    assert result.exit_code == 1  # the draft's errors, as lint without --annotate
    assert default_output(path).exists() and sha(path) == digest
    result = runner.invoke(app, ["lint", str(path), "-o", str(path), "--force"])
    assert result.exit_code == 2 and "输入文件本身" in result.output
    assert sha(path) == digest


# ---- document-level findings --------------------------------------------------------------


def test_document_level_findings_sit_on_each_reports_title(tmp_path):
    lines = [line for line in SEED.read_text(encoding="utf-8").split("\n")]
    b = DocxBuilder()
    for line in lines:
        b.paragraph(line)
    path = b.save(tmp_path / "汇编.docx")
    reports = split_reports(read(path))
    assert len(reports) == 11
    out, results = annotate(path)
    anchors = anchored_texts(out)
    document = python_docx.Document(str(out))
    by_comment = {}
    for c in document.comments:
        by_comment.setdefault(c.text, set()).add(anchors[str(c.comment_id)])
    level = [(r, f) for r in results for f in r.findings if f.paragraph is None]
    assert len({id(r) for r, _ in level}) >= 3  # several reports have one
    for r, f in level:
        title = next(p for p in r.outline.report.paragraphs if p.text.strip())
        assert title.text in by_comment[comment_text(f)]


# ---- the command --------------------------------------------------------------------------


def test_cli_default_name_refusal_force_and_output(finance, tmp_path):
    path, _ = finance
    result = runner.invoke(app, ["lint", str(path), "--annotate", "--format", "json"])
    assert result.exit_code == 1
    json.loads(result.stdout)  # the notice goes to stderr: stdout stays JSON
    target = default_output(path)
    assert "已生成批注副本" in result.stderr and target.exists()
    first = sha(target)
    result = runner.invoke(app, ["lint", str(path), "--annotate"])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("错误")]
    assert len(errors) == 1 and "--force" in errors[0] and "已存在" in errors[0]
    assert sha(target) == first
    assert runner.invoke(app, ["lint", str(path), "--annotate", "--force"]).exit_code == 1
    custom = tmp_path / "批注稿.docx"
    result = runner.invoke(app, ["lint", str(path), "-o", str(custom), "--min-severity", "error"])
    assert result.exit_code == 1 and custom.exists()
    comments = list(python_docx.Document(str(custom)).comments)
    errors_only = [f for r in lint_file(str(path)) for f in r.findings if f.severity == "error"]
    assert len([c for c in comments if c.author == "drafter"]) == len(errors_only)


def test_cli_notes_text_files_and_refuses_output_for_several_files(tmp_path, finance):
    path, _ = finance
    txt = tmp_path / "草稿.txt"
    txt.write_text("\n".join(FINANCE) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["lint", str(txt), "--annotate"])
    assert result.exit_code == 1 and "提示" in result.stderr and ".docx" in result.stderr  # lint's own code
    assert list(tmp_path.glob("草稿.批注*")) == []
    result = runner.invoke(app, ["lint", str(txt), str(path), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2 and "单个文件" in result.stderr
    assert not (tmp_path / "x.docx").exists()
    result = runner.invoke(app, ["lint", str(path), "-o", str(tmp_path / "x.txt")])
    assert result.exit_code == 2 and ".docx" in result.stderr


def test_lint_without_annotate_writes_nothing(finance):
    path, _ = finance
    folder = sorted(p.name for p in path.parent.iterdir())
    runner.invoke(app, ["lint", str(path)])
    assert sorted(p.name for p in path.parent.iterdir()) == folder


# ---- LibreOffice opens the copy and keeps the comments --------------------------------------





def test_libreoffice_opens_the_annotated_copy_and_keeps_the_comments(finance, tmp_path):
    path, _ = finance
    out, results = annotate(path)
    converted = tmp_path / "lo"
    converted.mkdir()
    (odt,) = soffice_convert([out], "odt", converted)
    content = members(odt)["content.xml"].decode()
    findings = [f for r in results for f in r.findings]
    assert content.count("<office:annotation ") == len(findings) + 1  # and the existing one
    assert content.count("<office:annotation-end ") == len(findings) + 1
    assert "请核实支出进度数据" in content
    placeholder = next(f for f in findings if f.rule == "placeholder")
    assert placeholder.message.split("：")[0] in content
    # and back to .docx: Word's format again, comments still there
    again = tmp_path / "lo-docx"
    again.mkdir()
    (back,) = soffice_convert([odt], "docx:MS Word 2007 XML", again)
    texts = [c.text for c in python_docx.Document(str(back)).comments]
    assert len(texts) == len(findings) + 1 and comment_text(placeholder) in texts
