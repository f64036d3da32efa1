"""typo: a character slip in a word (部们 for 部门, 题高 for 提高), found without a list of slips.

A two-character stretch of the text that is no word, where one common character replaced by a
homophone (same pinyin under any of its readings, tones aside: what a pinyin input method offers)
gives a frequent word, is a slip when the corrected text reads clearly better: the characters around
it segment into dictionary words far likelier with the word than as written (a unigram model), the
slipped character forms no common word with its other neighbour, and the report does not use the
stretch again (a term it defines or repeats). Words foreign to the genre, a slipped character that
makes a rarer word with its other neighbour and short quoted terms ask for stronger evidence.

The word model is jieba's unigram model with its words re-weighted toward the genre: half by jieba's
general-domain counts, half by how often the text the project bundles (seed reports, templates,
phrase files) uses each dictionary word. The table behind it is derived at first use from jieba's
dictionary (word frequencies, MIT), pypinyin's readings (MIT) and that text, and kept in the drafter
cache folder: a cold `drafter lint` loads a few megabytes of it and never jieba's dictionary.
"""

from __future__ import annotations

import math
import re
import zlib
from functools import lru_cache
from pathlib import Path

from drafter.datafiles import cached, cached_blob
from drafter.paths import data_dir
from drafter.rules.context import CodeRule, Context, character_pairs, is_cjk, mark_ordinary, occurrences, pair_code, pair_text
from drafter.rules.patterns import span_allowed

TABLE_VERSION = 11
TARGET_MIN_FREQ = 300  # a suggested word is at least this frequent in the model (jieba's and the genre's)
GENRE_WEIGHT = 0.5  # the genre's own text against jieba's general-domain counts in the word model
GENRE_MIN_DOCS = 2  # a word of the genre is used by this many bundled documents
GENRE_PHRASE_FILES = ("phrases-fallback.yml", "stock-phrases.yml")
SKETCH_BITS = 24  # 16 MB (mapped, never read whole) of one-byte log-frequency slots, four per word:
# about one lookup in 40 000 takes a non-word for a word
WORD_MIN_FREQ = 3  # jieba's entries below this are mostly fragments
DOMAIN_MIN_DOCS = 2  # a bigram used by this many bundled reports is a word of the domain
MIN_GAIN = 5.0  # natural log: the text with the word at least ~150 times likelier than as written
MIN_GAIN_FOREIGN = 8.0  # … ~3000 times for a word the bundled reports never use, or only they make common
DOMAIN_WORD_DOCS = 1  # a suggestion any bundled report uses needs only MIN_GAIN
DOMAIN_LEVEL = 8  # a bigram of the bundled reports counts as a word of jieba frequency 256
SLIP_CHAR_LEVEL = 10  # the slipped character is common on its own (jieba frequency ≥ ~1000)
# a pair before one of these is the stem of a place's name (刘家终村, 上衫乡) or of a coined term
# (医共体, 河长制, 网格员), which no dictionary holds
NAME_SUFFIXES = set("寨乡村镇驿街巷湾岭峪沟坪庄屯堡体制员")
MEMO_MAX = 200_000  # words whose level a long batch remembers
SUSPECT_BITS = 23  # 1 MB (mapped) of one-bit slots: the pairs that may have candidates set theirs; about one
# other pair in 30 shares a set slot (and is looked up in full, as every pair was)
OUTER_WORD_LEVEL = 9  # the model's frequency ≥ ~500 (jieba's ≥ ~1000 for a word the genre does not use)
CLOSE_GAIN = 1.5  # natural log: alternatives this close to the best are named too
WINDOW = 4  # characters either side weighed with the pair
LN2 = math.log(2)
SYLLABLE_BASE = 0xE000  # pinyin syllables as private-use characters: one translate() per paragraph
READING_SET_BASE = 0xE800  # … and, past them, the sets of readings of the characters read more ways than one
READING_SET_FIRST, READING_SET_LAST = chr(READING_SET_BASE), chr(READING_SET_BASE + 0xFF)
QUOTED_TERM_MAX = 10



