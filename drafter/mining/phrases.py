"""From count tables to set phrases and frames, each scored per part.

A candidate phrase is a character n-gram (3-7 characters; longer ones are chained from
8-grams whose continuation is fixed) that

* is used at least twice (``tf``); reports using it (``df``) are kept for ``--min-docs``;
* holds together: the weakest split has a pointwise mutual information of at least
  ``MIN_PMI`` (“的工作” splits at 的 with a PMI near zero);
* has free boundaries: left and right branching entropy of at least ``MIN_ENTROPY`` nats, a
  clause boundary counting as a new neighbour each time (“进一步加” is followed by 强/大/快 —
  that passes, which is why jieba then checks that the candidate starts and ends on word
  boundaries and spans two words or more; see ``segment``).

A frame is a phrase with a slot: two-sided “以{…}为抓手” (a clause's first and last characters
around at least two different fillers), or one-sided around a single word whose other side
varies and which stands next to a clause boundary: “有待{…}”, “{…}不足”.

Specificity to a part is the weighted log-odds ratio with an informative Dirichlet prior
(Monroe, Colaresi and Quinn 2008, “Fightin' Words”, eq. 16-22): the part against all other
parts, the prior being the phrase's share of the whole corpus times ``PRIOR``; the score is the
z-score of the log-odds difference.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from drafter.mining.counting import _HIMASK, _LOMASK, ANCHOR, Counts, Table, decode, mix
from drafter.mining.extract import NEXT_YEAR, NUM, PHRASE_ROLES, PREV_YEAR, SLOT, YEAR, readable

MIN_PMI = 1.5
MIN_ENTROPY = 0.6
FRAME_ENTROPY = 1.0  # the open side of a one-sided frame varies more than a phrase's boundary
FRAME_SHARE = 0.6  # ... and the word stands there in most of its uses
CHAIN_SHARE = 0.85  # a chain of 8-grams goes on while the next keeps this share of its count
MAX_CHAIN = 48  # longest chained phrase, in characters
REDUNDANT = 0.8  # a phrase used mostly inside a longer one is dropped
ONE_WORD_WEIGHT = 0.5  # a one-sided frame around a two-character word ranks below multi-word phrasing
PRIOR = 10.0  # α0 of the informative prior, in reports
KEEP_PER_ROLE = 150  # phrases kept in a profile per part (by score), before the word checks
KEEP_OVERALL = 150  # ... and by number of reports
_U = np.uint64


@dataclass
class Candidate:
    text: str  # internal form: token characters, "{…}" at a slot
    kind: str  # "phrase" or "frame"
    parts: tuple[str, ...]  # the fixed parts: (phrase,) or (A, B) with "" for an open side
    roles: list[int]  # occurrences per part, PHRASE_ROLES order
    docs: int
    part_docs: list[int]  # reports using it in each part
    scores: list[float] = field(default_factory=list)
    enumeration: bool = False  # “一是{…}二是{…}”: item markers of a part, not one clause
    examples: dict[str, str] = field(default_factory=dict)  # part → a sentence using it
    fillers: list[str] = field(default_factory=list)  # a frame's slot as filled in real sentences

    @property
    def count(self) -> int:
        return sum(self.roles)


class Index:
    """Row lookup in a table by (hi, lo) keys."""

    def __init__(self, table: Table):
        self.table = table
        h = mix(table.hi, table.lo)
        self.order = np.argsort(h, kind="stable")
        self.sorted = h[self.order]

    def rows(self, hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
        if len(self.sorted) == 0:
            return np.full(len(hi), -1)
        h = mix(hi, lo)
        at = np.minimum(np.searchsorted(self.sorted, h), len(self.sorted) - 1)
        row = self.order[at]
        ok = (self.sorted[at] == h) & (self.table.hi[row] == hi) & (self.table.lo[row] == lo)
        return np.where(ok, row, -1)


def _drop(hi: np.ndarray, lo: np.ndarray, c: int) -> tuple[np.ndarray, np.ndarray]:
    """Keys without their first ``c`` characters."""
    for _ in range(c):
        hi, lo = (hi << _U(16)) | (lo >> _U(48)), lo << _U(16)
    return hi, lo


_PAUSE = np.zeros(0x10000, dtype=bool)
_PAUSE[[ord(c) for c in "，,、"]] = True


def char_at(hi: np.ndarray, lo: np.ndarray, i: int) -> np.ndarray:
    """The code of each key's character ``i`` (0-based; 0 past its end)."""
    word = hi if i < 4 else lo
    return ((word >> _U(16 * (3 - i % 4))) & _U(0xFFFF)).astype(np.int64)


