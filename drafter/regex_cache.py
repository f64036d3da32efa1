"""Regexes rebuilt from their compiled form, saved once in the cache folder.

Compiling is the slow part of a regex at a process start: a class like [\\u4e00-\\u9fff] alone costs
about 1 ms, and `drafter lint` compiles some 150 patterns (the rule files' and the code's), about
45 ms of a cold start. ``compile`` hands the engine the form ``re.compile`` made last time (the same
pattern object: tests/test_regex_cache.py compares them); the form belongs to one Python version, so
the cache is keyed on it, and any doubt falls back to ``re.compile``.
"""

from __future__ import annotations

import _sre
import marshal
import os
import re
import sys
from array import array
from re import _compiler as sre_compiler
from re import _parser as sre_parse

from drafter.datafiles import CACHE_VERSION, cache_dir

_STAMP = (CACHE_VERSION, sys.version, "bytes")
# the code is kept as bytes of the engine's word size: marshal loads bytes ~20x faster than a list of ints
_WORD = next(t for t in "IL" if array(t).itemsize == _sre.CODESIZE)
_forms: dict[tuple[str, int], tuple] | None = None
# far more than the code and the rule files hold: a cache this big has gathered patterns built from
# changing data, and starts again instead of growing (and being read) without end
MAX_FORMS = 2000


def sre_form(pattern: str, flags: int = 0) -> tuple:
    """What re.compile hands to the regex engine, as plain data (marshal can store it)."""
    parsed = sre_parse.parse(pattern, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    code = array(_WORD, sre_compiler._code(parsed, flags)).tobytes()
    return flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def from_sre_form(pattern: str, form: tuple, flags: int = 0) -> re.Pattern:
    engine_flags, code, *rest = form
    try:
        return _sre.compile(pattern, engine_flags, array(_WORD, code).tolist(), *rest)
    except (TypeError, ValueError, RuntimeError):  # another engine after all: compile the usual way
        return re.compile(pattern, flags)


def _path():
    return cache_dir() / "regexes.marshal"


def _load() -> dict:
    try:
        stamp, forms = marshal.loads(_path().read_bytes())
        if stamp == _STAMP and isinstance(forms, dict):
            return forms
    except (OSError, ValueError, EOFError, TypeError):
        pass
    return {}


def compile(pattern: str, flags: int = 0) -> re.Pattern:  # noqa: A001 - re.compile's stand-in
    global _forms
    if _forms is None:
        _forms = _load()
    key = (pattern, int(flags))
    form = _forms.get(key)
    if form is None:
        try:
            form = sre_form(pattern, int(flags))
        except re.error:
            return re.compile(pattern, flags)  # raises the usual error
        if len(_forms) >= MAX_FORMS:
            _forms = {}
        _forms[key] = form
        _save(_forms)
    return from_sre_form(pattern, form, flags)


def _save(forms: dict) -> None:
    """Written at each new pattern (only the first runs have any), atomically; a read-only home: skipped."""
    path = _path()
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(marshal.dumps((_STAMP, forms)))
        os.replace(tmp, path)
    except (OSError, ValueError):
        pass
