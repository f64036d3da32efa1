"""Build .docx files from scratch, as raw WordprocessingML, for the tests.

No python-docx and no templates: every part is written as text here so a test
controls the exact XML (split runs, tracked changes, numbering through styles,
comments ...).  ``hostile`` returns bad inputs (not a zip, OLE2, encrypted,
zip bombs, entity attacks ...) as bytes.

    b = DocxBuilder()
    i = b.heading("一、2023年工作总结", level=1)
    j = b.paragraph(runs=["一般公共", "预算收入XX", "亿元"])
    b.comment_on(j, "drafter: ignore placeholder")
    data = b.to_bytes()

Paragraph indexes returned by the builder are 1-based positions among all
``w:p`` elements of word/document.xml in document order (table cell
paragraphs included, comment paragraphs excluded: those live in comments.xml).
"""

from __future__ import annotations

import functools
import io
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed: the same builder gives the same bytes

#: The usual 公文 numbering: 一、 （一） 1. （1）
DEFAULT_LEVELS = [
    {"fmt": "chineseCounting", "text": "%1、"},
    {"fmt": "chineseCounting", "text": "（%2）"},
    {"fmt": "decimal", "text": "%3."},
    {"fmt": "decimal", "text": "（%4）"},
]

_ALIGN = {"justify": "both", "justified": "both"}

# level -> (east-asian font, bold) of the built-in heading styles
_HEADINGS = {1: ("黑体", False), 2: ("楷体_GB2312", False), 3: ("仿宋_GB2312", True), 4: ("仿宋_GB2312", False)}


def _a(value) -> str:
    """An XML attribute value, quoted and escaped."""
    return quoteattr(str(value))