_MIX = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93)
_MASK64 = (1 << 64) - 1
_SHIFT = 64 - SKETCH_BITS


def _slots(word: str) -> list[int]:
    """Four slots of the sketch: a 64-bit checksum spread by multiplicative hashing."""
    data = word.encode("utf-16-le")
    h = zlib.crc32(data) << 32 | zlib.adler32(data)
    return [(h * m & _MASK64) >> _SHIFT for m in _MIX]


_SUSPECT_SHIFT = 64 - SUSPECT_BITS


def _suspect_slot(pair: int) -> int:
    """The slot of a pair (its context.pair_code) in the suspects' bits: multiplicative hashing."""
    return (pair * _MIX[0] & _MASK64) >> _SUSPECT_SHIFT


def jieba_dictionary() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    return Path(spec.origin).parent / "dict.txt"


@lru_cache(maxsize=1)
def _frequencies(path: Path) -> dict[str, int]:
    freq: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) >= 2 and len(parts[0]) <= 4 and int(parts[1]) >= WORD_MIN_FREQ:
                freq[parts[0]] = int(parts[1])
    return freq


def _level(f: int) -> int:
    """≈ log2 of a frequency, 0 for none: what the sketch keeps of a word."""
    return min(31, max(1, round(math.log2(f + 1)))) if f else 0


@lru_cache(maxsize=1)
def _model(path: Path) -> dict[str, int]:
    """jieba's frequencies with its words' share re-weighted toward the genre's own: half by jieba's
    general-domain counts, half by how often the bundled text (seed reports, templates, phrase files)
    uses each dictionary word. jieba rates government words rare (排查, 夯实) against single
    characters (落时 reads as 落+时). Single characters keep jieba's counts; the total stays about the same."""
    from drafter.mining.segment import words

    freq = dict(_frequencies(path))
    uses: dict[str, int] = {}
    docs: dict[str, set[int]] = {}
    for n, text in enumerate(_genre_texts()):
        for word in words(text):  # no HMM, dictionary words only: the genre weighs, never coins
            if len(word) > 1 and word in freq:
                uses[word] = uses.get(word, 0) + 1
                docs.setdefault(word, set()).add(n)
    words_total = sum(f for w, f in freq.items() if len(w) > 1)
    scale = GENRE_WEIGHT * words_total / sum(uses.values())
    for word, f in freq.items():
        if len(word) > 1:
            # a word one document alone uses is its own name (a place's, a project's), not the genre's
            genre = uses[word] * scale if len(docs.get(word, ())) >= GENRE_MIN_DOCS else 0
            freq[word] = max(1, round((1 - GENRE_WEIGHT) * f + genre))
    return freq


def _genre_texts() -> list[str]:
    """The text the project bundles, one string per document (a seed report, a template, a phrase
    file), all written in the genre: never tests' or benchmarks' texts, which the evaluation uses."""
    from drafter.datafiles import load_yaml

    texts = list(_seed_reports())
    # a template's own wording, not what it tells the writer: its {# notes #} and 【prompts】 go
    texts += [re.sub(r"\{#.*?#\}|【[^】]*】", "", path.read_text(encoding="utf-8"), flags=re.S)
              for path in sorted(data_dir("templates").glob("*.txt"))]

    def strings(node) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):  # a phrase's note says how to use it, to the writer
            return [s for key, v in node.items() if key != "note" for s in strings(v)]
        return [s for v in node for s in strings(v)] if isinstance(node, list) else []

    texts += ["\n".join(strings(load_yaml(data_dir("style_rules") / name))) for name in GENRE_PHRASE_FILES]
    return texts


def _build_sketch(path: Path) -> bytes:
    """One byte per slot, ≈ log2 of the frequency of the words hashed there (the bundled reports' bigrams too)."""
    freq = _model(path)
    for bigram in _seed_bigrams(DOMAIN_MIN_DOCS):
        freq[bigram] = max(freq.get(bigram, 0), 1 << DOMAIN_LEVEL)
    sketch = bytearray(1 << SKETCH_BITS)
    for word, f in freq.items():
        level = _level(f)
        for slot in _slots(word):
            sketch[slot] = max(sketch[slot], level)
    return bytes(sketch)


