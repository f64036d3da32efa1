"""The .docx skeleton behind ``drafter new``: GB/T 9704-2012 page, styles and footers.

Layout (all in styles, never as direct run formatting, so a user restyles the whole report
by editing a style):

* A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm;
* title 2号 (22 pt) 方正小标宋简体, centred; body 3号 (16 pt) 仿宋_GB2312, first line indented
  two characters, exact line spacing that puts 22 lines on a page and character spacing that puts
  28 characters on a line (GB/T 9704 5.2.2), a line grid of the same pitch;
* headings 1..4 (一、 （一） 1. （1）, typed, not auto-numbered): 黑体, 楷体_GB2312, 仿宋_GB2312,
  仿宋_GB2312, 16 pt, not bold, black, Word outline levels 0..3;
* page number “— 1 —” in 4号 (14 pt) 宋体, odd pages right, even pages left (one character in);
* 落款 (GB/T 9704 7.3.5): without a seal the unit two characters from the right edge and the date
  starting two characters right of the unit's first character (both moved left together when the
  date would come closer than two characters to the edge); with a seal the date four characters
  from the edge and the unit centred over it;
* East Asian fonts named on ``w:eastAsia`` with no theme-font attributes; language zh-CN.

With a reference document the package of that document is the starting point: its body is
emptied, its section (margins, footers) and styles are kept, and only the styles it lacks are
added from the list below.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

from drafter import gbt9704 as gb
from drafter.document.model import YEAR_MAX, YEAR_MIN
from drafter.errors import InputError, os_reason
from drafter.outputs.atomic import check_output, write_atomic
from drafter.skeleton.templates import DEFAULT_KIND, Block, render_kind

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"

# ---- GB/T 9704-2012 page geometry, in twips (1/20 pt; 1440 a inch) ----


def mm_to_twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


PAGE_WIDTH = mm_to_twips(gb.PAGE_MM[0])  # 11906
PAGE_HEIGHT = mm_to_twips(gb.PAGE_MM[1])  # 16838
MARGIN_TOP = mm_to_twips(gb.MARGINS_MM[0])  # 2098
MARGIN_BOTTOM = mm_to_twips(gb.MARGINS_MM[1])  # 1984
MARGIN_LEFT = mm_to_twips(gb.MARGINS_MM[2])  # 1587
MARGIN_RIGHT = mm_to_twips(gb.MARGINS_MM[3])  # 1474
LINES_PER_PAGE = gb.LINES_PER_PAGE
# exact line spacing: the largest whole-twip pitch of which 22 lines fit in the text area
# (297 - 37 - 35 = 225 mm = 12756 twips; 12756 / 22 = 579.8 -> 579 twips = 28.95 pt)
LINE_PITCH = (PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM) // LINES_PER_PAGE
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 156 mm = 8845 twips
CHARS_PER_LINE = gb.CHARS_PER_LINE
HEADER_DISTANCE = mm_to_twips(15)
# the page number's line: its top 7 mm below the text area, 4号 (about 5 mm) high
FOOTER_DISTANCE = mm_to_twips(gb.MARGINS_MM[1] - 7 - gb.PAGE_NUMBER[1] * 25.4 / 72)

TITLE_SIZE = gb.TITLE[1] * 2  # half-points: 2号 22 pt
BODY_SIZE = gb.BODY[1] * 2  # 3号 16 pt
PAGE_NUMBER_SIZE = gb.PAGE_NUMBER[1] * 2  # 4号 14 pt
# 28 characters of 16 pt (448 pt) do not fit the 156 mm (442.2 pt) line: each is condensed to the
# largest whole-twip pitch of which 28 fit (315 twips = 15.75 pt). A character grid (docGrid
# linesAndChars) would say the same to Word, but LibreOffice lays a 16 pt character over two cells
# of a 15.79 pt grid (14 characters a line), so the pitch is set by character spacing instead.
CHAR_PITCH = TEXT_WIDTH // CHARS_PER_LINE
CHAR_SPACING = CHAR_PITCH - BODY_SIZE * 10  # twips (= twentieths of a point), negative: condensed
INDENT_CHARS = 200  # hundredths of a character: two characters
INDENT_TWIPS = 2 * BODY_SIZE * 10  # 640: two 16 pt characters, for readers without *Chars
PAGE_NUMBER_INDENT = PAGE_NUMBER_SIZE * 10  # 280: one 14 pt character (单页码居右空一字)

TITLE_FONT = gb.TITLE[0]
BODY_FONT = gb.BODY[0]
HEADING_FONTS = tuple(font for font, _ in gb.HEADINGS)
PAGE_NUMBER_FONT = gb.PAGE_NUMBER[0]
EM_DASH = "\u2014"

THEME_FONT_ATTRS = ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme")

# ---- styles ----


def _rfonts(name: str) -> str:
    return f'<w:rFonts w:ascii="{name}" w:eastAsia="{name}" w:hAnsi="{name}" w:cs="{name}"/>'


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
_EXACT = f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>'
_LANG = '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'


class StyleSpec:
    """One style the skeleton uses: identified by its (built-in) name; ``{normal}`` in the
    XML is replaced by the id of the document's default paragraph style."""

    def __init__(self, key, style_id, name, xml, *, kind="paragraph", default=False, custom=False):
        self.key = key
        self.style_id = style_id
        self.name = name
        self.xml = xml
        self.kind = kind
        self.default = default
        self.custom = custom

    def element_xml(self, normal_id: str) -> str:
        attrs = f'w:type="{self.kind}" w:styleId="{self.style_id}"'
        if self.default:
            attrs += ' w:default="1"'
        if self.custom:
            attrs += ' w:customStyle="1"'
        body = self.xml.replace("{normal}", normal_id)
        return f'<w:style xmlns:w="{W_NS}" {attrs}><w:name w:val="{self.name}"/>{body}</w:style>'


