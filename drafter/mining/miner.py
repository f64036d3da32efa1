"""Mining a corpus into a profile: partitions → map (count) → reduce (sum) → select → examples.

The work is map-reduce shaped. ``partitions`` cuts the file list into groups of about
``PARTITION_CHARS`` characters (by file size, in the sorted file order, whatever ``jobs`` is, so
``-j 1`` and ``-j 4`` give the same profile; a corpus up to ``EXACT_CHARS`` is one group). ``map_partition`` reads its files, outlines each
report and returns count tables (numpy arrays) and the reports' shapes; ``reduce_counts`` adds
the tables up. Selection, scoring and the example pass then run once, in this process: they
see only the summed tables and the shortlisted candidates. The example pass reads reports in
corpus order until every shortlisted candidate has an example sentence (for the first
candidates that is usually within the first reports).
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

from drafter.document.corpus import load_reports, report_files
from drafter.errors import InputError
from drafter.mining import counting, phrases, segment
from drafter.mining.extract import PHRASE_ROLES, TOKENS, Part, ReportShape, parts_of, readable
from drafter.mining.profile import ROLES, Phrase, Profile
from drafter.reader import TEXT_SUFFIXES
from drafter.reader.convert import batch

TASK_PARTITIONS = 1  # partitions a worker maps and sums before sending the result
REDUCE_EVERY = 32  # task results summed together in the parent as they arrive
CHECKS = 2  # sentences a candidate's word boundaries are checked in (its first uses)
EXAMPLE_SCAN = 500  # reports read for examples: a candidate not seen in them is left out
CHECK_WINDOW = 24  # characters either side of a use that jieba segments for the word checks
FILLERS = 3  # real fillers shown with a frame; one found with fewer than two is left out
FILLER_USES = 12  # uses of a frame read for fillers at most (a frame filled alike stops the scan early)
_SENTENCE = re.compile(r"(?<=[。！？；!?;])")
_CLAUSE_CHARS = "，,。；！？：;!?:\n"
_NOT_CLAUSE_END = f"[^{re.escape(_CLAUSE_CHARS)}]"


@dataclass
class MapResult:
    counts: counting.Counts | None
    shapes: list[ReportShape]
    characters: int
    # (path, reason) of each file that could not be read: exceptions with two arguments do not
    # survive pickling, so the fields travel instead
    errors: list[tuple[str, str]] = field(default_factory=list)


def _chars(path: str) -> int:
    """A file's characters, estimated from its size (UTF-8 text: 3 bytes a character; any other
    format zipped or wrapped in markup: at most a character a byte)."""
    try:
        raw = os.path.getsize(path)
    except OSError:
        return 0
    return raw // 3 if path.lower().endswith(TEXT_SUFFIXES) else raw


def partitions(files: list[str], target: int | None = None) -> list[list[str]]:
    """Consecutive groups of files: one group for a corpus of up to ``counting.EXACT_CHARS``
    characters (counted exactly), else groups of about ``target`` characters (default
    ``counting.PARTITION_CHARS``). The cut depends on the files only, never on ``jobs``."""
    sizes = [_chars(f) for f in files]
    if target is None:
        if sum(sizes) <= counting.EXACT_CHARS:
            return [list(files)] if files else []
        target = counting.PARTITION_CHARS
    groups: list[list[str]] = []
    current: list[str] = []
    size = 0
    for f, n in zip(files, sizes):
        size += n
        current.append(f)
        if size >= target:
            groups.append(current)
            current, size = [], 0
    if current:
        groups.append(current)
    return groups


def _reports(files: list[str], errors: list[tuple[str, str]] | None = None):
    """Reports of the files, in order (junk markers are dropped by ``parts_of``); a file that
    cannot be read is noted in ``errors`` and skipped, so the others are still mined."""
    for f in files:
        try:
            reports = load_reports(f)
        except InputError as exc:
            if errors is not None:
                errors.append((exc.path, exc.reason))
            continue
        yield from reports


def map_partition(files: list[str]) -> MapResult:
    """The map step for one partition."""
    docs: list[list[Part]] = []
    shapes: list[ReportShape] = []
    errors: list[tuple[str, str]] = []
    for report in _reports(files, errors):
        parts, shape = parts_of(report)
        docs.append(parts)
        shapes.append(shape)
    chars = sum(len(p.text) for parts in docs for p in parts)
    return MapResult(counting.count_partition(docs), shapes, chars, errors)


def map_task(groups: list[list[str]]) -> MapResult:
    """A worker's task: several partitions mapped, then summed (a combiner, as in Hadoop)."""
    results = [map_partition(g) for g in groups]
    counts = results[0].counts if len(results) == 1 else counting.reduce_counts([r.counts for r in results])
    return MapResult(counts, [s for r in results for s in r.shapes], sum(r.characters for r in results),
                     [e for r in results for e in r.errors])


