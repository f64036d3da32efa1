"""Item numbers written in words (一是、二是): words that only look like them."""

from drafter.document.corpus import report_from_text
from drafter.rules.numbering import cn_to_int
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
