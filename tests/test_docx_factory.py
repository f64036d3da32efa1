"""The test-time .docx factory writes well-formed packages and the hostile files it promises."""

import io
import struct
import zipfile

import docx
import pytest
from lxml import etree

from tests.docx_factory import W_NS, DocxBuilder, hostile

NS = {"w": W_NS}


def _part(data: bytes, name: str):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def _text(p) -> str:
    return "".join(p.xpath(".//w:t/text()", namespaces=NS))


def _full_builder():
    b = DocxBuilder()
    idx = {
        "h1": b.heading("2023年工作总结", level=1),
        "plain": b.paragraph("正文文字"),
        "split": b.paragraph(runs=["一般公共", "预算收入XX", {"text": "亿元", "bold": True}]),
        "num": b.numbered("强化理论武装", num_id=1, ilvl=0),
    }
    b.style("ListHeading1", "List Heading 1", num_id=2, ilvl=0, font="黑体", size_pt=16)
    b.numbering(2, 0, levels=[{"fmt": "chineseCounting", "text": "%1、"}, {"fmt": "chineseCounting", "text": "（%2）"}])
    b.numbering(3, 0, start_overrides={0: 1})  # restart of the same list
    idx["styled"] = b.paragraph("深化改革", style="ListHeading1")
    idx["restart"] = b.numbered("另一组", num_id=3)
    cells = b.table([["单位", "完成值"], ["县财政局", "XX万元"]])
    idx["ins"] = b.tracked_insert(before="完成投资", inserted="120", after="万元")
    idx["del"] = b.tracked_delete(before="完成投资", deleted="XX", after="万元")
    idx["empty"] = b.empty()
    b.comment_on(idx["split"], "drafter: ignore placeholder")
    b.margins_mm(top=37, bottom=35, left=28, right=26)
    return b, idx, cells


def test_builder_output_opens_and_indexes_match(tmp_path):
    b, idx, cells = _full_builder()
    path = b.save(tmp_path / "full.docx")
    document = docx.Document(str(path))
    assert [c.text for c in document.comments] == ["drafter: ignore placeholder"]
    assert document.paragraphs[idx["h1"] - 1].style.name == "Heading 1"

    paras = _part(path.read_bytes(), "word/document.xml").xpath("//w:p", namespaces=NS)
    reported = sorted([*idx.values(), *(i for row in cells for i in row)])
    assert reported == list(range(1, len(paras) + 1))
    assert [[_text(paras[i - 1]) for i in row] for row in cells] == [["单位", "完成值"], ["县财政局", "XX万元"]]
    assert _text(paras[idx["split"] - 1]) == "一般公共预算收入XX亿元"
    assert len(paras[idx["split"] - 1].xpath("w:r[w:t]", namespaces=NS)) == 3
    assert len(paras[idx["empty"] - 1]) == 0
    assert b.to_bytes() == path.read_bytes()  # deterministic


def test_tracked_changes_and_comment_anchor():
    b, idx, _ = _full_builder()
    paras = _part(b.to_bytes(), "word/document.xml").xpath("//w:p", namespaces=NS)
    deleted = paras[idx["del"] - 1]
    assert deleted.xpath("w:del/w:r/w:delText/text()", namespaces=NS) == ["XX"]
    assert "XX" not in _text(deleted)
    inserted = paras[idx["ins"] - 1]
    assert inserted.xpath("w:ins/w:r/w:t/text()", namespaces=NS) == ["120"]
    assert inserted.xpath("w:ins/@w:author", namespaces=NS)
    commented = paras[idx["split"] - 1]
    assert [e.tag.split("}")[1] for e in commented if "comment" in e.tag] == ["commentRangeStart", "commentRangeEnd"]
    assert commented.xpath("w:r/w:commentReference", namespaces=NS)