def _heading(level: int) -> StyleSpec:
    return StyleSpec(
        f"h{level}",
        f"Heading{level}",
        f"heading {level}",
        '<w:basedOn w:val="{normal}"/><w:next w:val="{normal}"/><w:uiPriority w:val="9"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/><w:keepLines/><w:outlineLvl w:val="{level - 1}"/></w:pPr>'
        f"<w:rPr>{_rfonts(HEADING_FONTS[level - 1])}{_size(BODY_SIZE)}</w:rPr>",
    )


STYLES = [
    StyleSpec(
        "p",
        "Normal",
        "Normal",
        '<w:qFormat/><w:pPr><w:widowControl w:val="0"/>'
        f'{_EXACT}<w:ind w:firstLineChars="{INDENT_CHARS}" w:firstLine="{INDENT_TWIPS}"/><w:jc w:val="both"/></w:pPr>'
        f'<w:rPr>{_rfonts(BODY_FONT)}<w:spacing w:val="{CHAR_SPACING}"/>{_size(BODY_SIZE)}{_LANG}</w:rPr>',
        default=True,
    ),
    StyleSpec(
        "title",
        "Title",
        "Title",
        '<w:basedOn w:val="{normal}"/><w:next w:val="{normal}"/><w:uiPriority w:val="10"/><w:qFormat/>'
        f'<w:pPr><w:snapToGrid w:val="0"/>'
        f'<w:spacing w:before="0" w:after="{LINE_PITCH}" w:line="{LINE_PITCH * 3 // 2}" w:lineRule="exact"/>'
        f'{_NO_INDENT}<w:jc w:val="center"/><w:outlineLvl w:val="9"/></w:pPr>'
        f"<w:rPr>{_rfonts(TITLE_FONT)}{_size(TITLE_SIZE)}</w:rPr>",
    ),
    _heading(1),
    _heading(2),
    _heading(3),
    _heading(4),
    StyleSpec(
        "hint",
        "DrafterHint",
        "填写提示",
        '<w:basedOn w:val="{normal}"/><w:next w:val="{normal}"/><w:qFormat/>'
        '<w:rPr><w:color w:val="7F7F7F"/></w:rPr>',
        custom=True,
    ),
    StyleSpec(
        "sign-unit",
        "DrafterSignUnit",
        "落款",
        '<w:basedOn w:val="{normal}"/><w:next w:val="DrafterSignDate"/><w:qFormat/>'
        f'<w:pPr><w:spacing w:before="{LINE_PITCH}"/>{_NO_INDENT}<w:jc w:val="left"/></w:pPr>',
        custom=True,
    ),
    StyleSpec(
        "sign-date",
        "DrafterSignDate",
        "成文日期",
        '<w:basedOn w:val="{normal}"/><w:next w:val="{normal}"/><w:qFormat/>'
        f'<w:pPr>{_NO_INDENT}<w:jc w:val="left"/></w:pPr>',
        custom=True,
    ),
    StyleSpec(
        "footer",
        "Footer",
        "footer",
        '<w:basedOn w:val="{normal}"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        f'<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>{_NO_INDENT}</w:pPr>'
        f"<w:rPr>{_rfonts(PAGE_NUMBER_FONT)}{_size(PAGE_NUMBER_SIZE)}</w:rPr>",
    ),
    StyleSpec(
        "header",
        "Header",
        "header",
        '<w:basedOn w:val="{normal}"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        f'<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>{_NO_INDENT}'
        '<w:jc w:val="center"/></w:pPr>',
    ),
    StyleSpec(
        "char",
        "DefaultParagraphFont",
        "Default Paragraph Font",
        '<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>',
        kind="character",
        default=True,
    ),
    StyleSpec(
        "table",
        "TableNormal",
        "Normal Table",
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>",
        kind="table",
        default=True,
    ),
    StyleSpec(
        "numbering",
        "NoList",
        "No List",
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>',
        kind="numbering",
        default=True,
    ),
]
BLOCK_STYLES = {"title": "title", "lead": "p", "p": "p", "blank": "p", "hint": "hint",
                "sign-unit": "sign-unit", "sign-date": "sign-date",
                "h1": "h1", "h2": "h2", "h3": "h3", "h4": "h4"}

