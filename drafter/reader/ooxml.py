"""Opening a .docx package safely: sniffing the format, bounded reads, hardened XML parsing."""

from __future__ import annotations

import io
import struct
import zlib
from typing import NamedTuple

from lxml import etree

from drafter.errors import InputError
from drafter.reader.files import read_head, read_whole

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

MAX_PART_BYTES = 200 * 1024 * 1024  # uncompressed size of one XML part
MAX_PACKAGE_BYTES = 500 * 1024 * 1024  # uncompressed size of all parts read
MAX_RATIO = 200  # compression ratio beyond which a part is treated as a zip bomb (text XML stays below ~30)
MAX_MEMBERS = 10_000
# a package up to this size is read whole and unzipped by _central_directory/_inflate (zipfile's
# objects and seeks cost ~70 µs a report); a larger one (images) is left to zipfile, not read whole
WHOLE_PACKAGE_BYTES = 1024 * 1024

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


_END_RECORD = struct.Struct("<4s4H2LH")  # zipfile's structEndArchive, structCentralDir, structFileHeader
_CENTRAL_ENTRY = struct.Struct("<4s4B4HL2L5H2L")
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_ZIP64_LOCATOR = b"PK\x06\x07"
_UTF8_NAME, _PATCHED_OR_STRONG_ENCRYPTION = 0x800, 0x60
# zipfile's MAX_EXTRACT_VERSION and ZIP_DEFLATED (tests/test_reader.py compares them): a package this reader
# unzips itself never imports zipfile, which brings shutil, bz2 and lzma (~3 ms of every start)
_MAX_EXTRACT_VERSION, _DEFLATED = 63, 8


class _Member(NamedTuple):
    """A central directory entry: the fields of zipfile.ZipInfo the package reads."""

    filename: str
    raw_name: bytes
    flag_bits: int
    compress_type: int
    CRC: int
    compress_size: int
    file_size: int
    header_offset: int


def _central_directory(data: bytes) -> list[_Member] | None:
    """The members of the zip in ``data``, as zipfile lists them; None for every zip this reader
    leaves to zipfile (a comment after the directory, zip64, bytes before the zip, a name with
    NUL, odd extra fields, a newer version, a directory out of bounds): zipfile then gives its
    own answer, errors included."""
    end = len(data) - _END_RECORD.size
    # zipfile seeks to the zip64 locator 20 bytes before the end record (an error within a short BytesIO)
    if end < 20 or data[end:end + 4] != b"PK\x05\x06" or data[-2:] != b"\0\0" or data[end - 20:end - 16] == _ZIP64_LOCATOR:
        return None
    size, offset = _END_RECORD.unpack_from(data, end)[5:7]
    if offset + size != end:
        return None
    members = []
    at = offset
    while at < end:
        if at + _CENTRAL_ENTRY.size > end:
            return None
        (signature, _, _, version, _, flags, method, _, _, crc, compressed, uncompressed, name_length, extra_length,
         comment_length, _, _, _, header_offset) = _CENTRAL_ENTRY.unpack_from(data, at)
        name_at = at + _CENTRAL_ENTRY.size
        extra_at = name_at + name_length
        at = extra_at + extra_length + comment_length
        if (signature != b"PK\x01\x02" or at > end or version > _MAX_EXTRACT_VERSION
                or compressed == 0xFFFF_FFFF or uncompressed == 0xFFFF_FFFF or header_offset == 0xFFFF_FFFF
                or extra_length and not _plain_extra(data, extra_at, at - comment_length)):
            return None
        raw_name = data[name_at:extra_at]
        if b"\0" in raw_name:
            return None
        if raw_name.isascii():  # the same in UTF-8 and cp437, without the cp437 codec's lookup
            name = raw_name.decode("ascii")
        else:
            try:
                name = raw_name.decode("utf-8" if flags & _UTF8_NAME else "cp437")
            except UnicodeDecodeError:
                return None
        members.append(_Member(name, raw_name, flags, method, crc, compressed, uncompressed, header_offset))
    return members


