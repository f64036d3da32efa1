"""Every data rule in style_rules/ proves itself with its own examples."""

from pathlib import Path

import pytest

from drafter.rules.patterns import load_pattern_rule
from tests.helpers import RULE_FILES


def _entry_cases():
    for path in RULE_FILES:
        rule = load_pattern_rule(path)
        for i, entry in enumerate(rule.entries):
            for text in entry.flag_examples:
                yield pytest.param(path, i, text, id=f"{path.stem}-{i}-flag")


def _pass_cases():
    for path in RULE_FILES:
        rule = load_pattern_rule(path)
        texts = list(rule.pass_examples)
        for entry in rule.entries:
            texts.extend(entry.pass_examples)
        for j, text in enumerate(texts):
            yield pytest.param(path, text, id=f"{path.stem}-pass-{j}")


@pytest.mark.parametrize("path,entry_index,text", list(_entry_cases()))
def test_entry_flags_its_examples(path: Path, entry_index: int, text: str):
    rule = load_pattern_rule(path)
    entry = rule.entries[entry_index]
    hits = [m for e, m in rule.find(text) if e is entry]
    assert hits, f"{path.name} 第{entry_index + 1}条未命中：{text}"
    for pinned_text, span, suggestion in entry.pinned:  # what is flagged and suggested, when the example says
        if pinned_text == text:
            found = [(m.group(0), m.expand(entry.replace) if entry.replace is not None else None) for m in hits]
            assert any(s == span and (suggestion is None or r == suggestion) for s, r in found), \
                f"{path.name} 第{entry_index + 1}条命中 {found}，应为 {span!r} → {suggestion!r}"


def test_some_examples_pin_span_and_suggestion():
    assert any(entry.pinned for path in RULE_FILES for entry in load_pattern_rule(path).entries)


@pytest.mark.parametrize("path,text", list(_pass_cases()))
def test_rule_passes_correct_text(path: Path, text: str):
    rule = load_pattern_rule(path)
    hits = [m.group(0) for _, m in rule.find(text)]
    assert hits == [], f"{path.name} 误报 {hits}：{text}"


def test_every_entry_has_examples():
    for path in RULE_FILES:
        for i, entry in enumerate(load_pattern_rule(path).entries):
            assert entry.flag_examples, f"{path.name} 第{i + 1}条没有必须命中的例句"
            assert entry.pass_examples, f"{path.name} 第{i + 1}条没有必须放过的例句"
            assert entry.reason, f"{path.name} 第{i + 1}条没有说明理由"


def test_each_regex_rebuilt_from_the_rule_cache_is_the_one_re_compile_makes():
    import re

    entries = [e for path in RULE_FILES for e in load_pattern_rule(path).entries]
    assert all(e.compiled for e in entries)
    assert [e.regex for e in entries] == [re.compile(e.pattern) for e in entries]