DOC_DEFAULTS = (
    f'<w:docDefaults xmlns:w="{W_NS}"><w:rPrDefault><w:rPr>{_rfonts(BODY_FONT)}{_size(BODY_SIZE)}{_LANG}'
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>"
)


def _parse(xml: str):
    from docx.oxml.parser import parse_xml

    return parse_xml(xml)


def _install_gb_styles(styles_root) -> dict[str, str]:
    """Default mode: the styles part becomes exactly the GB/T 9704 set (latent styles kept)."""
    latent = styles_root.find(f"{_W}latentStyles")
    for child in list(styles_root):
        styles_root.remove(child)
    styles_root.append(_parse(DOC_DEFAULTS))
    if latent is not None:
        styles_root.append(latent)
    ids = {}
    for spec in STYLES:
        styles_root.append(_parse(spec.element_xml("Normal")))
        ids[spec.key] = spec.style_id
    return ids


def _merge_reference_styles(styles_root) -> dict[str, str]:
    """Reference mode: keep every style the user has; add only those missing."""
    by_name: dict[str, str] = {}
    ids_taken = set()
    normal_id = None
    for style in styles_root.iter(f"{_W}style"):
        sid = style.get(f"{_W}styleId")
        ids_taken.add(sid)
        name_el = style.find(f"{_W}name")
        if name_el is not None:
            by_name[(style.get(f"{_W}type"), name_el.get(f"{_W}val", "").lower())] = sid
        if style.get(f"{_W}type") == "paragraph" and style.get(f"{_W}default") in ("1", "true", "on"):
            normal_id = sid
    ids = {}
    missing = []
    for spec in STYLES:
        sid = by_name.get((spec.kind, spec.name.lower()))
        if spec.key == "p" and normal_id:
            sid = normal_id
        if sid is None:
            missing.append(spec)
            sid = spec.style_id
            while sid in ids_taken:
                sid += "Drafter"
            ids_taken.add(sid)
        ids[spec.key] = sid
    if normal_id is None:
        normal_id = ids["p"]
    for spec in missing:
        el = _parse(spec.element_xml(normal_id))
        el.set(f"{_W}styleId", ids[spec.key])
        if spec.default and _has_default(styles_root, spec.kind):
            el.attrib.pop(f"{_W}default", None)
        nxt = el.find(f"{_W}next")
        if spec.key == "sign-unit" and nxt is not None:
            nxt.set(f"{_W}val", ids["sign-date"])
        styles_root.append(el)
    return ids


