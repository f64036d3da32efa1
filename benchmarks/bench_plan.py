"""Cost of last year's plan: cold `drafter lint` of one draft with and without `--plan`, and cold
`drafter new --from`, a new process per run as a writer runs them. Prints numbers.

    python benchmarks/bench_plan.py [--repeat 10]

Inputs: the seed's 区科技局 report as last year's report (a .txt cut from the compilation) and the
skeleton `drafter new --from` makes from it as this year's draft.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import drafter_command

SEED = Path(__file__).resolve().parent.parent / "seeds" / "work-reports-2023-2024.txt"


def _timed(cmd: list[str], repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        runs.append(time.perf_counter() - t)
    return runs


def _line(label: str, runs: list[float]) -> str:
    return (f"{label}：中位 {statistics.median(runs) * 1000:.0f} ms，最快 {min(runs) * 1000:.0f} ms，"
            f"最慢 {max(runs) * 1000:.0f} ms（{len(runs)} 次）")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args()
    from drafter.document.corpus import split_reports
    from drafter.reader import read

    cmd = drafter_command()
    report = split_reports(read(SEED))[2]  # 区科技局2023年工作总结及2024年工作计划
    with tempfile.TemporaryDirectory() as tmp:
        last = Path(tmp) / "去年.txt"
        last.write_text("\n".join(p.full_text for p in report.paragraphs) + "\n", encoding="utf-8")
        draft = Path(tmp) / "今年.docx"
        new = [*cmd, "new", "--from", str(last), "-o", str(draft), "--force"]
        print(_line("drafter new --from（去年报告 .txt）", _timed(new, args.repeat)))
        lint = [*cmd, "lint", "--fail-on", "never", str(draft)]
        print(_line("drafter lint 今年草稿", _timed(lint, args.repeat)))
        print(_line("drafter lint --plan 去年报告 今年草稿", _timed([*lint[:2], "--plan", str(last), *lint[2:]],
                                                                 args.repeat)))


if __name__ == "__main__":
    main()