class Progress:
    """A bar on stderr, shown only when the work has taken more than a second and stderr is a terminal."""

    def __init__(self, total: int, label: str, stream=None):
        self.total, self.label, self.done = max(total, 1), label, 0
        self.stream = stream or sys.stderr
        self.start = time.monotonic()
        self.shown = False
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()

    def advance(self, step: int = 1, label: str | None = None) -> None:
        self.done += step
        if label:
            self.label = label
        if self.enabled and time.monotonic() - self.start > 1.0:
            width = 30
            filled = int(width * min(self.done, self.total) / self.total)
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] "
                              f"{min(self.done, self.total)}/{self.total}")
            self.stream.flush()
            self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def run_map(groups: list[list[str]], jobs: int, progress: Progress | None = None):
    """Map results in order, ``TASK_PARTITIONS`` partitions a task; with ``jobs`` > 1 in processes."""
    tasks = [groups[i:i + TASK_PARTITIONS] for i in range(0, len(groups), TASK_PARTITIONS)]
    sizes = [sum(len(g) for g in t) for t in tasks]
    if jobs <= 1 or len(tasks) <= 1:
        for task, size in zip(tasks, sizes):
            result = map_task(task)
            if progress:
                progress.advance(size)
            yield result
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for size, result in zip(sizes, pool.map(map_task, tasks)):
            if progress:
                progress.advance(size)
            yield result


def mine(paths, jobs: int = 1, progress: bool = True, on_error=None) -> Profile:
    """Mine the reports under ``paths`` (files and folders) into a profile.

    A file that cannot be read is skipped and passed to ``on_error(InputError)``; without
    ``on_error`` it stops the mining.
    """
    files = report_files(paths)
    with batch(files):  # older office files: one LibreOffice run for all, read by map and examples
        return _mine_files(paths, files, jobs, progress, on_error)


def _mine_files(paths, files: list[str], jobs: int, progress: bool, on_error) -> Profile:
    groups = partitions(files)
    bar = Progress(len(files) + 1, "挖掘：统计") if progress else None
    shapes: list[ReportShape] = []
    chars = 0
    results = []
    unreadable: set[str] = set()
    for result in run_map(groups, jobs, bar):
        for path, reason in result.errors:
            if on_error is None:
                if bar:
                    bar.close()
                raise InputError(path, reason)
            on_error(InputError(path, reason))
            unreadable.add(path)
        shapes.extend(result.shapes)
        chars += result.characters
        results.append(result.counts)
        if len(results) >= REDUCE_EVERY:  # sums as results come in: memory stays bounded
            results = [counting.reduce_counts(results)]
    if not shapes:
        raise InputError(", ".join(map(str, paths)), "没有找到可以挖掘的报告")
    files = [f for f in files if f not in unreadable]
    counts = counting.reduce_counts(results)
    if bar:
        bar.advance(0, "挖掘：筛选")
    cands = [c for c in phrases.select(counts) if not phrases.is_label(c) and not phrases.is_item_opening(c)
             and not (c.kind == "phrase" and segment.phrase_shape(c.text))]
    cands = phrases.drop_covered(attach_examples(cands, files))
    if bar:
        bar.advance(1)
        bar.close()
    return build_profile(files, shapes, chars, cands)