def _numbered_styles(styles_root) -> set[str]:
    """Ids of paragraph styles that number their paragraphs (themselves or through the style they are based on)."""
    based_on, numbered = {}, set()
    for style in styles_root.iter(f"{_W}style"):
        sid = style.get(f"{_W}styleId")
        base = style.find(f"{_W}basedOn")
        based_on[sid] = base.get(f"{_W}val") if base is not None else None
        num = style.find(f"{_W}pPr/{_W}numPr/{_W}numId")
        if num is not None:
            based_on[sid] = None
            if num.get(f"{_W}val") not in (None, "0"):
                numbered.add(sid)

    def numbers(sid, depth=0):
        return sid in numbered or (sid in based_on and based_on[sid] is not None and depth < 20
                                   and numbers(based_on[sid], depth + 1))

    return {sid for sid in based_on if numbers(sid)}


def _has_default(styles_root, kind: str) -> bool:
    return any(
        s.get(f"{_W}type") == kind and s.get(f"{_W}default") in ("1", "true", "on")
        for s in styles_root.iter(f"{_W}style")
    )


# ---- document parts ----


def _page_setup(section) -> None:
    from docx.shared import Twips

    section.page_width = Twips(PAGE_WIDTH)
    section.page_height = Twips(PAGE_HEIGHT)
    section.top_margin = Twips(MARGIN_TOP)
    section.bottom_margin = Twips(MARGIN_BOTTOM)
    section.left_margin = Twips(MARGIN_LEFT)
    section.right_margin = Twips(MARGIN_RIGHT)
    section.header_distance = Twips(HEADER_DISTANCE)
    section.footer_distance = Twips(FOOTER_DISTANCE)
    section.gutter = Twips(0)
    sect = section._sectPr
    grid = sect.find(f"{_W}docGrid")
    if grid is not None:
        grid.set(f"{_W}type", "lines")
        grid.attrib.pop(f"{_W}charSpace", None)
        grid.set(f"{_W}linePitch", str(LINE_PITCH))
    cols = sect.find(f"{_W}cols")
    if cols is not None:
        cols.set(f"{_W}space", "425")


def _page_number_paragraph(style_id: str, odd: bool) -> str:
    align = "right" if odd else "left"
    indent = f'w:right="{PAGE_NUMBER_INDENT}"' if odd else f'w:left="{PAGE_NUMBER_INDENT}"'
    cached = "1" if odd else "2"
    return (
        f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="{style_id}"/><w:ind {indent}/><w:jc w:val="{align}"/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">{EM_DASH} </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{cached}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {EM_DASH}</w:t></w:r></w:p>'
    )


def _footers(doc, footer_style_id: str) -> None:
    section = doc.sections[0]
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        root = footer._element
        for child in list(root):
            root.remove(child)
        root.append(_parse(_page_number_paragraph(footer_style_id, odd)))


def _settings(doc) -> None:
    settings = doc.settings.element
    lang = settings.find(f"{_W}themeFontLang")
    if lang is not None:
        lang.set(f"{_W}eastAsia", "zh-CN")
    rsids = settings.find(f"{_W}rsids")
    if rsids is not None:
        settings.remove(rsids)


