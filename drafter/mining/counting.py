"""Counting, map-reduce shaped: a partition of reports → count tables (map), tables → sums (reduce).

Candidates are character n-grams (no segmentation: jieba is far too slow for the corpus
sizes mining is meant for; it only checks the boundaries of the final candidates, see
``phrases``). Each character is a 16-bit code, so an n-gram of up to ``K`` = 8 characters is
two 64-bit words ``hi`` (characters 1-4) and ``lo`` (5-8), exact and decodable, sorted as the
strings sort. One sort of a partition's positions by (hi, lo) makes the positions sharing
their first n characters contiguous for every n at once; a second sort by (document, hi, lo)
marks each n-gram's first occurrence in each document, which gives document frequency.

A table row holds, per n-gram: occurrences per part (role), reports using it, and how often it
stands as a one-sided frame anchor: followed by at most ``TAIL`` characters to the clause end
(“有待{…}”) or closing a clause with something before it (“{…}不足”). Two-sided frames
(“以{…}为抓手”) are counted from clause prefixes and suffixes.

Tables of different partitions add up: partitions are disjoint sets of reports, so every
column is a sum. A partition drops n-grams of three or more characters seen only once in it
(they cannot be set phrases inside it, and keeping them would make the tables as large as the
corpus). A corpus of up to ``EXACT_CHARS`` characters (about 550 reports; the bundled one) is
one partition and nothing that could be reported is lost; a larger one is cut into partitions
of ``PARTITION_CHARS``, and a phrase is undercounted by its uses that are alone in their
partition, which for a set phrase of a large corpus are few. (Measured on 15 M characters:
100 K-character partitions sort in the CPU cache and map faster, but their many tables make
the reduce cost more than that gains; 1 M was the fastest at -j 2.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from drafter.mining.extract import PHRASE_ROLES, Part

K = 8  # longest n-gram counted, in characters
TAIL = 12  # longest slot of a one-sided frame “有待{…}”
ANCHOR = 4  # longest fixed part of a one-sided frame “扎实推进{…}” (5-6: tables twice as large, 2.5× slower at 10,000 reports)
FILLER = 16  # longest slot of a two-sided frame “以{…}为抓手”
PREFIXES = (1, 2)  # fixed characters before the slot of a two-sided frame
SUFFIXES = (2, 3, 4, 6)  # ... and after it
R = len(PHRASE_ROLES)
EXACT_CHARS = 2_000_000  # a corpus up to this size is one partition: counted exactly
PARTITION_CHARS = 1_000_000  # above it, partitions of about this many characters

# characters no phrase runs across
HARD = "。；！？：;!?:\n（）()【】[]〔〕{}<>…\x00"
# a clause ends at these too (commas may stand inside a phrase, not inside a frame's parts)
CLAUSE = "，,"

_U = np.uint64
_HIMASK = np.array([0] + [((1 << (16 * v)) - 1) << (64 - 16 * v) for v in (1, 2, 3)] + [(1 << 64) - 1] * 5,
                   dtype=np.uint64)
_LOMASK = np.array([0] * 5 + [((1 << (16 * v)) - 1) << (64 - 16 * v) for v in (1, 2, 3)] + [(1 << 64) - 1],
                   dtype=np.uint64)
_M1, _M2, _M3 = _U(0x9E3779B97F4A7C15), _U(0xBF58476D1CE4E5B9), _U(0x94D049BB133111EB)


def mix(*columns) -> np.ndarray:
    """A 64-bit hash of several uint64 columns (for grouping keys too wide to sort exactly)."""
    h = np.zeros(len(columns[0]), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for c in columns:
            h = (h ^ np.asarray(c, dtype=np.uint64)) * _M1
            h ^= h >> _U(29)
            h *= _M2
            h ^= h >> _U(32)
    return h


@dataclass
class Table:
    """Rows of distinct n-grams (in a partition's output sorted by (hi, lo); after a reduce, by hash)."""

    hi: np.ndarray
    lo: np.ndarray
    tf: np.ndarray  # rows × R occurrences per part
    df: np.ndarray  # reports using it
    dfr: np.ndarray  # rows × R: reports using it in each part
    tail: np.ndarray | None = None  # rows × R: as a frame anchor “A{…}”
    head: np.ndarray | None = None  # rows × R: as a frame end “{…}B”

    def __len__(self) -> int:
        return len(self.hi)


@dataclass
class Counts:
    """What the map step returns for a partition, and the reduce step for the corpus."""

    tables: dict[int, Table] = field(default_factory=dict)  # n → table
    frames: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (A, B) → R counts, R docs, docs
    lists: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # enumerations, as ``frames``
    reports: int = 0
    part_reports: list[int] = field(default_factory=lambda: [0] * R)  # reports having each part


def part_reports(docs: list[list[Part]]) -> list[int]:
    roles = {r: i for i, r in enumerate(PHRASE_ROLES)}
    out = [0] * R
    for parts in docs:
        for i in {roles[p.role] for p in parts if p.role in roles}:
            out[i] += 1
    return out


def layout(docs: list[list[Part]]) -> tuple[str, np.ndarray, np.ndarray]:
    """One string for a partition: each report's parts in role order, a paragraph a line."""
    pieces: list[str] = []
    seg_len: list[int] = []
    seg_doc: list[int] = []
    seg_role: list[int] = []
    index = {r: i for i, r in enumerate(PHRASE_ROLES)}
    for d, parts in enumerate(docs):
        by_role: list[list[str]] = [[] for _ in PHRASE_ROLES]
        for p in parts:
            if p.role in index:
                by_role[index[p.role]].append(p.text)
        for r, texts in enumerate(by_role):
            if texts:
                chunk = "\n".join(texts) + "\n"
                pieces.append(chunk)
                seg_len.append(len(chunk))
                seg_doc.append(d)
                seg_role.append(r)
    text = "".join(pieces)
    lengths = np.array(seg_len, dtype=np.int64)
    doc = np.repeat(np.array(seg_doc, dtype=np.int32), lengths)
    role = np.repeat(np.array(seg_role, dtype=np.int64), lengths)
    return text, doc, role


_SEP_HARD = np.zeros(0x10000, dtype=bool)
_SEP_HARD[[ord(c) for c in HARD]] = True
_SEP_CLAUSE = _SEP_HARD.copy()
_SEP_CLAUSE[[ord(c) for c in CLAUSE]] = True


def _codes(text: str) -> tuple[np.ndarray, np.ndarray]:
    """16-bit codes with 0 at hard boundaries, and the clause-boundary mask."""
    raw = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    raw = np.where(raw > 0xFFFF, 0, raw)  # characters outside the BMP: boundaries
    codes = np.where(_SEP_HARD[raw], 0, raw).astype(np.uint64)
    return codes, _SEP_CLAUSE[raw]


def _next_true(mask: np.ndarray) -> np.ndarray:
    m = len(mask)
    at = np.where(mask, np.arange(m), m)
    return np.minimum.accumulate(at[::-1])[::-1]


def _lcp(hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """Characters shared with the previous key (0..K); the first key shares none."""
    out = np.zeros(len(hi), dtype=np.int8)
    if len(hi) < 2:
        return out
    xh, xl = hi[1:] ^ hi[:-1], lo[1:] ^ lo[:-1]
    shared = out[1:]
    for n in range(1, K + 1):
        same = (xh & _HIMASK[n]) == 0 if n <= 4 else (xh == 0) & ((xl & _LOMASK[n]) == 0)
        shared += same
    return out


_LOG2 = np.zeros(1 << R, dtype=np.int64)
_LOG2[[1 << r for r in range(R)]] = np.arange(R)


def _per_part(group: np.ndarray, bits: np.ndarray, groups: int) -> np.ndarray:
    """groups × R counts of rows whose part bits include each part (most rows have one bit)."""
    single = (bits & (bits - 1)) == 0
    cells = [group[single] * R + _LOG2[bits[single]]]
    many = ~single
    if many.any():
        g, b = group[many], bits[many]
        cells.extend(g[(b >> r) & 1 == 1] * R + r for r in range(R))
    return np.bincount(np.concatenate(cells), minlength=groups * R).reshape(groups, R)


def count_partition(docs: list[list[Part]]) -> Counts:
    """The map step: count tables of one partition (``docs``: each report's parts)."""
    counts = Counts(reports=len(docs), part_reports=part_reports(docs))
    text, doc, role = layout(docs)
    if not text:
        return counts
    codes, clause_sep = _codes(text)
    hi, lo, length = _ngram_keys(codes)
    grams = _sort_positions(hi, lo, length, doc, role, clause_sep, len(docs))
    for n in range(1, K + 1):
        table = _table(grams, n)
        if table is None:
            break
        counts.tables[n] = table
    counts.frames = _count_frames(text, codes, clause_sep, hi, lo, doc, role)
    counts.lists = count_lists(docs)
    return counts


def _ngram_keys(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """At each position, the key (hi, lo) of the n-gram starting there, as long as it runs up to
    ``K`` characters without crossing a hard boundary, and that length (0 at a boundary)."""
    m = len(codes)
    length = np.minimum(_next_true(codes == 0) - np.arange(m), K)
    cp = np.concatenate([codes, np.zeros(K, dtype=np.uint64)])
    hi = (cp[0:m] << _U(48)) | (cp[1:m + 1] << _U(32)) | (cp[2:m + 2] << _U(16)) | cp[3:m + 3]
    lo = (cp[4:m + 4] << _U(48)) | (cp[5:m + 5] << _U(32)) | (cp[6:m + 6] << _U(16)) | cp[7:m + 7]
    hi &= _HIMASK[length]
    lo &= _LOMASK[length]
    return hi, lo, length


@dataclass
class _SortedGrams:
    """A partition's n-gram positions in two orders. In (hi, lo) order the occurrences of every
    n-gram are contiguous for every n at once; in (report, hi, lo) order each run is one n-gram in
    one report. Each column is gathered once, so the per-n passes read memory in sequence."""

    # in (hi, lo) order
    hi: np.ndarray
    lo: np.ndarray
    length: np.ndarray  # characters of the longest n-gram starting there
    role: np.ndarray  # the part it stands in
    lcp: np.ndarray  # characters shared with the previous key
    position: np.ndarray  # in the partition's text
    clause_end: np.ndarray
    clause_start: np.ndarray
    # in (report, hi, lo) order
    report_lcp: np.ndarray  # as ``lcp``, 0 at a report's first key
    report_length: np.ndarray
    report_roles: np.ndarray  # the part as a bit
    report_to_gram: np.ndarray  # the same position's index in (hi, lo) order


def _sort_positions(hi, lo, length, doc, role, clause_sep, reports: int) -> _SortedGrams:
    arange = np.arange(len(hi))
    clause_end = _next_true(clause_sep)
    clause_start = np.maximum.accumulate(np.where(clause_sep, arange, -1)) + 1
    pos = np.flatnonzero(length >= 1)
    gorder = pos[np.lexsort((lo[pos], hi[pos]))]
    gdoc = doc[gorder]
    # (report, hi, lo) order: a stable sort of the (hi, lo) order by report (a radix sort when it fits)
    dorder = gorder[np.argsort(gdoc.astype(np.uint16) if reports < 1 << 16 else gdoc, kind="stable")]
    gh, gl = hi[gorder], lo[gorder]
    dd = doc[dorder]
    dlcp = _lcp(hi[dorder], lo[dorder])
    dlcp[1:][dd[1:] != dd[:-1]] = 0
    rank = np.empty(len(hi), dtype=np.int64)
    rank[gorder] = np.arange(len(gorder))
    return _SortedGrams(
        hi=gh, lo=gl, length=length[gorder], role=role[gorder], lcp=_lcp(gh, gl), position=gorder,
        clause_end=clause_end[gorder], clause_start=clause_start[gorder],
        report_lcp=dlcp, report_length=length[dorder], report_roles=(1 << role[dorder]).astype(np.int64),
        report_to_gram=rank[dorder],
    )


def _table(grams: _SortedGrams, n: int) -> Table | None:
    """The table of the partition's n-grams of ``n`` characters; None when there are none. N-grams
    of three or more characters seen once are left out."""
    valid = grams.length >= n
    if not valid.any():
        return None
    new = (grams.lcp < n)[valid]
    gid = np.cumsum(new) - 1  # each occurrence's row
    groups = int(gid[-1]) + 1
    starts = np.flatnonzero(new)
    cell = gid * R + grams.role[valid]
    tf = np.bincount(cell, minlength=groups * R).reshape(groups, R)
    if n >= 2:
        df, dfr = _report_counts(grams, n, valid, gid, groups)
    else:  # not needed for single characters
        df, dfr = np.zeros(groups, dtype=np.int64), np.zeros((groups, R), dtype=np.int64)
    tail, head = _anchor_counts(grams, n, valid, cell, groups) if 2 <= n <= ANCHOR else (None, None)
    keep = tf.sum(axis=1) >= 2 if n >= 3 else np.ones(groups, dtype=bool)
    return Table(
        grams.hi[valid][starts][keep] & _HIMASK[n], grams.lo[valid][starts][keep] & _LOMASK[n],
        tf[keep].astype(np.int32), df[keep].astype(np.int32), dfr[keep].astype(np.int32),
        None if tail is None else tail[keep].astype(np.int32),
        None if head is None else head[keep].astype(np.int32),
    )


def _report_counts(grams: _SortedGrams, n: int, valid, gid, groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the reports using it, in all and per part: one entry per (report, n-gram) with its
    parts as bits."""
    dvalid = grams.report_length >= n
    first = np.flatnonzero((grams.report_lcp < n)[dvalid])
    bits = np.bitwise_or.reduceat(grams.report_roles[dvalid], first) if len(first) else np.zeros(0, dtype=np.int64)
    # the entry of each (report, n-gram) at its first occurrence's place in (hi, lo) order, else -1
    rep_g = np.full(len(grams.hi), -1, dtype=np.int64)
    rep_g[grams.report_to_gram[np.flatnonzero(dvalid)[first]]] = np.arange(len(first))
    rep_at = rep_g[valid]
    has = rep_at >= 0
    rep_gid, rep_bits = gid[has], bits[rep_at[has]]
    return np.bincount(rep_gid, minlength=groups), _per_part(rep_gid, rep_bits, groups)


def _anchor_counts(grams: _SortedGrams, n: int, valid, cell, groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row and part, its uses as a one-sided frame's anchor: followed by 1..``TAIL`` characters
    to the clause end (“有待{…}”), or ending a clause with something before it (“{…}不足”)."""
    at = grams.position[valid]
    end = at + n
    ce = grams.clause_end[valid]
    tail_w = (ce - end >= 1) & (ce - end <= TAIL)
    head_w = (ce == end) & (at - grams.clause_start[valid] >= 1)
    tail = np.bincount(cell[tail_w], minlength=groups * R).reshape(groups, R)
    head = np.bincount(cell[head_w], minlength=groups * R).reshape(groups, R)
    return tail, head


# item markers of an enumeration spanning sentences and paragraphs: “一是……。二是……。”
LIST_MARKERS = (("一是", "二是"), ("一要", "二要"), ("首先", "其次"), ("一方面", "另一方面"))
_ITEM_START = "\n，。；：;:,！？!?）)"


def _marker(word: str):
    import re

    return re.compile(f"(?:^|(?<=[{_ITEM_START}]))" + re.escape(word))


_MARKERS = None


def count_lists(docs: list[list[Part]]) -> dict[tuple[str, str], list[int]]:
    """Enumerations: a part of a report whose text has a first and then a second item marker at
    the start of a clause (“一是……二是……”). Counted once per part of a report."""
    global _MARKERS
    if _MARKERS is None:
        _MARKERS = [(a, b, _marker(a), _marker(b)) for a, b in LIST_MARKERS]
    index = {r: i for i, r in enumerate(PHRASE_ROLES)}
    out: dict[tuple[str, str], list[int]] = {}
    for parts in docs:
        by_role: dict[int, list[str]] = {}
        for p in parts:
            if p.role in index:
                by_role.setdefault(index[p.role], []).append(p.text)
        seen: dict[tuple[str, str], int] = {}
        for r, texts in by_role.items():
            text = "\n".join(texts)
            for a, b, ma, mb in _MARKERS:
                if a not in text or b not in text:
                    continue
                first = ma.search(text)
                if first is None or mb.search(text, first.end()) is None:
                    continue
                row = out.setdefault((a, b), [0] * (2 * R + 1))
                row[r] += 1
                row[R + r] += 1
                seen[(a, b)] = 1
        for key in seen:
            out[key][-1] += 1
    return out


def _count_frames(text, codes, clause_sep, hi, lo, doc, role) -> dict:
    """Two-sided frames: a clause's first k and last j characters around a slot that varies."""
    m = len(text)
    seps = np.flatnonzero(clause_sep)
    starts = np.concatenate([[0], seps + 1])
    ends = np.concatenate([seps, [m]])
    length = ends - starts
    ok = length >= min(PREFIXES) + min(SUFFIXES) + 1
    starts, ends, length = starts[ok], ends[ok], length[ok]
    keys, where, fills = [], [], []
    for k in PREFIXES:
        for j in SUFFIXES:
            fill = length - k - j
            sel = (fill >= 1) & (fill <= FILLER)
            s, e = starts[sel], ends[sel]
            if len(s) == 0:
                continue
            pre = hi[s] & _HIMASK[k]
            suf_hi, suf_lo = hi[e - j] & _HIMASK[j], lo[e - j] & _LOMASK[j]
            keys.append(mix(pre, suf_hi, suf_lo, np.full(len(s), k * 16 + j, dtype=np.uint64)))
            where.append(np.stack([s, np.full(len(s), k), e, np.full(len(s), j)], axis=1))
            fills.append(mix(hi[s + k], lo[s + k], (e - s).astype(np.uint64)))
    if not keys:
        return {}
    key = np.concatenate(keys)
    loc = np.concatenate(where)
    filler = np.concatenate(fills)
    order = np.argsort(key)
    key, loc, filler = key[order], loc[order], filler[order]
    new = np.ones(len(key), dtype=bool)
    new[1:] = key[1:] != key[:-1]
    inverse = np.cumsum(new) - 1
    starts = np.flatnonzero(new)
    tf_all = np.diff(np.append(starts, len(key)))
    # at least two uses and two different fillers (first characters and length of the slot)
    lowest = np.minimum.reduceat(filler, starts)
    highest = np.maximum.reduceat(filler, starts)
    good = (tf_all >= 2) & (lowest != highest)
    busy = good[inverse]
    key, loc, inverse = key[busy], loc[busy], inverse[busy]
    if len(key) == 0:
        return {}
    groups = len(starts)
    s = loc[:, 0]
    rcol = role[s]
    tf = np.bincount(inverse * R + rcol, minlength=groups * R).reshape(groups, R)
    kd = inverse * (int(doc[-1]) + 1) + doc[s]
    korder = np.argsort(kd, kind="stable")
    kd_sorted = kd[korder]
    first = np.ones(len(kd), dtype=bool)
    first[1:] = kd_sorted[1:] != kd_sorted[:-1]
    heads = np.flatnonzero(first)
    bits = np.bitwise_or.reduceat((1 << rcol[korder]).astype(np.int64), heads)
    rep = inverse[korder][heads]
    df = np.bincount(rep, minlength=groups)
    dfr = _per_part(rep, bits, groups)
    keep = good
    at = np.zeros(groups, dtype=np.int64)
    at[inverse[::-1]] = np.arange(len(inverse))[::-1]  # first use of each frame (last write wins)
    frames: dict[tuple[str, str], list[int]] = {}
    for g in np.flatnonzero(keep).tolist():
        s0, k, e, j = loc[at[g]].tolist()
        frames[(text[s0:s0 + k], text[e - j:e])] = tf[g].tolist() + dfr[g].tolist() + [int(df[g])]
    return frames


def _reduce_tables(parts: list[Table]) -> Table:
    hi = np.concatenate([t.hi for t in parts])
    lo = np.concatenate([t.lo for t in parts])
    order = np.argsort(mix(hi, lo))  # one 64-bit sort: rows of one n-gram end up side by side
    hi, lo = hi[order], lo[order]
    new = np.ones(len(hi), dtype=bool)
    new[1:] = (hi[1:] != hi[:-1]) | (lo[1:] != lo[:-1])
    starts = np.flatnonzero(new)

    def total(column):
        if column[0] is None:
            return None
        return np.add.reduceat(np.concatenate(column)[order], starts, axis=0) if len(order) else np.concatenate(column)

    return Table(hi[starts], lo[starts], total([t.tf for t in parts]), total([t.df for t in parts]),
                 total([t.dfr for t in parts]), total([t.tail for t in parts]), total([t.head for t in parts]))


def reduce_counts(results) -> Counts:
    """The reduce step: every column summed over partitions."""
    results = [r for r in results if r is not None]
    out = Counts()
    by_n: dict[int, list[Table]] = {}
    for r in results:
        out.reports += r.reports
        out.part_reports = [a + b for a, b in zip(out.part_reports, r.part_reports)]
        for n, t in r.tables.items():
            if len(t):
                by_n.setdefault(n, []).append(t)
        for mine, theirs in ((out.frames, r.frames), (out.lists, r.lists)):
            for key, row in theirs.items():
                have = mine.get(key)
                mine[key] = row if have is None else [a + b for a, b in zip(have, row)]
    for n, tables in sorted(by_n.items()):
        out.tables[n] = tables[0] if len(tables) == 1 else _reduce_tables(tables)
    return out


def decode(hi: int, lo: int) -> str:
    """The n-gram of a (hi, lo) key."""
    chars = []
    for word in (int(hi), int(lo)):
        for shift in (48, 32, 16, 0):
            c = (word >> shift) & 0xFFFF
            if c == 0:
                return "".join(chars)
            chars.append(chr(c))
    return "".join(chars)