# ---- examples and word checks --------------------------------------------------------------------


@dataclass
class _Pending:
    cand: phrases.Candidate
    pattern: re.Pattern | None
    checked: bool = False  # checked in enough sentences
    checks: int = 0
    uses: int = 0  # uses read for fillers
    ok: bool = True
    examples: dict[str, str] | None = None


def _pattern(c: phrases.Candidate) -> re.Pattern | None:
    if c.kind == "phrase":
        return None
    a, b = c.parts
    if c.enumeration:  # an example: the sentence of the first item
        return re.compile(f"(?:^|(?<=[{re.escape(_CLAUSE_CHARS)}）)]))({re.escape(a)})")
    if a and b:
        return re.compile(f"({re.escape(a)}){_NOT_CLAUSE_END}{{1,{counting.FILLER}}}?({re.escape(b)})")
    if a:
        return re.compile(f"({re.escape(a)})(?={_NOT_CLAUSE_END}{{1,{counting.TAIL}}}(?:[{re.escape(_CLAUSE_CHARS)}]|$))")
    return re.compile(f"(?<={_NOT_CLAUSE_END})({re.escape(b)})(?=[{re.escape(_CLAUSE_CHARS)}]|$)")


def _spans(p: _Pending, sentence: str) -> list[tuple[int, int]] | None:
    if p.pattern is None:
        at = sentence.find(p.cand.text)
        return None if at < 0 else [(at, at + len(p.cand.text))]
    m = p.pattern.search(sentence)
    if m is None:
        return None
    return [m.span(g) for g in range(1, (m.lastindex or 0) + 1)]


def _check(p: _Pending, sentence: str, spans: list[tuple[int, int]]) -> bool:
    if p.cand.enumeration:
        return True
    start = max(0, spans[0][0] - CHECK_WINDOW)
    sentence = sentence[start:spans[-1][1] + CHECK_WINDOW]
    spans = [(a - start, b - start) for a, b in spans]
    tokens = segment.spans(sentence)
    if p.cand.kind == "phrase":
        return segment.phrase_ok(sentence, *spans[0], tokens)
    single = not (p.cand.parts[0] and p.cand.parts[1])
    head = single and not p.cand.parts[0]
    return all(segment.part_ok(sentence, a, b, tokens, single=single, head=head) for a, b in spans)


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text)]


def _filler(p: _Pending, sentence: str, spans: list[tuple[int, int]]) -> str | None:
    """What fills a frame's slot in a sentence: between the fixed parts, or from the fixed part
    to the clause end (“有待{…}”) or from the clause start to it (“{…}不足”); None when it
    holds a number or year token or is longer than ``counting.TAIL``."""
    a, b = p.cand.parts
    if a and b:
        text = sentence[spans[0][1]:spans[1][0]]
    elif a:
        end = spans[0][1]
        stop = min((i for i in (sentence.find(c, end) for c in _CLAUSE_CHARS) if i >= 0), default=len(sentence))
        text = sentence[end:stop]
    else:
        start = spans[0][0]
        text = sentence[max(sentence.rfind(c, 0, start) for c in _CLAUSE_CHARS) + 1:start]
    text = text.strip("“”‘’《》")
    if not text or len(text) > counting.TAIL or any(t in text for t in TOKENS) \
            or text[0] in _FILLER_START or text[-1] in _FILLER_END \
            or text.count("“") != text.count("”") or text.count("《") != text.count("》"):
        return None
    return text