_DROP_RELS = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
)


def _drop_extras(doc) -> None:
    """python-docx's template carries a Word 2010 styles copy, a thumbnail and bibliography
    data: none belongs in a report skeleton."""
    for part in (doc.part, doc.part.package):
        for rel_id, rel in list(part.rels.items()):
            if rel.reltype in _DROP_RELS:
                del part.rels[rel_id]


# the fonts the styles name, with the names Word may find instead on a computer without them
# (Windows 10 and later ship 仿宋 and 楷体 but not the *_GB2312 fonts; Word for Mac knows 宋体 as SimSun)
FONT_TABLE = (
    (BODY_FONT, "仿宋"),
    (HEADING_FONTS[0], "SimHei"),
    (HEADING_FONTS[1], "楷体"),
    (TITLE_FONT, "方正小标宋_GBK"),
    (PAGE_NUMBER_FONT, "SimSun"),
    ("Times New Roman", None),
)


def _font_table(doc) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        part = doc.part.part_related_by(RT.FONT_TABLE)
    except KeyError:
        return
    fonts = []
    for name, alt in FONT_TABLE:
        alt_xml = f'<w:altName w:val="{alt}"/>' if alt else ""
        charset = "00" if name == "Times New Roman" else "86"
        fonts.append(f'<w:font w:name="{name}">{alt_xml}<w:charset w:val="{charset}"/>'
                     '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>')
    xml = (f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<w:fonts xmlns:w=\"{W_NS}\">"
           + "".join(fonts) + "</w:fonts>")
    part._blob = xml.encode("utf-8")


_APP_PROPERTIES = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>drafter</Application><DocSecurity>0</DocSecurity></Properties>"
)


def _app_properties(doc) -> None:
    """docProps/app.xml names drafter as the program that made the file (python-docx's template
    says Microsoft Macintosh Word, with its word counts of an empty document)."""
    for rel in doc.part.package.rels.values():
        if rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = _APP_PROPERTIES.encode("utf-8")


def _strip_theme_fonts(root) -> None:
    """Word lets a theme font win over a named one: drop every theme attribute that shadows a
    named font (one standing alone is kept, or a reference document would lose its font)."""
    for rfonts in root.iter(f"{_W}rFonts"):
        for named, theme in zip(("ascii", "eastAsia", "hAnsi", "cs"), THEME_FONT_ATTRS):
            if rfonts.get(f"{_W}{named}"):
                rfonts.attrib.pop(f"{_W}{theme}", None)


def _open_reference(reference_docx: str):
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    path = Path(reference_docx)
    if not path.is_file():
        raise InputError(str(reference_docx), "找不到参考样式文件")
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(str(reference_docx), "不是有效的 Word .docx 文件（.doc、.dotx、.wps 请先另存为 .docx）") from exc
    except OSError as exc:
        raise InputError(str(reference_docx), f"无法读取参考样式文件（{os_reason(exc)}）") from exc


def _clear_body(doc) -> None:
    body = doc.element.body
    for child in list(body):
        if child.tag != f"{_W}sectPr":
            body.remove(child)


TITLE_LINE_CHARS = 20  # characters of 2号 type across the 156 mm text width
_TITLE_BREAK = re.compile(r"(?=[及暨和与])")


def title_lines(text: str) -> list[str]:
    """A long title broken before 及/暨/和 where the halves are most even (GB/T 9704: 回行时词意完整)."""
    if len(text) <= TITLE_LINE_CHARS:
        return [text]
    cuts = [m.start() for m in _TITLE_BREAK.finditer(text) if 0 < m.start() < len(text) - 1]
    if not cuts:
        return [text]
    cut = min(cuts, key=lambda c: abs(len(text) - 2 * c))
    return [text[:cut], text[cut:]]


