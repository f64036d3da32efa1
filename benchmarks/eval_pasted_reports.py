"""Lint the pasted web-page openings and reworded reports in benchmarks/pasted_reports/ (all written for
drafter, none copied from a site) and print, per file, the title, year, parts found and every finding at
warning or above, for judging by hand.

    python benchmarks/eval_pasted_reports.py
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from drafter.lint import lint_file
from drafter.rules.base import severity_rank

FOLDER = Path(__file__).parent / "pasted_reports"


def main() -> None:
    totals: Counter = Counter()
    for path in sorted(FOLDER.glob("*.txt")):
        for result in lint_file(str(path)):
            o = result.outline
            parts = " / ".join(f"{s.heading.display[:14]}:{','.join(s.role_names()) or '-'}" for s in o.sections)
            print(f"== {path.name}\n   标题：{o.title_text or '（无标题）'}  年份：{o.year}（{o.year_source}）"
                  f"  网页行：{sorted(o.furniture)}\n   部分：{parts}")
            for f in result.findings:
                if severity_rank(f.severity) >= severity_rank("warning"):
                    totals[f.rule] += 1
                    print(f"   [{f.severity}] {f.rule} 第{f.paragraph}行：{f.message[:90]}")
    print("total:", dict(totals))


if __name__ == "__main__":
    main()
