"""Opening an input file, with the OS's refusals turned into one-line Chinese reasons."""

from __future__ import annotations

import os

from drafter.errors import InputError, os_reason


def read_head(path: str, limit: int) -> bytes:
    """Up to ``limit`` bytes from the start of the file."""
    return _read(path, limit)


def read_whole(path: str, most: int) -> bytes | None:
    """The whole file; None, with nothing read, when it holds more than ``most`` bytes (where
    ``read_head(path, most + 1)`` would first allocate ``most`` bytes: ~15 µs for a megabyte)."""
    return _read(path, -1, most)


def _read(path: str, limit: int, most: int | None = None) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            if most is not None and os.fstat(fh.fileno()).st_size > most:
                return None
            return fh.read(limit)
    except IsADirectoryError:
        raise InputError(path, "这是一个文件夹，不是文件") from None
    except FileNotFoundError:
        raise InputError(path, "文件不存在") from None
    except PermissionError:
        raise InputError(path, "没有读取权限") from None
    except OSError as exc:
        raise InputError(path, f"无法读取（{os_reason(exc)}）") from None