def _entropy(tf: np.ndarray, child_rows: np.ndarray, child_tf: np.ndarray, size: int) -> np.ndarray:
    """Branching entropy: neighbours from the (n+1)-grams, every other occurrence a new neighbour."""
    ok = child_rows >= 0
    c = child_tf[ok].astype(float)
    s = np.bincount(child_rows[ok], weights=c * np.log(c), minlength=size)
    t = tf.astype(float)
    return np.log(np.maximum(t, 1)) - s / np.maximum(t, 1)


@dataclass
class Stats:
    """Per-table arrays the selection uses."""

    tf: dict[int, np.ndarray]  # n → total occurrences per row
    left: dict[int, np.ndarray]
    right: dict[int, np.ndarray]
    index: dict[int, Index]


def table_stats(counts: Counts) -> Stats:
    tables = counts.tables
    index = {n: Index(t) for n, t in tables.items()}
    tf = {n: t.tf.sum(axis=1) for n, t in tables.items()}
    left, right = {}, {}
    for n, t in tables.items():
        child = tables.get(n + 1)
        if child is None:
            continue
        ctf = tf[n + 1]
        # a comma or 、 next to an n-gram is a clause boundary: a new neighbour each time
        rows = index[n].rows(child.hi & _HIMASK[n], child.lo & _LOMASK[n])
        rows[_PAUSE[char_at(child.hi, child.lo, n)]] = -1
        right[n] = _entropy(tf[n], rows, ctf, len(t))
        rows = index[n].rows(*_drop(child.hi, child.lo, 1))
        rows[_PAUSE[char_at(child.hi, child.lo, 0)]] = -1
        left[n] = _entropy(tf[n], rows, ctf, len(t))
    return Stats(tf, left, right, index)


def _min_pmi(n: int, t: Table, stats: Stats, total: float) -> np.ndarray:
    best = np.full(len(t), np.inf)
    tf = stats.tf[n].astype(float)
    for k in range(1, n):
        a = stats.index[k].rows(t.hi & _HIMASK[k], t.lo & _LOMASK[k])
        b = stats.index[n - k].rows(*_drop(t.hi, t.lo, k))
        ta = np.where(a >= 0, stats.tf[k][np.maximum(a, 0)], 0).astype(float)
        tb = np.where(b >= 0, stats.tf[n - k][np.maximum(b, 0)], 0).astype(float)
        with np.errstate(divide="ignore"):
            pmi = np.log(tf * total) - np.log(np.maximum(ta, 1) * np.maximum(tb, 1))
        best = np.minimum(best, pmi)
    return best


