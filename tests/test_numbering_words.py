"""Item numbers written in words (一是、二是): words that only look like them."""

import re

from drafter.document.corpus import report_from_text
from drafter.paths import data_dir
from drafter.rules.numbering import _CHAINS, _markers, cn_to_int
from drafter.rules.run import lint_report

HEAD = "县发改局2024年工作总结\n一、工作情况\n"


def _sequence_findings(text: str) -> list:
    return [f for f in lint_report(report_from_text(HEAD + text)).findings if f.rule == "numbering-sequence"]


def test_the_fourteenth_five_year_plan_is_no_item_number():
    # 十四五 before 是 or 要 once stopped the whole lint with a KeyError
    assert cn_to_int("十四五") is None
    assert _sequence_findings("今年，十四五是收官之年，十四五要全面完成。一是抓项目，二是抓质量。") == []


def test_a_skipped_item_next_to_it_is_still_found():
    found = _sequence_findings("今年，十四五是收官之年。一是抓项目，三是抓质量。")
    assert len(found) == 1 and "缺少“二是”" in found[0].message


def test_markers_found_in_the_reversed_text_are_the_markers_written_forwards():
    # 一是 / 二要 are found in the text reversed (the pattern then starts with its word): the same as the
    # plain patterns, runs of more than three numerals, 要素 and markers back to back included
    numerals = "([一二三四五六七八九十]{1,3})"
    forwards = {"是": re.compile(numerals + "是"), "要": re.compile(numerals + "要(?![素件点求务领闻害职案紧])")}
    seed = (data_dir("seeds") / "work-reports-2023-2024.txt").read_text(encoding="utf-8").splitlines()
    made_up = ["十一是抓项目", "一二三四是", "三是是", "一要素齐全，二要求严格，三要紧抓", "一是二是三要", "要", "末尾一要"]
    for text in seed + made_up:
        for family, marker in forwards.items():
            _, found, reversed_ = _CHAINS[family]
            assert _markers(found, reversed_, text) == [(m.start(), m.end(), m.group(1)) for m in marker.finditer(text)]
