"""The speed work of issue 18 finds exactly what the rules found before it: every finding of the seed,
the clean, evaluation, pasted and plan corpora and of every rule example, compared with the saved ones."""

import json
from pathlib import Path

import pytest

from tests.match_identity import all_findings

SAVED = Path(__file__).parent / "data" / "findings.json"


@pytest.fixture(scope="module")
def now():
    return all_findings()


def test_the_same_corpora_are_linted(now):
    assert sorted(now) == sorted(json.loads(SAVED.read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", sorted(json.loads(SAVED.read_text(encoding="utf-8"))))
def test_every_finding_is_identical(now, name):
    saved = json.loads(SAVED.read_text(encoding="utf-8"))[name]
    assert now[name] == saved
