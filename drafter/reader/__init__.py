"""read: a .docx, .txt or .md file into the paragraph model."""

from __future__ import annotations

import os

from drafter.errors import InputError
from drafter.model import Document

TEXT_SUFFIXES = (".txt", ".md")
SUFFIXES = (".docx",) + TEXT_SUFFIXES


def read(path: str | os.PathLike) -> Document:
    path = os.fspath(path)
    lower = path.lower()
    if lower.endswith(".docx") or lower.endswith(".docm"):
        from drafter.reader.docx import read_docx

        return read_docx(path)
    if lower.endswith(TEXT_SUFFIXES):
        from drafter.reader.text import read_text

        return read_text(path)
    if lower.endswith((".doc", ".wps")):
        raise InputError(path, "这是 Word 97-2003（.doc）或 WPS（.wps）旧格式，请用 Word 或 WPS 另存为 .docx 后再检查")
    raise InputError(path, "不支持的文件类型，请提供 .docx、.txt 或 .md 文件")
