"""Read a saved web page: the article's paragraphs, without the page around it.

Parsed with lxml's HTML parser (no network, no scripts). The page is cut into lines at block
elements and ``<br>``; each line remembers the block it came from and how much of it is link text.
The article is the deepest element holding most of the page's running text (long lines that are
not links), as readability-style extractors find it; its title is the page heading that the
``<title>`` also names. Inside the article, what is still page furniture is dropped by its form:
lines that are mostly links, ``来源：… 发布时间：…`` lines (label–value pairs with a date or a
count), and rows of short controls (``【字体：大 中 小】``, ``打印本页 关闭窗口``).
Then the lines the page-line vocabulary (``drafter.document.webpage``, style_rules/web-page.yml) takes for page
furniture go too. ``Paragraph.index`` is the line's position in the text so recovered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.document.model import Document, Paragraph
from drafter.document.webpage import furniture
from drafter.errors import InputError
from drafter.reader.files import read_head
from drafter.reader.lines import clean_line

MAX_HTML_BYTES = 50 * 1024 * 1024
RUNNING_TEXT = 20  # characters of non-link text that make a line running text
ARTICLE_SHARE = 0.8  # share of the page's running text the article element holds

_DROPPED = ("script", "style", "noscript", "template", "iframe", "frame", "object", "embed", "svg", "canvas",
            "nav", "aside", "form", "select", "button", "input", "textarea", "map", "head")
_BLOCKS = frozenset(("address", "article", "aside", "blockquote", "body", "center", "dd", "div", "dl", "dt",
                     "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
                     "hr", "li", "main", "ol", "p", "pre", "section", "table", "tbody", "tfoot", "thead", "tr",
                     "ul", "caption"))  # not td/th: a table row is one line, its cells apart
_FURNITURE_CLASS = re.compile(r"(?:^|[\s_-])(?:nav|menu|breadcrumbs?|crumbs?|footer|share|sidebar|copyright|"
                              r"toolbar|topbar)(?:$|[\s_-])", re.I)
_TITLE_CLASS = re.compile(r"title|biaoti|bt", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_CODECS = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030", "utf-8": "utf-8",
           "utf8": "utf-8", "big5": "big5", "utf-16": "utf-16"}
_PAIR = re.compile(r"(?:^|[\s|丨｜【\[])[\u4e00-\u9fff]{2,5}\s*[：:]")
_DATE = re.compile(r"\d{4}\s*[-年/.]\s*\d{1,2}|\d{1,2}:\d{2}")
_COUNT_PAIR = re.compile(r"[\u4e00-\u9fff]{2,5}\s*[：:]\s*\d+\s*(?:次|人次)?\s*(?:$|\s)")
_CONTROL_SPLIT = re.compile(r"[\s|丨｜【】\[\]()（）]+")
_SENTENCE_MARK = re.compile(r"[，。；！？,;]")
_TITLE_SEPARATORS = re.compile(r"\s*[_|｜—–-]{1,2}\s*")


@dataclass
class _Line:
    owner: object  # the block element the line starts in
    text: str = ""
    links: int = 0  # characters inside <a>
    in_table: bool = False


def _decode(path: str, data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    declared = _META_CHARSET.search(data[:8192])
    codecs = [_CODECS.get(declared.group(1).decode("ascii").lower(), "")] if declared else []
    for codec in [c for c in codecs if c] + ["utf-8", "gb18030"]:
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    raise InputError(path, "无法识别网页的编码（支持 UTF-8、GB2312/GBK/GB18030），请用浏览器另存为 UTF-8")


def _lines(root) -> list[_Line]:
    """The page cut into lines at block elements and <br>, in document order."""
    lines: list[_Line] = []
    current = _Line(root)

    def close(owner, in_table: bool) -> None:
        nonlocal current
        if current.text.strip():
            lines.append(current)
        current = _Line(owner, in_table=in_table)

    def add(text: str | None, link: bool) -> None:
        if text:
            current.text += text
            if link:
                current.links += len(text.strip())

    def walk(el, link: bool, in_table: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        block = tag in _BLOCKS
        in_table = in_table or tag in ("td", "th")
        if block:
            close(el, in_table)
        elif in_table and not current.text.strip():
            current.owner, current.in_table = el, True
        if tag == "br":
            close(el.getparent(), in_table)
        link = link or tag == "a"
        add(el.text, link)
        for child in el:
            walk(child, link, in_table)
            add(child.tail, link)
            if tag == "tr" and child.tag in ("td", "th"):
                current.text += "\t"  # a table row stays one line, its cells apart
        if block:
            close(el.getparent(), in_table)

    walk(root, False, False)
    close(root, False)
    for ln in lines:
        ln.text = "\t".join(clean_line(cell, gaps_are_layout=False) for cell in ln.text.strip("\t").split("\t")).strip("\t")
    return [ln for ln in lines if ln.text]


def _running(ln: _Line) -> int:
    size = len(ln.text) - ln.links
    return size if size >= RUNNING_TEXT and ln.links <= 0.3 * len(ln.text) else 0


def _article(root, lines: list[_Line]):
    """The deepest element holding ``ARTICLE_SHARE`` of the running text in at least two lines
    (an article is a container of paragraphs, not one of them)."""
    weight: dict[object, int] = {}
    count: dict[object, int] = {}
    for ln in lines:
        size = _running(ln)
        if size:
            for el in [ln.owner, *ln.owner.iterancestors()]:
                weight[el] = weight.get(el, 0) + size
                count[el] = count.get(el, 0) + 1
    total = weight.get(root, 0)
    if not total:
        return root
    best = root
    while True:
        heavy = [c for c in best if weight.get(c, 0) >= ARTICLE_SHARE * total and count[c] >= 2]
        if not heavy:
            return best
        best = heavy[0]


def _furniture(ln: _Line) -> bool:
    text = ln.text
    if ln.links > 0.5 * len(text):
        return True
    if len(text) > 80 or _SENTENCE_MARK.search(text) and len(text) > 40:
        return False
    pairs = len(_PAIR.findall(text))
    if pairs >= 2 or pairs and (_DATE.search(text) or _COUNT_PAIR.search(text)):
        return True  # 发布时间：… 来源：… 浏览次数：…
    if ln.in_table or _SENTENCE_MARK.search(text):
        return False
    tokens = [t for t in _CONTROL_SPLIT.split(text) if t]
    # a row of short controls: 【字体：大 中 小】 打印本页 关闭窗口
    return len(tokens) >= 2 and all(len(t) <= 4 for t in tokens) and not any(c.isdigit() for c in text)


def _page_title(root) -> str:
    title = root.find(".//title")
    return clean_line(title.text_content(), gaps_are_layout=False) if title is not None else ""


def _title(root, article, page_title: str) -> str | None:
    """The article's heading: a heading or title-classed block before (or opening) the article whose
    text the page's <title> contains; else the longest part of <title>."""
    stop = next((ln for ln in article.iter() if isinstance(ln.tag, str) and (ln.text or "").strip()), article)
    candidates = []
    for el in root.iter():
        if el is stop:
            break
        if not isinstance(el.tag, str):
            continue
        if el.tag in ("h1", "h2", "h3") or _TITLE_CLASS.search(el.get("class", "") + " " + el.get("id", "")):
            text = clean_line(el.text_content(), gaps_are_layout=False)
            if 4 <= len(text) <= 100:
                candidates.append(text)
    for text in reversed(candidates):
        if text in page_title or page_title and page_title in text:
            return text
    parts = [p for p in _TITLE_SEPARATORS.split(page_title) if p]
    return max(parts, key=len) if parts else (candidates[-1] if candidates else None)


