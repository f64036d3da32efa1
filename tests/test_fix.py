"""drafter fix: safe fixes as tracked changes in a copy; accepted, lint no longer reports them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from drafter import read
from drafter.annotate import _mark
from drafter.cli import app
from drafter.docx_edit import paragraph_text, split_at
from drafter.fix import (
    Edit,
    _overlaps,
    apply_to_text,
    default_output,
    fix_file,
    plan,
    track_all,
)
from drafter.lint import lint_file
from drafter.reader.docx import iter_visible
from drafter.rules.base import Finding
from tests.docx_factory import W_NS, DocxBuilder, _zip
from tests.helpers import FINANCE, HEADER, PNG, members, sha, soffice_convert

runner = CliRunner()
W = f"{{{W_NS}}}"



def resolve(path: Path, out: Path, accept: bool, author: str = "drafter") -> Path:
    """Accept (drop w:del, unwrap w:ins) or reject (drop w:ins, unwrap w:del) one author's changes."""
    parts = members(path)
    root = etree.fromstring(parts["word/document.xml"])
    drop, keep = (W + "del", W + "ins") if accept else (W + "ins", W + "del")
    for el in list(root.iter(drop)):
        if el.get(W + "author") == author:
            el.getparent().remove(el)
    for el in list(root.iter(keep)):
        if el.get(W + "author") == author:
            for t in el.iter(W + "delText"):
                t.tag = W + "t"
            parent = el.getparent()
            at = parent.index(el)
            for child in reversed(list(el)):
                parent.insert(at, child)
            parent.remove(el)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out.write_bytes(_zip(parts))
    return out


def fixable(path: Path) -> list[tuple[str, int, str]]:
    return [(f.rule, f.paragraph, f.fix) for r in lint_file(str(path)) for f in r.findings if f.fix is not None]


# ---- tracked changes in a .docx -------------------------------------------------------------


def test_fixes_are_tracked_changes_by_drafter(finance):
    path, at = finance
    result = fix_file(str(path))
    out = result.output
    assert out == default_output(path) == path.with_name("区财政局.修改.docx") and out.exists()
    rules = {e.rule for e in result.applied}
    assert {"duplicate-sentence", "number-format", "heading-punctuation", "numbering-style"} <= rules
    root = etree.fromstring(members(out)["word/document.xml"])
    ours = [el for el in root.iter(W + "del", W + "ins") if el.get(W + "author") == "drafter"]
    assert len([e for e in ours if e.tag == W + "del"]) >= len(result.applied)
    for el in ours:
        assert el.get(W + "date").endswith("Z") and el.get(W + "id").isdigit()
        if el.tag == W + "del":
            assert el.find(f"{W}r/{W}delText") is not None and el.find(f"{W}r/{W}t") is None
        else:
            assert el.find(f"{W}r/{W}t") is not None
    ids = [el.get(W + "id") for el in root.iter(W + "ins", W + "del")]
    comment_ids = {el.get(W + "id") for el in root.iter(W + "commentRangeStart")}
    assert len(ids) == len(set(ids)) and not set(ids) & comment_ids  # every revision id unique
    # the copy reads as the fixed text: w:ins is visible, w:del is not
    before = {p.index: p.text for p in read(path).paragraphs}
    after = {p.index: p.text for p in read(out).paragraphs}
    for index, text in before.items():
        assert after[index] == apply_to_text(text, [e for e in result.applied if e.paragraph == index])
    assert after[at["item1"]].startswith("1.切实推进零基预算改革")
    assert after[at["heading_dot"]] == "（三）强化预算源头管理，防控收支风险"
    assert after[at["split"]].startswith("（一）一般公共预算收入完成情况。1—11月份")


