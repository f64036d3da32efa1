"""drafter fix: the safe, mechanical fixes lint knows, applied to a copy of the draft.

Only findings with a ``fix`` (the exact replacement for their span) are applied: repeated or
half-width punctuation, 1、 → 1., (一) → （一）, hyphen ranges → —, a doubled sentence removed,
a heading's or title's ending punctuation removed, wording entries marked certain. When two
fixes overlap the first (in document order) is applied and the others skipped.

In a .docx each fix is a tracked change by “drafter” (w:del holding the old text, w:ins the new,
both with the formatting of the run they replace), for the writer to accept or reject in Word;
a .txt or .md file gets a fixed copy, in its own encoding and line endings.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from drafter.errors import InputError
from drafter.outputs.atomic import FIXED_MARK, check_output, copy_name, write_atomic
from drafter.outputs.docx_edit import (
    _TEXT_CHILDREN,
    AUTHOR,
    Docx,
    new_element,
    now,
    pieces,
    span_runs,
    split_at,
    split_tracked_container,
    text_run,
)
from drafter.reader import DOCX_SUFFIXES, HTML_SUFFIXES, PDF_SUFFIXES, location_unit
from drafter.reader.convert import as_docx, batch, needs_conversion
from drafter.reader.ooxml import W
from drafter.rules.names import rule_label


@dataclass
class Edit:
    """Replace [start, end) of a paragraph's visible text by ``text``."""

    paragraph: int
    start: int
    end: int
    text: str
    rule: str
    tentative: bool = False  # a replacement the rule is not sure of (--all-suggestions)
    old: str = ""

    def describe(self, unit: str) -> str:
        where = f"第{self.paragraph}{unit} [{rule_label(self.rule)}]"
        if self.tentative:
            where += "（建议，请核对）"
        if not self.text:
            return f"{where} 删去{shown(self.old)}"
        if not self.old:
            return f"{where} 插入{shown(self.text)}"
        return f"{where} {shown(self.old)} → {shown(self.text)}"


_SPACE_NAMES = {" ": "空格", "\u3000": "全角空格", "\t": "制表符", "\u00a0": "不间断空格"}


def shown(text: str) -> str:
    """Text quoted for a message; spaces named, not quoted as an invisible “ ”."""
    if text and not text.strip():
        names = [_SPACE_NAMES.get(c, "空白") for c in text]
        if len(set(names)) == 1:
            return names[0] if len(names) == 1 else f"{len(names)}个{names[0]}"
        return "、".join(names)
    return f"“{text}”"


@dataclass
class FixResult:
    path: str
    output: Path | None  # None: nothing written (dry run, or nothing to fix)
    target: Path | None = None  # where the copy goes (or would go)
    applied: list[Edit] = field(default_factory=list)
    skipped: list[tuple[Edit, str]] = field(default_factory=list)  # (edit, reason)
    before: list[str] = field(default_factory=list)  # visible text, a paragraph (line) each
    after: list[str] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return location_unit(self.path)

    def diff(self, target: str | Path | None = None) -> list[str]:
        """A unified diff of the visible text, one line per paragraph (a line break shown as ↵)."""
        clean = [t.replace("\n", "↵") for t in self.before], [t.replace("\n", "↵") for t in self.after]
        return list(difflib.unified_diff(*clean, fromfile=self.path, tofile=str(target or self.target or self.path),
                                         lineterm="", n=0))


def default_output(path: str | Path) -> Path:
    """``{stem}.修改{suffix}`` next to the input; a file LibreOffice converts gets a .docx."""
    path = Path(path)
    suffix = ".docx" if needs_conversion(str(path)) else path.suffix or ".txt"
    return path.with_name(copy_name(path.stem, FIXED_MARK, suffix))


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:  # an insertion clashes inside the other span, or at the same point
        point, other = (a, b) if a.start == a.end else (b, a)
        return other.start < point.start < other.end or (other.start == other.end == point.start)
    return a.start < b.end and b.start < a.end


def _replacement(f, tentative: bool) -> str | None:
    return f.fix if f.fix is not None or not tentative else f.tentative_fix