def _build_readings(path: Path) -> dict:
    """Character → syllable code (as a translate table) and syllable pair → frequent words."""
    from pypinyin import Style, lazy_pinyin

    freq = _model(path)
    syllables: dict[str, int] = {}

    def code(syllable: str) -> str:
        return chr(SYLLABLE_BASE + syllables.setdefault(syllable, len(syllables)))

    table = [chr(i) for i in range(0x10000)]
    firsts: dict[str, str] = {}
    for c in sorted({c for w in freq if len(w) <= 2 for c in w if is_cjk(c)}):
        reading = lazy_pinyin(c, style=Style.NORMAL, errors="ignore")
        if reading:
            firsts[c] = reading[0]
            table[ord(c)] = code(reading[0])
    # a character read more ways than one (曾: ceng, zeng) has a code of its own, standing for its readings
    reading_sets: dict[str, str] = {}
    for c, more in _other_readings(path, firsts).items():
        table[ord(c)] = chr(READING_SET_BASE + len(reading_sets))
        reading_sets[table[ord(c)]] = code(firsts[c]) + "".join(map(code, more))
    general = _frequencies(path)
    targets: dict[str, str] = {}  # each entry three characters: the word, then chr(its level)
    for word, f in sorted(freq.items(), key=lambda kv: -kv[1]):  # most frequent first
        # frequent in general or in the genre (排查, 夯实: rare in jieba's counts)
        if len(word) == 2 and max(f, general[word]) >= TARGET_MIN_FREQ and all(map(is_cjk, word)):
            reading = lazy_pinyin(word, style=Style.NORMAL, errors="ignore")  # 银行: hang, not xing
            if len(reading) == 2:
                key = code(reading[0]) + code(reading[1])
                targets[key] = targets.get(key, "") + word + chr(_level(f))
    char_levels = "".join(chr(_level(freq.get(chr(i), 0))) for i in range(0x10000))
    # words common in general and used by the genre: a word common only in the genre's small sample (区委)
    # is a target, but needs the evidence a word foreign to the genre needs
    seed_words = sorted(b for b in _seed_bigrams(DOMAIN_WORD_DOCS) if len(b) == 2 and general.get(b, 0) >= TARGET_MIN_FREQ)
    return {"total": sum(freq.values()), "table": "".join(table), "reading_sets": reading_sets, "targets": targets,
            "char_levels": char_levels, "domain": "".join(seed_words)}


def _other_readings(path: Path, firsts: dict[str, str]) -> dict[str, list[str]]:
    """Character → its readings besides the first that dictionary words use at least TARGET_MIN_FREQ
    times in all (曾: zeng, as in 曾祖); a reading no word uses (余 as tu) is none. Words read other
    than character by character are the ones pypinyin's phrase list holds."""
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.phrases_dict import phrases_dict

    freq = _frequencies(path)  # jieba's own: a reading is a fact of the language, not of the genre
    plain: dict[str, str] = {}  # a reading with its tone → without
    used: dict[tuple[str, str], int] = {}
    for word, readings in phrases_dict.items():
        f = freq.get(word)
        if f and len(readings) == len(word):
            for c, (reading, *_) in zip(word, readings):
                syllable = plain.get(reading) or plain.setdefault(reading, to_normal(reading))
                if c in firsts and syllable != firsts[c]:
                    used[c, syllable] = used.get((c, syllable), 0) + f
    out: dict[str, list[str]] = {}
    for (c, syllable), f in sorted(used.items()):
        if f >= TARGET_MIN_FREQ:
            out.setdefault(c, []).append(syllable)
    return out


@lru_cache(maxsize=1)
def _seed_reports() -> tuple[str, ...]:
    """The bundled seed reports, one string each (a paragraph a line)."""
    from drafter.document.corpus import split_reports
    from drafter.reader import read

    return tuple("\n".join(p.text for p in report.paragraphs)
                 for path in sorted(data_dir("seeds").glob("*.txt")) for report in split_reports(read(str(path))))


