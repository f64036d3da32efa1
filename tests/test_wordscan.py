"""One scan finds every occurrence of every word, overlapping and nested ones included."""

from drafter.wordscan import WordScan

WORDS = ["绿色", "绿色发展", "发展", "展", "高质量发展", "质量"]


def test_every_word_beginning_at_a_place_is_found():
    scan = WordScan(WORDS)
    text = "推动绿色发展，实现高质量发展"
    found = list(scan.starts(text))
    assert found == [(2, ["绿色发展", "绿色"]), (4, ["发展"]), (5, ["展"]), (9, ["高质量发展"]),
                     (10, ["质量"]), (12, ["发展"]), (13, ["展"])]


def test_the_words_present_are_those_a_substring_search_finds():
    scan = WordScan(WORDS)
    for text in ("绿色", "发展绿色", "质量发", "高质量发", "", "无关的文字"):
        assert scan.present(text) == {w for w in WORDS if w in text}


def test_the_regex_is_the_same_in_every_process():
    """Built in a fixed order, not a set's (which changes with each process's string hashing): its
    compiled form then comes from the regex cache instead of being compiled and saved at every run."""
    import os
    import subprocess
    import sys

    probe = "from drafter.wordscan import WordScan; print(WordScan(['甲乙', '丙丁', '戊己', '甲丙', '乙']).__dict__['_finder'].pattern)"
    patterns = {subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                               env=dict(os.environ, PYTHONHASHSEED=str(seed))).stdout for seed in (1, 2, 3, 4)}
    assert len(patterns) == 1
