"""read: a .docx, .txt or .md file into the paragraph model."""

from __future__ import annotations

import os
import zlib

from drafter.document.model import Document
from drafter.errors import InputError

DOCX_SUFFIXES = (".docx", ".docm")  # a .docm is a .docx with macros, which are never run
TEXT_SUFFIXES = (".txt", ".md")
SUFFIXES = DOCX_SUFFIXES + TEXT_SUFFIXES


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


def read(path: str | os.PathLike, data: bytes | None = None) -> Document:
    """The document at ``path``; with ``data``, the document those bytes hold (``path`` names it
    and tells its format)."""
    path = os.fspath(path)
    if data is None:
        _check_path(path)
    lower = path.lower()
    if lower.endswith(DOCX_SUFFIXES):
        from drafter.reader.docx import read_docx

        try:
            return read_docx(path, data)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, zlib.error, RecursionError) as exc:
            # a package that passed every check but holds values no Word writes
            raise InputError(path, f"文件内容异常（{type(exc).__name__}），无法解析，文件可能已损坏") from None
    if lower.endswith(TEXT_SUFFIXES):
        from drafter.reader.text import read_text

        return read_text(path, data)
    if lower.endswith((".doc", ".wps")):
        raise InputError(path, "这是 Word 97-2003（.doc）或 WPS（.wps）旧格式，请用 Word 或 WPS 另存为 .docx 后再检查")
    raise InputError(path, "不支持的文件类型，请提供 .docx、.txt 或 .md 文件")