def _paragraph(style_id: str, text: str, lines: list[str] | None = None, number_off: bool = False):
    """A paragraph of the style; ``lines`` are joined by line breaks (w:br) within it; ``number_off``
    turns off the numbering its style would add (numId 0)."""
    from docx.oxml import OxmlElement

    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    pstyle = OxmlElement("w:pStyle")
    pstyle.set(f"{_W}val", style_id)
    ppr.append(pstyle)
    if number_off:
        numpr = OxmlElement("w:numPr")
        num_id = OxmlElement("w:numId")
        num_id.set(f"{_W}val", "0")
        numpr.append(num_id)
        ppr.append(numpr)
    p.append(ppr)
    for i, line in enumerate(lines or ([text] if text else [])):
        r = OxmlElement("w:r")
        if i:
            r.append(OxmlElement("w:br"))
        t = OxmlElement("w:t")
        t.text = line
        if line != line.strip():
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        r.append(t)
        p.append(r)
    return p


def _check_inputs(unit: str, year: int) -> str:
    unit = (unit or "").strip()
    if not unit:
        raise InputError("--unit", "单位名称不能为空")
    if "\n" in unit or "\r" in unit:
        raise InputError("--unit", "单位名称不能换行")
    if not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise InputError("--year", "年份应为四位数的公历年份，如 2026")
    return unit


def _retext_headers_footers(doc, retext) -> None:
    """Rewrite the text of a reference's own headers and footers (next year's skeleton moves their years on)."""
    for section in doc.sections:
        for part in (section.header, section.footer, section.even_page_header, section.even_page_footer,
                     section.first_page_header, section.first_page_footer):
            if part.is_linked_to_previous:  # no part of its own: nothing to rewrite, and none is added
                continue
            for t in part._element.iter(f"{_W}t"):
                if t.text:
                    t.text = retext(t.text)


# ---- 落款 (GB/T 9704-2012 7.3.5) ----

# digits and Latin letters: half a character in 仿宋_GB2312, up to 0.64 in the fonts standing in for
# it (10 pt of 16 measured in LibreOffice with only Noto CJK installed), and Word and LibreOffice put
# a fifth to a quarter of a character between Chinese and digits; the wider is assumed, so a date
# never runs off the line
NARROW_CHARS = 0.65
SCRIPT_GAP_CHARS = 0.2
SIGN_DATE_EXAMPLE = "2026年12月31日"  # the widest date: the width a date still to be filled is given
SIGN_RIGHT = 2  # 7.3.5.2: the unit two characters from the right edge
SIGN_DATE_STEP = 2  # 7.3.5.2: the date's first character two right of the unit's
SEALED_DATE_RIGHT = 4  # 7.3.5.1: the date four characters from the right edge, the unit centred over it


def text_chars(text: str) -> float:
    """Width in body characters, at most: full-width characters one, digits and Latin letters
    ``NARROW_CHARS``, a ``SCRIPT_GAP_CHARS`` between the two."""
    import unicodedata

    wide = [unicodedata.east_asian_width(c) in "FWA" for c in text]
    gaps = sum(a != b for a, b in zip(wide, wide[1:]))
    return sum(1 if w else NARROW_CHARS for w in wide) + gaps * SCRIPT_GAP_CHARS


def signature_columns(unit: str, date: str, *, seal: bool = False) -> tuple[float, float]:
    """Where the unit's and the date's first characters stand, in characters from the left edge
    of the 28-character line. A date still a prompt counts as the widest date."""
    u = text_chars(unit)
    d = text_chars(SIGN_DATE_EXAMPLE if not date or _PROMPT.search(date) else date)
    if seal:
        date_col = CHARS_PER_LINE - SEALED_DATE_RIGHT - d
        return max(0.0, date_col + (d - u) / 2), max(0.0, date_col)
    # the unit two from the edge unless that brings the date closer than two to it
    unit_col = CHARS_PER_LINE - max(SIGN_RIGHT + u, SIGN_DATE_STEP + d + SIGN_RIGHT)
    return max(0.0, unit_col), max(0.0, unit_col) + SIGN_DATE_STEP