def _seed_bigrams(min_docs: int) -> set[str]:
    """Bigrams at least ``min_docs`` bundled reports use: the domain's own words (一是、二是……)."""
    seen: dict[str, set[int]] = {}
    for n, t in enumerate(_seed_reports()):
        for i in range(len(t) - 1):
            if is_cjk(t[i]) and is_cjk(t[i + 1]):
                seen.setdefault(t[i:i + 2], set()).add(n)
    return {b for b, docs in seen.items() if len(docs) >= min_docs}


class Table:
    def __init__(self, readings: dict, sketch, suspects):
        self.sketch = sketch
        self.suspects = suspects  # _build_suspects
        self.log_total = math.log(readings["total"])
        self.table = readings["table"]
        self.reading_sets = readings["reading_sets"]
        self.targets = readings["targets"]
        self.char_levels = readings["char_levels"]
        # pair of characters (its context.pair_code) → its candidates, when it has some (see candidates)
        self.pairs: dict[int, tuple] = {}
        self.clean: set[int] = set()  # pairs that are no slip for anything, whatever the context
        domain = readings["domain"]
        self.domain = {domain[j:j + 2] for j in range(0, len(domain), 2)}
        self._memo: dict[str, int] = {}

    def candidates(self, pair: int) -> tuple:
        """What a pair of characters (its pair_code) may be a slip for, in any context."""
        return self.slips_among({pair}).get(pair, ())

    def slips_among(self, pairs: set[int]) -> dict[int, tuple]:
        """pair → its candidates, for those of the pairs that have some; the batch remembers each pair met,
        in ``self.pairs`` or ``self.clean`` (a paragraph's pairs at once: a few hundred new ones on a batch's
        first files, then a handful). Read from the memo and worked out in one pass: another thread emptying
        the memo (MEMO_MAX) meanwhile loses nothing here."""
        if len(self.pairs) + len(self.clean) > MEMO_MAX:
            self.pairs.clear()
            self.clean.clear()
        known, bits, clean, out = self.pairs, self.suspects, [], {}
        for pair in pairs:
            found = known.get(pair)
            if found is None:
                if pair in self.clean:
                    continue
                slot = _suspect_slot(pair)
                # most pairs: no frequent word is one character away (_build_suspects), nothing to look up
                found = self._look_up(pair_text(pair)) if bits[slot >> 3] >> (slot & 7) & 1 else ()
                if not found:
                    clean.append(pair)
                    continue
                known[pair] = found
            out[pair] = found
        if clean:
            self.clean.update(clean)
            mark_ordinary(clean)
        return out

    def _look_up(self, written: str) -> tuple:
        a, b = written
        if not (is_cjk(a) and is_cjk(b)):
            return ()  # a slip is of a Chinese word, in Chinese characters
        key = written.translate(self.table)
        if READING_SET_FIRST <= key[0] <= READING_SET_LAST or READING_SET_FIRST <= key[1] <= READING_SET_LAST:
            sets = self.reading_sets  # 曾强: ceng or zeng, then qiang
            words = "".join(self.targets.get(x + y, "") for x in sets.get(key[0], key[0])
                            for y in sets.get(key[1], key[1]))
        else:
            words = self.targets.get(key)
        if not words or written in words:
            return ()
        found = _candidates(written, words, self)
        # a word after all (the costlier look-up, so last)
        return () if found and self.level(written) else found

    def level(self, word: str) -> int:
        """≈ log2 of the word's frequency; 0 for no word."""
        if len(word) == 1:
            return ord(self.char_levels[ord(word)]) if ord(word) < 0x10000 else 0
        found = self._memo.get(word)
        if found is None:
            if len(self._memo) > MEMO_MAX:
                self._memo.clear()
            found = self._memo[word] = min(map(self.sketch.__getitem__, _slots(word)))
        return found


def _readings(path: Path) -> dict:
    return cached(path, f"typo-readings-{TABLE_VERSION}", _build_readings)


