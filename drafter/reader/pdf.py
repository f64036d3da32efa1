"""Read a PDF's text layer (pdfminer.six) back into paragraphs.

A PDF holds positioned lines, not paragraphs. Lines are joined back: a new paragraph starts where a
line is indented (首行缩进), centred (titles), right-aligned (落款), set in another size, after a
line that stops short of the right margin, or after a wider gap than the line spacing. Page
furniture is dropped: page numbers (“— 3 —”, “第3页 共9页”) and lines repeated at the top or
bottom of most pages. ``Paragraph.index`` is the paragraph's position in the text so recovered.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass

from drafter.document.model import Document, Paragraph
from drafter.errors import InputError
from drafter.reader.files import read_head
from drafter.reader.lines import clean_line

MAX_PDF_BYTES = 100 * 1024 * 1024
MAX_PAGES = 1000
FURNITURE_BAND = 0.12  # top and bottom share of the page where headers and footers sit

_PAGE_NUMBER = re.compile(r"^[-—–－_\s]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:[/／]\s*(?:共\s*)?\d{1,4}\s*页?)?[-—–－_\s]*$"
                          r"|^[-—–－\s]*[IVXLC]{1,6}[-—–－\s]*$")
_LATIN_END = re.compile(r"[A-Za-z]$")
_LATIN_START = re.compile(r"^[A-Za-z]")

NO_TEXT = "PDF 中没有文字层（可能是扫描件或图片），drafter 不做文字识别；请提供 .docx 原稿或可复制文字的 PDF"


@dataclass
class Line:
    """A line of text on a page, in PDF points (y grows upwards)."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the characters' most common size
    text: str
    page_height: float = 842.0


def _mode(values, default: float) -> float:
    counts = Counter(round(v) for v in values)
    return float(counts.most_common(1)[0][0]) if counts else default


def drop_furniture(lines: list[Line]) -> list[Line]:
    """Lines without page numbers and without what repeats at the top or bottom of most pages."""
    pages = {ln.page for ln in lines}

    def in_band(ln: Line) -> bool:
        return ln.bottom < ln.page_height * FURNITURE_BAND or ln.top > ln.page_height * (1 - FURNITURE_BAND)

    def key(ln: Line) -> str:
        return re.sub(r"\d+", "#", ln.text)

    repeated = Counter(key(ln) for ln in {(ln.page, key(ln)): ln for ln in lines if in_band(ln)}.values())
    common = {k for k, n in repeated.items() if len(pages) >= 3 and n >= max(3, len(pages) / 2)}
    return [ln for ln in lines
            if not (in_band(ln) and (_PAGE_NUMBER.match(ln.text) or key(ln) in common))]


def paragraphs_from_lines(lines: list[Line]) -> list[str]:
    """Lines in reading order joined back into paragraphs (see the module's description)."""
    lines = [ln for ln in lines if ln.text]
    if not lines:
        return []
    size = _mode((ln.size for ln in lines), 12.0)
    left = _mode((ln.x0 for ln in lines), min(ln.x0 for ln in lines))
    right = _mode((ln.x1 for ln in lines if ln.x1 - ln.x0 > 10 * size), max(ln.x1 for ln in lines))
    pitches = [a.bottom - b.bottom for a, b in zip(lines, lines[1:]) if a.page == b.page and a.bottom > b.bottom]
    pitch = _mode(pitches, 1.5 * size) if pitches else 1.5 * size

    def centred(ln: Line) -> bool:
        return ln.x0 > left + 2 * ln.size and abs((ln.x0 - left) - (right - ln.x1)) < 2 * ln.size

    def full(ln: Line) -> bool:
        return ln.x1 >= right - 1.5 * ln.size

    def starts_paragraph(a: Line, b: Line) -> bool:
        if abs(a.size - b.size) > 1:
            return True
        if a.size > size + 1 or centred(a) and centred(b):  # a title's lines: larger type, or centred
            return a.page != b.page or a.bottom - b.bottom > 2.2 * a.size
        if centred(a) or centred(b) or b.x0 > left + 0.8 * b.size or not full(a):
            return True
        return a.page == b.page and a.bottom - b.bottom > 1.6 * max(pitch, a.size)

    paragraphs: list[str] = []
    previous = None
    for ln in lines:
        if previous is None or starts_paragraph(previous, ln):
            paragraphs.append(ln.text)
        else:
            glue = " " if _LATIN_END.search(paragraphs[-1]) and _LATIN_START.match(ln.text) else ""
            paragraphs[-1] += glue + ln.text
        previous = ln
    return paragraphs


