"""Web page furniture in text pasted from a site: breadcrumbs, 来源/发布时间 lines, buttons, footers.

Such lines are not part of the report: structure leaves them out of the title, headings, lead, year
and 落款, and the web-junk rule reports them. Word classes are data (style_rules/web-page.yml).
"""

from __future__ import annotations

import re
from functools import lru_cache

from drafter import regex_cache
from drafter.datafiles import load_yaml
from drafter.paths import data_dir

# the first and last lines of pasted text, where a page's header and footer stand
EDGE_LINES = 8
_DATE_WITH_WEEKDAY = regex_cache.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[（(]?\s*(?:星期|礼拜|周)[一二三四五六日天]")
_NUMERIC_DATE_TIME = regex_cache.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_SENTENCE_END = regex_cache.compile(r"[。！？]")
_SPACES = regex_cache.compile(r"[\s\u3000]+")
_ITEM_GAP = regex_cache.compile(r"\s{2,}|\u3000+")  # items of a row of links: wide gaps between them
_CLAUSE_MARK = regex_cache.compile(r"[，。；：！？,;:]")
LABELS = {
    "breadcrumb": "网页导航",
    "meta": "网页发布信息",
    "controls": "网页按钮和链接",
    "footer": "网站页脚",
    "header": "网站页眉",
}


@lru_cache(maxsize=1)
def _vocabulary() -> dict:
    vocab = load_yaml(data_dir("style_rules") / "web-page.yml")
    meta = "|".join(sorted(map(re.escape, vocab["meta_labels"]), key=len, reverse=True))
    controls = sorted(vocab["controls"], key=len, reverse=True)
    separators = "".join(re.escape(s) for s in vocab["breadcrumb"]["separators"])
    return {
        **vocab,
        "meta_re": regex_cache.compile(rf"(?:^|[\s\u3000【\[|｜])(?:{meta})\s*[:：]"),
        "meta_alone_re": regex_cache.compile(rf"^[【\[]?(?:{'|'.join(map(re.escape, vocab['meta_alone']))})\s*[:：]"),
        "controls_re": regex_cache.compile("|".join(map(re.escape, controls))),
        "separator_re": regex_cache.compile(rf"[{separators}]+"),
        "link_re": regex_cache.compile(rf"^[【\[]?(?:{'|'.join(map(re.escape, vocab['links']))})[】\]]?\s*[:：]"),
        "footer_re": regex_cache.compile("|".join(map(re.escape, vocab["footer"]))),
    }


def _breadcrumb(compact: str, near_edge: bool) -> bool:
    vocab = _vocabulary()
    if not vocab["separator_re"].search(compact):
        return False
    items = [i for i in vocab["separator_re"].split(compact) if i]
    if len(items) < 2 or len(items) == len(compact) or any(len(i) > 14 for i in items):
        return False
    opens = compact.startswith(tuple(vocab["breadcrumb"]["starts"]))
    return opens or (near_edge and len(items) >= 3)


def _controls(compact: str) -> bool:
    vocab = _vocabulary()
    if len(vocab["controls_re"].findall(compact)) < 2 and not any(w in compact for w in vocab["controls_alone"]):
        return False  # what is left of the line is not worked out for most lines
    rest = vocab["controls_re"].sub("", compact)
    rest = re.sub(r"[【】\[\]()（）|｜:：/／、,，·•\-—>＞]", "", rest)
    return len(rest) <= 1


def furniture_label(text: str, near_edge: bool = True) -> str | None:
    """What kind of page furniture a paragraph is ("网页导航" …), or None for report text.

    ``near_edge``: the paragraph is among the first or last lines of the text, where single
    labels (a lone 来源：… line) and unlabelled breadcrumbs are furniture too.
    """
    line = text.strip()
    if not line or len(line) > 160 or _SENTENCE_END.search(line):
        return None  # page furniture is never a sentence
    vocab = _vocabulary()
    compact = _SPACES.sub("", line)
    # a search for any footer word first: most lines hold none, and each word's test costs as much
    footer_words = sum(w in line for w in vocab["footer"]) if vocab["footer_re"].search(line) else 0
    if footer_words >= 2 or (near_edge and footer_words):
        return LABELS["footer"]
    if _controls(compact) or (near_edge and vocab["link_re"].match(compact)):
        return LABELS["controls"]
    if _breadcrumb(compact, near_edge):
        return LABELS["breadcrumb"]
    if len(vocab["meta_re"].findall(" " + line)) >= 2 or _NUMERIC_DATE_TIME.match(line):
        return LABELS["meta"]
    if near_edge and len(line) <= 60 and vocab["meta_alone_re"].match(compact):
        return LABELS["meta"]
    if near_edge and len(compact) <= 40 and (_DATE_WITH_WEEKDAY.search(compact) or compact.endswith(tuple(vocab["site"]))):
        return LABELS["header"]
    return None


def furniture(texts: list[tuple[int, str]]) -> dict[int, str]:
    """index → furniture label for the (index, text) paragraphs of one report that are page furniture."""
    nonempty = [(i, t) for i, t in texts if t.strip()]
    edge = {i for i, _ in nonempty[:EDGE_LINES]} | {i for i, _ in nonempty[-EDGE_LINES:]}
    found = {}
    for index, text in nonempty:
        label = furniture_label(text, index in edge)
        if label:
            found[index] = label
    # what a links line labels (相关链接： / 国务院办公厅　省人民政府 …): a row of short names between page
    # lines at the text's edge, e.g. just above the footer
    for k, (index, text) in enumerate(nonempty):
        if index in found or index not in edge or k == 0 or nonempty[k - 1][0] not in found:
            continue
        after = nonempty[k + 1][0] if k + 1 < len(nonempty) else None
        items = _ITEM_GAP.split(text.strip())
        if (after is None or after in found) and len(items) >= 2 and all(len(i) <= 14 for i in items) \
                and not _CLAUSE_MARK.search(text):
            found[index] = LABELS["controls"]
    return found