def test_the_formatting_of_changed_runs_is_kept_in_deleted_and_inserted_runs(tmp_path):
    b = DocxBuilder()
    b.paragraph(FINANCE[0])
    b.heading(FINANCE[1], level=1)
    p = b.paragraph(runs=["全区财政支出", {"text": "1-11月", "bold": True, "font": "黑体"}, "累计XX亿元。"])
    path = b.save(tmp_path / "加粗.docx")
    out = fix_file(str(path)).output
    root = etree.fromstring(members(out)["word/document.xml"])
    para = list(root.iter(W + "p"))[p - 1]
    (deleted,) = para.iter(W + "del")
    (inserted,) = para.iter(W + "ins")
    for change, text in ((deleted, "1-11"), (inserted, "1—11")):
        run = change.find(W + "r")
        assert "".join(run.itertext()) == text
        rpr = run.find(W + "rPr")
        assert rpr.find(W + "b") is not None and rpr.find(W + "rFonts").get(W + "eastAsia") == "黑体"
    assert read(out).paragraphs[p - 1].text == "全区财政支出1—11月累计XX亿元。"
    assert read(out).paragraphs[p - 1].east_asia_font == read(path).paragraphs[p - 1].east_asia_font


def test_a_fix_across_runs_and_inside_someones_insertion(finance):
    path, at = finance
    result = fix_file(str(path))
    xml = members(result.output)["word/document.xml"]
    root = etree.fromstring(xml)
    paras = list(root.iter(W + "p"))
    # “1、” typed as “1” | “、”: two deletions, one insertion with the first run's formatting
    item = paras[at["item1"] - 1]
    dels = [el for el in item.iter(W + "del")]
    assert ["".join(d.itertext()) for d in dels] == ["1", "、"]
    assert "".join(next(item.iter(W + "ins")).itertext()) == "1."
    # 1-11月 inside the reviewer's insertion: our deletion nests in it, our insertion follows it
    inserted = paras[at["inserted"] - 1]
    ours = [el for el in inserted.iter(W + "del") if el.get(W + "author") == "drafter"]
    assert len(ours) == 1 and ours[0].getparent().get(W + "author") == "审稿人"
    assert read(result.output).paragraphs[at["inserted"] - 1].text.count("1—11月") == 1
    # the reviewer's deletion is untouched
    assert "XX区" in "".join(t.text for t in paras[at["deleted"] - 1].iter(W + "delText"))


def test_accepting_every_change_leaves_nothing_to_fix_and_rejecting_restores_the_text(finance, tmp_path):
    path, _ = finance
    before = fixable(path)
    assert len(before) >= 10
    result = fix_file(str(path))
    assert not result.skipped
    accepted = resolve(result.output, tmp_path / "accepted.docx", accept=True)
    assert fixable(accepted) == []
    assert fixable(result.output) == []  # the copy itself reads as the fixed text
    remaining = {(f.rule, f.paragraph) for r in lint_file(str(accepted)) for f in r.findings}
    assert not {(e.rule, e.paragraph) for e in result.applied if e.rule != "number-format"} & remaining
    rejected = resolve(result.output, tmp_path / "rejected.docx", accept=False)
    assert [p.text for p in read(rejected).paragraphs] == [p.text for p in read(path).paragraphs]
    assert fixable(rejected) == before


def test_only_the_document_part_changes(finance):
    path, _ = finance
    out = fix_file(str(path)).output
    before, after = members(path), members(out)
    assert list(before) == list(after)
    assert {n for n in before if before[n] != after[n]} == {"word/document.xml"}
    assert after["word/header1.xml"] == HEADER and after["word/media/image1.png"] == PNG


def test_rules_limit_the_fixes(finance):
    path, at = finance
    result = fix_file(str(path), rules=frozenset({"numbering-style"}))
    assert {e.rule for e in result.applied} == {"numbering-style"}
    assert {e.paragraph for e in result.applied} == {at["item1"], at["item2"], at["item2"] + 1}
    texts = [p.text for p in read(result.output).paragraphs]
    assert "1-11月" in texts[at["split"] - 1]


