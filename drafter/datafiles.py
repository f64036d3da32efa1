"""Data files (style_rules/*.yml) parsed once and cached between runs.

Importing yaml and parsing the rule files costs about 70 ms at every start of `drafter lint`, more
than linting a typical draft. What a file parses to is kept in the user's cache folder, keyed by
the file's path, size and modification time, so an edited file is read again. A cache that cannot
be read or written is simply not used.
"""

from __future__ import annotations

import marshal
import mmap
import os
import sys
from pathlib import Path
from typing import Any, Callable

try:  # the same digest without loading OpenSSL (hashlib's _hashlib: ~2 ms at every start)
    from _sha1 import sha1
except ImportError:  # pragma: no cover - another Python
    from hashlib import sha1

from drafter.errors import InputError

# bump when what a builder returns changes shape
CACHE_VERSION = 2


def cache_dir() -> Path:
    if os.environ.get("DRAFTER_CACHE_DIR"):
        return Path(os.environ["DRAFTER_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "drafter"


def cached(path: Path, kind: str, build: Callable[[Path], Any]) -> Any:
    """build(path), or what it returned last time for this file as it is now."""
    path = Path(path).resolve()
    stat = path.stat()
    stamp = (CACHE_VERSION, sys.version, stat.st_mtime_ns, stat.st_size)
    name = sha1(f"{kind}\0{path}".encode()).hexdigest() + ".marshal"
    cache_file = cache_dir() / name
    try:
        saved_stamp, data = marshal.loads(cache_file.read_bytes())
        if saved_stamp == stamp:
            return data
    except (OSError, ValueError, EOFError, TypeError):
        pass
    data = build(path)
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # only when the cache is written (once): ~3 ms to import

        fd, tmp = tempfile.mkstemp(dir=cache_file.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(marshal.dumps((stamp, data)))
        os.replace(tmp, cache_file)
    except (OSError, ValueError):
        pass  # a read-only home: parse every time
    return data


def cached_blob(path: Path, kind: str, build: Callable[[Path], bytes]) -> bytes | mmap.mmap:
    """build(path) for a large table of bytes, kept as a raw file and mapped, not read, on later runs.

    Mapping costs nothing up front: only the pages a lookup touches are read.
    """
    path = Path(path).resolve()
    stat = path.stat()
    stamp = marshal.dumps((CACHE_VERSION, stat.st_mtime_ns, stat.st_size))
    blob_file = cache_dir() / (sha1(f"{kind}\0{path}".encode()).hexdigest() + ".bin")
    stamp_file = blob_file.with_suffix(".stamp")
    try:
        if stamp_file.read_bytes() == stamp:
            with open(blob_file, "rb") as fh:
                return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        pass
    data = build(path)
    try:
        blob_file.parent.mkdir(parents=True, exist_ok=True)
        for target, content in ((blob_file, data), (stamp_file, stamp)):
            import tempfile

            fd, tmp = tempfile.mkstemp(dir=blob_file.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
            os.replace(tmp, target)
    except (OSError, ValueError):
        pass
    return data


def parse_yaml(path: Path) -> Any:
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"YAML 格式错误：{exc}".replace("\n", " ")) from None


def load_yaml(path: Path) -> Any:
    return cached(path, "yaml", parse_yaml)