def _build_suspects(path: Path) -> bytes:
    """The suspects' bits: set for each pair of characters that may have candidates (Table.candidates), a
    frequent word with one character replaced by a common one that shares one of its readings. A pair whose
    bit is clear has none: its readings are never worked out (seven pairs in eight a report has)."""
    readings = _readings(path)
    table, sets, levels = readings["table"], readings["reading_sets"], readings["char_levels"]
    read_as: dict[str, list[str]] = {}  # syllable code → the common characters with that reading
    for code in range(0x4E00, 0xA000):
        c = chr(code)
        if ord(levels[code]) >= SLIP_CHAR_LEVEL and table[code] != c:
            for syllable in sets.get(table[code], table[code]):
                read_as.setdefault(syllable, []).append(c)
    pairs = set()
    for key, words in readings["targets"].items():
        for j in range(0, len(words), 3):
            first, second = words[j], words[j + 1]
            pairs.update(c + second for c in read_as.get(key[0], ()) if c != first)
            pairs.update(first + c for c in read_as.get(key[1], ()) if c != second)
    bits = bytearray(1 << SUSPECT_BITS - 3)
    for pair in pairs:
        slot = _suspect_slot(pair_code(pair))
        bits[slot >> 3] |= 1 << (slot & 7)
    return bytes(bits)


@lru_cache(maxsize=1)
def table() -> Table:
    path = jieba_dictionary()
    return Table(_readings(path), cached_blob(path, f"typo-sketch-{TABLE_VERSION}", _build_sketch),
                 cached_blob(path, f"typo-suspects-{TABLE_VERSION}", _build_suspects))


def _list_item(text: str, i: int) -> bool:
    """A two-character item of a 、-list (金岭、稷下、齐陵): most likely a name."""
    before, after = text[i - 1:i] if i else "", text[i + 2:i + 3]
    return (before == "、" or after == "、") and not (is_cjk(before or "。") and is_cjk(after or "。"))


def _in_title(text: str, i: int) -> bool:
    """Inside a title (《…》): written as its authors wrote it."""
    return text.rfind("《", 0, i) > text.rfind("》", 0, i)


def _quoted_term(text: str, i: int) -> tuple[int, int] | None:
    """(start, end) of the short quoted term (“以收定支”) around position i, if any."""
    opened = text.rfind("“", 0, i)
    if opened <= text.rfind("”", 0, i):
        return None
    closed = text.find("”", i)
    return (opened + 1, closed) if closed != -1 and closed - opened <= QUOTED_TERM_MAX else None


def _all_words(term: str, t: Table) -> bool:
    """Whether the term reads as dictionary words of two or more characters throughout (两个|责任)."""
    ends = {0}
    for end in range(2, len(term) + 1):
        if any(end - n in ends and t.level(term[end - n:end]) for n in (2, 3, 4)):
            ends.add(end)
    return len(term) in ends


def slips(text: str, t: Table, repeated, pairs: set[int] | None = None) -> list[tuple[int, str, list[str], float]]:
    """(start, written, the words it may be — best first, gain of the best) of each slip in one paragraph;
    ``pairs``: its character pairs, when the caller has them (the ordinary ones may be left out: Context.pairs)."""
    # the pairs of the paragraph that may be slips, found by set operations: most pairs are seen clean
    found = t.slips_among((character_pairs(text) if pairs is None else pairs) - t.clean)
    if not found:  # most paragraphs
        return []
    suspects = {pair_text(pair): candidates for pair, candidates in found.items()}
    out = []
    last = -2
    for i in sorted(i for written in suspects for i in occurrences(text, written)):
        written = text[i:i + 2]
        candidates = suspects[written]
        candidates = _in_context(text, i, candidates, t)
        if not candidates or _list_item(text, i) or text[i + 2:i + 3] in NAME_SUFFIXES:
            continue
        if repeated(written) or _in_title(text, i):
            continue
        quoted = _quoted_term(text, i)
        if quoted:
            # a coined term (“稻虾共作”) is written as its authors wrote it; a slip in a set phrase
            # (“两个则任”) is one when the corrected term reads as words throughout, with strong evidence
            start, end = quoted
            candidates = [(word, max(needed, MIN_GAIN_FOREIGN)) for word, needed in candidates
                          if _all_words(text[start:i] + word + text[i + 2:end], t)]
        found = _correction(text, i, written, candidates, t, repeated) if candidates else []
        if not found:
            continue
        if i == last + 1:  # shares a character with the slip just found (未法生): the likelier reading stays
            if found[0][0] <= out[-1][3]:
                continue
            out.pop()
        # words about as likely as the best one (终级: 中级 or 终极) are named too
        out.append((i, written, [w for g, w in found if g >= found[0][0] - CLOSE_GAIN], found[0][0]))
        last = i
    return out


