"""Regexes rebuilt from the cache are the very patterns re.compile makes, and a broken cache is only slower."""

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