def test_overlapping_fixes_first_wins():
    texts = {1: "截至11月底。。，完成1-11月任务"}
    findings = [
        Finding("punctuation", "warning", "重复标点", 1, 6, 9, suggestion="。", fix="。"),
        Finding("punctuation", "warning", "标点", 1, 7, 9, suggestion="", fix=""),
        Finding("number-format", "warning", "范围", 1, 11, 15, suggestion="1—11", fix="1—11"),
        Finding("wording", "warning", "不确定", 1, 11, 13, suggestion="x", fix=None),
        Finding("number-format", "warning", "范围", 1, 12, 13, suggestion="—", fix="—"),
    ]

    class Result:
        def __init__(self, findings):
            self.findings = findings

    edits, skipped = plan([Result(findings)], texts)
    assert [(e.start, e.end, e.text) for e in edits] == [(6, 9, "。"), (11, 15, "1—11")]
    assert [(e.start, e.end) for e, _ in skipped] == [(7, 9), (12, 13)]
    assert apply_to_text(texts[1], edits) == "截至11月底。完成1—11月任务"
    edits, _ = plan([Result(findings)], texts, rules=frozenset({"number-format"}))
    assert [(e.start, e.text) for e in edits] == [(11, "1—11")]


# ---- the command: dry run, text files, refusals -----------------------------------------------


