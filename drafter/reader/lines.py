"""Lines recovered from a layout (PDF, web page): the blanks that layout puts around Chinese text."""

from __future__ import annotations

import re

_CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_BLANKS = re.compile(r"[\s\u00a0\u3000]+")
# blanks beside a Chinese character that are layout, not text: any in a PDF (glyph gaps); in a web
# page those holding a line break (the page source wrapped there; a typed space stays)
_GAP_BY_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0]+|[ \t\u00a0]+(?=[{_CJK}])")
_BREAK_BY_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0\u3000]*[\r\n][\s\u00a0\u3000]*|[\s\u00a0\u3000]*[\r\n][ \t\u00a0\u3000]*(?=[{_CJK}])")


def clean_line(text: str, gaps_are_layout: bool = True) -> str:
    """One line of visible text, blanks collapsed as a browser shows them (full-width indents dropped)."""
    if gaps_are_layout:
        return _GAP_BY_CJK.sub("", _BLANKS.sub(" ", text).strip())
    return _BLANKS.sub(" ", _BREAK_BY_CJK.sub("", text)).strip()
