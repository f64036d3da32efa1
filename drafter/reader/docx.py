"""Read a .docx with zipfile + lxml into the paragraph model, as its reader sees it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from drafter.document.model import Document, Paragraph
from drafter.errors import InputError
from drafter.reader.numbering import Numbering
from drafter.reader.ooxml import MC, Package, W, wattr

_TWIPS_PER_MM = 1440 / 25.4

# run content that is not text the reader sees, with everything inside it
_SKIP = {W + "del", W + "moveFrom", W + "instrText", W + "delText", W + "txbxContent", W + "pPr", W + "rPr",
         MC + "Fallback", W + "commentReference", W + "footnoteReference", W + "endnoteReference"}
_CHAR = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "\u2011", W + "softHyphen": ""}
# tags looked up once per element: built once here, not by concatenation in the loops
_P, _R, _T, _SYM, _PPR, _RPR = W + "p", W + "r", W + "t", W + "sym", W + "pPr", W + "rPr"
_RFONTS, _SZ, _EAST_ASIA, _VAL = W + "rFonts", W + "sz", W + "eastAsia", W + "val"
_NAME, _BASED_ON, _NUMPR, _OUTLINE, _JC = W + "name", W + "basedOn", W + "numPr", W + "outlineLvl", W + "jc"
_PSTYLE = W + "pStyle"
_NOT_DESCENDED = _SKIP | {_P}  # nested paragraphs are read as paragraphs of their own
_COMMENT_ANCHORS = (W + "commentRangeStart", W + "commentReference", W + "commentRangeEnd")


class _ParagraphDefaults(NamedTuple):
    """What a paragraph of one style shows where it sets nothing itself: the style's name and the
    settings it inherits (the document's default font and size when no style in the chain sets them)."""

    style_name: str | None
    outline_level: int | None
    alignment: str | None
    east_asia_font: str | None
    font_size: float | None
    num_id: str | None
    ilvl: int | None


@dataclass
class _Style:
    name: str
    based_on: str | None
    num_id: str | None
    ilvl: int | None
    outline_level: int | None
    east_asia_font: str | None
    font_size: float | None
    alignment: str | None


def _child(parent, tag: str):
    """``parent.find(tag)`` for one plain tag: the first such child, without lxml's path machinery,
    which costs several times more on the few children of a w:pPr or w:rPr."""
    for child in parent:
        if child.tag == tag:
            return child
    return None


def _ppr_numpr(ppr):
    return _numpr_ids(_child(ppr, _NUMPR) if ppr is not None else None)


def _numpr_ids(numpr):
    """numId and ilvl of a w:numPr."""
    if numpr is None:
        return None, None
    num = _child(numpr, W + "numId")
    lvl = _child(numpr, W + "ilvl")
    return (wattr(num, "val") if num is not None else None,
            int(wattr(lvl, "val") or 0) if lvl is not None else None)


def _val_of(el):
    return el.get(_VAL) if el is not None else None


def _rpr_font_size(rpr):
    """East Asian font and size in points a w:rPr sets (its first w:rFonts and w:sz), in one pass over it."""
    if rpr is None:
        return None, None
    fonts = sz = None
    for child in rpr:
        tag = child.tag
        if tag == _RFONTS:
            if fonts is None:
                fonts = child
                if sz is not None:
                    break  # both found: the w:szCs, w:lang … after them are not looked at
        elif tag == _SZ and sz is None:
            sz = child
            if fonts is not None:
                break
    font = fonts.get(_EAST_ASIA) if fonts is not None else None
    size = sz.get(_VAL) if sz is not None else None
    return font, (int(size) / 2 if size and size.isdigit() else None)


def _first_children(parent) -> dict:
    """tag → the first child with that tag, in one pass (a _child per tag goes over the children again)."""
    first: dict = {}
    if parent is not None:
        for child in parent:
            first.setdefault(child.tag, child)
    return first


def _parse_style(st, sid: str | None) -> _Style:
    style = _first_children(st)
    ppr = _first_children(style.get(_PPR))
    num_id, ilvl = _numpr_ids(ppr.get(_NUMPR))
    font, size = _rpr_font_size(style.get(_RPR))
    name, based_on, outline, jc = (_val_of(el) for el in (
        style.get(_NAME), style.get(_BASED_ON), ppr.get(_OUTLINE), ppr.get(_JC)))
    return _Style(
        name=name or sid,
        based_on=based_on,
        num_id=num_id,
        ilvl=ilvl,
        outline_level=int(outline) if outline and outline.isdigit() else None,
        east_asia_font=font,
        font_size=size,
        alignment=jc,
    )


class _Styles:
    """The styles part. A style is parsed when a paragraph first uses it: Word's styles.xml holds
    a hundred or more, a report uses a handful."""

    def __init__(self, root, theme_east_asia: dict[str, str]):
        self._elements: dict[str | None, object] = {}  # style id → its w:style (paragraph, character, table)
        self._parsed: dict[str | None, _Style | None] = {}
        self.numbering_style_nums: dict[str, str] = {}
        self.default_font = None
        self.default_size = None
        self.default_paragraph = None
        # every paragraph of a style asks the same questions: answered once per style
        self._paragraph_defaults: dict[str | None, _ParagraphDefaults] = {}
        if root is None:
            return
        defaults = root.find(W + "docDefaults")
        if defaults is not None:
            rpr = defaults.find(f"{W}rPrDefault/{W}rPr")
            self.default_font, self.default_size = _rpr_font_size(rpr)
            fonts = rpr.find(W + "rFonts") if rpr is not None and self.default_font is None else None
            if fonts is not None and wattr(fonts, "eastAsiaTheme"):
                self.default_font = theme_east_asia.get(wattr(fonts, "eastAsiaTheme")[:5])
        for st in root.iter(W + "style"):
            sid = wattr(st, "styleId")
            kind = wattr(st, "type")
            if kind == "numbering":
                num_id, _ = _ppr_numpr(_child(st, W + "pPr"))
                if num_id:
                    self.numbering_style_nums[sid] = num_id
                continue
            self._elements[sid] = st
            if kind == "paragraph" and wattr(st, "default") in ("1", "true"):
                self.default_paragraph = sid

    def style(self, sid: str | None) -> _Style | None:
        if sid not in self._parsed:
            st = self._elements.get(sid)
            self._parsed[sid] = None if st is None else _parse_style(st, sid)
        return self._parsed[sid]

    def chain(self, sid: str | None):
        seen = set()
        sid = sid or self.default_paragraph
        while sid and (st := self.style(sid)) is not None and sid not in seen:
            seen.add(sid)
            yield st
            sid = st.based_on

    def inherited(self, sid: str | None, attr: str):
        return next((v for st in self.chain(sid) if (v := getattr(st, attr)) is not None), None)

    def paragraph_defaults(self, sid: str | None) -> _ParagraphDefaults:
        defaults = self._paragraph_defaults.get(sid)
        if defaults is None:
            # the style's name; the default paragraph style's when ``sid`` names no style
            named = self.style(sid) or self.style(self.default_paragraph)
            num_id, ilvl = next(((st.num_id, st.ilvl) for st in self.chain(sid) if st.num_id is not None),
                                (None, None))
            defaults = self._paragraph_defaults[sid] = _ParagraphDefaults(
                style_name=named.name if named else None,
                outline_level=self.inherited(sid, "outline_level"),
                alignment=self.inherited(sid, "alignment"),
                east_asia_font=self.inherited(sid, "east_asia_font") or self.default_font,
                font_size=self.inherited(sid, "font_size") or self.default_size,
                num_id=num_id,
                ilvl=ilvl,
            )
        return defaults


def _theme_east_asia(root) -> dict[str, str]:
    """major/minor East Asian theme fonts: the Hans script entry, else the ea typeface."""
    fonts = {}
    if root is None:
        return fonts
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for kind in ("major", "minor"):
        node = root.find(f".//{a}{kind}Font")
        if node is None:
            continue
        hans = [f.get("typeface") for f in node.findall(a + "font") if f.get("script") == "Hans"]
        ea = node.find(a + "ea")
        face = (hans[0] if hans else None) or (ea.get("typeface") if ea is not None else None)
        if face:
            fonts[kind] = face
    return fonts


def iter_visible(p):
    """(element, text, run) for each piece of the visible text of one w:p, in document order.

    The one definition of visible text (the location contract): w:t with its text, w:tab, w:br,
    w:cr, w:noBreakHyphen, w:softHyphen and w:sym with the character each stands for; ``run`` is
    the nearest enclosing w:r (None outside any). Deleted and moved-away text, field codes, text
    boxes, fallback content and nested paragraphs are not visible; inserted text is.
    """
    stack = [(iter(p), None)]
    while stack:
        children, run = stack[-1]
        for child in children:  # the common tags first; a container is entered at once (depth first)
            tag = child.tag
            if tag == _T:
                yield child, child.text or "", run
            elif tag == _R:
                stack.append((iter(child), child))
                break
            elif tag in _CHAR:
                yield child, _CHAR[tag], run
            elif tag == _SYM:
                char = wattr(child, "char")
                if char:
                    try:
                        yield child, chr(int(char, 16)), run
                    except (ValueError, OverflowError):  # not hexadecimal, or no character
                        pass
            elif tag not in _NOT_DESCENDED and isinstance(tag, str):
                stack.append((iter(child), run))
                break
        else:
            stack.pop()


def _read_paragraph(p) -> tuple[object, str, dict, dict]:
    """The w:pPr of one w:p (None without), its visible text, and the characters per East Asian font
    and per size of its runs (in the order the values first occur)."""
    plain = _read_plain_paragraph(p)
    return plain if plain is not None else (_child(p, _PPR), *_walked_paragraph_text(p))


def _read_plain_paragraph(p) -> tuple[object, str, dict, dict] | None:
    """_read_paragraph of a w:p that holds only w:pPr and runs of one w:rPr and w:t (most paragraphs
    Word writes), in one pass over it, run by run without iter_visible's general walk; None for any other w:p.
    test_reader holds it to the walk's result."""
    ppr = None
    parts: list[str] = []
    fonts: dict = {}
    sizes: dict = {}
    for child in p:
        tag = child.tag
        if tag == _R:
            rpr = None
            chars = None  # until a w:t is met
            for piece in child:
                piece_tag = piece.tag
                if piece_tag == _T:
                    text = piece.text or ""
                    parts.append(text)
                    chars = (chars or 0) + len(text)
                elif piece_tag == _RPR and rpr is None:
                    rpr = piece
                else:
                    return None
            if chars is not None:
                font, size = _rpr_font_size(rpr)
                font, size = font or "", size or 0.0
                fonts[font] = fonts.get(font, 0) + chars
                sizes[size] = sizes.get(size, 0) + chars
        elif tag == _PPR:
            if ppr is None:
                ppr = child
        else:
            return None
    return ppr, "".join(parts), fonts, sizes


def _walked_paragraph_text(p) -> tuple[str, dict, dict]:
    parts: list[str] = []
    fonts: dict = {}
    sizes: dict = {}
    run_format: dict = {}
    for el, text, run in iter_visible(p):
        parts.append(text)
        if el.tag == _T:
            if run not in run_format:
                font, size = _rpr_font_size(_child(run, _RPR)) if run is not None else (None, None)
                run_format[run] = (font or "", size or 0.0)
            font, size = run_format[run]
            fonts[font] = fonts.get(font, 0) + len(text)
            sizes[size] = sizes.get(size, 0) + len(text)
    return "".join(parts), fonts, sizes


def _comments(pkg: Package) -> dict[str, str]:
    root = pkg.xml("word/comments.xml")
    if root is None:
        return {}
    out = {}
    for c in root.iter(W + "comment"):
        out[wattr(c, "id")] = "".join(t.text or "" for t in c.iter(W + "t"))
    return out


def read_docx(path: str, data: bytes | None = None) -> Document:
    pkg = Package(path, data)
    try:
        doc = pkg.xml("word/document.xml")
        theme = _theme_east_asia(pkg.xml("word/theme/theme1.xml")) if pkg.has("word/theme/theme1.xml") else {}
        styles = _Styles(pkg.xml("word/styles.xml"), theme)
        numbering = Numbering.parse(pkg.xml("word/numbering.xml"), styles.numbering_style_nums)
        comments = _comments(pkg)
    finally:
        pkg.close()
    body = doc.find(W + "body")
    if body is None:
        raise InputError(path, "word/document.xml 中没有正文（w:body）")
    paragraphs = []
    open_comments: set[str] = set()
    # a text box's copy for old readers: counted by the location contract, never shown
    in_fallback = _paragraphs_within(body, MC + "Fallback")
    in_table = _paragraphs_within(body, W + "tc")
    for index, p in enumerate(body.iter(_P), start=1):
        if p in in_fallback:
            paragraphs.append(Paragraph(index=index, text=""))
            continue
        ppr, text, fonts, sizes = _read_paragraph(p)
        settings = _first_children(ppr)  # one pass over the w:pPr for the four settings read
        style_id = _val_of(settings.get(_PSTYLE))
        inherited = styles.paragraph_defaults(style_id)
        number = _render_number(settings.get(_NUMPR), style_id, inherited, numbering)
        outline = _val_of(settings.get(_OUTLINE))
        outline_level = int(outline) if outline and outline.isdigit() else inherited.outline_level
        if outline_level is not None and outline_level >= 9:
            outline_level = None  # 9 means body text
        anchored = set(open_comments)
        if comments:  # without comments.xml no anchor can name a comment
            for el in p.iter(*_COMMENT_ANCHORS):
                cid = wattr(el, "id")
                anchored.add(cid)
                if el.tag == _COMMENT_ANCHORS[0]:
                    open_comments.add(cid)
                elif el.tag == _COMMENT_ANCHORS[2]:
                    open_comments.discard(cid)
        paragraphs.append(
            Paragraph(
                index=index,
                text=text,
                number=number,
                style=inherited.style_name,
                outline_level=outline_level,
                in_table=p in in_table,
                alignment=_val_of(settings.get(_JC)) or inherited.alignment,
                east_asia_font=_dominant(fonts, "") or inherited.east_asia_font,
                font_size=_dominant(sizes, 0.0) or inherited.font_size,
                comments=[comments[c] for c in sorted(anchored) if c in comments],
            )
        )
    return Document(path=path, source_format="docx", paragraphs=paragraphs, margins_mm=_margins(body))


def _render_number(numpr, style_id, inherited: _ParagraphDefaults, numbering: Numbering) -> str:
    num_id, ilvl = _numpr_ids(numpr)
    if num_id is None:
        if inherited.num_id is None:
            return ""
        num_id = inherited.num_id
        if ilvl is None:
            ilvl = inherited.ilvl
            if ilvl is None:
                # a level bound to this style through w:pStyle in the list definition
                levels = numbering.levels_for(num_id) or {}
                ilvl = next((k for k, lv in levels.items() if lv.style_id == style_id), 0)
    if num_id in (None, "0"):
        return ""
    return numbering.render(num_id, ilvl or 0)


def _dominant(chars_per_value: dict, unset):
    """The value covering most characters (the first of equals), ignoring runs that do not set it."""
    best, most = None, -1
    for value, chars in chars_per_value.items():
        if value != unset and chars > most:
            best, most = value, chars
    return best


def _paragraphs_within(body, tag: str) -> set:
    """The w:p inside any element ``tag`` of the body (the set keeps their lxml proxies, so
    ``p in`` it holds for the same paragraphs met again by body.iter)."""
    return {p for outer in body.iter(tag) for p in outer.iter(_P)}


def _margins(body):
    sect = body.find(W + "sectPr")
    if sect is None:
        return None
    mar = sect.find(W + "pgMar")
    if mar is None:
        return None
    try:
        values = [abs(int(wattr(mar, side))) / _TWIPS_PER_MM for side in ("top", "bottom", "left", "right")]
    except (TypeError, ValueError):
        return None
    return tuple(round(v, 1) for v in values)
