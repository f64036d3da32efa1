"""Where any of many words occurs in a text, in one regex scan (a substring search per word scans the text
once per word).

The regex holds the words grouped by first character, longest first within a group: where a character can
begin a word the engine tries that group alone, and the word it finds is the longest beginning there, which
stands for every shorter word it begins with. Words overlap, so the search goes on from the next character.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from drafter import regex_cache


class WordScan:
    def __init__(self, words: Iterable[str]):
        # ties in a fixed order: the same regex in every process, so its compiled form comes from the cache
        longest_first = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
        groups: dict[str, list[str]] = {}
        for word in longest_first:
            groups.setdefault(word[0], []).append(re.escape(word[1:]))
        alternatives = "|".join(f"{re.escape(c)}(?:{'|'.join(rests)})" for c, rests in groups.items())
        if all(len(w) > 1 for w in longest_first):
            # where the first character may begin a word but the second may not go on with one (most such
            # places), one look ahead fails, before the groups are tried one after another (half the time)
            seconds = sorted({w[1] for w in longest_first})
            alternatives = f"(?=[{re.escape(''.join(groups))}][{re.escape(''.join(seconds))}])(?:{alternatives})"
        self._finder = regex_cache.compile(alternatives)
        # the longest word found at a place → the words beginning there (itself included), longest first
        known = set(longest_first)
        self._beginning = {longer: [longer[:n] for n in range(len(longer), 0, -1) if longer[:n] in known]
                           for longer in longest_first}

    def starts(self, text: str) -> Iterator[tuple[int, list[str]]]:
        """(position, the words beginning there) for each position where a word begins, in order."""
        at = 0
        while (m := self._finder.search(text, at)) is not None:
            yield m.start(), self._beginning[m.group()]
            at = m.start() + 1

    def present(self, text: str) -> set[str]:
        """The words the text holds."""
        return {w for _, words in self.starts(text) for w in words}