def _twips_from_mm(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _rpr(font=None, size_pt=None, bold=False, italic=False) -> str:
    parts = []
    if font:
        f = _a(font)
        parts.append(f"<w:rFonts w:ascii={f} w:eastAsia={f} w:hAnsi={f} w:hint=\"eastAsia\"/>")
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if italic:
        parts.append("<w:i/><w:iCs/>")
    if size_pt:
        hp = round(size_pt * 2)
        parts.append(f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def _run(text: str, rpr: str = "", tag: str = "w:t") -> str:
    """One w:r; a tab becomes w:tab and a newline w:br."""
    pieces = []
    buf = []

    def flush():
        if buf:
            pieces.append(f'<{tag} xml:space="preserve">{escape("".join(buf))}</{tag}>')
            buf.clear()

    for ch in text:
        if ch == "\t":
            flush()
            pieces.append("<w:tab/>")
        elif ch == "\n":
            flush()
            pieces.append("<w:br/>")
        else:
            buf.append(ch)
    flush()
    return f"<w:r>{rpr}{''.join(pieces)}</w:r>"


def _num_pr(num_id, ilvl) -> str:
    ilvl_xml = "" if ilvl is None else f'<w:ilvl w:val="{int(ilvl)}"/>'
    return f'<w:numPr>{ilvl_xml}<w:numId w:val="{int(num_id)}"/></w:numPr>'


@dataclass
class _Para:
    ppr: str
    content: list[str]
    comments: list[int] = field(default_factory=list)
    empty: bool = False

    def xml(self) -> str:
        if self.empty and not self.comments:
            return "<w:p/>"
        body = "".join(self.content)
        for cid in self.comments:
            body = (
                f'<w:commentRangeStart w:id="{cid}"/>{body}<w:commentRangeEnd w:id="{cid}"/>'
                f'<w:r><w:commentReference w:id="{cid}"/></w:r>'
            )
        return f"<w:p>{self.ppr}{body}</w:p>"


@dataclass
class _Table:
    rows: list[list[_Para]]


@dataclass
class _Raw:
    xml: str


class DocxBuilder:
    """Accumulates body content, then writes a complete .docx package.

    Parts written: [Content_Types].xml, _rels/.rels, docProps/core.xml,
    word/document.xml, word/_rels/document.xml.rels, word/styles.xml, and
    word/numbering.xml / word/comments.xml only when used.

    ``auto_numbering``: a numId referenced (by ``numbered``, ``paragraph(num_id=)``
    or ``style(num_id=)``) but never defined with ``numbering()`` gets the
    DEFAULT_LEVELS definition at build time.  Pass False to leave it dangling.
    """

    def __init__(self, *, auto_numbering: bool = True, title: str | None = "drafter test document"):
        self.auto_numbering = auto_numbering
        self.title = title
        self._body: list[_Para | _Table | _Raw] = []
        self._paras: list[_Para | None] = []  # all w:p of document.xml, in order (None: inside raw xml)
        self._styles: dict[str, str] = {}  # custom / overriding style id -> w:style xml
        self._abstract: dict[int, list[dict]] = {}
        self._nums: dict[int, tuple[int, dict[int, int]]] = {}
        self._num_refs: set[int] = set()
        self._comments: list[tuple[int, str, str, str, str]] = []
        self._next_id = 0  # w:id of ins/del/comments
        self._margins = (37.0, 35.0, 28.0, 26.0)

    # ---- paragraphs -------------------------------------------------------------------------

    def _ppr(self, style, align, num_id, ilvl, outline_level) -> str:
        parts = []
        if style:
            parts.append(f"<w:pStyle w:val={_a(style)}/>")
        if num_id is not None:
            self._num_refs.add(int(num_id))
            parts.append(_num_pr(num_id, ilvl))
        if align:
            parts.append(f"<w:jc w:val={_a(_ALIGN.get(align, align))}/>")
        if outline_level is not None:
            parts.append(f'<w:outlineLvl w:val="{int(outline_level)}"/>')
        return f"<w:pPr>{''.join(parts)}</w:pPr>" if parts else ""

    def _runs(self, text, runs, font, size_pt) -> list[str]:
        if runs is None:
            runs = [] if text is None or text == "" else [text]
        elif text is not None:
            raise ValueError("give text or runs, not both")
        out = []
        for r in runs:
            if isinstance(r, str):
                r = {"text": r}
            out.append(
                _run(
                    r["text"],
                    _rpr(r.get("font", font), r.get("size_pt", size_pt), r.get("bold", False), r.get("italic", False)),
                )
            )
        return out

    def _add(self, para: _Para, to_body: bool = True) -> int:
        self._paras.append(para)
        if to_body:
            self._body.append(para)
        return len(self._paras)

    def paragraph(
        self,
        text: str | None = None,
        style: str | None = None,
        runs: list | None = None,
        align: str | None = None,
        font: str | None = "仿宋_GB2312",
        size_pt: float | None = 16,
        *,
        num_id: int | None = None,
        ilvl: int | None = 0,
        outline_level: int | None = None,
    ) -> int:
        """Add a w:p; return its 1-based index.

        ``text`` is one run; ``runs`` splits it into several w:r (items: str, or
        dict with text/font/size_pt/bold/italic).  ``\\t``/``\\n`` become
        w:tab/w:br.  ``font``/``size_pt`` are direct run formatting (None: leave
        to the style).  ``align``: left/center/right/both (or "justify")/distribute.
        ``num_id``/``ilvl`` add a direct w:numPr (ilvl=None omits w:ilvl);
        ``outline_level`` a direct w:outlineLvl (0-based).
        """
        ppr = self._ppr(style, align, num_id, ilvl, outline_level)
        return self._add(_Para(ppr, self._runs(text, runs, font, size_pt)))

    def heading(self, text: str | None = None, level: int = 1, *, runs=None, align=None, font=None, size_pt=None) -> int:
        """Paragraph in style Heading{level} (built in for 1..4; others must be added with style())."""
        sid = f"Heading{level}"
        if level not in _HEADINGS and sid not in self._styles:
            raise ValueError(f"no style {sid}: define it with style() first")
        return self.paragraph(text, style=sid, runs=runs, align=align, font=font, size_pt=size_pt)

    def numbered(self, text: str | None = None, num_id: int = 1, ilvl: int | None = 0, **kw) -> int:
        """Paragraph with a direct w:numPr (automatic numbering); other kwargs as paragraph()."""
        return self.paragraph(text, num_id=num_id, ilvl=ilvl, **kw)

    def empty(self) -> int:
        """An empty ``<w:p/>``."""
        return self._add(_Para("", [], empty=True))

    def tracked_insert(
        self, before: str = "", inserted: str = "", after: str = "", *, author: str = "审稿人",
        date: str = "2024-01-15T09:00:00Z", style=None, font="仿宋_GB2312", size_pt=16,
    ) -> int:
        """One paragraph: run ``before``, ``<w:ins>`` holding ``inserted``, run ``after``."""
        return self._tracked("w:ins", "w:t", before, inserted, after, author, date, style, font, size_pt)

    def tracked_delete(
        self, before: str = "", deleted: str = "", after: str = "", *, author: str = "审稿人",
        date: str = "2024-01-15T09:00:00Z", style=None, font="仿宋_GB2312", size_pt=16,
    ) -> int:
        """One paragraph: run ``before``, ``<w:del>`` whose run holds ``deleted`` in w:delText, run ``after``."""
        return self._tracked("w:del", "w:delText", before, deleted, after, author, date, style, font, size_pt)

    def _tracked(self, tag, text_tag, before, changed, after, author, date, style, font, size_pt) -> int:
        rpr = _rpr(font, size_pt)
        rid = self._new_id()
        content = []
        if before:
            content.append(_run(before, rpr))
        content.append(f'<{tag} w:id="{rid}" w:author={_a(author)} w:date={_a(date)}>{_run(changed, rpr, text_tag)}</{tag}>')
        if after:
            content.append(_run(after, rpr))
        return self._add(_Para(self._ppr(style, None, None, None, None), content))

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id - 1

    def comment_on(self, paragraph_index: int, text: str, *, author: str = "drafter", initials: str = "D",
                   date: str = "2024-01-15T09:00:00Z") -> int:
        """Anchor a Word comment on the whole paragraph; return the comment's w:id."""
        if not 1 <= paragraph_index <= len(self._paras):
            raise IndexError(f"no paragraph {paragraph_index}")
        para = self._paras[paragraph_index - 1]
        if para is None:
            raise ValueError("cannot comment on a paragraph added with raw()")
        cid = self._new_id()
        para.comments.append(cid)
        self._comments.append((cid, text, author, initials, date))
        return cid

    def table(self, rows: list[list[str | None]], *, font: str | None = "仿宋_GB2312", size_pt: float | None = 16,
              style: str | None = None) -> list[list[int]]:
        """A bordered w:tbl, one w:p per cell; return the cell paragraph indexes, shaped like ``rows``."""
        out_rows, idx = [], []
        for row in rows:
            prow, irow = [], []
            for cell in row:
                p = _Para(self._ppr(style, None, None, None, None), self._runs(cell or "", None, font, size_pt))
                irow.append(self._add(p, to_body=False))
                prow.append(p)
            out_rows.append(prow)
            idx.append(irow)
        self._body.append(_Table(out_rows))
        return idx

    def raw(self, xml: str) -> list[int]:
        """Append body-level XML as is (prefixes w: and r: are bound); return the indexes of its w:p."""
        from lxml import etree

        root = etree.fromstring(f"<root {_NS}>{xml}</root>".encode())
        n = sum(1 for _ in root.iter(f"{{{W_NS}}}p"))
        start = len(self._paras)
        self._paras.extend([None] * n)
        self._body.append(_Raw(xml))
        return list(range(start + 1, start + n + 1))

    # ---- styles, numbering, section ---------------------------------------------------------

    def style(self, style_id: str, name: str, num_id: int | None = None, ilvl: int | None = 0,
              outline_level: int | None = None, font: str | None = None, size_pt: float | None = None,
              based_on: str | None = "Normal", *, bold: bool = False) -> None:
        """Add (or replace, same id) a paragraph style; ``num_id`` puts w:numPr in its pPr."""
        ppr = []
        if num_id is not None:
            self._num_refs.add(int(num_id))
            ppr.append(_num_pr(num_id, ilvl))
        if outline_level is not None:
            ppr.append(f'<w:outlineLvl w:val="{int(outline_level)}"/>')
        custom = "" if style_id == "Normal" or style_id.startswith("Heading") else ' w:customStyle="1"'
        self._styles[style_id] = (
            f'<w:style w:type="paragraph"{custom} w:styleId={_a(style_id)}>'
            f"<w:name w:val={_a(name)}/>"
            + (f"<w:basedOn w:val={_a(based_on)}/>" if based_on and based_on != style_id else "")
            + '<w:next w:val="Normal"/><w:qFormat/>'
            + (f"<w:pPr>{''.join(ppr)}</w:pPr>" if ppr else "")
            + _rpr(font, size_pt, bold)
            + "</w:style>"
        )

    def numbering(self, num_id: int, abstract_id: int | None = None, levels: list[dict] | None = None,
                  start_overrides: dict[int, int] | None = None) -> None:
        """Define w:num ``num_id`` -> w:abstractNum ``abstract_id``.

        New abstract (``levels`` or DEFAULT_LEVELS): each level a dict with
        ``fmt`` (w:numFmt), ``text`` (w:lvlText), optional ``start`` (1),
        ``suffix`` (tab/space/nothing), ``pstyle`` (w:pStyle link), ``font``.
        An existing ``abstract_id`` with ``levels=None`` adds another w:num on
        it: with ``start_overrides={0: 1}`` that is a restart of the list.
        """
        if abstract_id is None:
            abstract_id = max(self._abstract, default=-1) + 1
        if abstract_id in self._abstract:
            if levels is not None:
                raise ValueError(f"abstractNum {abstract_id} already defined")
        else:
            self._abstract[abstract_id] = list(levels or DEFAULT_LEVELS)
        self._nums[num_id] = (abstract_id, dict(start_overrides or {}))

    def margins_mm(self, top: float = 37, bottom: float = 35, left: float = 28, right: float = 26) -> None:
        """Page margins of the (A4) section, in millimetres; these values are also the default."""
        self._margins = (top, bottom, left, right)

    # ---- output -----------------------------------------------------------------------------

    def _text_width(self) -> int:
        _, _, left, right = self._margins
        return 11906 - _twips_from_mm(left) - _twips_from_mm(right)

    def _table_xml(self, t: _Table) -> str:
        ncols = max((len(r) for r in t.rows), default=1) or 1
        col = self._text_width() // ncols
        border = "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                         for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
        grid = f'<w:gridCol w:w="{col}"/>' * ncols
        out = [f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{border}</w:tblBorders>'
               f'<w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>']
        for row in t.rows:
            out.append("<w:tr>")
            if len(row) < ncols:
                out.append(f'<w:trPr><w:gridAfter w:val="{ncols - len(row)}"/></w:trPr>')
            for p in row:
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{col}" w:type="dxa"/></w:tcPr>{p.xml()}</w:tc>')
            out.append("</w:tr>")
        out.append("</w:tbl>")
        return "".join(out)

    def document_xml(self) -> str:
        """word/document.xml as text."""
        body = []
        for item in self._body:
            if isinstance(item, _Para):
                body.append(item.xml())
            elif isinstance(item, _Table):
                body.append(self._table_xml(item))
            else:
                body.append(item.xml)
        top, bottom, left, right = (_twips_from_mm(v) for v in self._margins)
        sect = (f'<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="{top}" w:right="{right}" '
                f'w:bottom="{bottom}" w:left="{left}" w:header="851" w:footer="992" w:gutter="0"/>'
                f'<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>')
        return f"{_DECL}<w:document {_NS}><w:body>{''.join(body)}{sect}</w:body></w:document>"

    def styles_xml(self) -> str:
        """word/styles.xml as text: docDefaults, Normal, Heading1-4 (outlineLvl 0-3), custom styles."""
        styles = {
            "Normal": '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
            '<w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr>'
            + _rpr("仿宋_GB2312", 16) + "</w:style>",
        }
        for lvl, (font, bold) in _HEADINGS.items():
            styles[f"Heading{lvl}"] = (
                f'<w:style w:type="paragraph" w:styleId="Heading{lvl}"><w:name w:val="heading {lvl}"/>'
                f'<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>'
                f'<w:pPr><w:keepNext/><w:keepLines/><w:outlineLvl w:val="{lvl - 1}"/></w:pPr>'
                + _rpr(font, 16, bold) + "</w:style>"
            )
        styles.update(self._styles)
        defaults = (
            '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="仿宋_GB2312" '
            'w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:kern w:val="2"/><w:sz w:val="32"/>'
            '<w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            "<w:pPrDefault/></w:docDefaults>"
        )
        fixed = (
            '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
            '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
            '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
            '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
            '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr></w:style>"
        )
        return f"{_DECL}<w:styles {_NS}>{defaults}{''.join(styles.values())}{fixed}</w:styles>"

    def numbering_xml(self) -> str | None:
        """word/numbering.xml as text, or None when no numbering is used."""
        abstract, nums = dict(self._abstract), dict(self._nums)
        if self.auto_numbering:
            for nid in sorted(self._num_refs - set(nums) - {0}):
                aid = max(abstract, default=-1) + 1
                abstract[aid] = list(DEFAULT_LEVELS)
                nums[nid] = (aid, {})
        if not nums and not abstract:
            return None
        out = []
        for aid, levels in abstract.items():
            lv = []
            for i, L in enumerate(levels):
                lv.append(
                    f'<w:lvl w:ilvl="{i}"><w:start w:val="{int(L.get("start", 1))}"/>'
                    f'<w:numFmt w:val={_a(L.get("fmt", "decimal"))}/>'
                    + (f'<w:pStyle w:val={_a(L["pstyle"])}/>' if L.get("pstyle") else "")
                    + (f'<w:suff w:val={_a(L["suffix"])}/>' if L.get("suffix") else "")
                    + f'<w:lvlText w:val={_a(L.get("text", f"%{i + 1}."))}/><w:lvlJc w:val="left"/>'
                    + _rpr(L.get("font")) + "</w:lvl>"
                )
            out.append(f'<w:abstractNum w:abstractNumId="{aid}"><w:multiLevelType w:val="multilevel"/>'
                       f'{"".join(lv)}</w:abstractNum>')
        for nid, (aid, overrides) in nums.items():
            ov = "".join(f'<w:lvlOverride w:ilvl="{int(k)}"><w:startOverride w:val="{int(v)}"/></w:lvlOverride>'
                         for k, v in sorted(overrides.items()))
            out.append(f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{ov}</w:num>')
        return f"{_DECL}<w:numbering {_NS}>{''.join(out)}</w:numbering>"

    def comments_xml(self) -> str | None:
        """word/comments.xml as text, or None when there are no comments."""
        if not self._comments:
            return None
        out = [
            f'<w:comment w:id="{cid}" w:author={_a(author)} w:date={_a(date)} w:initials={_a(ini)}>'
            f'<w:p><w:r><w:annotationRef/></w:r>{_run(text)}</w:p></w:comment>'
            for cid, text, author, ini, date in self._comments
        ]
        return f"{_DECL}<w:comments {_NS}>{''.join(out)}</w:comments>"

    def parts(self) -> dict[str, bytes]:
        """Every member of the package, name -> bytes, in writing order."""
        numbering, comments = self.numbering_xml(), self.comments_xml()
        overrides = [("/word/document.xml", f"{_CT_MAIN}.document.main+xml"),
                     ("/word/styles.xml", f"{_CT_MAIN}.styles+xml"),
                     ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")]
        doc_rels = [("rId1", "styles", "styles.xml")]
        if numbering:
            overrides.append(("/word/numbering.xml", f"{_CT_MAIN}.numbering+xml"))
            doc_rels.append(("rId2", "numbering", "numbering.xml"))
        if comments:
            overrides.append(("/word/comments.xml", f"{_CT_MAIN}.comments+xml"))
            doc_rels.append(("rId3", "comments", "comments.xml"))
        ct = (f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/>'
              + "".join(f'<Override PartName="{p}" ContentType="{c}"/>' for p, c in overrides) + "</Types>")
        rels_ns = "http://schemas.openxmlformats.org/package/2006/relationships"
        pkg_rels = (f'{_DECL}<Relationships xmlns="{rels_ns}">'
                    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
                    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
                    'metadata/core-properties" Target="docProps/core.xml"/></Relationships>')
        word_rels = (f'{_DECL}<Relationships xmlns="{rels_ns}">'
                     + "".join(f'<Relationship Id="{i}" Type="{_REL}/{t}" Target="{tg}"/>' for i, t, tg in doc_rels)
                     + "</Relationships>")
        core = (f'{_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
                'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
                ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                + (f"<dc:title>{escape(self.title)}</dc:title>" if self.title else "")
                + '<dc:creator>drafter tests</dc:creator>'
                '<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-15T09:00:00Z</dcterms:created>'
                "</cp:coreProperties>")
        out = {"[Content_Types].xml": ct, "_rels/.rels": pkg_rels, "docProps/core.xml": core,
               "word/document.xml": self.document_xml(), "word/_rels/document.xml.rels": word_rels,
               "word/styles.xml": self.styles_xml()}
        if numbering:
            out["word/numbering.xml"] = numbering
        if comments:
            out["word/comments.xml"] = comments
        return {k: v.encode("utf-8") for k, v in out.items()}

    def to_bytes(self) -> bytes:
        """The .docx as bytes (deterministic: same content, same bytes)."""
        return _zip(self.parts())

    def save(self, path) -> Path:
        """Write the .docx to ``path``; return it as a Path."""
        path = Path(path)
        path.write_bytes(self.to_bytes())
        return path


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, _ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


def _sample_parts() -> dict[str, bytes]:
    b = DocxBuilder()
    b.heading("一、2023年工作总结", level=1)
    b.paragraph("全年完成一般公共预算收入XX亿元。")
    return b.parts()


# ---- raw zip writing (precompressed members, for bombs) ---------------------------------------


@dataclass
class _Member:
    name: str
    data: bytes  # raw deflate stream
    crc: int
    size: int  # uncompressed size


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def _member(name: str, data: bytes) -> _Member:
    return _Member(name, _deflate(data), zlib.crc32(data), len(data))


def _raw_zip(members: list[_Member]) -> bytes:
    """A plain zip (no zip64: each size < 4 GiB) from already-deflated members."""
    out, central = io.BytesIO(), []
    for m in members:
        name = m.name.encode()
        offset = out.tell()
        fields = (20, 0x800, 8, 0, 0x21, m.crc, len(m.data), m.size, len(name))
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + name)
        out.write(m.data)
        central.append(struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIHHHHHII", *fields, 0, 0, 0, 0, 0, offset) + name)
    cd_offset = out.tell()
    cd = b"".join(central)
    out.write(cd)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(cd), cd_offset, 0))
    return out.getvalue()


def _repeat_member(name: str, prefix: bytes, chunk: bytes, count: int, suffix: bytes) -> _Member:
    """prefix + chunk*count + suffix, deflated without compressing every copy of chunk.

    Each piece is deflated by a fresh compressor ended by a full flush (byte
    aligned, no back references out of the piece), so the chunk's compressed
    bytes can simply be repeated; the suffix ends the stream.
    """
    def piece(data: bytes) -> bytes:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        return c.compress(data) + c.flush(zlib.Z_FULL_FLUSH)

    crc = zlib.crc32(prefix)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    data = piece(prefix) + piece(chunk) * count + _deflate(suffix)
    return _Member(name, data, crc, len(prefix) + len(chunk) * count + len(suffix))


# ---- OLE2 compound file ---------------------------------------------------------------------

_OLE_SIG = bytes.fromhex("D0CF11E0A1B11AE1")
_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _cfb(streams: dict[str, bytes]) -> bytes:
    """A version 3 compound file (512-byte sectors) whose root storage holds ``streams``.

    Streams under 4096 bytes go to the mini stream, as the format requires;
    the directory is a red-black tree as the format asks.
    """
    sectors: list[bytes] = []
    fat: list[int] = []

    def alloc(data: bytes) -> int:
        n = -(-len(data) // 512)
        if n == 0:
            return _END
        start = len(sectors)
        for i in range(n):
            sectors.append(data[i * 512:(i + 1) * 512].ljust(512, b"\0"))
            fat.append(start + i + 1 if i < n - 1 else _END)
        return start

    mini, minifat, placed = bytearray(), [], []
    for name, data in streams.items():
        if len(data) < 4096:
            n = -(-len(data) // 64)
            start = len(mini) // 64 if n else _END
            for i in range(n):
                minifat.append(start + i + 1 if i < n - 1 else _END)
            mini += data.ljust(n * 64, b"\0")
            placed.append((name, start, len(data)))
        else:
            placed.append((name, alloc(data), len(data)))
    mini_start = alloc(bytes(mini))
    minifat_bytes = struct.pack(f"<{len(minifat)}I", *minifat)
    minifat_bytes += b"\xff" * (-len(minifat_bytes) % 512)
    minifat_start = alloc(minifat_bytes)

    # red-black tree of the root's children: balanced by middle split, bottom level red
    key = sorted(range(len(placed)), key=lambda i: (len(placed[i][0]), placed[i][0].upper()))
    links = {}  # entry index -> (left, right, color)

    def build(ids, depth):
        if not ids:
            return _NOSTREAM, 0
        mid = len(ids) // 2
        left, dl = build(ids[:mid], depth + 1)
        right, dr = build(ids[mid + 1:], depth + 1)
        links[ids[mid]] = [left, right, depth]
        return ids[mid] + 1, max(depth, dl, dr)

    root_child, max_depth = build(key, 0)
    full = len(placed) + 1 == 2 ** (max_depth + 1)

    def entry(name, kind, color, left, right, child, start, size):
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, color, left, right, child)
                + b"\0" * 36 + struct.pack("<IQ", start, size))

    entries = [entry("Root Entry", 5, 1, _NOSTREAM, _NOSTREAM, root_child, mini_start, len(mini))]
    for i, (name, start, size) in enumerate(placed):
        left, right, depth = links[i]
        red = not full and depth == max_depth
        entries.append(entry(name, 2, 0 if red else 1, left, right, _NOSTREAM, start, size))
    while len(entries) % 4:
        entries.append(entry("", 0, 0, _NOSTREAM, _NOSTREAM, _NOSTREAM, 0, 0))
    dir_start = alloc(b"".join(entries))

    nfat = 1
    while len(sectors) + nfat > nfat * 128:
        nfat += 1
    fat_ids = list(range(len(sectors), len(sectors) + nfat))
    fat += [_FATSECT] * nfat
    fat += [_FREE] * (nfat * 128 - len(fat))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    sectors += [fat_bytes[i * 512:(i + 1) * 512] for i in range(nfat)]

    difat = fat_ids + [_FREE] * (109 - nfat)
    header = (_OLE_SIG + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, nfat, dir_start, 0, 4096, minifat_start if minifat else _END,
                            len(minifat_bytes) // 512 if minifat else 0, _END, 0)
              + struct.pack("<109I", *difat))
    return header + b"".join(sectors)


# ---- hostile inputs -------------------------------------------------------------------------


class _Hostile:
    """Bad inputs, as bytes; each function is named for what it returns."""

    @staticmethod
    def empty() -> bytes:
        """Zero bytes."""
        return b""

    @staticmethod
    def not_a_zip() -> bytes:
        """Text (ASCII and Chinese, fixed seed), e.g. a .txt renamed .docx."""
        rng = random.Random(20240115)
        words = ["全年", "完成", "工作", "lorem", "ipsum", "123", "XX亿元", "\n"]
        return ("这不是一个 Word 文件。\n" + " ".join(rng.choice(words) for _ in range(800))).encode("utf-8")

    @staticmethod
    def ole2_doc() -> bytes:
        """An OLE2 compound file like a Word 97-2003 .doc or a WPS .wps (WordDocument + 1Table streams)."""
        fib = struct.pack("<HH", 0xA5EC, 0x00C1) + b"\0" * 4092  # FIB wIdent, nFib of Word 97
        return _cfb({"WordDocument": fib, "1Table": b"\0" * 1024})

    @staticmethod
    def encrypted_docx() -> bytes:
        """A password-protected .docx: OLE2 with EncryptionInfo and EncryptedPackage streams."""
        info = (struct.pack("<HHI", 4, 4, 0x40)
                + b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
                  b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
                  b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" '
                  b'cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/>'
                  b"</encryption>")
        rng = random.Random(7)
        package = struct.pack("<Q", 8000) + bytes(rng.getrandbits(8) for _ in range(8192))
        return _cfb({"EncryptionInfo": info, "EncryptedPackage": package})

    @staticmethod
    def zip_not_docx() -> bytes:
        """A valid zip holding only a.txt."""
        return _zip({"a.txt": "一个普通的压缩包\n".encode()})

    @staticmethod
    def truncated_zip() -> bytes:
        """A valid .docx cut in half (interrupted download)."""
        data = _zip(_sample_parts())
        return data[: len(data) // 2]

    @staticmethod
    def docx_missing_document_xml() -> bytes:
        """A .docx package whose word/document.xml is absent (content types and rels still name it)."""
        parts = _sample_parts()
        del parts["word/document.xml"]
        return _zip(parts)

    @staticmethod
    def invalid_xml() -> bytes:
        """A .docx whose word/document.xml stops in the middle of a tag."""
        parts = _sample_parts()
        doc = parts["word/document.xml"]
        cut = doc.index('">全年'.encode())  # inside <w:t xml:space="preserve"
        parts["word/document.xml"] = doc[:cut]
        return _zip(parts)

    @staticmethod
    def billion_laughs(levels: int = 10) -> bytes:
        """A .docx whose document.xml declares nested entities (10 levels x10: 10**10 'lol')."""
        ents = ['<!ENTITY lol0 "lol">'] + [
            f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)
        ]
        return _doctype_docx("<!DOCTYPE w:document [\n" + "\n".join(ents) + "\n]>", f"&lol{levels - 1};")

    @staticmethod
    def external_entity(target: str = "file:///etc/passwd") -> bytes:
        """A .docx whose document.xml uses a SYSTEM entity (XXE) inside a w:t."""
        return _doctype_docx(f'<!DOCTYPE w:document [\n<!ENTITY xxe SYSTEM "{target}">\n]>', "&xxe;")

    @staticmethod
    def zip_bomb() -> bytes:
        """A .docx (< 1 MB) whose well-formed document.xml inflates to ~310 MiB of one w:t.

        Sizes in the zip headers are the true ones.  Cached: built once.
        """
        return _zip_bomb()

    @staticmethod
    def zip_bomb_many_members(count: int = 320, member_mib: int = 1) -> bytes:
        """A valid small .docx plus ``count`` members customXml/itemN.xml of ``member_mib`` MiB each."""
        return _zip_bomb_many(count, member_mib)

    @staticmethod
    def deep_xml(depth: int = 100_000) -> bytes:
        """A .docx whose body nests ``depth`` block-level w:customXml elements around one paragraph."""
        parts = _sample_parts()
        open_ = b'<w:customXml w:element="d">' * depth
        close = b"</w:customXml>" * depth
        doc = parts["word/document.xml"]
        at = doc.index(b"<w:body>") + len(b"<w:body>")
        para = "<w:p><w:r><w:t>深层嵌套</w:t></w:r></w:p>".encode()
        parts["word/document.xml"] = doc[:at] + open_ + para + close + doc[at:]
        return _zip(parts)


def _doctype_docx(doctype: str, text_xml: str) -> bytes:
    parts = _sample_parts()
    doc = parts["word/document.xml"].decode()
    head, rest = doc.split("\n", 1)
    rest = rest.replace("<w:body>", f"<w:body><w:p><w:r><w:t>{text_xml}</w:t></w:r></w:p>", 1)
    parts["word/document.xml"] = f"{head}\n{doctype}\n{rest}".encode()
    return _zip(parts)


@functools.lru_cache(maxsize=None)
def _zip_bomb() -> bytes:
    parts = _sample_parts()
    doc = parts.pop("word/document.xml").decode()
    head, tail = doc.split("<w:body>", 1)
    prefix = f'{head}<w:body><w:p><w:r><w:t xml:space="preserve">'.encode()
    suffix = f"</w:t></w:r></w:p>{tail}".encode()
    big = _repeat_member("word/document.xml", prefix, b" " * (1 << 20), 310, suffix)
    return _raw_zip([_member(n, d) for n, d in parts.items()] + [big])


@functools.lru_cache(maxsize=None)
def _zip_bomb_many(count: int, member_mib: int) -> bytes:
    parts = _sample_parts()
    body = b"<pad>" + b" " * ((member_mib << 20) - 11) + b"</pad>"
    one = _member("x", body)
    members = [_member(n, d) for n, d in parts.items()]
    members += [_Member(f"customXml/item{i}.xml", one.data, one.crc, one.size) for i in range(1, count + 1)]
    return _raw_zip(members)


hostile = _Hostile()

__all__ = ["DocxBuilder", "hostile", "DEFAULT_LEVELS", "W_NS"]
