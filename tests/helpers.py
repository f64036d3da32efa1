"""What several test modules share: the seed corpus's 区财政局 report as text and as .docx files,
GB/T 9704 documents built from report blocks, LibreOffice conversions, the data rule files and a live server.

Test modules import these from here, never from each other.
"""

from __future__ import annotations

import hashlib
import io
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
from lxml import etree

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


# a skeleton filled as a writer would (tests/test_new_filled.py, tests/test_plan.py)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PROMPT = re.compile(r"【[^【】]*】")

HEADINGS = [
    "聚焦收入组织，财政实力稳步增强", "深化预算改革，资金效益持续提升", "兜牢民生底线，保障水平不断提高",
    "收入增长后劲不足", "支出刚性压力较大", "资金绩效管理仍需加强", "狠抓收入组织", "优化支出结构",
    "加强队伍建设", "防范化解风险", "推进依法行政", "提升服务效能", "强化督促检查", "压实工作责任",
    "健全制度机制", "加强法治宣传", "规范执法行为", "落实普法责任",
]
SENTENCES = [
    "全年完成一般公共预算收入12.6亿元，同比增长5.2%，完成年度目标的101.3%。",
    "一是实施零基预算改革，压减一般性支出8%；二是开展事前绩效评估86项；三是盘活闲置资产2300万元。",
    "坚持党建引领，开展廉政教育12次，获评市级文明单位。",
    "新增税源项目较少，非税收入占比偏高，收入质量有待提高。",
    "教育、医疗、社保等刚性支出逐年增加，收支平衡压力较大。",
    "部分单位重分配、轻管理，绩效评价结果运用不够充分。",
    "加强税源监控，确保收入增长6%以上，年底前完成清欠任务。",
    "严控“三公”经费，集中财力保障重点项目，由预算科牵头，6月底前完成。",
    "开展业务培训4期，健全内控制度，严肃财经纪律。",
    "按期偿还到期债务本息，守住不发生系统性风险的底线。",
    "全面落实行政执法“三项制度”，行政复议纠错率下降到3%以内。",
    "推行政务服务“一网通办”，群众满意率达到98%。",
    "主要负责人主持召开党组会议研究法治建设4次，听取专题汇报2次。",
    "党组理论学习中心组集中学法6次，领导干部年度述法实现全覆盖。",
    "重大行政决策全部经过合法性审查，法治建设考核结果纳入年度绩效。",
    "组织执法人员轮训2期，考核合格率100%，保障经费列入年度预算。",
    "成功创建省级法治政府建设示范项目1个，上级督察反馈的3个问题全部整改到位。",
]


def fill_skeleton(data: bytes, year: int) -> bytes:
    """Replace each prompt as a writer would: headings with headings, body with sentences."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    headings, sentences = iter(HEADINGS), iter(SENTENCES)
    for p in root.iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        style_id = style.get(W + "val") if style is not None else ""
        for t in p.iter(W + "t"):
            text = t.text or ""
            if not PROMPT.search(text):
                continue
            if "常用表述" in text:
                t.text = ""  # the hint paragraph is deleted before the draft goes out
            elif "成文日期" in text:
                t.text = PROMPT.sub(f"{year}年12月20日", text)
            elif "领导机关" in text:
                t.text = PROMPT.sub("区委、区政府", text)
            elif "heading" in style_id.lower() or style_id.startswith("Heading"):
                t.text = PROMPT.sub(lambda m: next(headings), text)
            elif text.startswith("【") and text.endswith("】"):
                t.text = next(sentences)
            else:  # a prompt inside a sentence, like the lead's
                t.text = PROMPT.sub("围绕高质量发展，扎实做好各项工作，取得了新的成效", text)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return out.getvalue()


def assert_only_input_errors(path, data: bytes) -> None:
    """Write ``data`` to ``path`` and read it: it reads, or fails with one InputError line naming the file."""
    from drafter import read
    from drafter.errors import InputError

    path.write_bytes(data)
    try:
        read(path)
    except InputError as exc:
        assert str(path) in str(exc) and "\n" not in str(exc)
