"""Reports inside files: a compilation (汇编, with a 目录) holds several; any other file holds one."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from drafter import regex_cache
from drafter.document.model import Document, Paragraph
from drafter.errors import InputError
from drafter.outputs.atomic import GENERATED_MARKS  # drafter's own copies are not drafts
from drafter.reader import SUFFIXES, SUPPORTED, read

# markers web pages leave in copied text, e.g. ##paidbegin##: the same marks web-junk.yml's first entry reports
JUNK = regex_cache.compile(r"##[A-Za-z0-9_\-]{1,40}##")
_TOC_HEADING = regex_cache.compile(r"^目\s*录$")
_TOC_NUMBER = regex_cache.compile(r"^\s*(?:\d{1,3}[.．、]|[（(]\d{1,3}[）)]|[一二三四五六七八九十]+、)\s*")
_TOC_PAGE = regex_cache.compile(r"[.．…·\s]*\d{0,4}\s*$")
_SPACES = regex_cache.compile(r"\s+")


@dataclass
class Report:
    """One report: its paragraphs (the title first) with their original locations."""

    path: str
    source_format: str  # as Document.source_format: "docx", "text", "html" or "pdf"
    paragraphs: list[Paragraph]
    margins_mm: tuple[float, float, float, float] | None = None


def strip_junk(text: str) -> str:
    """The words of a paragraph: web junk markers and surrounding blanks removed."""
    # a marker holds "##": most paragraphs have none, and the substring test costs a tenth of the regex's scan
    return (JUNK.sub("", text) if "##" in text else text).strip()


def _normal(text: str) -> str:
    return _SPACES.sub("", JUNK.sub("", text))


def _toc(paragraphs: list[Paragraph]) -> tuple[int, list[str]] | None:
    """(index in the list after the 目录 block, entry titles), or None when there is no 目录."""
    for i, p in enumerate(paragraphs[:60]):  # noqa: B007 - i is where the 目录 heading is
        if "目" in p.text and _TOC_HEADING.match(p.text.strip()):
            break
    else:
        return None
    titles: list[str] = []
    j = i + 1
    while j < len(paragraphs):
        raw = paragraphs[j].text.strip()
        if not raw:
            j += 1
            continue
        title = _normal(_TOC_PAGE.sub("", _TOC_NUMBER.sub("", raw)))
        if not title or len(title) > 80 or title[-1] in "。；" or title in titles:
            break
        titles.append(title)
        j += 1
    return (j, titles) if len(titles) >= 2 else None


def split_reports(doc: Document) -> list[Report]:
    toc = _toc(doc.paragraphs)
    if toc is None:
        return [Report(doc.path, doc.source_format, doc.paragraphs, doc.margins_mm)]
    start, titles = toc
    starts = []
    cursor = start
    for title in titles:
        for k in range(cursor, len(doc.paragraphs)):
            if _normal(doc.paragraphs[k].full_text) == title:
                starts.append(k)
                cursor = k + 1
                break
    if not starts:
        return [Report(doc.path, doc.source_format, doc.paragraphs, doc.margins_mm)]
    bounds = starts + [len(doc.paragraphs)]
    return [
        Report(doc.path, doc.source_format, doc.paragraphs[a:b], doc.margins_mm)
        for a, b in zip(bounds, bounds[1:])
    ]


def report_from_text(text: str, path: str = "<文本>") -> Report:
    """A report from a string, one paragraph a line (rule examples, the web page's pasted text)."""
    lines = text.split("\n")
    return Report(path, "text", [Paragraph(index=i, text=line.rstrip("\r")) for i, line in enumerate(lines, 1)])


def without_junk(report: Report) -> Report:
    """The report with web junk markers removed from its text, for mining (not for lint)."""
    return replace(report, paragraphs=[replace(p, text=JUNK.sub("", p.text)) for p in report.paragraphs])




def _is_draft(f: Path) -> bool:
    return (f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith(("~$", "."))
            and not f.stem.endswith(GENERATED_MARKS) and not _saved_page_asset(f))


def _saved_page_asset(f: Path) -> bool:
    """A file in the ``{page}_files`` folder a browser saves beside ``{page}.html`` (frames, ads)."""
    folder = f.parent
    stem = folder.name.removesuffix("_files").removesuffix(".files")
    return stem != folder.name and any((folder.parent / (stem + s)).is_file() for s in (".html", ".htm"))


def report_files(paths) -> list[str]:
    """Files to process for the given files and folders, in a stable order.

    In folders: files of the kinds ``read`` takes, not Word's lock files (~$…), hidden files or drafter's own copies.
    """
    files = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(str(f) for f in path.rglob("*") if _is_draft(f))
            if not found:
                raise InputError(str(path), f"文件夹中没有 {SUPPORTED} 报告")
            files.extend(found)
        else:
            files.append(os.fspath(raw))
    return files


def load_reports(path: str) -> list[Report]:
    return split_reports(read(path))


def load_corpus(paths) -> list[Report]:
    """Every report under the given files and folders, junk markers dropped."""
    return [without_junk(r) for f in report_files(paths) for r in load_reports(f)]
