"""Read .txt / .md: one paragraph a line, in the encodings Chinese offices actually produce."""

from __future__ import annotations

import re

from drafter.document.model import Document, Paragraph
from drafter.errors import InputError
from drafter.reader.files import read_head

MAX_TEXT_BYTES = 100 * 1024 * 1024
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+")


_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode_with_encoding(path: str, data: bytes) -> tuple[str, bytes, str]:
    """(text, BOM, codec): the text and how it was stored, so a fixed copy can be stored alike."""
    if not data:
        raise InputError(path, "文件为空")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), bom, codec
            except UnicodeDecodeError:
                raise InputError(path, f"{codec.upper()} 编码有误，无法读取") from None
    if b"\x00" in data:
        raise InputError(path, "这是二进制文件，不是文本文件")
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec), b"", codec
        except UnicodeDecodeError:
            continue
    raise InputError(path, "无法识别文件编码（支持 UTF-8、GB18030/GBK、带 BOM 的 UTF-16），请另存为 UTF-8")


def decode(path: str, data: bytes) -> str:
    return decode_with_encoding(path, data)[0]


def read_text(path: str, data: bytes | None = None) -> Document:
    if data is None:
        data = read_head(path, MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        raise InputError(path, "文件超过 100 MB，过大，已拒绝")
    text = decode(path, data)
    if not text.strip():
        raise InputError(path, "文件没有文字内容")
    markdown = path.lower().endswith(".md")
    paragraphs = []
    lines = text.split("\n")  # not splitlines(): editors count lines by \n only
    if lines and lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, start=1):
        line = line.removesuffix("\r")
        outline_level = style = None
        markup = ""
        if markdown:
            m = _MD_HEADING.match(line)
            if m:
                outline_level = len(m.group(1)) - 1
                style = f"heading {outline_level + 1}"
                markup, line = line[: m.end()], line[m.end():]
        paragraphs.append(Paragraph(index=number, text=line, style=style, outline_level=outline_level, markup=markup))
    return Document(path=path, source_format="text", paragraphs=paragraphs)