def test_styles_and_numbering_parts():
    b, idx, _ = _full_builder()
    data = b.to_bytes()
    styles = _part(data, "word/styles.xml")
    assert styles.xpath("w:docDefaults//w:rFonts/@w:eastAsia", namespaces=NS) == ["仿宋_GB2312"]
    for level in range(1, 5):
        lvl = styles.xpath(f"w:style[@w:styleId='Heading{level}']/w:pPr/w:outlineLvl/@w:val", namespaces=NS)
        assert lvl == [str(level - 1)]
    assert styles.xpath("w:style[@w:styleId='ListHeading1']/w:pPr/w:numPr/w:numId/@w:val", namespaces=NS) == ["2"]

    numbering = _part(data, "word/numbering.xml")
    nums = {n.get(f"{{{W_NS}}}numId"): n for n in numbering.xpath("w:num", namespaces=NS)}
    assert set(nums) == {"1", "2", "3"}  # 1 was referenced only, so it got the default list
    assert nums["3"].xpath("w:abstractNumId/@w:val", namespaces=NS) == ["0"]
    assert nums["3"].xpath("w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val", namespaces=NS) == ["1"]
    texts = numbering.xpath("w:abstractNum[@w:abstractNumId='0']/w:lvl/w:lvlText/@w:val", namespaces=NS)
    assert texts == ["%1、", "（%2）"]
    # an abstractNum precedes every num, as the schema wants
    tags = [e.tag.split("}")[1] for e in numbering]
    assert tags == sorted(tags)

    pg = _part(data, "word/document.xml").xpath("//w:sectPr/w:pgMar", namespaces=NS)[0]
    assert pg.get(f"{{{W_NS}}}top") == "2098" and pg.get(f"{{{W_NS}}}left") == "1587"


def test_optional_parts_only_when_used():
    b = DocxBuilder()
    b.paragraph("只有正文")
    names = zipfile.ZipFile(io.BytesIO(b.to_bytes())).namelist()
    assert "word/numbering.xml" not in names and "word/comments.xml" not in names
    docx.Document(io.BytesIO(b.to_bytes()))


def test_hostile_signatures():
    assert hostile.empty() == b""
    assert not hostile.not_a_zip().startswith(b"PK")
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(hostile.not_a_zip()))
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(hostile.truncated_zip()))
    assert zipfile.ZipFile(io.BytesIO(hostile.zip_not_docx())).namelist() == ["a.txt"]
    assert "word/document.xml" not in zipfile.ZipFile(io.BytesIO(hostile.docx_missing_document_xml())).namelist()


@pytest.mark.parametrize(
    "make, names",
    [(hostile.ole2_doc, ["WordDocument", "1Table"]), (hostile.encrypted_docx, ["EncryptionInfo", "EncryptedPackage"])],
)
def test_ole2_directory_names(make, names):
    data = make()
    assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    first_dir_sector = struct.unpack_from("<I", data, 48)[0]
    directory = data[512 * (first_dir_sector + 1): 512 * (first_dir_sector + 2)]
    entries = [directory[i:i + 64].decode("utf-16-le").rstrip("\0") for i in range(0, 512, 128)]
    assert entries[0] == "Root Entry"
    assert set(names) <= set(entries)


def test_hostile_xml_members():
    def doc(data):
        return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")

    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(doc(hostile.invalid_xml()))
    assert b'<!ENTITY lol9 "&lol8;' in doc(hostile.billion_laughs())
    xxe = doc(hostile.external_entity())
    assert b'<!ENTITY xxe SYSTEM "file:///etc/passwd">' in xxe and b"<w:t>&xxe;</w:t>" in xxe
    assert doc(hostile.deep_xml()).count(b"<w:customXml ") == 100_000


def test_zip_bombs_are_small_on_disk():
    bomb = hostile.zip_bomb()
    assert len(bomb) < 1_000_000
    info = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("word/document.xml")
    assert info.file_size > 300_000_000
    with zipfile.ZipFile(io.BytesIO(bomb)).open("word/document.xml") as f:
        assert f.read(1 << 16).startswith(b"<?xml")

    many = hostile.zip_bomb_many_members()
    infos = zipfile.ZipFile(io.BytesIO(many)).infolist()
    assert len(many) < 1_000_000 and sum(i.file_size for i in infos) > 300_000_000
