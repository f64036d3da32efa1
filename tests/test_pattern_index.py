"""The pre-test of data rules: a regex runs only on paragraphs holding what every match must hold."""

import re

import pytest

from drafter.rules.patterns import PatternIndex, match_starts, required_sets, required_strings
from drafter.rules.registry import pattern_rules


@pytest.mark.parametrize("pattern,strings", [
    ("截止", ("截止",)),
    ("(?<=张)驰(?=有度)", ("张驰有度",)),  # lookarounds: the text holds them around the match
    ("(?<![\\d.])(?<!党的)20大(?=精神|报告)", ("20大报告", "20大精神")),  # a negative lookbehind tells nothing
    ("(整|综|依法)冶", ("依法冶", "整冶", "综冶")),  # fixed alternatives: one place of the run
    ("屡(行(?=[^，]{0,6})|职(?!能))", ("屡职", "屡行")),
    ("([，、])\\1+", ("、、", "、，", "，、", "，，")),  # a backreference: one of its group's characters
    ("。{3,}", ("。。。",)),
    ("a{2,3}b", ("aab",)),  # only the last two a's touch the b
    ("ab?c", ("abc", "ac")),
    ("(?:ab)+c", ("ab",)),
    ("(?<=[接顾])不瑕|不瑕(?=接|给)", ("不瑕接", "不瑕给", "接不瑕", "顾不瑕")),
    ("x[ab]*y", ()),  # nothing fixed two characters long
    ("(?i:ab)c", ()),  # case-blind: not spelt one way
    ("[\\u4e00-\\u9fff]{2}", ()),  # too many ways to spell
])
def test_required_strings(pattern, strings):
    assert required_strings(pattern) == strings


@pytest.mark.parametrize("pattern,sets", [
    ("甲乙", ["甲", "乙"]),
    ("（[^)]*\\)|\\([^）]*）", ["()", "(（", ")）", "（）"]),  # mixed brackets: one of each branch's
    ("[*＊]+(?=万)|(?<=第)[*＊]+", ["*＊", "万第"]),  # a set every branch needs
    ("甲|乙|丙", ["甲乙丙"]),
    ("甲|[^乙]", []),  # a branch that needs nothing
])
def test_required_sets(pattern, sets):
    assert sorted(required_sets(pattern), key=sorted) == sorted(map(frozenset, sets), key=sorted)


def _example_texts() -> list[str]:
    return [t for rule in pattern_rules() for e in rule.entries for t in e.flag_examples + e.pass_examples]


@pytest.mark.parametrize("pattern,starts", [
    ("(?<![公发])布署", "布"),
    ("(?:(?<=[0-9])|(?<=[0-9][A-Z]))[ \u3000]+(?=年)", " \u3000"),  # lookbehinds either way, then a space
    ("(?<=[“‘])(1[0-2]|[1-9])[.．]", "123456789"),
    ("(?<=张)驰|(?<=一)张", "张驰"),
    ("布署", ""),  # the engine itself skips to a 布
    ("(?<=张)驰?", ""),  # may match nothing
    ("(?<=张)(?:驰|\\d)", ""),  # any digit: too many to list
    ("(?<=张)(?i:a)", ""),  # case-blind
])
def test_match_starts(pattern, starts):
    assert match_starts(pattern) == starts


def test_trying_matches_where_they_start_finds_what_the_regex_finds():
    texts = _example_texts()
    checked = 0
    for rule in pattern_rules():
        for entry in rule.entries:
            if entry.starts:
                for text in texts:
                    assert [m.span() for m in entry.finditer(text)] == [m.span() for m in entry.regex.finditer(text)]
                checked += 1
    assert checked > 50


def test_every_match_of_the_bundled_rules_holds_its_required_strings_and_sets():
    texts = _example_texts()
    checked = 0
    for rule in pattern_rules():
        for entry in rule.entries:
            for text in texts:
                if re.search(entry.pattern, text):
                    assert not entry.needles or any(n in text for n in entry.needles), (entry.pattern, text)
                    assert all(not need.isdisjoint(text) for need in entry.required), (entry.pattern, text)
                    checked += 1
    assert checked > 300


def test_the_index_offers_only_entries_that_can_match_and_every_one_that_does():
    rules = list(pattern_rules())
    index = PatternIndex(rules)
    text = "截至2024年底，全年完成投资XX万元，，同比增长8%。。"
    offered = {(n, e.pattern) for n, entries in index.candidates(text).items() for e in entries}
    matching = {(n, e.pattern) for n, r in enumerate(rules) for e in r.entries if re.search(e.pattern, text)}
    assert matching and matching <= offered
    assert len(offered) < sum(len(r.entries) for r in rules) / 10