def _indent_left(p, twips: int) -> None:
    """Left-aligned at ``twips`` from the left margin, whatever the style (a reference document's
    落款 style may be right-aligned)."""
    from docx.oxml import OxmlElement

    ppr = p.find(f"{_W}pPr")
    ind = OxmlElement("w:ind")
    for name, value in (("leftChars", "0"), ("left", str(twips)), ("rightChars", "0"), ("right", "0"),
                        ("firstLineChars", "0"), ("firstLine", "0")):  # *Chars 0: the twips count
        ind.set(f"{_W}{name}", value)
    ppr.append(ind)
    jc = OxmlElement("w:jc")
    jc.set(f"{_W}val", "left")
    ppr.append(jc)


def _place_signature(placed: list[tuple[Block, object]], seal: bool) -> None:
    """The unit and date lines put at their columns (paragraph indents: they depend on the unit);
    under a seal the unit sits two blank lines below the body, room for the seal's top half."""
    unit = next(((b, p) for b, p in placed if b.kind == "sign-unit"), None)
    date = next(((b, p) for b, p in placed if b.kind == "sign-date"), None)
    unit_col, date_col = signature_columns(unit[0].text if unit else "", date[0].text if date else "", seal=seal)
    if unit:
        if seal:
            from docx.oxml import OxmlElement

            spacing = OxmlElement("w:spacing")
            spacing.set(f"{_W}before", str(2 * LINE_PITCH))
            unit[1].find(f"{_W}pPr").append(spacing)
        _indent_left(unit[1], round(unit_col * CHAR_PITCH))
    if date:
        _indent_left(date[1], round(date_col * CHAR_PITCH))


def build_document(blocks: list[Block], *, reference_docx: str | None = None, title: str = "", seal: bool = False,
                   retext=None):
    """The python-docx Document holding these paragraphs, GB/T 9704 styled or in the reference's styles;
    ``seal``: the 落款 laid out for a seal (GB/T 9704 7.3.5.1) instead of without one (7.3.5.2);
    ``retext`` (text → text) rewrites the reference's headers and footers."""
    if reference_docx is None:
        import docx

        doc = docx.Document()
        _drop_extras(doc)
        ids = _install_gb_styles(doc.styles.element)
        _page_setup(doc.sections[0])
        _settings(doc)
        _font_table(doc)
        _footers(doc, ids["footer"])
        props = doc.core_properties
        props.author = ""
        props.last_modified_by = ""
        props.comments = ""
        props.keywords = ""
        props.subject = ""
        props.category = ""
    else:
        doc = _open_reference(reference_docx)
        _clear_body(doc)
        ids = _merge_reference_styles(doc.styles.element)
        props = doc.core_properties
        if retext is not None:
            _retext_headers_footers(doc, retext)
    # a reference's heading styles may number their paragraphs: the skeleton types its numbers itself
    unnumbered = _numbered_styles(doc.styles.element) if reference_docx else set()
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.title = title
    props.created = now
    props.modified = now
    props.revision = 1
    _app_properties(doc)
    _strip_theme_fonts(doc.styles.element)
    body = doc.element.body
    sect = body.find(f"{_W}sectPr")
    placed = []
    for block in blocks:
        lines = title_lines(block.text) if block.kind == "title" else None
        style_id = ids[BLOCK_STYLES[block.kind]]
        p = _paragraph(style_id, block.text, lines, number_off=style_id in unnumbered)
        if sect is not None:
            sect.addprevious(p)
        else:
            body.append(p)
        placed.append((block, p))
    _place_signature(placed, seal)
    return doc


