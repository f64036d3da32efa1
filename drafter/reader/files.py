"""Opening an input file, with the OS's refusals turned into one-line Chinese reasons."""

from __future__ import annotations

from drafter.errors import InputError, os_reason


def read_head(path: str, limit: int) -> bytes:
    """Up to ``limit`` bytes from the start of the file."""
    try:
        with open(path, "rb") as fh:
            return fh.read(limit)
    except IsADirectoryError:
        raise InputError(path, "这是一个文件夹，不是文件") from None
    except FileNotFoundError:
        raise InputError(path, "文件不存在") from None
    except PermissionError:
        raise InputError(path, "没有读取权限") from None
    except OSError as exc:
        raise InputError(path, f"无法读取（{os_reason(exc)}）") from None
