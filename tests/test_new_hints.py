"""drafter new --hints: the prompts in a skeleton come from the mined (bundled) profile."""

import re
import subprocess
import sys

from docx import Document
from typer.testing import CliRunner

from drafter.api import skeleton_hints
from drafter.build import fallback_hints
from drafter.cli import app
from drafter.mining import hints_for

runner = CliRunner()


def _text(path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_hints_come_from_the_profile():
    hints = skeleton_hints(2026)
    assert hints["summary"] == hints_for("summary", 3, year=2026)
    assert "坚持以习近平新时代中国特色社会主义思想为指导" in hints["summary"]
    assert hints["plan"] == hints_for("plan", 3, year=2026) and "加大……力度" in hints["plan"]
    assert any("有待" in h for h in hints["problems"])
    # highlights: one seed report has that part, too little to mine: the fallback phrases
    assert hints["highlights"] == fallback_hints()["highlights"]


def test_skeleton_shows_mined_hints_in_brackets(tmp_path):
    out = tmp_path / "r.docx"
    result = runner.invoke(app, ["new", "--unit", "区财政局", "--year", "2026", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = _text(out)
    prompts = re.findall(r"【常用表述[^】]*】", text)
    assert prompts
    mined = "坚持以习近平新时代中国特色社会主义思想为指导"
    assert any(mined in p for p in prompts)  # inside 【】: lint flags an unfilled prompt
    assert any("加大……力度" in p for p in prompts)
    no_hints = tmp_path / "n.docx"
    result = runner.invoke(app, ["new", "--unit", "区财政局", "--year", "2026", "-o", str(no_hints), "--no-hints"])
    assert result.exit_code == 0 and mined not in _text(no_hints)


def test_lint_flags_the_prompts(tmp_path):
    out = tmp_path / "r.docx"
    assert runner.invoke(app, ["new", "--unit", "区财政局", "--year", "2026", "-o", str(out)]).exit_code == 0
    result = runner.invoke(app, ["lint", str(out)])
    assert result.exit_code != 0
    assert "坚持以习近平新时代中国特色社会主义思想为指导" in result.output or "【" in result.output


def test_new_loads_neither_jieba_nor_numpy(tmp_path):
    code = ("import sys; from typer.testing import CliRunner; from drafter.cli import app; "
            f"r = CliRunner().invoke(app, ['new', '--unit', '区财政局', '--year', '2026', '-o', r'{tmp_path / 'x.docx'}']); "
            "assert r.exit_code == 0, r.output; "
            "print(sorted(m for m in ('jieba', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