def read_html(path: str, data: bytes | None = None) -> Document:
    import lxml.html
    from lxml import etree

    if data is None:
        data = read_head(path, MAX_HTML_BYTES + 1)
    if not data.strip():
        raise InputError(path, "文件为空")
    if len(data) > MAX_HTML_BYTES:
        raise InputError(path, "网页文件超过 50 MB，过大，已拒绝")
    text = _decode(path, data)
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        raise InputError(path, "网页内容为空或无法解析") from None
    page_title = _page_title(root)
    for el in list(root.iter(*_DROPPED)):
        el.drop_tree()
    for el in list(root.iter()):
        if (isinstance(el.tag, str) and el.getparent() is not None
                and (el.tag == "footer" or _FURNITURE_CLASS.search(el.get("class", "") + " " + el.get("id", "")))):
            el.drop_tree()
    lines = _lines(root)
    article = _article(root, lines)
    inside = {id(el) for el in article.iter()}
    body = [ln.text for ln in lines if id(ln.owner) in inside and not _furniture(ln)]
    dropped = furniture(list(enumerate(body)))  # what the page-line vocabulary knows (web-page.yml)
    body = [t for i, t in enumerate(body) if i not in dropped]
    title = _title(root, article, page_title)
    if title and not any(title == t or title in t[: len(title) + 2] for t in body[:3]):
        body.insert(0, title)
    if sum(len(t) for t in body) < 10:
        raise InputError(path, "网页中没有找到正文文字")
    return Document(path=path, kind="html", paragraphs=[Paragraph(index=i, text=t) for i, t in enumerate(body, 1)])