_FILLER_START = "的和与及或但而并且也还"  # a clause's joint, not the slot (“{…}不足” after “但还存在一些”)
_FILLER_END = "的和与及或、，"


def _wants_fillers(p: _Pending) -> bool:
    return p.cand.kind == "frame" and not p.cand.enumeration and len(p.cand.fillers) < FILLERS \
        and p.uses < FILLER_USES


def attach_examples(cands: list[phrases.Candidate], files: list[str]) -> list[phrases.Candidate]:
    """Check each candidate's words on its first uses, find an example sentence per part and, for
    a frame, up to ``FILLERS`` different fillers of its slot (a frame with fewer than two found
    in the reports read is left out: one filler makes no pattern)."""
    pending = [_Pending(c, _pattern(c), examples={}) for c in cands]
    # an example for each part the phrase is typical of (positive score), else for its best part
    want = {}
    for p in pending:
        typical = {PHRASE_ROLES[i] for i, n in enumerate(p.cand.roles) if n > 0 and p.cand.scores[i] > 0}
        best = max(range(len(PHRASE_ROLES)), key=lambda i: (p.cand.roles[i] > 0, p.cand.scores[i]))
        want[id(p)] = typical or {PHRASE_ROLES[best]}
    open_ = list(pending)
    for scanned, report in enumerate(_reports(files)):
        if not open_ or scanned >= EXAMPLE_SCAN:
            break
        parts, _ = parts_of(report)
        for part in parts:
            if part.role not in PHRASE_ROLES:
                continue
            sentences = None
            for p in open_:
                if part.role in p.examples and p.checked and not _wants_fillers(p):
                    continue
                key = p.cand.text if p.pattern is None else (p.cand.parts[0] or p.cand.parts[1])
                if key not in part.text:
                    continue
                if sentences is None:
                    sentences = list(zip(_sentences(part.text), _sentences(part.raw)))
                for norm, raw in sentences:
                    spans = _spans(p, norm)
                    if spans is None:
                        continue
                    if not p.checked:
                        p.ok = p.ok and _check(p, norm, spans)
                        p.checks += 1
                        p.checked = p.checks >= CHECKS or not p.ok
                    if p.ok and _wants_fillers(p):
                        p.uses += 1
                        filler = _filler(p, norm, spans)
                        if filler and not any(filler in f or f in filler for f in p.cand.fillers):
                            p.cand.fillers.append(filler)
                    if part.role not in p.examples and part.role in want[id(p)]:
                        p.examples[part.role] = raw.strip()
                    if p.checked and not _wants_fillers(p) and (part.role in p.examples
                                                                or part.role not in want[id(p)]):
                        break
        open_ = [p for p in open_ if not p.checked
                 or p.ok and (want[id(p)] - set(p.examples) or _wants_fillers(p))]
    kept = []
    for p in pending:
        c = p.cand
        if p.checks and p.ok and (c.kind == "phrase" or c.enumeration or len(c.fillers) >= 2):
            c.examples = p.examples
            kept.append(c)
    return kept


# ---- the profile ---------------------------------------------------------------------------------------


