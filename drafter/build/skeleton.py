"""The .docx skeleton behind ``drafter new``: GB/T 9704-2012 page, styles and footers.

Layout (all in styles, never as direct run formatting, so a user restyles the whole report
by editing a style):

* A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm;
* title 2号 (22 pt) 方正小标宋简体, centred; body 3号 (16 pt) 仿宋_GB2312, first line indented
  two characters, exact line spacing that puts 22 lines on a page;
* headings 1..4 (一、 （一） 1. （1）, typed, not auto-numbered): 黑体, 楷体_GB2312, 仿宋_GB2312,
  仿宋_GB2312, 16 pt, not bold, black, Word outline levels 0..3;
* page number “— 1 —” in 4号 (14 pt) 宋体, odd pages right, even pages left (one character in);
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
from drafter.build.templates import DEFAULT_KIND, Block, render_kind
from drafter.errors import InputError, os_reason
from drafter.model import YEAR_MAX, YEAR_MIN
from drafter.output import check_output, write_atomic

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
HEADER_DISTANCE = mm_to_twips(15)
# the page number's line: its top 7 mm below the text area, 4号 (about 5 mm) high
FOOTER_DISTANCE = mm_to_twips(gb.MARGINS_MM[1] - 7 - gb.PAGE_NUMBER[1] * 25.4 / 72)

TITLE_SIZE = gb.TITLE[1] * 2  # half-points: 2号 22 pt
BODY_SIZE = gb.BODY[1] * 2  # 3号 16 pt
PAGE_NUMBER_SIZE = gb.PAGE_NUMBER[1] * 2  # 4号 14 pt
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
        f"<w:rPr>{_rfonts(BODY_FONT)}{_size(BODY_SIZE)}{_LANG}</w:rPr>",
        default=True,
    ),
    StyleSpec(
        "title",
        "Title",
        "Title",
        '<w:basedOn w:val="{normal}"/><w:next w:val="{normal}"/><w:uiPriority w:val="10"/><w:qFormat/>'
        f'<w:pPr><w:spacing w:before="0" w:after="{LINE_PITCH}" w:line="{LINE_PITCH * 3 // 2}" w:lineRule="exact"/>'
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
        f'<w:pPr><w:spacing w:before="{LINE_PITCH}"/>'
        f'<w:ind w:rightChars="{INDENT_CHARS}" w:right="{INDENT_TWIPS}" w:firstLineChars="0" w:firstLine="0"/>'
        '<w:jc w:val="right"/></w:pPr>',
        custom=True,
    ),
    StyleSpec(
        "sign-date",
        "DrafterSignDate",
        "成文日期",
        '<w:basedOn w:val="{normal}"/><w:next w:val="{normal}"/><w:qFormat/>'
        f'<w:pPr><w:ind w:rightChars="{INDENT_CHARS}" w:right="{INDENT_TWIPS}" w:firstLineChars="0" w:firstLine="0"/>'
        '<w:jc w:val="right"/></w:pPr>',
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
        grid.attrib.pop(f"{_W}type", None)
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


def _paragraph(style_id: str, text: str, lines: list[str] | None = None):
    """A paragraph of the style; ``lines`` are joined by line breaks (w:br) within it."""
    from docx.oxml import OxmlElement

    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    pstyle = OxmlElement("w:pStyle")
    pstyle.set(f"{_W}val", style_id)
    ppr.append(pstyle)
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


def build_document(blocks: list[Block], *, reference_docx: str | None = None, title: str = ""):
    """The python-docx Document holding these paragraphs, GB/T 9704 styled or in the reference's styles."""
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
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.title = title
    props.created = now
    props.modified = now
    props.revision = 1
    _strip_theme_fonts(doc.styles.element)
    body = doc.element.body
    sect = body.find(f"{_W}sectPr")
    for block in blocks:
        lines = title_lines(block.text) if block.kind == "title" else None
        p = _paragraph(ids[BLOCK_STYLES[block.kind]], block.text, lines)
        if sect is not None:
            sect.addprevious(p)
        else:
            body.append(p)
    return doc


def build_skeleton(
    unit: str,
    year: int,
    kind: str = DEFAULT_KIND,
    hints: dict[str, list[str]] | None = None,
    reference_docx: str | None = None,
) -> bytes:
    """The skeleton of a report of this kind for this unit and year, as .docx bytes.

    ``hints`` maps a part (role: summary, problems, plan, highlights, ...) to its set phrases;
    ``None`` or ``{}`` leaves the hint paragraphs out.
    """
    unit = _check_inputs(unit, year)
    blocks = render_kind(kind, unit=unit, year=year, hints=hints)
    title = next((b.text for b in blocks if b.kind == "title"), "")
    doc = build_document(blocks, reference_docx=reference_docx, title=title)
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
    title = _PROMPT.sub("", next((b.text for b in blocks if b.kind == "title"), "")).strip()
    if not title:  # a user's template without a title line
        title = f"{unit}{year}年工作总结及{year + 1}年工作计划"
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
) -> Path:
    """Build the skeleton and write it atomically; refuse to overwrite unless ``force``.

    ``output`` None means the default name in the current folder; an existing folder means the
    default name inside it. Returns the path written.
    """
    target = skeleton_target(output, default_output_name(unit, year, kind))
    check_output(target, force)
    return write_atomic(target, build_skeleton(unit, year, kind, hints, reference_docx), force)


def skeleton_target(output: Path | str | None, name: str) -> Path:
    """Where a skeleton named ``name`` goes: ``output``, or ``name`` inside it when it is a folder, or
    ``name`` in the current folder."""
    target = Path(output) if output is not None else Path(name)
    if target.is_dir():
        target = target / name
    if target.suffix.lower() != ".docx":
        raise InputError(str(target), "输出文件名应以 .docx 结尾")
    return target
