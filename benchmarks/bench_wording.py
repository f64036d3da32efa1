"""What the typo, formulation and dated-fact rules cost. Prints numbers.

    python benchmarks/bench_wording.py [--repeat 15] [--reports 200]

1. Cold `drafter lint` of bench_lint's 30-page .docx as a new process, with the three rules and with
   them disabled, runs interleaved (the machine's load changes both alike); minimum and median of the
   wall-clock time and of the CPU time the process used (on a shared machine the steadier figure).
   The rules' tables are cached as every rule file is: the first run builds them, it is not timed.
2. In-process lint of N two-page reports, with and without the three rules: CPU time per report.
3. In-process: loading the cached typo table in a fresh process, and the three rules alone on the
   30-page document.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_lint import build_docx, drafter_command  # noqa: E402

from drafter.config import Config  # noqa: E402
from drafter.document.corpus import split_reports  # noqa: E402
from drafter.reader import read  # noqa: E402
from drafter.rules.run import lint_report  # noqa: E402

RULES = ("typo", "formulation", "dated-fact")
WITHOUT = Config(disable=frozenset(RULES))


def _stats(runs: list[float]) -> str:
    return f"最小 {min(runs) * 1000:6.1f} ms，中位 {statistics.median(runs) * 1000:6.1f} ms"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--reports", type=int, default=200)
    args = ap.parse_args()
    cmd = drafter_command()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "30页.docx"
        big.write_bytes(build_docx(30))
        base = [*cmd, "lint", "--fail-on", "never", str(big)]
        subprocess.run(base, check=True, stdout=subprocess.DEVNULL)  # builds the caches
        runs = {(rules, clock): [] for rules in (False, True) for clock in ("wall", "cpu")}
        for _ in range(args.repeat):
            for rules, extra in ((False, ["--disable", ",".join(RULES)]), (True, [])):
                used = resource.getrusage(resource.RUSAGE_CHILDREN)
                t = time.perf_counter()
                subprocess.run(base + extra, check=True, stdout=subprocess.DEVNULL)
                runs[rules, "wall"].append(time.perf_counter() - t)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                runs[rules, "cpu"].append(after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime)
        for clock, name in (("wall", "耗时"), ("cpu", "CPU 时间")):
            without, with_rules = runs[False, clock], runs[True, clock]
            print(f"冷启动 drafter lint 30页 {name}，不含三条规则：{_stats(without)}")
            print(f"冷启动 drafter lint 30页 {name}，含三条规则：  {_stats(with_rules)}")
            print(f"  增加：最小值之差 {(min(with_rules) - min(without)) * 1000:.1f} ms，中位数之差 "
                  f"{(statistics.median(with_rules) - statistics.median(without)) * 1000:.1f} ms（目标 ≤40 ms）")

        probe = ("import time; import drafter.rules.run; from drafter.rules import typo, formulation; "
                 "t = time.process_time(); typo.table(); formulation.load(); print(time.process_time() - t)")
        loads = [float(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                      check=True, cwd=ROOT).stdout) for _ in range(args.repeat)]
        print(f"新进程载入缓存的读音表、词频表和规范表述（CPU 时间）：{_stats(loads)}")

        reports = split_reports(read(big))
        for r in reports:
            lint_report(r)
        alone = []
        for _ in range(args.repeat):
            t = time.process_time()
            for r in reports:
                lint_report(r, WITHOUT)
            a = time.process_time() - t
            t = time.process_time()
            for r in reports:
                lint_report(r)
            alone.append(time.process_time() - t - a)
        print(f"进程内 30页文档上三条规则本身（CPU 时间）：中位 {statistics.median(alone) * 1000:.1f} ms")

        docs = []
        for i in range(args.reports):
            path = Path(tmp) / f"r{i:04d}.docx"
            path.write_bytes(build_docx(2, offset=i))
            docs.extend(split_reports(read(path)))
        per_with, per_without = [], []
        for _ in range(3):
            for per, config in ((per_without, WITHOUT), (per_with, Config())):
                t = time.process_time()
                for r in docs:
                    lint_report(r, config)
                per.append((time.process_time() - t) / len(docs))
        a, b = min(per_without), min(per_with)
        print(f"批量 {len(docs)} 篇两页报告（进程内 CPU 时间，每篇）：不含 {a * 1000:.2f} ms，含 {b * 1000:.2f} ms，"
              f"增加 {(b - a) / a:.0%}（目标 ≤30%）")


if __name__ == "__main__":
    main()
