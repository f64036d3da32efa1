"""drafter mine on a synthetic corpus: wall time, characters per second, peak memory at -j 1 and -j 2.

    python benchmarks/bench_mine.py [--reports 10000] [--jobs 1,2] [--linear] [--keep DIR]

The corpus is made from the seed compilation: report i follows the outline of seed report
i mod 11 (title, lead, headings, 落款) with its years moved to a year between 2015 and 2024, and
every body paragraph replaced by a new one spliced from two random seed paragraphs of the same
part (first sentences of one, last sentences of the other), so reports differ while their set
phrases recur. 10,000 reports are about 36 M characters (about 100 MB of UTF-8), one .txt each.

Each run is a fresh process (`python -c` calling drafter.mining.miner.mine), which reports its
own wall time and getrusage peaks: the process itself and its largest worker; with -j N the
peak at one moment is at most self + N × worker. ``--linear`` also mines a quarter of the
corpus, to compare the cost per character. Targets: linear cost, at least 1 M characters/s on
2 cores, peak memory under 2 GB. Nothing is asserted: numbers are printed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from drafter.corpus import load_reports  # noqa: E402
from drafter.mining.extract import parts_of  # noqa: E402
from drafter.structure import build_outline  # noqa: E402

SEED = ROOT / "seeds" / "work-reports-2023-2024.txt"
_SENTENCES = re.compile(r"(?<=[。；！？])")
_YEAR = re.compile(r"20(2[2-5])")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCES.split(text) if s]


def make_corpus(folder: Path, reports: int, seed: int = 1) -> int:
    """Write ``reports`` synthetic reports; return their characters."""
    rng = random.Random(seed)
    seeds = load_reports(str(SEED))
    pool: dict[str, list[str]] = {}
    plans = []
    for report in seeds:
        outline = build_outline(report)
        heads = set(outline.headings) | {p.index for p in outline.title} | {p.index for p in outline.signature}
        parts, _ = parts_of(report, outline)
        roles = iter(parts)
        plan = []
        body_role = {}
        for p in report.paragraphs:
            if not p.text.strip():
                continue
            if p.index in heads:
                plan.append(("fixed", p.text))
            else:
                plan.append(("body", p.text))
        for part in roles:
            if part.raw and part.raw not in body_role:
                body_role[part.raw] = part.role
        plan = [(kind, text, body_role.get(text, "summary")) for kind, text in plan]
        for kind, text, role in plan:
            if kind == "body":
                pool.setdefault(role, []).append(text)
        plans.append(plan)
    total = 0
    for i in range(reports):
        plan = plans[i % len(plans)]
        year = 2015 + rng.randrange(10)
        lines = []
        for kind, text, role in plan:
            if kind == "body":
                a, b = _sentences(rng.choice(pool[role])), _sentences(rng.choice(pool[role]))
                text = "".join(a[: max(1, len(a) // 2)] + b[len(b) // 2:])
            text = _YEAR.sub(lambda m, year=year: str(year + int(m.group(1)) - 23), text)
            lines.append(text)
        text = "\n".join(lines) + "\n"
        total += len(text)
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    return total


_RUN = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from drafter.mining.miner import mine
t = time.perf_counter()
profile = mine([{folder!r}], jobs={jobs}, progress=False)
wall = time.perf_counter() - t
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({{"wall": wall, "self_kb": me, "worker_kb": kids, "reports": profile.reports,
                  "chars": profile.characters, "phrases": len(profile.phrases)}}))
"""


def run(folder: Path, jobs: int) -> dict:
    code = _RUN.format(root=str(ROOT), folder=str(folder), jobs=jobs)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(label: str, r: dict, jobs: int) -> None:
    mb = 1024
    peak = (r["self_kb"] + jobs * r["worker_kb"] if jobs > 1 else r["self_kb"]) / mb
    print(f"{label:<14} {r['reports']:>6} reports  {r['chars'] / 1e6:7.1f} M chars  {r['wall']:7.1f} s  "
          f"{r['chars'] / r['wall'] / 1e6:5.2f} M chars/s  peak ≤ {peak:6.0f} MB "
          f"(self {r['self_kb'] / mb:.0f} MB, largest worker {r['worker_kb'] / mb:.0f} MB)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--jobs", default="1,2", help="comma-separated -j values")
    ap.add_argument("--linear", action="store_true", help="also mine a quarter of the corpus")
    ap.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    args = ap.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="drafter-bench-mine-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        t = time.perf_counter()
        chars = make_corpus(folder, args.reports)
        size = sum(f.stat().st_size for f in folder.rglob("*.txt"))
        print(f"corpus: {args.reports} reports, {chars / 1e6:.1f} M characters, {size / 1e6:.0f} MB "
              f"in {folder} (built in {time.perf_counter() - t:.0f} s)")
        if args.linear:
            quarter = Path(tempfile.mkdtemp(prefix="drafter-bench-mine-quarter-"))
            for f in sorted(folder.rglob("*.txt"))[: max(1, args.reports // 4)]:
                shutil.copy(f, quarter / f.name)
            for j in jobs:
                report(f"quarter -j {j}", run(quarter, j), j)
            shutil.rmtree(quarter)
        for j in jobs:
            report(f"mine -j {j}", run(folder, j), j)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