def plan(results, texts: dict[int, str], rules: frozenset[str] | None = None,
         tentative: bool = False) -> tuple[list[Edit], list[tuple[Edit, str]]]:
    """The edits to make, in document order, and those skipped (with the reason); ``tentative``
    adds the replacements the rules are not sure of."""
    findings = [f for r in results for f in r.findings
                if _replacement(f, tentative) is not None and f.paragraph is not None and f.start is not None
                and f.end is not None and (rules is None or f.rule in rules)]
    findings.sort(key=lambda f: (f.paragraph, f.start))  # stable: lint's order among equals
    edits: list[Edit] = []
    skipped: list[tuple[Edit, str]] = []
    for f in findings:
        text = texts.get(f.paragraph)
        edit = Edit(f.paragraph, f.start, f.end, _replacement(f, tentative), f.rule, tentative=f.fix is None)
        if text is None or not 0 <= f.start <= f.end <= len(text):
            skipped.append((edit, "位置超出段落"))
            continue
        edit.old = text[f.start:f.end]
        if edit.old == edit.text:
            continue
        if any(e.paragraph == edit.paragraph and _overlaps(e, edit) for e in edits):
            skipped.append((edit, "与前一处修改重叠"))
            continue
        edits.append(edit)
    return edits, skipped


def _right_to_left(edit: Edit) -> tuple[int, int]:
    """Order of application: an edit never moves the text left of it, so the next one's offsets hold."""
    return -edit.start, -edit.end


def apply_to_text(text: str, edits: list[Edit]) -> str:
    for e in sorted(edits, key=_right_to_left):
        text = text[:e.start] + e.text + text[e.end:]
    return text


# ---- .docx: tracked changes ----------------------------------------------------------------


def _ins(doc: Docx, near, text: str, rpr, date: str):
    ins = new_element(near, "ins", id=doc.next_id(), author=AUTHOR, date=date)
    ins.append(text_run(near, text, rpr))
    return ins


def _track(doc: Docx, p, edit: Edit, date: str) -> bool:
    """Make one edit a tracked change; False (nothing changed but run cuts) when it cannot be."""
    if edit.start == edit.end:
        if not split_at(p, edit.start):
            return False
        ps = [pc for pc in pieces(p) if pc.text]
        before = next((pc for pc in reversed(ps) if pc.end == edit.start), None)
        after = next((pc for pc in ps if pc.start == edit.start), None)
        if before is not None and before.splittable:
            split_tracked_container(doc, before.run).addnext(_ins(doc, p, edit.text, before.run.find(W + "rPr"), date))
        elif before is None and after is not None and after.splittable:
            anchor = split_tracked_container(doc, after.run, before=True)
            anchor.addprevious(_ins(doc, p, edit.text, after.run.find(W + "rPr"), date))
        elif not ps:
            p.append(_ins(doc, p, edit.text, None, date))
        else:
            return False
        return True
    runs = span_runs(p, edit.start, edit.end)
    if not runs or any(child.tag not in _TEXT_CHILDREN for run in runs for child in run):
        return False  # fields, drawings, notes … are never moved into a deletion
    rpr = runs[0].find(W + "rPr")
    deleted = None
    for run in runs:
        deleted = new_element(p, "del", id=doc.next_id(), author=AUTHOR, date=date)
        run.addprevious(deleted)
        deleted.append(run)
        for t in run.findall(W + "t"):
            t.tag = W + "delText"
    if edit.text:
        split_tracked_container(doc, deleted).addnext(_ins(doc, p, edit.text, rpr, date))
    return True


def track_all(doc: Docx, p, edits: list[Edit], date: str) -> list[Edit]:
    """Make the edits of one paragraph tracked changes, right to left; return those made."""
    return [e for e in sorted(edits, key=_right_to_left) if _track(doc, p, e, date)]


