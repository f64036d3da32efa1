"""The Python API: read, outline and lint a file; carry last year's plan into this year's report."""

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
    """Lint results, one per report. Options as in drafter.config.Config (disable, year, allow …);
    ``plan="去年报告.docx"`` checks that each of last year's plan items is accounted for (plan-coverage)."""
    from drafter.config import Config
    from drafter.lint import lint_file

    return lint_file(os.fspath(path), Config(**options))


def plan_items(path: str | os.PathLike, report: int | None = None) -> list:
    """Last year's plan items (drafter.plan.PlanItem: text, measure, paragraph, start, end, section) of a
    report; ``report`` picks one of a compilation (from 1). InputError when it has no plan part."""
    from drafter.plan import pick_report, plan_source, read_reports

    path = os.fspath(path)
    return list(plan_source(pick_report(read_reports(path), report, path)).items)


def new_from(path: str | os.PathLike, report: int | None = None, *, unit: str | None = None,
             kind: str | None = None, hints: bool = True, reference_docx: str | os.PathLike | None = None) -> bytes:
    """Next year's skeleton (.docx bytes) from last year's report: its plan items become the summary's
    headings, each with a prompt quoting the planned measure; unit, kind and (a .docx) layout are kept."""
    from drafter.build import build_next_year, fallback_hints

    data, _ = build_next_year(os.fspath(path), report, unit=unit, kind=kind,
                              hints=(lambda year: fallback_hints()) if hints else None,
                              reference_docx=os.fspath(reference_docx) if reference_docx else None)
    return data
