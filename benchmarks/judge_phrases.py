"""Mechanical checks of what `drafter phrases` lists: the top 30 of each part, entry by entry.

    python benchmarks/judge_phrases.py [--profile 风格档案.json] [--top 30] [--drafter "python -m drafter"]

Runs `drafter phrases --section S --top N --format json` for each part (so an older checkout can
be judged with its own command: ``--drafter "env PYTHONPATH=/old/tree python -m drafter"``) and
flags each entry failing a criterion a writer would notice without judgement:

* ``token``     a raw placeholder token (``<NUM>``) in the text;
* ``cut``       a fixed part starts or ends inside a word wherever it stands in its example
                sentence (jieba, no HMM);
* ``edge``      a phrase (not a frame) begins or ends with a function word, preposition,
                particle, adverb-only ending or time word (by jieba's part of speech);
* ``noun``      a phrase with no verb, adjective, adverb or idiom: a bare noun or topic;
* ``name``      it holds a person's or place's name (jieba nr / nrfg / ns words of two or three
                characters; 中国 and 习近平 are national);
* ``fragment``  its fixed text lies inside a longer entry of the same list used at least 80 % as often;
* ``counts``    reports using it exceed its uses in the part (docs > count);
* ``fillers``   a frame shown without two real fillers (only checked when the listing gives
                fillers; not for the enumeration “一是{…}二是{…}” nor curated stock phrases).

Prints, per part, the entries with their flags and the number failing at least one check.
Nothing is asserted; the numbers go into the closing note of a change to mining.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys

PARTS = ("lead", "summary", "highlights", "problems", "plan")
NATIONAL = {"中国", "习近平"}
EDGE_TAGS_START = ("p", "c", "u", "f", "m", "q", "r", "t", "y", "e")
EDGE_TAGS_END = ("p", "c", "u", "f", "r", "y", "e", "d")
CONTENT_TAGS = ("v", "a", "d", "i", "l")
NOMINAL = {"vn", "an"}
SLOTS = ("{…}", "……", "{数字}")


def _posseg(text: str):
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    return [(w.word, w.flag) for w in jieba.posseg.dt.cut(text, HMM=False)]


def _fixed(text: str) -> list[str]:
    parts = [text]
    for slot in SLOTS + ("<NUM>",):
        parts = [q for p in parts for q in p.split(slot)]
    return [p for p in parts if p]


def _cut(text: str, example: str) -> bool:
    """Whether a fixed part starts or ends inside a word of the example."""
    import jieba

    if not example:
        return False
    bounds = {0}
    at = 0
    for w in jieba.cut(example, HMM=False):
        at += len(w)
        bounds.add(at)
    for part in _fixed(text):
        if "{" in part or "<" in part:
            continue
        found = [i for i in range(len(example)) if example.startswith(part, i)]
        if found and not any(i in bounds and i + len(part) in bounds for i in found):
            return True
    return False


def flags(row: dict, rows: list[dict]) -> list[str]:
    text, kind = row["text"], row.get("kind", "phrase")
    out = []
    if "<NUM>" in text:
        out.append("token")
    if _cut(text, row.get("example") or (row.get("examples") or [""])[0]):
        out.append("cut")
    if kind == "phrase" and "……" not in text:
        words = [(w, t) for w, t in _posseg(text.replace("{数字}", "一")) if w.strip("“”‘’、，")]
        if words and (words[0][1].startswith(EDGE_TAGS_START) or words[-1][1].startswith(EDGE_TAGS_END)):
            out.append("edge")
        if not any(t.startswith(CONTENT_TAGS) and t not in NOMINAL for _, t in words):
            out.append("noun")
    # jieba also tags idioms of four characters (建立健全) nr: names are of two or three
    if any(t in ("nr", "nrfg", "ns") and len(w) <= 3 and w not in NATIONAL for w, t in _posseg(text)):
        out.append("name")
    mine = _fixed(text)
    for other in rows:
        if other is row or len("".join(_fixed(other["text"]))) <= len("".join(mine)):
            continue
        if all(p in other["text"] for p in mine) and other.get("count", 0) >= 0.8 * row.get("count", 0):
            out.append("fragment")
            break
    if row.get("docs", 0) > row.get("count", 0) > 0:
        out.append("counts")
    enumeration = text.startswith(("一是", "一要", "首先", "一方面"))  # items, not a slot to fill
    if kind == "frame" and "fillers" in row and len(row["fillers"]) < 2 and not row.get("stock") \
            and not enumeration:
        out.append("fillers")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profile")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--drafter", default=f"{shlex.quote(sys.executable)} -m drafter")
    ap.add_argument("--quiet", action="store_true", help="only the counts")
    args = ap.parse_args()
    total = 0
    for part in PARTS:
        cmd = shlex.split(args.drafter) + ["phrases", "--section", part, "--top", str(args.top), "--format", "json"]
        if args.profile:
            cmd += ["--profile", args.profile]
        rows = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout or "[]")
        bad = 0
        lines = []
        for i, row in enumerate(rows, 1):
            f = flags(row, rows)
            bad += bool(f)
            mark = "stock" if row.get("stock") else ""
            lines.append(f"  {i:>2}. {row['text']:<28} {row.get('count', 0):>4} 次 {row.get('docs', 0):>4} 篇 "
                         f"{mark:<5} {','.join(f)}")
        total += bad
        print(f"{part}: {bad} of {len(rows)} fail a mechanical check")
        if not args.quiet:
            print("\n".join(lines))
    print(f"total: {total}")


if __name__ == "__main__":
    main()
