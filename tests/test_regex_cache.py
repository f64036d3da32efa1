"""Regexes rebuilt from the cache are the very patterns re.compile makes, and a broken cache is only slower."""

import os
import re
import subprocess
import sys

from drafter import regex_cache
from tests.clean_reports import CLEAN_REPORTS
from tests.helpers import build_docx


def test_every_cached_regex_is_the_one_re_compile_makes(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path))
    draft = build_docx(CLEAN_REPORTS["finance-2025"], auto_numbering=True).save(tmp_path / "草稿.docx")
    # a fresh process fills the cache (every module's regexes and those the lint compiles as it goes)
    subprocess.run([sys.executable, "-m", "drafter", "lint", "--fail-on", "never", str(draft)], check=True,
                   capture_output=True)
    forms = regex_cache._load()
    assert len(forms) > 50
    for (pattern, flags), form in forms.items():
        assert regex_cache.from_sre_form(pattern, form, flags) == re.compile(pattern, flags), pattern


def test_a_damaged_cache_falls_back_to_compiling(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path))
    (tmp_path / "regexes.marshal").write_bytes(b"\x00garbage")
    assert regex_cache._load() == {}
    form = regex_cache.sre_form(r"(?<=[\u4e00-\u9fff])(\d+)年", re.IGNORECASE)
    assert regex_cache.from_sre_form(r"(?<=[\u4e00-\u9fff])(\d+)年", form) == re.compile(r"(?<=[\u4e00-\u9fff])(\d+)年", re.I)


def test_a_second_lint_finds_every_regex_in_the_cache(tmp_path, monkeypatch):
    """Patterns built from data in a fixed order: a second run compiles none and leaves the cache as it was."""
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path))
    draft = build_docx(CLEAN_REPORTS["finance-2025"], auto_numbering=True).save(tmp_path / "草稿.docx")
    lint = [sys.executable, "-m", "drafter", "lint", "--fail-on", "never", str(draft)]
    subprocess.run(lint, check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "1"})
    first = (tmp_path / "regexes.marshal").read_bytes()
    subprocess.run(lint, check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "2"})
    assert (tmp_path / "regexes.marshal").read_bytes() == first


def test_the_cache_starts_again_rather_than_grow_without_end(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regex_cache, "MAX_FORMS", 5)
    monkeypatch.setattr(regex_cache, "_forms", {})
    for n in range(12):
        assert regex_cache.compile(f"甲{n}乙").pattern == f"甲{n}乙"
    assert 1 <= len(regex_cache._load()) <= 5
