"""Opening a .docx package safely: sniffing the format, bounded reads, hardened XML parsing."""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

from drafter.errors import InputError
from drafter.reader.files import read_head

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

MAX_PART_BYTES = 200 * 1024 * 1024  # uncompressed size of one XML part
MAX_PACKAGE_BYTES = 500 * 1024 * 1024  # uncompressed size of all parts read
MAX_RATIO = 200  # compression ratio beyond which a part is treated as a zip bomb (text XML stays below ~30)
MAX_MEMBERS = 10_000

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"

# declarations no Word part holds (entity tricks), in the encodings a part may use
_DTD_MARKERS = tuple(m.encode(encoding) for m in ("<!DOCTYPE", "<!ENTITY") for encoding in ("utf-8", "utf-16-le"))

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,  # keeps libxml2's limits on depth and text node size
    remove_blank_text=False,
)


def wattr(el, name: str) -> str | None:
    return el.get(W + name)


def sniff_ole2(path: str, head: bytes, data: bytes | None = None) -> None:
    """Raise the right message for Word 97-2003 / WPS files and password-protected .docx."""
    if not head.startswith(OLE2_SIGNATURE):
        return
    if _ole2_directory_has(path, ("EncryptedPackage", "EncryptionInfo"), data):
        raise InputError(path, "文件设有打开密码（已加密），请在 Word 中取消密码后另存为 .docx 再检查")
    raise InputError(path, "这是 Word 97-2003（.doc）或 WPS（.wps）旧格式，请用 Word 或 WPS 另存为 .docx 后再检查")


def _ole2_directory_has(path: str, names: tuple[str, ...], data: bytes | None = None) -> bool:
    """Whether the compound file's first directory sector names one of these streams."""
    header = data[:512] if data is not None else read_head(path, 512)
    sector_size = 1 << int.from_bytes(header[0x1E:0x20], "little")
    first_dir_sector = int.from_bytes(header[0x30:0x34], "little")
    if not 7 <= sector_size.bit_length() - 1 <= 16:
        return False
    at = (first_dir_sector + 1) * sector_size
    if data is not None:
        directory = data[at:at + sector_size * 4]
    else:
        with open(path, "rb") as fh:  # read_head above has shown the file opens
            fh.seek(at)
            directory = fh.read(sector_size * 4)
    return any(name.encode("utf-16-le") in directory for name in names)


class Package:
    """A .docx zip whose parts are read with size limits."""

    def __init__(self, path: str, data: bytes | None = None):
        """The package at ``path``, or held in ``data`` (already read; ``path`` names it)."""
        self.path = path
        head = data[:8] if data is not None else read_head(path, 8)
        if not head:
            raise InputError(path, "文件为空")
        sniff_ole2(path, head, data)
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data) if data is not None else path)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
            raise InputError(path, "不是有效的 .docx 文件（文件已损坏，或并非 Word 文档）") from None
        infos = self.zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(path, f"压缩包内文件过多（{len(infos)} 个），疑似恶意文件，已拒绝")
        self.infos = {i.filename: i for i in infos}
        if "word/document.xml" not in self.infos:
            raise InputError(path, "压缩包中没有 word/document.xml，不是 Word 文档")
        self._budget = MAX_PACKAGE_BYTES

    def close(self) -> None:
        self.zip.close()

    def has(self, name: str) -> bool:
        return name in self.infos

    def read(self, name: str) -> bytes:
        info = self.infos[name]
        if info.flag_bits & 0x1:
            raise InputError(self.path, "压缩包内容已加密，无法读取")
        limit = min(MAX_PART_BYTES, self._budget)
        if info.file_size > limit or (info.compress_size and info.file_size / info.compress_size > MAX_RATIO
                                      and info.file_size > 10 * 1024 * 1024):
            raise InputError(self.path, f"{name} 解压后过大（疑似压缩炸弹），已拒绝")
        try:
            with self.zip.open(info) as fh:
                data = fh.read(limit + 1)  # the header's size can lie: bound the real read
        except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError, ValueError, zlib.error) as exc:
            raise InputError(self.path, f"{name} 无法解压（{type(exc).__name__}），文件可能已损坏") from None
        if len(data) > limit:
            raise InputError(self.path, f"{name} 解压后过大（疑似压缩炸弹），已拒绝")
        self._budget -= len(data)
        return data

    def xml(self, name: str):
        """Parse a part, or None when absent. DTDs (entity tricks) are refused outright."""
        if name not in self.infos:
            return None
        data = self.read(name)
        # every marker holds "!", a byte found at memchr speed and rare in Word's XML; a search for the
        # markers themselves stops at every "<" (~25 µs on a two-page document.xml)
        if b"!" in data and any(marker in data for marker in _DTD_MARKERS):
            raise InputError(self.path, f"{name} 含有 DTD/实体声明，Word 文档不会包含这些内容，疑似恶意文件，已拒绝")
        try:
            return etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as exc:
            reason = "层级过深" if "depth" in str(exc).lower() else "XML 格式错误"
            raise InputError(self.path, f"{name} {reason}，文件可能已损坏") from None