def _pdf_lines(path: str, pdf) -> list[Line]:
    """The text lines of every page of ``pdf`` (a binary file object) in reading order."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTFigure, LTTextBox, LTTextLine

    def walk(el, page: int, height: float, found: list[Line]) -> None:
        if isinstance(el, LTTextLine):
            text = clean_line(el.get_text())
            if text:
                sizes = [c.size for c in el if isinstance(c, LTChar)]
                found.append(Line(page, el.x0, el.x1, el.y1, el.y0, _mode(sizes, 12.0), text, height))
        elif isinstance(el, (LTTextBox, LTFigure)):
            for child in el:
                walk(child, page, height, found)

    lines: list[Line] = []
    params = LAParams(line_margin=0.3, char_margin=4.0, detect_vertical=False)
    for number, page in enumerate(extract_pages(pdf, laparams=params), 1):
        if number > MAX_PAGES:
            raise InputError(path, f"PDF 超过 {MAX_PAGES} 页，过大，已拒绝")
        found: list[Line] = []
        for el in page:
            walk(el, number, page.height, found)
        lines.extend(_merge_same_row(found))
    return lines


def _merge_same_row(lines: list[Line]) -> list[Line]:
    """Top to bottom; pieces on the same baseline (table cells, spread-out text) become one line,
    pieces a character or more apart joined by a tab, as table cells are elsewhere."""
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda ln: -ln.bottom):
        if rows and abs(rows[-1][0].bottom - ln.bottom) < 0.3 * ln.size:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    merged = []
    for row in rows:
        row.sort(key=lambda ln: ln.x0)
        text = row[0].text
        for a, b in zip(row, row[1:]):
            text += ("\t" if b.x0 - a.x1 > a.size else "") + b.text
        first = row[0]
        merged.append(Line(first.page, first.x0, row[-1].x1, max(ln.top for ln in row), first.bottom, first.size,
                           text, first.page_height))
    return merged


def read_pdf(path: str, data: bytes | None = None) -> Document:
    head = data if data is not None else read_head(path, MAX_PDF_BYTES + 1)
    if not head:
        raise InputError(path, "文件为空")
    if len(head) > MAX_PDF_BYTES:
        raise InputError(path, "文件超过 100 MB，过大，已拒绝")
    if b"%PDF-" not in head[:1024]:
        raise InputError(path, "不是有效的 PDF 文件（内容不以 %PDF 开头，可能改了扩展名）")
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings about odd PDFs are not the user's
    try:
        lines = _pdf_lines(path, io.BytesIO(head))
    except InputError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(path, "PDF 设有打开密码（已加密），请取消密码后再检查") from None
    except RecursionError:
        raise InputError(path, "PDF 结构嵌套过深，疑似恶意文件，已拒绝") from None
    except Exception as exc:  # pdfminer raises many kinds of errors on a damaged file
        raise InputError(path, f"PDF 文件已损坏，无法读取（{type(exc).__name__}）") from None
    texts = paragraphs_from_lines(drop_furniture(lines))
    if sum(len(t) for t in texts) < 10:
        raise InputError(path, NO_TEXT)
    return Document(path=path, kind="pdf", paragraphs=[Paragraph(index=i, text=t) for i, t in enumerate(texts, 1)])