def test_dry_run_prints_a_diff_and_writes_nothing(finance):
    path, _ = finance
    listing = sorted(p.name for p in path.parent.iterdir())
    result = runner.invoke(app, ["fix", str(path), "--dry-run"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"--- {path}" and lines[1] == f"+++ {default_output(path)}"
    assert "-" + FINANCE[8] in lines and "+" + FINANCE[8][:-1] in lines
    assert any(line.startswith("+1.切实推进") for line in lines)
    assert "--dry-run" in result.stderr
    assert sorted(p.name for p in path.parent.iterdir()) == listing


def test_cli_refuses_to_overwrite_and_never_touches_the_input(finance, tmp_path):
    path, _ = finance
    digest = sha(path)
    result = runner.invoke(app, ["fix", str(path)])
    assert result.exit_code == 0 and "修订" in result.stdout
    target = default_output(path)
    first = sha(target)
    result = runner.invoke(app, ["fix", str(path)])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and "--force" in result.output
    assert sha(target) == first
    assert runner.invoke(app, ["fix", str(path), "--force"]).exit_code == 0
    result = runner.invoke(app, ["fix", str(path), "-o", str(path), "--force"])
    assert result.exit_code == 2 and "输入文件本身" in result.output
    result = runner.invoke(app, ["fix", str(path), "--rules", "no-such-rule"])
    assert result.exit_code == 2 and "no-such-rule" in result.output
    custom = tmp_path / "sub" / "改.docx"
    assert runner.invoke(app, ["fix", str(path), "-o", str(custom)]).exit_code == 2  # no such folder
    custom.parent.mkdir()
    assert runner.invoke(app, ["fix", str(path), "-o", str(custom), "--rules", "title,numbering-style"]).exit_code == 0
    assert sha(path) == digest
    assert not list(path.parent.glob(".*.tmp"))


def test_nothing_to_fix_writes_nothing(tmp_path):
    b = DocxBuilder()
    b.paragraph("区财政局2023年工作总结")
    b.heading("一、2023年工作总结", level=1)
    b.paragraph("全年完成一般公共预算收入12亿元。")
    path = b.save(tmp_path / "干净.docx")
    result = runner.invoke(app, ["fix", str(path)])
    assert result.exit_code == 0 and "没有可以自动修改的问题" in result.stdout
    assert not default_output(path).exists()


@pytest.mark.parametrize("encoding,newline", [("utf-8", "\n"), ("gb18030", "\r\n"), ("utf-8-sig", "\r\n")])
def test_text_files_get_a_fixed_copy_in_their_own_encoding(tmp_path, encoding, newline):
    path = tmp_path / "草稿.txt"
    raw = newline.join(FINANCE) + newline
    path.write_bytes(raw.encode(encoding))
    digest = sha(path)
    result = fix_file(str(path))
    assert result.output == path.with_name("草稿.修改.txt")
    data = result.output.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    text = data.decode(encoding)
    assert text.count(newline) == len(FINANCE) and (newline == "\n" or "\n" not in text.replace("\r\n", ""))
    lines = text.split(newline)[:-1]
    assert len(lines) == len(FINANCE)
    assert lines[9].startswith("1.切实推进") and lines[8] == FINANCE[8][:-1]
    assert lines[2].startswith("（一）一般公共预算收入完成情况。1—11月份")
    for i, line in enumerate(lines, start=1):
        assert line == apply_to_text(FINANCE[i - 1], [e for e in result.applied if e.paragraph == i])
    assert fixable(result.output) == []
    assert sha(path) == digest


def test_markdown_keeps_its_heading_marks(tmp_path):
    path = tmp_path / "草稿.md"
    lines = [f"# {FINANCE[0]}", f"## {FINANCE[1]}", FINANCE[2], f"### {FINANCE[8]}", FINANCE[9]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = fix_file(str(path))
    assert result.output.name == "草稿.修改.md"
    out = result.output.read_text(encoding="utf-8").split("\n")
    assert out[0] == lines[0] and out[1] == lines[1]
    assert out[3] == "### （三）强化预算源头管理，防控收支风险" and out[4].startswith("1.切实推进")
    assert out[2].startswith("（一）一般公共预算收入完成情况。1—11月份")
    assert read(result.output).paragraphs[3].markup == "### "


# ---- LibreOffice opens the fixed copy with its tracked changes ---------------------------------


def test_libreoffice_opens_the_fixed_copy_with_its_revisions(finance, tmp_path):
    path, _ = finance
    result = fix_file(str(path))
    folder = tmp_path / "lo"
    folder.mkdir()
    (odt,) = soffice_convert([result.output], "odt", folder)
    content = members(odt)["content.xml"].decode()
    assert "<text:tracked-changes" in content
    assert content.count("<text:changed-region") >= len(result.applied)
    assert content.count("<dc:creator>drafter</dc:creator>") >= len(result.applied)
    again = tmp_path / "lo-docx"
    again.mkdir()
    (back,) = soffice_convert([odt], "docx:MS Word 2007 XML", again)
    root = etree.fromstring(members(back)["word/document.xml"])
    authors = {el.get(W + "author") for el in root.iter(W + "ins", W + "del")}
    assert "drafter" in authors
    assert fixable(resolve(back, tmp_path / "accepted.docx", accept=True)) == []


# ---- any paragraph structure: runs, tracked changes, links, fields, content controls ----------

_CHARS = "一二XX-1、。，（） \t\n"
_RPR = ["", "<w:rPr><w:b/></w:rPr>", '<w:rPr><w:rFonts w:eastAsia="黑体"/><w:sz w:val="32"/></w:rPr>']


def _run(text: str, rpr: str, tag: str = "w:t") -> str:
    out = []
    for i, chunk in enumerate(re.split(r"(\t|\n)", text)):
        if i % 2:
            out.append("<w:tab/>" if chunk == "\t" else "<w:br/>")
        elif chunk:
            out.append(f'<{tag} xml:space="preserve">{chunk}</{tag}>')
    return f"<w:r>{rpr}{''.join(out)}</w:r>"


@st.composite
def segments(draw):
    kind = draw(st.sampled_from(["run", "run", "ins", "del", "link", "simple", "field", "sdt", "mark", "sym", "two"]))
    text = draw(st.text(_CHARS, min_size=1, max_size=6))
    rpr = draw(st.sampled_from(_RPR))
    changed = 'w:id="900" w:author="审稿人" w:date="2024-01-15T09:00:00Z"'
    if kind == "ins":
        return f"<w:ins {changed}>{_run(text, rpr)}</w:ins>"
    if kind == "del":
        return f"<w:del {changed}>{_run(text, rpr, 'w:delText')}</w:del>"
    if kind == "link":
        return f'<w:hyperlink w:anchor="a">{_run(text, rpr)}</w:hyperlink>'
    if kind == "simple":
        return f'<w:fldSimple w:instr=" PAGE ">{_run(text, rpr)}</w:fldSimple>'
    if kind == "field":
        return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE </w:instrText></w:r>'
                f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{_run(text, rpr)}'
                f'<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    if kind == "sdt":
        return f"<w:sdt><w:sdtPr/><w:sdtContent>{_run(text, rpr)}</w:sdtContent></w:sdt>"
    if kind == "mark":
        return f'<w:bookmarkStart w:id="901" w:name="b"/>{_run(text, rpr)}<w:bookmarkEnd w:id="901"/>'
    if kind == "sym":
        return f'<w:r>{rpr}<w:sym w:font="Wingdings" w:char="F0FC"/><w:t>{text.strip() or "X"}</w:t></w:r>'
    return f"<w:r>{rpr}<w:t>{text.strip() or 'X'}</w:t><w:lastRenderedPageBreak/><w:t>X</w:t></w:r>"


def _paragraph(xml: str):
    return etree.fromstring(f'<w:p xmlns:w="{W_NS}"><w:pPr><w:jc w:val="both"/></w:pPr>{xml}</w:p>')


class _Ids:
    def __init__(self):
        self.n = 1000

    def next_id(self):
        self.n += 1
        return self.n


def _spans(draw, length: int, count: int) -> list[tuple[int, int]]:
    points = sorted(draw(st.lists(st.integers(0, length), min_size=2 * count, max_size=2 * count)))
    return [(points[i], points[i + 1]) for i in range(0, len(points), 2)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(segments(), min_size=1, max_size=8), st.data())
def test_any_structure_tracked_changes_give_the_fixed_text_and_the_original_back(parts, data):
    p = _paragraph("".join(parts))
    text = paragraph_text(p)
    spans = [(s, e) for s, e in _spans(data.draw, len(text), data.draw(st.integers(1, 3))) ]
    edits = [Edit(1, s, e, data.draw(st.text("—.（）", max_size=3)), "r") for s, e in spans]
    edits = [e for e in edits if e.text != text[e.start:e.end]]
    edits = [e for i, e in enumerate(edits) if not any(_overlaps(e, o) for o in edits[:i])]  # as plan() does
    applied = track_all(_Ids(), p, edits, "2024-01-15T09:00:00Z")
    assert len(applied) == len(edits)  # nothing here is a field code, drawing or note
    assert paragraph_text(p) == apply_to_text(text, applied)
    for accept in (True, False):
        q = etree.fromstring(etree.tostring(p))
        drop, keep = (W + "del", W + "ins") if accept else (W + "ins", W + "del")
        for el in list(q.iter(drop)):
            if el.get(W + "author") == "drafter":
                el.getparent().remove(el)
        for el in list(q.iter(keep)):
            if el.get(W + "author") == "drafter":
                for t in el.iter(W + "delText"):
                    t.tag = W + "t"
                parent, at = el.getparent(), el.getparent().index(el)
                for child in reversed(list(el)):
                    parent.insert(at, child)
                parent.remove(el)
        assert paragraph_text(q) == (apply_to_text(text, applied) if accept else text)
    for el in p.iter(W + "ins", W + "del"):  # no insertion in an insertion; ours hold runs only
        assert el.getparent().tag != el.tag and el.getparent().tag != W + "del"
        if el.get(W + "author") == "drafter":
            assert all(child.tag == W + "r" for child in el)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(segments(), min_size=1, max_size=8), st.data())
def test_any_structure_comments_cover_exactly_their_text(parts, data):
    p = _paragraph("".join(parts))
    text = paragraph_text(p)
    if not text:
        return
    spans = [(s, e) for s, e in _spans(data.draw, len(text), data.draw(st.integers(1, 3))) if s < e]
    spans += [(s, e) for s, e in _spans(data.draw, len(text), 1) if s < e]  # may overlap the others
    cut = {}
    for s, e in spans:
        for k in (s, e):
            cut.setdefault(k, split_at(p, k))
    assert all(cut.values())
    for cid, (s, e) in enumerate(spans):
        _mark(p, s, e, cid, cut)
    assert paragraph_text(p) == text
    visible = {el: t for el, t, _ in iter_visible(p)}
    open_ids, got = set(), {cid: "" for cid in range(len(spans))}
    for el in p.iter():
        if el.tag == W + "commentRangeStart":
            open_ids.add(int(el.get(W + "id")))
        elif el.tag == W + "commentRangeEnd":
            open_ids.discard(int(el.get(W + "id")))
        elif el in visible:
            for cid in open_ids:
                got[cid] += visible[el]
    assert got == {cid: text[s:e] for cid, (s, e) in enumerate(spans)}
    for ref in p.iter(W + "commentReference"):
        assert ref.getparent().getparent() is p  # the reference run at paragraph level
