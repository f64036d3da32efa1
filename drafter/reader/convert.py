"""Older office formats (.doc, .wps, .wpt, .dot, .odt, .rtf) turned into .docx by LibreOffice.

LibreOffice runs headless with a user profile of its own in a private temporary folder (never the
user's profile), macros disabled in that profile, on copies of the inputs (so no lock file or
anything else ever appears beside an input), with a time limit; the folder is removed afterwards.

A folder of such files is converted in one LibreOffice run (``batch``): starting LibreOffice costs
about a second, converting a file a few hundredths. While a ``batch`` block runs, ``read`` finds
its files already converted; worker processes forked inside the block inherit the table.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from drafter.errors import InputError
from drafter.reader.files import read_head
from drafter.reader.ooxml import MAX_MEMBERS, MAX_PACKAGE_BYTES, MAX_PART_BYTES, MAX_RATIO, OLE2_SIGNATURE, ZIP_SIGNATURE

CONVERTED_SUFFIXES = (".doc", ".dot", ".wps", ".wpt", ".odt", ".rtf")
MAX_INPUT_BYTES = 100 * 1024 * 1024
START_SECONDS = 60  # LibreOffice's own start, a fresh profile included
FILE_SECONDS = 30  # each file's share of a run's time limit

_FORMAT_NAMES = {".doc": "Word 97-2003", ".dot": "Word 97-2003 模板", ".wps": "WPS", ".wpt": "WPS 模板",
                 ".odt": "OpenDocument", ".rtf": "RTF"}


def format_name(path: str) -> str:
    return _FORMAT_NAMES.get(Path(path).suffix.lower(), "")


def install_hint(path: str) -> str:
    return (f"这是{format_name(path)}文件，需要 LibreOffice 转换，本机未安装；请安装 LibreOffice"
            "（Debian/Ubuntu：apt-get install libreoffice-writer-nogui），或用 Word/WPS 另存为 .docx 后再检查")

# the profile's settings: macros never run, no update checks or first-start dialogs
_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseDocumentSystemFileLocking" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseLocking" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""

_converted: dict[str, str | InputError] = {}  # input path -> its .docx, or why it could not be converted


def needs_conversion(path: str) -> bool:
    return path.lower().endswith(CONVERTED_SUFFIXES)


def soffice() -> str | None:
    import shutil  # here and below, as zipfile: only for older office files (with bz2 and lzma, ~3 ms a start)

    return shutil.which("soffice") or shutil.which("libreoffice")


def check_content(path: str) -> None:
    """The file's content must be what its kind of file holds before LibreOffice sees it: an
    OLE2 compound file (.doc/.wps and their templates; a .doc may also be RTF, as Word writes),
    an OpenDocument zip of bounded size, an RTF file."""
    head = read_head(path, 8)
    if not head:
        raise InputError(path, "文件为空")
    if os.path.getsize(path) > MAX_INPUT_BYTES:
        raise InputError(path, "文件超过 100 MB，过大，已拒绝")
    lower = path.lower()
    if head.startswith(b"{\\rtf") and not lower.endswith(".odt"):
        return
    if lower.endswith(".odt"):
        if not head.startswith(ZIP_SIGNATURE):
            raise InputError(path, "不是有效的 .odt 文件（文件已损坏，或并非 OpenDocument 文档）")
        _check_zip(path)
        return
    if lower.endswith(".rtf"):
        raise InputError(path, "不是有效的 .rtf 文件（内容不以 {\\rtf 开头）")
    if not head.startswith(OLE2_SIGNATURE):
        raise InputError(path, f"不是有效的{format_name(path)}文件（已损坏，或改了扩展名）")


def _check_zip(path: str) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(path, "不是有效的 .odt 文件（文件已损坏）") from None
    if (len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_PACKAGE_BYTES
            or any(i.file_size > MAX_PART_BYTES or i.file_size > MAX_RATIO * max(i.compress_size, 1024) for i in infos)):
        raise InputError(path, "压缩包解压后过大或文件过多（压缩炸弹），疑似恶意文件，已拒绝")
    if "content.xml" not in {i.filename for i in infos}:
        raise InputError(path, "压缩包中没有 content.xml，不是 OpenDocument 文档")


def _write_profile(folder: Path) -> str:
    user = folder / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, encoding="utf-8")
    return folder.as_uri()


def _run(program: str, profile_uri: str, files: list[Path], outdir: Path, seconds: float) -> bool:
    """One LibreOffice run converting ``files`` into ``outdir``; False when it ran out of time."""
    import signal
    import subprocess  # here, not at the top: `drafter lint` of a .docx imports this module but never converts

    command = [program, f"-env:UserInstallation={profile_uri}", "--headless", "--invisible", "--nologo",
               "--norestore", "--nodefault", "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML",
               "--outdir", str(outdir), *map(str, files)]
    env = dict(os.environ, SAL_USE_VCLPLUGIN="svp")
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    try:
        proc.wait(timeout=seconds)
        return True
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # its own session: the helper processes go too
        proc.wait()
        return False


def convert_all(paths: list[str], folder: Path) -> dict[str, str | InputError]:
    """Each input's .docx inside ``folder`` (or why not): one LibreOffice run for all, then, if that
    run ran out of time, one run per file still missing so that only the file at fault fails."""
    import shutil

    results: dict[str, str | InputError] = {}
    program = soffice()
    ready: dict[str, Path] = {}
    inputs = folder / "in"
    outdir = folder / "out"
    inputs.mkdir()
    outdir.mkdir()
    for n, path in enumerate(paths, 1):
        if program is None:
            results[path] = InputError(path, install_hint(path))
            continue
        try:
            check_content(path)
            copy = inputs / f"{n:05d}{Path(path).suffix.lower()}"  # LibreOffice sees only the copy
            shutil.copyfile(path, copy)
        except InputError as exc:
            results[path] = exc
            continue
        except OSError as exc:
            results[path] = InputError(path, f"无法读取（{exc.strerror or exc}）")
            continue
        ready[path] = copy
    if not ready:
        return results
    profile = _write_profile(folder / "profile")
    finished = _run(program, profile, list(ready.values()), outdir, START_SECONDS + FILE_SECONDS * len(ready))
    for path, copy in ready.items():
        out = outdir / f"{copy.stem}.docx"
        if not out.exists() and not finished:
            alone = _run(program, profile, [copy], outdir, START_SECONDS + FILE_SECONDS)
            if not alone:
                results[path] = InputError(path, f"LibreOffice 转换超时（超过 {START_SECONDS + FILE_SECONDS} 秒），文件可能已损坏")
                continue
        if out.exists() and out.stat().st_size > 0:
            results[path] = str(out)
        else:
            results[path] = InputError(path, f"LibreOffice 无法打开这个{format_name(path)}文件（已损坏，或设有打开密码）；"
                                         "如能在 Word/WPS 中打开，请另存为 .docx 后再检查")
    return results


@contextmanager
def batch(paths):
    """Convert every file of ``paths`` that needs it in one LibreOffice run; ``read`` uses the
    results inside the block. The temporary folder is removed when the block ends."""
    wanted = [p for p in dict.fromkeys(map(os.fspath, paths)) if needs_conversion(p) and p not in _converted]
    if not wanted:
        yield
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="drafter-convert-") as folder:
        _converted.update(convert_all(wanted, Path(folder)))
        try:
            yield
        finally:
            for p in wanted:
                _converted.pop(p, None)


@contextmanager
def as_docx(path: str):
    """The .docx LibreOffice made of ``path`` (``path`` itself when it is a .docx under another
    name), for the duration of the block."""
    if not needs_conversion(path) or read_head(path, 4) == ZIP_SIGNATURE and not path.lower().endswith(".odt"):
        yield path
        return
    with batch([path]):
        result = _converted.get(path)
        if result is None:  # a forked worker whose parent's block has ended: not expected
            raise InputError(path, "转换结果已不存在")
        if isinstance(result, InputError):
            raise result
        yield result