def _fix_docx(path: str, source: bytes, results, rules, tentative: bool) -> tuple[FixResult, bytes | None]:
    doc = Docx(path, source)
    try:
        before = doc.visible_texts()
        edits, skipped = plan(results, dict(enumerate(before, start=1)), rules, tentative)
        applied: list[Edit] = []
        date = now()
        for index in sorted({e.paragraph for e in edits}):
            mine = [e for e in edits if e.paragraph == index]
            done = track_all(doc, doc.paragraph(index), mine, date)
            applied += done
            skipped += [(e, "此处文字在域、图形或文本框中，无法安全修改") for e in mine if e not in done]
        applied.sort(key=lambda e: (e.paragraph, e.start))
        after = doc.visible_texts()
        data = doc.to_bytes() if applied else None
    finally:
        doc.close()
    return FixResult(path, None, applied=applied, skipped=skipped, before=before, after=after), data


# ---- .txt / .md: a fixed copy --------------------------------------------------------------

def _fix_text(path: str, source: bytes, results, rules, tentative: bool) -> tuple[FixResult, bytes | None]:
    """A fixed copy; replacements the rules are not sure of are never made here: a plain text file
    has no tracked changes to review them in."""
    from drafter.reader.text import decode_with_encoding

    text, bom, codec = decode_with_encoding(path, source)
    lines = text.split("\n")
    markup = {p.index: p.markup for r in results for p in r.outline.report.paragraphs}

    def parts(line_no: int) -> tuple[str, str, str]:
        line = lines[line_no - 1]
        cr = "\r" if line.endswith("\r") else ""
        body = line[:-1] if cr else line
        prefix = markup.get(line_no, "")
        return prefix, body[len(prefix):], cr

    count = len(lines) - (1 if lines and lines[-1] == "" else 0)
    texts = {i: parts(i)[1] for i in range(1, count + 1)}
    edits, skipped = plan(results, texts, rules)
    before = [parts(i)[0] + texts[i] for i in range(1, count + 1)]
    for line_no in sorted({e.paragraph for e in edits}):
        prefix, body, cr = parts(line_no)
        lines[line_no - 1] = prefix + apply_to_text(body, [e for e in edits if e.paragraph == line_no]) + cr
    after = [parts(i)[0] + parts(i)[1] for i in range(1, count + 1)]
    data = bom + "\n".join(lines).encode(codec) if edits else None
    return FixResult(path, None, applied=edits, skipped=skipped, before=before, after=after), data


# ---- entry point ---------------------------------------------------------------------------


def fix_file(path: str, output: str | Path | None = None, rules: frozenset[str] | None = None,
             dry_run: bool = False, force: bool = False, discover: bool = True,
             all_suggestions: bool = False) -> FixResult:
    """Apply the safe fixes of ``path`` to a copy (``{stem}.修改.docx`` by default); never touches ``path``.

    ``all_suggestions``: in a .docx also the replacements the rules are not sure of (截止→截至), as
    tracked changes to review; a .txt/.md never gets them.

    With ``dry_run`` nothing is written. Nothing is written either when there is nothing to fix.
    ``discover``: lint with the drafter.toml found upward from the file, as ``drafter lint`` does.
    Raises InputError for an unreadable input or an output that must not be written.
    """
    from drafter.reader import read, read_bytes
    from drafter.rules.run import lint_document

    path = str(path)
    is_docx = path.lower().endswith(DOCX_SUFFIXES) or needs_conversion(path)
    if path.lower().endswith(HTML_SUFFIXES + PDF_SUFFIXES):
        raise InputError(path, "PDF 和网页无法写入修订，请用 .docx 原稿（或用 Word 打开后另存为 .docx）再修改")
    target = Path(output) if output is not None else default_output(path)
    if is_docx and target.suffix.lower() not in DOCX_SUFFIXES:
        raise InputError(str(target), "修改后的副本文件名应以 .docx 结尾")
    if not dry_run:
        check_output(target, force, source=path)
    with batch([path]), as_docx(path) as readable:  # a converted file: converted once, linted and edited
        source = read_bytes(readable)  # read once: linted, then edited
        results = lint_document(read(path, source) if readable == path else read(path), discover=discover)
        result, data = (_fix_docx if is_docx else _fix_text)(readable, source, results, rules, all_suggestions)
    result.path = path
    result.target = target
    if data is not None and not dry_run:
        result.output = write_atomic(target, data, force, source=path)
    return result
