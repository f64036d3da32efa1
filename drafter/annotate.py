"""drafter lint --annotate: a copy of the draft with every finding as a Word comment on its text.

Each comment (author “drafter”, initials “D”) is anchored on exactly the characters the finding
names, runs being cut at its ends (each part keeps the run's formatting), so a placeholder typed
in two runs gets one comment over both. A finding on a whole paragraph, or with an empty span, is
anchored on the paragraph; a document-level finding on its report's title (the report's first
non-empty paragraph: in a compilation, each report's own title). Existing comments are kept and
the new ones numbered above every id in use. Nothing else in the package changes.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from drafter.docx_edit import (
    AUTHOR,
    INITIALS,
    Docx,
    add_part,
    new_element,
    now,
    paragraph_text,
    pieces,
    split_at,
    text_run,
    top_level,
)
from drafter.errors import InputError
from drafter.output import ANNOTATED_MARK, check_output, copy_name, write_atomic
from drafter.reader import DOCX_SUFFIXES
from drafter.reader.ooxml import W_NS, W

REL_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"


def default_output(path: str | Path) -> Path:
    """``{stem}.批注.docx`` next to the input (``.docm`` stays ``.docm``: its content type says so)."""
    path = Path(path)
    suffix = path.suffix.lower() if path.suffix.lower() in DOCX_SUFFIXES else ".docx"
    return path.with_name(copy_name(path.stem, ANNOTATED_MARK, suffix))


def comment_text(finding) -> str:
    """``[rule] message 建议：suggestion`` (no 建议 when the finding has none)."""
    text = f"[{finding.rule}] {finding.message}"
    if finding.suggestion:
        text += f" 建议：{finding.suggestion}"
    return text


def _title_index(result) -> int:
    """The report's first non-empty paragraph (1 when nothing better is known)."""
    outline = getattr(result, "outline", None)
    paragraphs = outline.report.paragraphs if outline is not None else []
    first = next((p for p in paragraphs if p.full_text.strip()), paragraphs[0] if paragraphs else None)
    return first.index if first is not None else 1


def anchors(results) -> list[tuple[int, int | None, int | None, str]]:
    """(paragraph, start, end, comment text) for every finding, document-level ones on their title."""
    out = []
    for result in results:
        title = None
        for f in result.findings:
            if f.paragraph is None:
                title = title or _title_index(result)
                out.append((title, None, None, comment_text(f)))
            else:
                out.append((f.paragraph, f.start, f.end, comment_text(f)))
    return out


def _comments_root(doc: Docx):
    name = add_part(doc, REL_COMMENTS, CT_COMMENTS, "comments")
    root = doc.part_xml(name) if name in doc.pkg.infos else None
    if root is None or root.tag != W + "comments":
        root = etree.Element(W + "comments", nsmap={"w": W_NS})
    doc.set_part(name, root)
    return root


def _comment(root, cid: int, text: str, date: str):
    comment = new_element(root, "comment", id=cid, author=AUTHOR, date=date, initials=INITIALS)
    p = new_element(root, "p")
    ref = new_element(root, "r")
    ref.append(new_element(root, "annotationRef"))
    p.append(ref)
    p.append(text_run(root, text))
    comment.append(p)
    root.append(comment)


def _mark(p, start: int, end: int, cid: int, cut: dict[int, bool]) -> None:
    """commentRangeStart before the text [start, end), commentRangeEnd after it, then the reference."""
    range_start = new_element(p, "commentRangeStart", id=cid)
    range_end = new_element(p, "commentRangeEnd", id=cid)
    reference = new_element(p, "r")
    reference.append(new_element(p, "commentReference", id=cid))
    covered = [pc for pc in pieces(p) if pc.text and pc.start < end and start < pc.end]
    if not covered:  # a paragraph without text: a point at its end
        p.extend([range_start, range_end, reference])
        return
    first, last = covered[0], covered[-1]
    if cut[start] and first.splittable:
        first.run.addprevious(range_start)
    else:  # text that cannot be cut there: the smallest whole piece of the paragraph holding it
        top_level(p, first.el).addprevious(range_start)
    if cut[end] and last.splittable:
        last.run.addnext(range_end)
    else:
        top_level(p, last.el).addnext(range_end)
    # the reference run at paragraph level, so rejecting someone's insertion does not take it along
    top_level(p, range_end).addnext(reference)


def annotate_docx(path: str, results, output: str | Path | None = None, force: bool = False,
                  source: bytes | None = None) -> tuple[Path, int]:
    """Write the annotated copy; return its path and the number of comments added.

    ``source``: the file's bytes when already read (to lint it), so it is read once.
    """
    target = Path(output) if output is not None else default_output(path)
    check_output(target, force, source=path)
    if target.suffix.lower() not in DOCX_SUFFIXES:
        raise InputError(str(target), "批注副本的文件名应以 .docx 结尾")
    doc = Docx(path, source)
    try:
        by_paragraph: dict[int, list[tuple[int, int, str]]] = {}
        for index, start, end, text in anchors(results):
            p = doc.paragraph(index)
            if p is None:
                continue
            length = len(paragraph_text(p))
            if start is None or end is None or not 0 <= start < end <= length:
                start, end = 0, length  # the whole paragraph
            by_paragraph.setdefault(index, []).append((start, end, text))
        count = 0
        if by_paragraph:
            comments = _comments_root(doc)
            date = now()
            for index in sorted(by_paragraph):
                p = doc.paragraph(index)
                spans = by_paragraph[index]
                cut: dict[int, bool] = {}
                for start, end, _ in spans:
                    for k in (start, end):
                        if k not in cut:
                            cut[k] = split_at(p, k)
                for start, end, text in spans:
                    cid = doc.next_id()
                    _mark(p, start, end, cid, cut)
                    _comment(comments, cid, text, date)
                    count += 1
        data = doc.to_bytes()
    finally:
        doc.close()
    return write_atomic(target, data, force, source=path), count