def _candidates(written: str, words: str, t: Table) -> tuple:
    """(word, evidence needed, slipped position) for the words one common character away whose gain may suffice.

    Depends on the pair alone: a batch works it out once per pair.
    """
    out = []
    levels = t.char_levels
    a, b = written
    base = ord(levels[ord(a)]) + ord(levels[ord(b)])
    for j in range(0, len(words), 3):
        w0, w1 = words[j], words[j + 1]
        if (w0 != a) + (w1 != b) != 1:
            continue
        k = 0 if w0 != a else 1
        if ord(levels[ord(written[k])]) < SLIP_CHAR_LEVEL:
            continue  # an input method offers common characters first: a rare one is a name's
        word = words[j:j + 2]
        # a word the bundled reports use needs less evidence than one foreign to the genre (红烧, 白领)
        needed = MIN_GAIN if word in t.domain else MIN_GAIN_FOREIGN
        # an upper bound: the word against its two characters standing alone
        if (ord(words[j + 2]) - base) * LN2 + t.log_total >= needed:
            out.append((word, needed, k))
    return tuple(out)


def _in_context(text: str, i: int, candidates, t: Table) -> list[tuple[str, float]]:
    out = []
    for word, needed, k in candidates:
        slipped = text[i + k]
        if text.count(slipped, max(0, i - 2), i + 4) > 1:
            continue  # a character said twice close by is a pattern (可延尽延, 一村一品), not a slip
        # the slipped character makes a word with its other neighbour (…题目, 物资…): no slip there
        outer = text[i + 1:i + 3] if k == 1 else text[i - 1:i + 1] if i else ""
        outer_level = t.level(outer) if len(outer) == 2 else 0
        if outer_level >= OUTER_WORD_LEVEL:
            continue
        if outer_level:  # a rarer word (鱼盐 of 区鱼盐里): the text may be two words, as written
            needed = max(needed, MIN_GAIN_FOREIGN)
        out.append((word, needed))
    return out


def _correction(text: str, i: int, written: str, candidates, t: Table, repeated) -> list[tuple[float, str]]:
    """(gain, word) of each word the pair may be, best first: the text with it segments clearly better."""
    lo, hi = max(0, i - WINDOW), min(len(text), i + 2 + WINDOW)
    window, at = text[lo:hi], i - lo
    scores = _segment_scores(window, t, lambda piece, end: at < end < at + 4 and repeated(piece), [0.0])
    found = []
    for word, needed in candidates:
        # the same up to the pair; the report's repeated pairs vouch for the text as written, not the correction
        changed = _segment_scores(window[:at] + word + window[at + 2:], t, _never, scores[:at + 1])
        gain = changed[-1] - scores[-1]
        if gain >= needed:
            found.append((gain, word))
    return sorted(found, reverse=True)


def _never(piece: str, end: int) -> bool:
    return False


