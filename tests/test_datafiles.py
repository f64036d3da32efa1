"""Parsed rule files are cached between runs, and an edited, broken or uncacheable file is handled."""

import os

import pytest
from typer.testing import CliRunner

from drafter import datafiles
from drafter.cli import app
from drafter.errors import InputError
from drafter.rules.patterns import load_pattern_rule

RULE = """id: local
severity: warning
type: existence
description: 测试
message: "{match}"
entries:
  - match: 甲乙
    reason: 测试
    flag: [甲乙]
    pass: [丙丁]
"""


@pytest.fixture
def rule_file(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "local.yml"
    path.write_text(RULE, encoding="utf-8")
    return path


def test_second_load_comes_from_the_cache(rule_file, monkeypatch):
    first = load_pattern_rule(rule_file)
    monkeypatch.setattr(datafiles, "parse_yaml", lambda path: pytest.fail("parsed again"))
    monkeypatch.setattr("drafter.rules.patterns.parse_yaml", lambda path: pytest.fail("parsed again"))
    again = load_pattern_rule(rule_file)
    assert [e.pattern for e in again.entries] == [e.pattern for e in first.entries] == ["甲乙"]
    assert again.entries[0].required == (frozenset("甲"), frozenset("乙"))


def test_an_edited_file_is_read_again(rule_file):
    load_pattern_rule(rule_file)
    rule_file.write_text(RULE.replace("甲乙", "戊己庚"), encoding="utf-8")
    os.utime(rule_file, ns=(1, 1))  # a different stamp even within the clock's resolution
    assert load_pattern_rule(rule_file).entries[0].pattern == "戊己庚"


def test_a_corrupt_cache_is_ignored(rule_file, tmp_path):
    load_pattern_rule(rule_file)
    for f in (tmp_path / "cache").iterdir():
        f.write_bytes(b"\x00garbage")
    assert load_pattern_rule(rule_file).entries[0].pattern == "甲乙"


def test_an_unwritable_cache_folder_is_not_an_error(rule_file, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(blocker / "cache"))
    assert load_pattern_rule(rule_file).id == "local"


@pytest.mark.parametrize("text,reason", [
    ("id: x\nseverity: fatal\ntype: existence\ndescription: d\nmessage: m\nentries: []\n", "severity"),
    ("id: x\nseverity: warning\ntype: existence\ndescription: d\nmessage: m\nentries:\n  - match: '(('\n", "正则"),
    ("type: existence\nid: x\nseverity: [warning\n", "YAML"),
    ("id: x\nseverity: warning\ntype: substitution\ndescription: d\nmessage: m\nentries:\n  - match: a\n", "replace"),
])
def test_a_broken_rule_file_is_one_clear_error(tmp_path, monkeypatch, text, reason):
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad.yml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_pattern_rule(rules / "bad.yml")
    assert reason in err.value.reason
    draft = tmp_path / "d.txt"
    draft.write_text("区财政局2025年工作总结\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["lint", "--rules", str(rules), str(draft)])
    assert result.exit_code == 2 and "bad.yml" in result.output and "Traceback" not in result.output