def build_skeleton(
    unit: str,
    year: int,
    kind: str = DEFAULT_KIND,
    hints: dict[str, list[str]] | None = None,
    reference_docx: str | None = None,
    seal: bool = False,
) -> bytes:
    """The skeleton of a report of this kind for this unit and year, as .docx bytes.

    ``hints`` maps a part (role: summary, problems, plan, highlights, ...) to its set phrases;
    ``None`` or ``{}`` leaves the hint paragraphs out; ``seal`` lays the 落款 out for a seal.
    """
    unit = _check_inputs(unit, year)
    blocks = render_kind(kind, unit=unit, year=year, hints=hints)
    return _docx_bytes(blocks, reference_docx, seal)


def _docx_bytes(blocks: list[Block], reference_docx: str | None, seal: bool = False, retext=None) -> bytes:
    title = next((b.text for b in blocks if b.kind == "title"), "")
    doc = build_document(blocks, reference_docx=reference_docx, title=title, seal=seal, retext=retext)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


_BAD_FILENAME_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_PROMPT = re.compile(r"【[^【】]*】")


def default_output_name(unit: str, year: int, kind: str = DEFAULT_KIND) -> str:
    """The title the kind's template writes (``{unit}{year}年工作总结及{year+1}年工作计划`` for the
    default kind), prompts removed, as a file name."""
    unit = _check_inputs(unit, year)
    blocks = render_kind(kind, unit=unit, year=year, hints=None)
    title = next((b.text for b in blocks if b.kind == "title"), "")
    return _file_name(title, f"{unit}{year}年工作总结及{year + 1}年工作计划")


def _file_name(title: str, fallback: str) -> str:
    """A title, prompts removed, as a file name; ``fallback`` for a template without a title line."""
    title = _PROMPT.sub("", title).strip() or fallback
    name = _BAD_FILENAME_CHARS.sub("_", title).strip(" .") or "工作总结"
    return name[:120] + ".docx"


def write_skeleton(
    unit: str,
    year: int,
    kind: str = DEFAULT_KIND,
    hints: dict[str, list[str]] | None = None,
    reference_docx: str | None = None,
    *,
    output: Path | str | None = None,
    force: bool = False,
    seal: bool = False,
) -> Path:
    """Build the skeleton and write it atomically; refuse to overwrite unless ``force``.

    ``output`` None means the default name in the current folder; an existing folder means the
    default name inside it. Returns the path written.
    """
    target = skeleton_target(output, default_output_name(unit, year, kind))
    check_output(target, force)
    return write_atomic(target, build_skeleton(unit, year, kind, hints, reference_docx, seal), force)


def skeleton_target(output: Path | str | None, name: str) -> Path:
    """Where a skeleton named ``name`` goes: ``output``, or ``name`` inside it when it is a folder, or
    ``name`` in the current folder."""
    target = Path(output) if output is not None else Path(name)
    if target.is_dir():
        target = target / name
    if target.suffix.lower() != ".docx":
        raise InputError(str(target), "输出文件名应以 .docx 结尾")
    return target


def build_next_year(source: str, report: int | None = None, *, unit: str | None = None, kind: str | None = None,
                    hints=None, reference_docx: str | None = None, seal: bool = False) -> tuple[bytes, str]:
    """Next year's skeleton from last year's report (see drafter.skeleton.next_year) as .docx bytes, and its
    file name. A .docx source lends its layout unless ``reference_docx`` names another file; ``hints``
    (summary year, kind → phrases per part) gives the set phrases; ``seal`` as for ``build_skeleton``."""
    from drafter.skeleton.next_year import moved_on, next_year

    plan = next_year(source, report, unit=unit, kind=kind, hints=hints)
    if reference_docx is None and source.lower().endswith(".docx"):
        reference_docx = source
    retext = (lambda text: moved_on(text, plan.year - 1)) if reference_docx == source else None
    return (_docx_bytes(plan.blocks, reference_docx, seal, retext),
            _file_name(plan.title, f"{plan.unit}{plan.year}年工作总结"))
