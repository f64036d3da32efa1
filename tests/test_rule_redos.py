"""Hostile text never makes a data rule backtrack for long: each entry on long repetitions of its own examples.

A pattern such as ``[*＊]+(?=年)`` without an anchor is quadratic: on 20,000 stars it runs for
seconds. Linear patterns take milliseconds here, so the bound below is far from any honest run.
"""

import time

import pytest

from drafter.rules.patterns import load_pattern_rule
from tests.helpers import RULE_FILES

LENGTH = 12_000
BOUND_SECONDS = 1.5


def _hostile_texts(example: str):
    yield (example * (LENGTH // max(len(example), 1) + 1))[:LENGTH]
    for a, b in sorted({example[i:i + 2] for i in range(len(example) - 1)}):
        yield ((a + b) * (LENGTH // 2))[:LENGTH]


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.stem)
def test_no_entry_backtracks_on_long_repetitions(path):
    slow = []
    for i, entry in enumerate(load_pattern_rule(path).entries):
        texts = {t for example in entry.flag_examples for t in _hostile_texts(example)}
        start = time.perf_counter()
        for text in texts:
            for _ in entry.regex.finditer(text):
                pass
        if time.perf_counter() - start > BOUND_SECONDS:
            slow.append((i + 1, entry.pattern[:60]))
    assert slow == [], f"{path.name}: 这些条目在长文本上回溯过多（请加锚点或占有量词）：{slow}"
