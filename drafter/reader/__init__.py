"""read: a .docx, .txt, .md, older office file (through LibreOffice), saved web page or PDF into the paragraph model."""

from __future__ import annotations

import os
import zlib

from drafter.document.model import Document
from drafter.errors import InputError
from drafter.reader.convert import CONVERTED_SUFFIXES, format_name, needs_conversion
from drafter.reader.ooxml import ZIP_SIGNATURE

DOCX_SUFFIXES = (".docx", ".docm")  # a .docm is a .docx with macros, which are never run
TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
PDF_SUFFIXES = (".pdf",)
SUFFIXES = DOCX_SUFFIXES + TEXT_SUFFIXES + CONVERTED_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES
SUPPORTED = ".docx、.doc、.wps、.odt、.rtf、.txt、.md、.html、.pdf"


def location_unit(path: str) -> str:
    """What ``Paragraph.index`` counts in this file: lines of a text file, paragraphs otherwise."""
    return "行" if path.lower().endswith(TEXT_SUFFIXES) else "段"


def _check_path(path: str) -> None:
    if os.path.isdir(path):
        raise InputError(path, "这是一个文件夹；检查整个文件夹请用 drafter lint 文件夹")
    if not os.path.exists(path):
        raise InputError(path, "文件不存在")


def read_bytes(path: str | os.PathLike) -> bytes:
    """The whole file, for a command that both reads it and edits a copy (one read)."""
    from drafter.reader.files import read_head

    path = os.fspath(path)
    _check_path(path)
    return read_head(path, -1)


def _read_docx(path: str, data: bytes | None = None, source: str | None = None) -> Document:
    """``path`` (or ``data``) read as .docx; ``source``: the file the user gave, when ``path`` is its converted copy."""
    from drafter.reader.docx import read_docx

    source = source or path
    try:
        doc = read_docx(path, data)
    except InputError as exc:
        raise InputError(source, exc.reason) from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, zlib.error, RecursionError) as exc:
        # a package that passed every check but holds values no Word writes
        raise InputError(source, f"文件内容异常（{type(exc).__name__}），无法解析，文件可能已损坏") from None
    doc.path = source
    return doc


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<meta"))


def _read_converted_bytes(path: str, data: bytes) -> Document:
    """A .doc/.wps/.odt/.rtf held in bytes, written to a private temporary file for LibreOffice."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="drafter-convert-") as folder:
        copy = os.path.join(folder, "input" + os.path.splitext(path)[1].lower())
        with open(copy, "wb") as fh:
            fh.write(data)
        try:
            doc = read(copy)
        except InputError as exc:
            raise InputError(path, exc.reason) from None
    doc.path = path
    return doc


def read(path: str | os.PathLike, data: bytes | None = None) -> Document:
    """The document at ``path``; with ``data``, the document those bytes hold (``path`` names it
    and tells its format)."""
    path = os.fspath(path)
    if data is None:
        _check_path(path)
    lower = path.lower()
    if lower.endswith(DOCX_SUFFIXES):
        return _read_docx(path, data)
    if lower.endswith(TEXT_SUFFIXES):
        from drafter.reader.text import read_text

        return read_text(path, data)
    if lower.endswith(HTML_SUFFIXES):
        from drafter.reader.html import read_html

        return read_html(path, data)
    if lower.endswith(PDF_SUFFIXES):
        from drafter.reader.pdf import read_pdf

        return read_pdf(path, data)
    if needs_conversion(path):
        from drafter.reader.files import read_head

        head = data[:512] if data is not None else read_head(path, 512)
        if head.startswith(ZIP_SIGNATURE) and not lower.endswith(".odt"):
            return _read_docx(path, data)  # a .docx renamed .doc
        if _looks_like_html(head):  # a web page saved as .doc, as many sites offer them
            from drafter.reader.html import read_html

            return read_html(path, data)
        if data is not None:  # bytes of a file object: LibreOffice needs a file
            return _read_converted_bytes(path, data)
        from drafter.reader.convert import as_docx

        with as_docx(path) as converted:
            doc = _read_docx(converted, source=path)
        if not any(p.text.strip() for p in doc.paragraphs):  # what LibreOffice makes of a file it cannot read
            raise InputError(path, f"LibreOffice 转换后没有文字：这个{format_name(path)}文件已损坏或是空的"
                                   "（如能在 Word/WPS 中打开，请另存为 .docx 后再检查）")
        return doc
    raise InputError(path, f"不支持的文件类型，请提供 {SUPPORTED} 文件")
