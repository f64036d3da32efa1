"""Editing a .docx the way Word would: text offsets mapped to runs, runs split, the package copied.

Shared by ``drafter lint --annotate`` (comments) and ``drafter fix`` (tracked changes). Offsets are
those of the location contract (drafter/model.py): positions in a paragraph's visible text as
``drafter.reader.docx.iter_visible`` defines it, so a finding's span lands on exactly the
characters it names, whatever the runs look like.

The copy is the original package with only the parts that changed rewritten: every other member is
copied with its bytes, name, date and compression untouched.
"""

from __future__ import annotations

import copy
import os
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from drafter.errors import InputError
from drafter.reader.docx import iter_visible
from drafter.reader.ooxml import MC, Package, W

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
AUTHOR = "drafter"
INITIALS = "D"
# run children that are text (what a tracked change may move into w:del) or harmless to move with it
_TEXT_CHILDREN = {W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen", W + "softHyphen", W + "sym",
                  W + "rPr", W + "lastRenderedPageBreak"}
# containers a run may sit in where Word accepts range marks and tracked changes beside it
_TRACKED = {W + "ins", W + "moveTo"}
_ID = re.compile(rb':id="(\d{1,9})"')


@dataclass
class Piece:
    """One piece of a paragraph's visible text: a w:t (several characters) or a w:tab, w:br …"""

    el: etree._Element
    text: str
    run: etree._Element | None
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def splittable(self) -> bool:
        """In a run as its direct child, where a run can be cut before it."""
        return self.run is not None and self.el.getparent() is self.run and not _in_fallback(self.run)


def _in_fallback(el) -> bool:
    parent = el.getparent()
    while parent is not None and parent.tag != W + "p":
        if parent.tag in (MC + "AlternateContent", MC + "Choice"):
            return True
        parent = parent.getparent()
    return False


def pieces(p) -> list[Piece]:
    out, at = [], 0
    for el, text, run in iter_visible(p):
        out.append(Piece(el, text, run, at))
        at += len(text)
    return out


def paragraph_text(p) -> str:
    return "".join(text for _, text, _ in iter_visible(p))


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_element(near, tag: str, **attrs) -> etree._Element:
    el = near.makeelement(W + tag)
    for key, value in attrs.items():
        el.set(W + key, str(value))
    return el


def set_text(t, text: str) -> None:
    t.text = text
    t.set(XML_SPACE, "preserve")


def text_run(near, text: str, rpr=None, text_tag: str = "t") -> etree._Element:
    """A w:r holding ``text`` (tabs and newlines as w:tab and w:br), with a copy of ``rpr``."""
    run = new_element(near, "r")
    if rpr is not None:
        rpr = copy.deepcopy(rpr)
        for change in rpr.findall(W + "rPrChange"):  # another author's tracked formatting is not ours
            rpr.remove(change)
        run.append(rpr)
    for i, chunk in enumerate(re.split(r"(\t|\n)", text)):
        if i % 2:
            run.append(new_element(near, "tab" if chunk == "\t" else "br"))
        elif chunk:
            t = new_element(near, text_tag)
            set_text(t, chunk)
            run.append(t)
    return run


def split_run_before(run, el) -> etree._Element:
    """Cut ``run`` before its child ``el``: the part from ``el`` on becomes a new run (same rPr) after it."""
    if all(c.tag == W + "rPr" for c in el.itersiblings(preceding=True)):
        return run
    tail = run.makeelement(run.tag, dict(run.attrib))
    rpr = run.find(W + "rPr")
    if rpr is not None:
        tail.append(copy.deepcopy(rpr))
    moving = [el] + list(el.itersiblings())
    for child in moving:
        tail.append(child)
    run.addnext(tail)
    return tail


def split_at(p, k: int) -> bool:
    """Make offset ``k`` of the paragraph's visible text a run boundary. False when it cannot be."""
    ps = pieces(p)
    inside = next((pc for pc in ps if pc.start < k < pc.end), None)
    if inside is not None:
        if inside.el.tag != W + "t" or not inside.splittable:
            return False
        cut = k - inside.start
        second = inside.el.makeelement(W + "t")
        set_text(second, inside.text[cut:])
        set_text(inside.el, inside.text[:cut])
        inside.el.addnext(second)
        ps = pieces(p)
    after = next((pc for pc in ps if pc.start == k and pc.text), None)
    if after is None:  # k is the end of the text
        return True
    if not after.splittable:
        return False
    split_run_before(after.run, after.el)
    return True


def span_runs(p, start: int, end: int) -> list[etree._Element] | None:
    """The runs holding exactly the visible text [start, end), in order, after cutting runs at both ends.

    None when a run cannot be cut there (text outside any run, inside alternate content).
    """
    if not (split_at(p, start) and split_at(p, end)):
        return None
    runs: list[etree._Element] = []
    for pc in pieces(p):
        if pc.text and start <= pc.start and pc.end <= end:
            if not pc.splittable:
                return None
            if not runs or runs[-1] is not pc.run:
                runs.append(pc.run)
        elif pc.text and pc.start < end and start < pc.end:
            return None  # straddles a boundary the cut did not make
    return runs


def top_level(p, el):
    """The child of ``p`` that holds ``el``."""
    while el.getparent() is not p:
        el = el.getparent()
    return el