def _spread(values: list[int]) -> dict:
    if not values:
        return {"median": 0, "p90": 0}
    ordered = sorted(values)
    p90 = ordered[max(0, -(-9 * len(ordered) // 10) - 1)]
    return {"median": round(float(statistics.median(ordered)), 1), "p90": p90}


def _usual_order(shapes: list[ReportShape]) -> list[str]:
    ranks: dict[str, list[float]] = {}
    for s in shapes:
        if len(s.order) < 2:
            continue
        for i, role in enumerate(s.order):
            ranks.setdefault(role, []).append(i / (len(s.order) - 1))
    return sorted(ranks, key=lambda r: (statistics.mean(ranks[r]), ROLES.index(r)))


def build_profile(files: list[str], shapes: list[ReportShape], chars: int,
                  cands: list[phrases.Candidate]) -> Profile:
    roles: dict[str, dict] = {}
    for role in ROLES:
        headings = Counter(h for s in shapes for r, h in s.headings if r == role and h)
        children = [c for s in shapes for r, c in s.children if r == role]
        lengths = [n for s in shapes for r, n in s.lengths if r == role]
        reports = sum(1 for s in shapes if role in s.order)
        entry: dict = {"reports": reports,
                       "headings": [{"text": t, "count": c} for t, c in
                                    sorted(headings.items(), key=lambda kv: (-kv[1], kv[0]))]}
        if role not in ("lead", "signature"):
            counts = Counter(children)
            entry["children"] = {**_spread(children),
                                 "counts": {str(k): counts[k] for k in sorted(counts)}}
        entry["paragraph_chars"] = {**_spread(lengths), "paragraphs": len(lengths)}
        roles[role] = entry
    sequences = Counter(tuple(s.order) for s in shapes)
    order = {"usual": _usual_order(shapes),
             "sequences": [{"parts": list(k), "count": v}
                           for k, v in sorted(sequences.items(), key=lambda kv: (-kv[1], kv[0]))[:10]]}
    settings = {"min_pmi": phrases.MIN_PMI, "min_entropy": phrases.MIN_ENTROPY,
                "frame_entropy": phrases.FRAME_ENTROPY, "prior": phrases.PRIOR,
                "longest_counted": counting.K, "partition_chars": counting.PARTITION_CHARS}
    out = []
    for c in cands:
        sections = {PHRASE_ROLES[i]: {"count": n, "docs": c.part_docs[i], "score": c.scores[i]}
                    for i, n in enumerate(c.roles) if n > 0}
        examples = {r: e for r, e in sorted(c.examples.items(), key=lambda kv: PHRASE_ROLES.index(kv[0]))}
        out.append(Phrase(readable(c.text), c.kind, c.docs, c.count, sections, examples,
                          [readable(f) for f in c.fillers]))
    return Profile(reports=len(shapes), files=len(files), characters=chars, settings=settings,
                   order=order, roles=roles, phrases=out)


def summary_text(profile: Profile, top: int = 8) -> str:
    """A readable summary of a profile (``drafter mine`` without ``-o``)."""
    from drafter.mining.profile import ROLE_NAMES, SECTIONS

    lines = [f"风格档案：{profile.reports} 篇报告（{profile.files} 个文件，{profile.characters} 字）",
             "常见结构：" + " → ".join(ROLE_NAMES[r] for r in profile.order.get("usual", []))]
    for role in ROLES:
        info = profile.roles.get(role, {})
        if not info.get("reports"):
            continue
        lines.append("")
        lines.append(f"【{ROLE_NAMES[role]}】 {info['reports']} 篇")
        heads = info.get("headings", [])[:4]
        if heads:
            lines.append("  标题：" + "；".join(f"{h['text']}（{h['count']}）" for h in heads))
        if "children" in info:
            ch = info["children"]
            lines.append(f"  （一）级小标题：中位数 {ch['median']}，90% 不超过 {ch['p90']}")
        pc = info.get("paragraph_chars", {})
        if pc.get("paragraphs"):
            lines.append(f"  段落字数：中位数 {pc['median']}，90% 不超过 {pc['p90']}（{pc['paragraphs']} 段）")
        if role in SECTIONS:
            ranked = profile.ranked(role, top=top)
            if ranked:
                lines.append("  常用表述：" + "；".join(p.text for p in ranked))
    return "\n".join(lines)


def mine_seeds() -> Profile:
    """The bundled profile as it should be: a fresh mine of the seed corpus.

    Regenerate the shipped file after changing the miner::

        python -m drafter.mining.miner > drafter/mining/bundled_profile.json
    """
    from drafter.paths import data_dir

    return mine([data_dir("seeds")], progress=False)


if __name__ == "__main__":
    sys.stdout.write(mine_seeds().dumps())