def _segment_scores(text: str, t: Table, repeated, best: list[float]) -> list[float]:
    """Log-probability of the likeliest segmentation of each prefix into dictionary words (jieba's model).

    ``best`` holds the scores of the prefixes already known. ``repeated(pair, end)``: a pair of
    characters the report uses more than once is a word of its own (深改委 → 改委).
    """
    n = len(text)
    run = 0  # Chinese characters ending here: no word spans punctuation or digits
    for end in range(1, len(best)):
        run = run + 1 if is_cjk(text[end - 1]) else 0
    # Table.level's look-ups and is_cjk written out: the inner loop runs some 40 times a window
    log_total, char_levels, memo, level_of = t.log_total, t.char_levels, t._memo, t.level
    for end in range(len(best), n + 1):
        c = text[end - 1]
        run = run + 1 if "\u4e00" <= c <= "\u9fff" else 0
        # a single character is always a piece, a word or not
        top = best[end - 1] + (ord(char_levels[ord(c)]) if ord(c) < 0x10000 else 0) * LN2 - log_total
        for length in range(2, min(4, end, run) + 1):
            piece = text[end - length:end]
            level = memo.get(piece)
            if level is None:
                level = level_of(piece)
            if not level:
                if length != 2 or not repeated(piece, end):
                    continue
                level = DOMAIN_LEVEL
            score = best[end - length] + level * LN2 - log_total
            if score > top:
                top = score
        best.append(top)
    return best


def check(ctx: Context):
    t = table()
    allow = ctx.options.allow
    title = {p.index for p in ctx.outline.title}
    paragraphs = [p for p in ctx.paragraphs() if p.text and p.index not in title]
    whole = "\n".join(p.text for p in paragraphs)
    counted: dict[str, bool] = {}

    def repeated(written: str) -> bool:
        if written not in counted:
            counted[written] = whole.count(written) > 1
        return counted[written]

    for p in paragraphs:
        for start, written, words, _ in slips(p.text, t, repeated, ctx.pairs(p)):
            if span_allowed(p.text, start, start + 2, allow):
                continue
            named = "”或“".join(words)
            yield TYPO.finding(
                f"“{written}”疑为“{named}”：“{written}”不成词，与“{named}”读音相同，可能是输入法选错了字。"
                f"如确为专有名词，可加入 drafter.toml 的 allow。",
                p.index, start, start + 2, suggestion=words[0])


TYPO = CodeRule(
    "typo",
    "warning",
    "错别字：词语中一个字被同音字替换（如“部们”“题高”“申抱”），不依赖错字清单",
    check,
    flag=[
        "区财政局2024年工作总结\n会同有关部们开展专项检查。",
        "区财政局2024年工作总结\n干部业务能力进一步题高。",
        "区发改局2024年工作总结\n积极帮助企业申抱项目资金。",
        "区发改局2024年工作总结\n全面推冻重点项目建设。",
        # 还 is read hai first, huan in 归还: every reading a dictionary word gives a character counts
        "区商务局2024年工作总结\n持续优化营商还境，推进准入准营便利化改革。",
        # a set phrase in quotes that, corrected, reads as words throughout (四个|意识)
        "区委组织部2024年工作总结\n引导党员干部牢固树立“四个意实”。",
    ],
    passes=[
        "区财政局2024年工作总结\n一是加强收入征管。二是优化支出结构。三是防范债务风险。",
        "区农业农村局2024年工作总结\n推广稻虾共作模式3000亩，带动两个国家级示范基地建设。\n明年稻虾共作面积扩大到5000亩。",
        "区文旅局2024年工作总结\n举办“稻香节”系列活动，出版《江村记忆》一书。",
        "县卫健委2025年工作总结\n将持续推进紧密型县域医共体建设，全面推行河长制。",
        "区农业农村局2024年工作总结\n发展“稻虾共作”种养模式。",
        # a coined term in quotes (稻虾|工作 leaves 稻虾 no word): as its authors wrote it
        "县农业农村局2025年工作总结\n总结推广“稻虾共作”经验，带动农户增收。",
        "区财政局2024年工作总结\n坚持“以收定支”，做到应压必压、可延尽延。\n带动金岭、稷下、齐陵等镇街发展。",
    ],
    rationale="一个字之差的错别字（“部们”“申抱”）最易被领导和审阅者一眼看出，有损公文的严肃性；同音字替换是最常见的一类，而错字清单永远列不全。",
)

RULES = [TYPO]