def split_tracked_container(doc: Docx, el, before: bool = False) -> etree._Element:
    """When ``el`` sits in someone's w:ins or w:moveTo, cut that container right after ``el`` (right
    before it with ``before``), the second part a copy with its own id.

    Returns the element beside which new paragraph-level content may go: after the returned element
    (or before it, with ``before``).
    """
    parent = el.getparent()
    if parent.tag not in _TRACKED:
        return el
    moving = ([el] if before else []) + list(el.itersiblings())
    if before and not list(el.itersiblings(preceding=True)):
        return parent  # el opens the container: new content goes before the whole of it
    if moving:
        rest = parent.makeelement(parent.tag, dict(parent.attrib))
        rest.set(W + "id", str(doc.next_id()))
        for child in moving:
            rest.append(child)
        parent.addnext(rest)
        if before:
            return rest
    return parent


class Docx:
    """A .docx opened for editing: document.xml parsed, its paragraphs in location-contract order."""

    def __init__(self, path: str, data: bytes | None = None):
        self.path = path
        self.pkg = Package(path, data)
        try:
            self.infos = [i for i in self.pkg.zip.infolist()]
            self.document = self.pkg.xml("word/document.xml")
            body = self.document.find(W + "body")
            if body is None:
                raise InputError(path, "word/document.xml 中没有正文（w:body）")
            self.paragraphs = list(body.iter(W + "p"))
            floor = 0
            for name in self.pkg.infos:
                if name.startswith("word/") and name.endswith(".xml"):
                    floor = max([floor] + [int(m) for m in _ID.findall(self.pkg.read(name))])
            self._last_id = floor
        except BaseException:
            self.pkg.close()
            raise
        self.xml_parts: dict[str, etree._Element] = {"word/document.xml": self.document}
        self.dirty: set[str] = {"word/document.xml"}  # parts to write anew; the others are copied

    def next_id(self) -> int:
        """A w:id for a new comment or revision, above every id the package already uses."""
        self._last_id += 1
        return self._last_id

    def paragraph(self, index: int):
        return self.paragraphs[index - 1] if 1 <= index <= len(self.paragraphs) else None

    def part_xml(self, name: str):
        if name not in self.xml_parts:
            self.xml_parts[name] = self.pkg.xml(name)
        return self.xml_parts[name]

    def set_part(self, name: str, root) -> None:
        self.xml_parts[name] = root
        self.dirty.add(name)

    def relationships(self):
        """word/_rels/document.xml.rels, parsed (created when absent)."""
        name = "word/_rels/document.xml.rels"
        root = self.part_xml(name)
        if root is None:
            root = etree.Element(f"{{{_RELS_NS}}}Relationships", nsmap={None: _RELS_NS})
            self.xml_parts[name] = root
        return root

    def content_types(self):
        return self.part_xml("[Content_Types].xml")

    def visible_texts(self) -> list[str]:
        return [paragraph_text(p) for p in self.paragraphs]

    def to_bytes(self) -> bytes:
        """The package: changed parts serialized, every other member copied as it was."""
        import io

        buf = io.BytesIO()
        written = set()
        with zipfile.ZipFile(buf, "w") as out:
            for info in self.infos:
                if info.filename in written:
                    continue
                written.add(info.filename)
                if info.filename in self.dirty:
                    data = _serialize(self.xml_parts[info.filename])
                else:
                    data = self.pkg.read(info.filename)
                copy_info = zipfile.ZipInfo(info.filename, info.date_time)
                copy_info.compress_type = info.compress_type
                copy_info.external_attr = info.external_attr
                copy_info.create_system = info.create_system
                copy_info.comment = info.comment
                out.writestr(copy_info, data)
            for name in sorted(self.dirty - written):
                root = self.xml_parts.get(name)
                if root is not None:
                    info = zipfile.ZipInfo(name, datetime.now().timetuple()[:6])
                    info.compress_type = zipfile.ZIP_DEFLATED
                    out.writestr(info, _serialize(root))
        return buf.getvalue()

    def close(self) -> None:
        self.pkg.close()


_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def _serialize(root) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' + etree.tostring(root.getroottree(), encoding="UTF-8")


def add_part(doc: Docx, rel_type: str, content_type: str, stem: str) -> str:
    """The part a relationship of ``rel_type`` from the document names; created (with its
    relationship and content type) when there is none. Returns the part's zip name."""
    rels = doc.relationships()
    for rel in rels:
        if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else os.path.normpath("word/" + target).replace("\\", "/")
    n = 0
    while f"word/{stem}{n or ''}.xml" in doc.pkg.infos or f"word/{stem}{n or ''}.xml" in doc.xml_parts:
        n += 1
    name = f"word/{stem}{n or ''}.xml"
    used = {rel.get("Id") for rel in rels}
    k = 1
    while f"rId{k}" in used:
        k += 1
    rel = etree.SubElement(rels, f"{{{_RELS_NS}}}Relationship")
    rel.set("Id", f"rId{k}")
    rel.set("Type", rel_type)
    rel.set("Target", name[len("word/"):])
    doc.dirty.add("word/_rels/document.xml.rels")
    types = doc.content_types()
    if types is not None:
        doc.dirty.add("[Content_Types].xml")
        part = "/" + name
        if not any(o.get("PartName", "").lower() == part.lower() for o in types.iter(f"{{{_CT_NS}}}Override")):
            o = etree.SubElement(types, f"{{{_CT_NS}}}Override")
            o.set("PartName", part)
            o.set("ContentType", content_type)
        if not any(d.get("Extension", "").lower() == "rels" for d in types.iter(f"{{{_CT_NS}}}Default")):
            d = etree.Element(f"{{{_CT_NS}}}Default")
            d.set("Extension", "rels")
            d.set("ContentType", "application/vnd.openxmlformats-package.relationships+xml")
            types.insert(0, d)
    return name


