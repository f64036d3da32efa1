"""A skeleton whose prompts are all replaced by real text lints clean, for every kind."""

import pytest

from drafter.rules.base import severity_rank
from drafter.rules.run import lint_file
from drafter.skeleton import build_skeleton, fallback_hints, list_kinds
from tests.helpers import fill_skeleton


@pytest.mark.parametrize("kind", [k["name"] for k in list_kinds()])
def test_filled_skeleton_lints_clean(tmp_path, kind):
    data = build_skeleton("区财政局", 2026, kind, hints=fallback_hints())
    path = tmp_path / "filled.docx"
    path.write_bytes(fill_skeleton(data, 2026))
    (result,) = lint_file(str(path))
    serious = [(f.rule, f.paragraph, f.message) for f in result.findings
               if severity_rank(f.severity) >= severity_rank("warning")]
    assert serious == []
    assert result.year == 2026
