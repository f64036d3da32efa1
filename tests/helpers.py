"""What several test modules share: the seed corpus's 区财政局 report as text and as .docx files,
GB/T 9704 documents built from report blocks, LibreOffice conversions, the data rule files and a live server.

Test modules import these from here, never from each other.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import uuid
import zipfile
from pathlib import Path
from typing import Self

import pytest

from drafter.paths import data_dir
from drafter.rules.registry import pattern_rules
from tests.docx_factory import W_NS, DocxBuilder

SEED = data_dir("seeds") / "work-reports-2023-2024.txt"
TITLE_FONT = "方正小标宋简体"
RULE_FILES = sorted(Path(rule.source) for rule in pattern_rules())  # the bundled data rules


def seed_lines(first: int, last: int) -> list[str]:
    """Lines ``first``..``last`` (1-based, inclusive) of the seed corpus."""
    return SEED.read_text(encoding="utf-8").split("\n")[first - 1:last]


FINANCE = seed_lines(45, 69)  # the 区财政局 report of the seed corpus
FINANCE_TXT = ("\n".join(FINANCE) + "\n").encode("utf-8")


def build_finance(b: DocxBuilder | None = None) -> tuple[DocxBuilder, dict[str, int]]:
    """The 区财政局 report with what real drafts hold: a placeholder typed in two runs (the second
    bold), an existing comment, tracked changes, a table, auto-numbered items, '1、' items typed."""
    b = b or DocxBuilder()
    at: dict[str, int] = {}
    at["title"] = b.paragraph(FINANCE[0], align="center")
    b.heading(FINANCE[1], level=1)
    # “…完成XX亿元” with the placeholder cut X | X, the second X bold
    line = FINANCE[2]
    cut = line.index("XX亿元") + 1
    at["split"] = b.paragraph(runs=[line[:cut], {"text": "X", "bold": True}, line[cut + 1:]])
    at["commented"] = b.paragraph(FINANCE[3])
    b.comment_on(at["commented"], "请核实支出进度数据", author="审稿人", initials="S")
    b.heading(FINANCE[4], level=1)
    at["inserted"] = b.tracked_insert(before="今年以来，我局贯彻市财政国资工作会议部署要求，", inserted="1-11月",
                                      after="坚持增收节支，着力保“三保”、强监管、防风险。")
    at["deleted"] = b.tracked_delete(before="二是强化库款保障。今年以来，", deleted="XX区", after="高度重视库款保障的重要性。")
    at["table"] = b.table([["项目", "1-11月支出"], ["三公经费", "XX万元"]])[1][1]
    for text in FINANCE[5:8]:
        b.paragraph(text)
    at["heading_dot"] = b.paragraph(FINANCE[8])  # （三）强化预算源头管理，防控收支风险。
    at["item1"] = b.paragraph(runs=["1", "、" + FINANCE[9][2:]])  # “1、” cut after the digit
    at["item2"] = b.paragraph(FINANCE[10])
    b.paragraph(FINANCE[11])
    for text in FINANCE[12:16]:
        b.paragraph(text)
    b.heading(FINANCE[16], level=1)
    b.paragraph(FINANCE[17])
    at["auto"] = b.numbered(FINANCE[18][2:], num_id=1, ilvl=2)  # “1.” from Word's numbering
    for text in FINANCE[19:25]:
        b.numbered(text[2:], num_id=1, ilvl=2)
    return b, at


HEADER = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr xmlns:w="{W_NS}"><w:p><w:r>'
          f'<w:t>区财政局文件</w:t></w:r></w:p></w:hdr>').encode()
PNG = bytes(range(256)) * 8


def with_header(parts: dict[str, bytes]) -> dict[str, bytes]:
    """Add a header part and a binary media part (referenced from the document) to built parts."""
    parts = dict(parts)
    ct = parts["[Content_Types].xml"].decode()
    ct = ct.replace('<Default Extension="xml"', '<Default Extension="png" ContentType="image/png"/>'
                    '<Default Extension="xml"', 1)
    ct = ct.replace("</Types>", '<Override PartName="/word/header1.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>')
    parts["[Content_Types].xml"] = ct.encode()
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    rels = parts["word/_rels/document.xml.rels"].decode().replace(
        "</Relationships>", f'<Relationship Id="rIdH1" Type="{rel}header" Target="header1.xml"/>'
        f'<Relationship Id="rIdImg1" Type="{rel}image" Target="media/image1.png"/></Relationships>')
    parts["word/_rels/document.xml.rels"] = rels.encode()
    doc = parts["word/document.xml"].decode().replace(
        "<w:sectPr>", '<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/>', 1)
    parts["word/document.xml"] = doc.encode()
    parts["word/header1.xml"] = HEADER
    parts["word/media/image1.png"] = PNG
    return parts


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def finance_docx(unit: str = "区财政局") -> bytes:
    """The seed's 区财政局 report as a .docx, its unit replaced (so concurrent uploads differ)."""
    b = DocxBuilder()
    b.paragraph(FINANCE[0].replace("区财政局", unit), align="center")
    for line in FINANCE[1:]:
        if re.match(r"^[一二三四五六七八九十]+、", line):
            b.heading(line, level=1)
        else:
            b.paragraph(line)
    return b.to_bytes()


def skip_unless_ci(reason: str, allow_module_level: bool = False):
    """Skip a test whose tool is missing here; CI installs every tool, so there it is a failure."""
    if os.environ.get("CI"):
        pytest.fail(f"CI 必须安装：{reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=allow_module_level)


def soffice_convert(files: list[Path], to: str, folder: Path) -> list[Path]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        skip_unless_ci("LibreOffice (soffice) 不在 PATH 上：跳过用 LibreOffice 打开副本的检查")
    profile = Path(f"/tmp/lo-profile-{uuid.uuid4().hex}")
    try:
        subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", to,
                        "--outdir", str(folder), *map(str, files)], check=True, capture_output=True, timeout=240)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    out = [folder / f"{f.stem}.{to.split(':')[0]}" for f in files]
    for f in out:
        assert f.exists() and f.stat().st_size > 0, f"LibreOffice did not convert {f.name}"
    return out


def build_docx(blocks, auto_numbering=False) -> DocxBuilder:
    """A report laid out as GB/T 9704 asks; with auto_numbering, heading numbers come from numbering.xml."""
    b = DocxBuilder()
    if auto_numbering:
        b.numbering(1)  # 一、 （一） 1. （1）
    for kind, text in blocks:
        if kind == "title":
            b.paragraph(text, align="center", font=TITLE_FONT, size_pt=22)
        elif kind in ("h1", "h2"):
            level = int(kind[1])
            if auto_numbering:
                words = re.sub(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", "", text)
                b.numbered(words, num_id=1, ilvl=level - 1, style=f"Heading{level}", font=None, size_pt=None)
            else:
                b.heading(text, level=level)
        elif kind == "table":
            b.table([row.split(";") for row in text.split("|")])
        elif kind in ("unit", "date"):
            b.paragraph(text, align="right")
        else:
            b.paragraph(text)
    return b


class LiveServer:
    """uvicorn serving the app in a thread, on a free loopback port."""

    def __init__(self, app):
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(20)
        self.sock.close()
