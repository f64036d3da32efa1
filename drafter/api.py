"""The Python API: read, outline and lint a file."""

from __future__ import annotations

import os

from drafter.corpus import split_reports
from drafter.model import Document
from drafter.reader import read as _read
from drafter.structure import Outline, build_outline


def read(path: str | os.PathLike) -> Document:
    """The file's paragraphs with their locations (see drafter.model)."""
    return _read(path)


def outline(path: str | os.PathLike, year: int | None = None) -> list[Outline]:
    """One outline per report in the file (a compilation holds several)."""
    return [build_outline(r, year) for r in split_reports(_read(path))]


def lint(path: str | os.PathLike, **options):
    """Lint results, one per report. Options as in drafter.config.Config (disable, year, allow …)."""
    from drafter.config import Config
    from drafter.lint import lint_file

    return lint_file(os.fspath(path), Config(**options))
