"""Every code rule proves itself with its own must-flag and must-pass reports."""

import pytest

from drafter.corpus import report_from_text
from drafter.lint import lint_report
from drafter.rules.context import Example
from drafter.rules.registry import CODE_RULES

FLAG = [pytest.param(rule, example, id=f"{rule.id}-flag-{i}") for rule in CODE_RULES for i, example in enumerate(rule.flag)]
PASS = [pytest.param(rule, text, id=f"{rule.id}-pass-{i}") for rule in CODE_RULES for i, text in enumerate(rule.passes)]


def _findings(rule, text):
    return [f for f in lint_report(report_from_text(text)).findings if f.rule == rule.id]


@pytest.mark.parametrize("rule,example", FLAG)
def test_rule_flags_its_example(rule, example):
    text = example.text if isinstance(example, Example) else example
    found = _findings(rule, text)
    assert found, f"{rule.id} 未报告：{text}"
    if isinstance(example, Example):  # it pins what is flagged and, when given, the suggestion
        lines = text.split("\n")
        pinned = [(lines[f.paragraph - 1][f.start:f.end], f.suggestion) for f in found if f.paragraph is not None]
        assert any(span == example.span and (example.suggestion is None or suggestion == example.suggestion)
                   for span, suggestion in pinned), f"{rule.id} 报告的是 {pinned}，应为 {example.span!r} → {example.suggestion!r}"


def test_some_examples_pin_span_and_suggestion():
    assert any(isinstance(e, Example) for rule in CODE_RULES for e in rule.flag)


@pytest.mark.parametrize("rule,text", PASS)
def test_rule_passes_its_example(rule, text):
    assert _findings(rule, text) == [], f"{rule.id} 误报：{text}"


def test_text_rules_carry_examples():
    # format reads fonts and margins, which only .docx files have: its examples are docx tests
    for rule in CODE_RULES:
        if rule.id != "format":
            assert rule.flag and rule.passes, f"{rule.id} 缺少例句"