def _word_char(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or c.isascii() and c.isalnum() or c in (YEAR, NEXT_YEAR, PREV_YEAR)


def _edges_ok(s: str) -> bool:
    return bool(s) and _word_char(s[0]) and _word_char(s[-1]) \
        and sum("\u4e00" <= c <= "\u9fff" for c in s) >= 2


def phrase_candidates(counts: Counts, stats: Stats) -> list[Candidate]:
    total = float(stats.tf[1].sum()) if 1 in stats.tf else 1.0
    found: list[Candidate] = []
    for n in range(3, 8):
        t = counts.tables.get(n)
        if t is None or n not in stats.right:
            continue
        ok = (stats.tf[n] >= 2) & (stats.left[n] >= MIN_ENTROPY) & (stats.right[n] >= MIN_ENTROPY)
        rows = np.flatnonzero(ok)
        if len(rows) == 0:
            continue
        pmi = _min_pmi(n, Table(t.hi[rows], t.lo[rows], t.tf[rows], t.df[rows], t.dfr[rows]),
                       _sub(stats, n, rows), total)
        for r in rows[pmi >= MIN_PMI].tolist():
            text = decode(t.hi[r], t.lo[r])
            if _edges_ok(text):
                found.append(Candidate(text, "phrase", (text,), t.tf[r].tolist(), int(t.df[r]), t.dfr[r].tolist()))
    found.extend(_chains(counts, stats))
    return found


def _sub(stats: Stats, n: int, rows: np.ndarray) -> Stats:
    tf = dict(stats.tf)
    tf[n] = stats.tf[n][rows]
    return Stats(tf, stats.left, stats.right, stats.index)


def _chains(counts: Counts, stats: Stats) -> list[Candidate]:
    """Phrases longer than 7 characters, chained from overlapping 8-grams.

    A chain starts at an 8-gram whose left side is free (its first 7 characters have a varied
    left neighbour) and walks right: the next 8-gram is the most used one continuing the last
    7 characters, taken while it keeps ``CHAIN_SHARE`` of the chain's count so far (the least
    used 8-gram in it, an upper bound of the long phrase's count). A walk goes on across a
    branching point of the corpus when the phrase's own uses do not branch there: “坚持以”
    joins “习近平新时代中国特色社会主义思想” (used more often, alone too) and goes on to
    “为指导”. A chain ends where its right side is free; it is counted as its least used 8-gram.
    """
    t8, t7 = counts.tables.get(8), counts.tables.get(7)
    if t8 is None or t7 is None or 7 not in stats.left or 7 not in stats.right or not len(t8):
        return []
    tf8 = stats.tf[8]
    head7 = stats.index[7].rows(t8.hi & _HIMASK[7], t8.lo & _LOMASK[7])
    tail7 = stats.index[7].rows(*_drop(t8.hi, t8.lo, 1))
    used = np.flatnonzero((tf8 >= 2) & (head7 >= 0))
    if len(used) == 0:
        return []
    # each 7-gram's most used right continuation (an 8-gram row), ties to the lower row
    order = used[np.lexsort((used, -tf8[used], head7[used]))]
    firsts = np.ones(len(order), dtype=bool)
    firsts[1:] = head7[order][1:] != head7[order][:-1]
    best_right = np.full(len(t7), -1, dtype=np.int64)
    best_right[head7[order][firsts]] = order[firsts]
    last_char = char_at(t8.hi, t8.lo, 7)
    starts = used[(stats.left[7][head7[used]] >= MIN_ENTROPY)]
    cur, count, weakest = starts.copy(), tf8[starts].astype(np.int64), starts.copy()
    docs = t8.df[starts].astype(np.int64)
    part_docs = t8.dfr[starts].astype(np.int64)
    chain_of = np.arange(len(starts))
    steps: list[tuple[np.ndarray, np.ndarray]] = []  # (chains that moved, the character they took)
    for _ in range(MAX_CHAIN - 8):
        tl = tail7[cur]
        child = np.where(tl >= 0, best_right[np.maximum(tl, 0)], -1)
        ok = child >= 0
        ok[ok] = (tf8[child[ok]] >= CHAIN_SHARE * count[chain_of[ok]]) & ~_PAUSE[last_char[child[ok]]]
        if not ok.any():
            break
        keep = np.flatnonzero(ok)
        chain_of, cur, child = chain_of[keep], cur[keep], child[keep]
        steps.append((chain_of, last_char[child]))
        lower = tf8[child] < count[chain_of]
        weakest[chain_of[lower]] = child[lower]
        count[chain_of] = np.minimum(count[chain_of], tf8[child])
        docs[chain_of] = np.minimum(docs[chain_of], t8.df[child])
        part_docs[chain_of] = np.minimum(part_docs[chain_of], t8.dfr[child])
        cur = child
    if not steps:
        return []
    tails: dict[int, list[int]] = {}
    for moved, chars in steps:
        for i, ch in zip(moved.tolist(), chars.tolist()):
            tails.setdefault(i, []).append(ch)
    # the end: the last 8-gram's last 7 characters have a free right side
    out: list[Candidate] = []
    for i, chars in tails.items():
        start = int(starts[i])
        s = decode(t8.hi[start], t8.lo[start]) + "".join(map(chr, chars))
        end7 = stats.index[7].rows(*(np.array([x], dtype=np.uint64) for x in _key7(s[-7:])))[0]
        if end7 < 0 or stats.right[7][end7] < MIN_ENTROPY or not _edges_ok(s):
            continue
        w = int(weakest[i])
        out.append(Candidate(s, "phrase", (s,), t8.tf[w].tolist(), int(docs[i]), part_docs[i].tolist()))
    return out


def _key7(s: str) -> tuple[int, int]:
    codes = [ord(c) for c in s] + [0] * (8 - len(s))
    hi = (codes[0] << 48) | (codes[1] << 32) | (codes[2] << 16) | codes[3]
    lo = (codes[4] << 48) | (codes[5] << 32) | (codes[6] << 16) | codes[7]
    return hi, lo


def frame_candidates(counts: Counts, stats: Stats) -> list[Candidate]:
    found: list[Candidate] = []
    # two-sided: (A, B) → R counts, docs, fillers
    frames = counts.frames
    r_ = len(PHRASE_ROLES)
    for (a, b), row in frames.items():
        roles, part_docs, docs = row[:r_], row[r_:2 * r_], row[-1]
        if not (_word_char(a[0]) and _word_char(a[-1]) and _word_char(b[0]) and _word_char(b[-1])):
            continue
        if a[0] == NUM or b[-1] == NUM or _ITEM_OPENING.fullmatch(a) or a in _ITEM_CHARS:
            continue  # an item marker is no part of the phrasing: “一是{…}意识不强” is “{…}意识不强”
        found.append(Candidate(a + SLOT + b, "frame", (a, b), roles, docs, part_docs))
    found = _maximal_frames(found)
    # enumerations: “一是{…}二是{…}” in parts of at least two reports
    for (a, b), row in sorted(counts.lists.items()):
        roles, part_docs, docs = row[:r_], row[r_:2 * r_], row[-1]
        if docs >= 2:
            found.append(Candidate(a + SLOT + b + SLOT, "frame", (a, b), roles, docs, part_docs, enumeration=True))
    # one-sided: a word next to a clause boundary whose other side varies
    for n in range(2, ANCHOR + 1):
        t = counts.tables.get(n)
        if t is None or t.tail is None or n not in stats.left or n not in stats.right:
            continue
        tf = stats.tf[n]
        for column, entropy, make in ((t.tail, stats.right[n], lambda s: (s + SLOT, (s, ""))),
                                      (t.head, stats.left[n], lambda s: (SLOT + s, ("", s)))):
            used = column.sum(axis=1)
            ok = (used >= 2) & (used >= FRAME_SHARE * tf) & (entropy >= FRAME_ENTROPY)
            for r in np.flatnonzero(ok).tolist():
                s = decode(t.hi[r], t.lo[r])
                if not all("\u4e00" <= c <= "\u9fff" for c in s):
                    continue
                text, parts = make(s)
                # reports using the word at all bound those using it as the frame; so do its uses
                found.append(Candidate(text, "frame", parts, column[r].tolist(), int(min(t.df[r], used[r])),
                                       np.minimum(column[r], t.dfr[r]).tolist()))
    return found


def _maximal_frames(frames: list[Candidate]) -> list[Candidate]:
    """Drop a frame when one with longer fixed parts has (almost) the same uses."""
    by_b: dict[str, list[Candidate]] = {}
    for f in frames:
        by_b.setdefault(f.parts[1][-2:], []).append(f)
    keep = []
    for f in frames:
        a, b = f.parts
        longer = any(
            g is not f and g.parts[0].startswith(a) and g.parts[1].endswith(b)
            and len(g.parts[0]) + len(g.parts[1]) > len(a) + len(b) and g.count >= REDUNDANT * f.count
            for g in by_b.get(b[-2:], [])
        )
        if not longer:
            keep.append(f)
    return keep


def drop_redundant(cands: list[Candidate]) -> list[Candidate]:
    """A phrase used mostly inside a longer phrase is that phrase's fragment."""
    phrases = sorted((c for c in cands if c.kind == "phrase"), key=lambda c: (-len(c.text), c.text))
    inside: dict[str, int] = {}  # substring of a kept phrase → the largest count of such a phrase
    keep_ids = set()
    for c in phrases:
        if inside.get(c.text, 0) >= REDUNDANT * c.count:
            continue
        keep_ids.add(id(c))
        t = c.text
        for i in range(len(t)):
            for j in range(i + 3, len(t) + (1 if i else 0)):
                if inside.get(t[i:j], 0) < c.count:
                    inside[t[i:j]] = c.count
    return [c for c in cands if c.kind == "frame" or id(c) in keep_ids]


def _inside(small: list[str], big: list[str]) -> bool:
    """Whether the fixed parts ``small`` appear in order within the fixed parts ``big``."""
    i, at = 0, 0
    for part in small:
        while i < len(big):
            found = big[i].find(part, at)
            if found >= 0:
                at = found + len(part)
                break
            i, at = i + 1, 0
        else:
            return False
    return True


def drop_covered(cands: list[Candidate]) -> list[Candidate]:
    """After the word checks: a phrase or frame that is part of a longer kept one with (almost)
    the same uses goes (“情况汇报如下” in “现将{…}情况汇报如下”; the phrase “扎实推进” when
    the frame “扎实推进{…}” holds most of its uses)."""
    fixed = {id(c): [p for p in c.parts if p] for c in cands}
    size = {id(c): sum(map(len, fixed[id(c)])) for c in cands}
    by_part: dict[str, list[Candidate]] = {}
    for c in cands:
        for p in fixed[id(c)]:
            for i in range(len(p) - 1):
                by_part.setdefault(p[i:i + 2], []).append(c)
    keep = []
    for x in cands:
        fx = fixed[id(x)]
        probe = fx[0][:2] if fx and len(fx[0]) >= 2 else None
        covered = False
        for y in by_part.get(probe, []) if probe else []:
            if y is x or getattr(y, "enumeration", False) or getattr(x, "enumeration", False):
                continue
            longer = size[id(y)] > size[id(x)] or (size[id(y)] == size[id(x)] and x.kind == "phrase" != y.kind)
            share = FRAME_SHARE if size[id(y)] == size[id(x)] else REDUNDANT
            if longer and y.count >= share * x.count and _inside(fx, fixed[id(y)]):
                covered = True
                break
        if not covered:
            keep.append(x)
    return keep


def score(cands: list[Candidate], part_reports: list[int]) -> None:
    """Weighted log-odds (informative Dirichlet prior) of each part against the others, as z.

    Counted in reports, not uses: y = reports using the phrase in the part, n = reports having
    the part, so one report repeating a topic word (旅游 ×40) weighs one report. The other parts
    are pooled; the prior is the phrase's rate over all parts times ``PRIOR`` (in reports).
    """
    if not cands:
        return
    y = np.array([c.part_docs for c in cands], dtype=float)  # candidates × parts
    n = np.array(part_reports, dtype=float)
    n_all = n.sum()
    alpha = PRIOR * y.sum(axis=1) / max(n_all, 1.0)
    a0 = PRIOR
    z = np.zeros_like(y)
    for i in range(y.shape[1]):
        if n[i] <= 0:
            continue
        yi, ni = y[:, i], n[i]
        yj, nj = y.sum(axis=1) - yi, n_all - ni
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = (np.log((yi + alpha) / np.maximum(ni + a0 - yi - alpha, 1e-9))
                     - np.log((yj + alpha) / np.maximum(nj + a0 - yj - alpha, 1e-9)))
            var = 1.0 / (yi + alpha) + 1.0 / (yj + alpha)
            z[:, i] = np.where(alpha > 0, delta / np.sqrt(var), 0.0)
    for c, row in zip(cands, z.tolist()):
        weight = ONE_WORD_WEIGHT if c.kind == "frame" and len("".join(c.parts)) <= 2 else 1.0
        c.scores = [round(v * weight, 3) if math.isfinite(v) else 0.0 for v in row]


def shortlist(cands: list[Candidate]) -> list[Candidate]:
    """The candidates a profile keeps: the best by score in each part, and the most used."""
    chosen: dict[str, Candidate] = {}
    for i in range(len(PHRASE_ROLES)):
        ranked = sorted((c for c in cands if c.roles[i] > 0 and c.scores[i] > 0),
                        key=lambda c: (-c.scores[i], -c.docs, c.text))
        for c in ranked[:KEEP_PER_ROLE]:
            chosen[c.text] = c
    for c in sorted(cands, key=lambda c: (-c.docs, -c.count, c.text))[:KEEP_OVERALL]:
        chosen[c.text] = c
    return sorted(chosen.values(), key=lambda c: (-c.docs, -c.count, c.text))


def select(counts: Counts) -> list[Candidate]:
    """Candidates (phrases and frames), scored, shortlisted; word checks come after."""
    if 1 not in counts.tables:
        return []
    stats = table_stats(counts)
    cands = drop_redundant(phrase_candidates(counts, stats)) + frame_candidates(counts, stats)
    score(cands, counts.part_reports)
    return shortlist(cands)


_YEARISH = str.maketrans("", "", NUM + YEAR + NEXT_YEAR + PREV_YEAR)


def _labels() -> frozenset:
    from drafter.document.roles import vocabulary as role_vocabulary

    words = {w for ws in role_vocabulary()["roles"].values() for w in ws}
    return frozenset(words | {"工作"})


def is_label(c: Candidate) -> bool:
    """A part's label, alone or after a year: “工作计划”, “存在的问题”, “{year}年工作”,
    “{next_year}年度”, “{next_year}{…}工作计划”, “{year}年{…}情况” — heading wording, not
    the phrasing of a part.

    A phrase is one when it is a part name of the structure vocabulary (or “工作”), or when
    after its year and number tokens (and a 年/年度 after them) nothing is left or the end of a
    part name (“工作总结”, “情况”). A frame is one when one of its fixed parts is a year and
    the others are such ends; “{…}差距” stays (problems phrasing, not a heading)."""
    if c.enumeration:
        return False
    labels = _labels()

    def rest(part: str) -> tuple[str, bool]:
        left = part.translate(_YEARISH)
        if len(left) == len(part):
            return part, False
        return left.removeprefix("年度").removeprefix("年"), True

    def name_end(r: str) -> bool:
        return not r or r in labels or len(r) >= 2 and any(w.endswith(r) for w in labels)

    if c.kind == "phrase":
        r, year = rest(c.text)
        return r in labels or year and name_end(r)
    fixed = [rest(p) for p in c.parts if p]
    return any(year and not r for r, year in fixed) and all(name_end(r) for r, _ in fixed)


_ITEM_CHARS = frozenset("一二三四五六七八九十第首其再最")  # the first character of an item marker
_ITEM_OPENING = re.compile(r"^(?:[一二三四五六七八九十]{1,2}[是要]|第[一二三四五六七八九十]{1,2}|首先|其次|再次|最后)")


def is_item_opening(c: Candidate) -> bool:
    """“一是加强”, “二是强化”: an item marker and its first word, which the enumeration frame
    “一是{…}二是{…}” already stands for."""
    return c.kind == "phrase" and bool(_ITEM_OPENING.match(c.text))


def display(text: str) -> str:
    return readable(text)
