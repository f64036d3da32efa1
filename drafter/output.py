"""Writing drafter's outputs: never over an input, never over a file without --force, never half written."""

from __future__ import annotations

import os
from pathlib import Path

from drafter.errors import InputError, os_reason

# the copies drafter writes beside a draft: {stem}.批注.docx (comments), {stem}.修改.docx (tracked fixes)
ANNOTATED_MARK = ".批注"
FIXED_MARK = ".修改"
GENERATED_MARKS = (ANNOTATED_MARK, FIXED_MARK)


def copy_name(stem: str, mark: str, suffix: str) -> str:
    """The file name of drafter's copy of a draft whose name without its suffix is ``stem``."""
    return f"{stem}{mark}{suffix}"


def check_output(target: Path, force: bool, source: str | None = None, sources=()) -> None:
    """Refuse to write over an input (``source`` or one of ``sources``; ever), over another file
    (without ``force``) or into nowhere."""
    target = Path(target)
    if target.is_dir():
        raise InputError(str(target), "这是一个文件夹，请给出输出文件名")
    if target.exists():
        inputs = [source, *sources] if source is not None else list(sources)
        if any(_same_file(s, target) for s in inputs):
            raise InputError(str(target), "输出文件不能是输入文件本身（不会修改原稿）")
        if not force:
            raise InputError(str(target), "文件已存在，未覆盖；如需覆盖请加 --force")
    if not _folder(target).is_dir():
        raise InputError(str(target), "所在文件夹不存在")


def write_atomic(target: Path, data: bytes, force: bool = False, source: str | None = None) -> Path:
    """Write through a temporary file in the same folder, then rename it over ``target``."""
    import secrets  # ~5 ms: only when something is written

    target = Path(target)
    check_output(target, force, source)
    folder = _folder(target)
    tmp = folder / f".{target.stem[:40]}.{secrets.token_hex(6)}.tmp"
    try:
        # 0o666 less the umask, as for any new file; O_EXCL: never someone else's file
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    except OSError as exc:
        raise InputError(str(folder), f"无法在此文件夹写入（{os_reason(exc)}）") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        check_output(target, force, source)  # a file may have appeared meanwhile
        os.replace(tmp, target)
    except OSError as exc:
        raise InputError(str(target), f"无法写入（{os_reason(exc)}；文件可能正在 Word 中打开）") from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


def _folder(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def _same_file(a: str, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
