"""Cold `drafter new` wall time: a new process per skeleton, as a writer runs it. Prints numbers.

    python benchmarks/bench_new.py [--repeat 10]

Target (issue): at most 0.5 s on this machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import drafter_command


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args()
    cmd = drafter_command()
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("年度工作总结及下年工作计划", "法治政府建设年度报告"):
            runs = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                subprocess.run([*cmd, "new", "--unit", "区财政局", "--year", "2026", "--kind", kind,
                                "-o", str(Path(tmp) / "s.docx"), "--force"], check=True, stdout=subprocess.DEVNULL)
                runs.append(time.perf_counter() - t)
            print(f"drafter new --kind {kind}：中位 {statistics.median(runs) * 1000:.0f} ms，"
                  f"最快 {min(runs) * 1000:.0f} ms，最慢 {max(runs) * 1000:.0f} ms（{args.repeat} 次，目标 ≤500 ms）")


if __name__ == "__main__":
    main()