def _plain_extra(data: bytes, start: int, end: int) -> bool:
    """Whether the extra field's records fit it, as zipfile requires (zip64 sizes are excluded before)."""
    while end - start >= 4:
        start += 4 + int.from_bytes(data[start + 2:start + 4], "little")
        if start > end:
            return False
    return True


def _inflate(data: bytes, member: _Member) -> bytes | None:
    """The member's bytes, when it is deflated, whole and intact with a local header zipfile would
    accept; None leaves it to zipfile."""
    at = member.header_offset
    if member.compress_type != _DEFLATED or member.flag_bits & _PATCHED_OR_STRONG_ENCRYPTION:
        return None
    if at + _LOCAL_HEADER.size > len(data) or data[at:at + 4] != b"PK\x03\x04":
        return None
    fields = _LOCAL_HEADER.unpack_from(data, at)
    name_at = at + _LOCAL_HEADER.size
    start = name_at + fields[10] + fields[11]
    end = start + member.compress_size
    if ((fields[3] ^ member.flag_bits) & _UTF8_NAME or data[name_at:name_at + fields[10]] != member.raw_name
            or end > len(data)):
        return None
    inflater = zlib.decompressobj(-15)
    try:
        out = inflater.decompress(memoryview(data)[start:end], member.file_size + 1)
    except zlib.error:
        return None
    if not inflater.eof or len(out) != member.file_size or zlib.crc32(out) != member.CRC:
        return None
    return out


class Package:
    """A .docx zip whose parts are read with size limits."""

    def __init__(self, path: str, data: bytes | None = None):
        """The package at ``path``, or held in ``data`` (already read; ``path`` names it)."""
        self.path = path
        self._given = data
        self._zip = None  # zipfile.ZipFile, opened by .zip when needed
        if data is None:
            data = read_whole(path, WHOLE_PACKAGE_BYTES)
        head = data[:8] if data is not None else read_head(path, 8)
        if not head:
            raise InputError(path, "文件为空")
        sniff_ole2(path, head, data)
        self._data = data
        infos = _central_directory(data) if data is not None else None
        if infos is None:
            import zipfile

            try:
                infos = self.zip.infolist()
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
                raise InputError(path, "不是有效的 .docx 文件（文件已损坏，或并非 Word 文档）") from None
        if len(infos) > MAX_MEMBERS:
            raise InputError(path, f"压缩包内文件过多（{len(infos)} 个），疑似恶意文件，已拒绝")
        self.infos = {i.filename: i for i in infos}
        if "word/document.xml" not in self.infos:
            raise InputError(path, "压缩包中没有 word/document.xml，不是 Word 文档")
        self._budget = MAX_PACKAGE_BYTES

    @property
    def zip(self):
        """The package opened by zipfile (a zipfile.ZipFile), as given (path or bytes): for what
        _central_directory and _inflate leave to it, and for copying members with all their metadata."""
        if self._zip is None:
            import zipfile

            self._zip = zipfile.ZipFile(io.BytesIO(self._given) if self._given is not None else self.path)
        return self._zip

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

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
        data = _inflate(self._data, info) if isinstance(info, _Member) else None
        if data is None:
            data = self._unzip(name, limit)
        self._budget -= len(data)
        return data

    def _unzip(self, name: str, limit: int) -> bytes:
        import zipfile

        try:
            with self.zip.open(self.zip.getinfo(name)) as fh:
                data = fh.read(limit + 1)  # the header's size can lie: bound the real read
        except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError, ValueError, zlib.error) as exc:
            raise InputError(self.path, f"{name} 无法解压（{type(exc).__name__}），文件可能已损坏") from None
        if len(data) > limit:
            raise InputError(self.path, f"{name} 解压后过大（疑似压缩炸弹），已拒绝")
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
