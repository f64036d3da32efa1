"""Uploaded files: names for display only, type checks by extension and content, bounded copies.

A client-supplied name never reaches the file system: each upload is copied to a fixed name
(``upload-N.docx``) inside the request's private temporary folder; the original name, cleaned,
is used only in the results and in download names.
"""

from __future__ import annotations

import os
import re
import unicodedata
from urllib.parse import quote

from drafter.errors import InputError
from drafter.reader import HTML_SUFFIXES, PDF_SUFFIXES, SUPPORTED, TEXT_SUFFIXES
from drafter.reader.convert import CONVERTED_SUFFIXES

# what the reader reads, but no macro-enabled .docm from the network
SUFFIXES = (".docx",) + TEXT_SUFFIXES + CONVERTED_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES
CHUNK = 256 * 1024
MAX_NAME = 100

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

OLD_FORMAT = "这是 Word 97-2003（.doc）或 WPS（.wps）旧格式，请用 Word 或 WPS 另存为 .docx 后再检查"
WRONG_TYPE = f"不支持的文件类型，请上传 {SUPPORTED} 文件"
NOT_DOCX = "不是有效的 .docx 文件（内容不是 Word 文档，可能是改了扩展名的其他文件）"

_UNSAFE = re.compile(r'[\\/:*?"<>|]')
_ASCII_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


class TooLarge(Exception):
    """The upload went past the size limit while being copied."""


def display_name(raw: str | None) -> str:
    """The file's own name, for display and download names only: no folders, no control
    characters (bidirectional overrides included), no characters Windows forbids, at most 100."""
    name = unicodedata.normalize("NFC", str(raw or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = _UNSAFE.sub("_", name).strip().lstrip(".").strip()
    if len(name) > MAX_NAME:
        stem, suffix = os.path.splitext(name)
        suffix = suffix[:12]
        name = stem[: MAX_NAME - len(suffix)] + suffix
    return name or "未命名"


def suffix_of(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def stem_of(name: str) -> str:
    return os.path.splitext(name)[0] or "草稿"


def check_suffix(name: str) -> str:
    """The upload's extension if drafter reads it; the Chinese reason otherwise."""
    suffix = suffix_of(name)
    if suffix not in SUFFIXES:
        raise InputError(name, WRONG_TYPE)
    return suffix


def sniff(name: str, suffix: str, head: bytes) -> None:
    """Content must agree with the extension: a .docx is a zip (an OLE2 file is left to the reader,
    which tells .doc from a password-protected .docx); a text file is neither a zip nor OLE2 nor PDF.
    The other kinds the reader checks itself before anything parses them."""
    if not head:
        raise InputError(name, "文件为空")
    if suffix == ".docx":
        if head.startswith((ZIP_MAGIC, OLE2_MAGIC)):
            return
        raise InputError(name, NOT_DOCX)
    if suffix not in TEXT_SUFFIXES:
        return
    if head.startswith(ZIP_MAGIC):
        raise InputError(name, "这是 Word（.docx）或压缩文件，不是文本文件；Word 文档请保留 .docx 扩展名")
    if head.startswith(OLE2_MAGIC):
        raise InputError(name, OLD_FORMAT)
    if head.startswith(b"%PDF"):
        raise InputError(name, "这是 PDF 文件，不是文本文件；请上传 Word（.docx）或文本文件")


def save(upload_file, folder: str, index: int, name: str, limit: int) -> str:
    """Copy an upload's bytes to ``folder/upload-{index}{suffix}`` (at most ``limit`` bytes) after
    checking its type; return that path. Raises InputError (with ``name``) or TooLarge."""
    suffix = check_suffix(name)
    path = os.path.join(folder, f"upload-{index}{suffix}")
    size = 0
    head = b""
    # a fresh name in a fresh private folder (O_EXCL: never an existing file), readable by this user only
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "wb") as out:
        while True:
            chunk = upload_file.read(CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise TooLarge
            if len(head) < 8:
                head += chunk[: 8 - len(head)]
            out.write(chunk)
    sniff(name, suffix, head)
    return path


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the UTF-8 name (RFC 5987 / RFC 6266)."""
    stem, suffix = os.path.splitext(filename)
    fallback_stem = _ASCII_SAFE.sub("_", stem).strip("._")
    fallback = (fallback_stem or "drafter") + (_ASCII_SAFE.sub("", suffix) or ".docx")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
