"""Reader and lint speed next to a bare zipfile + lxml parse of the same files. Prints numbers.

    python benchmarks/bench_lint.py [--pages 30] [--reports 500] [--jobs 2] [--repeat 5]

1. A 30-page .docx (seed paragraphs, auto-numbered headings, a table) read in-process by
   drafter.read next to etree.fromstring(zipfile.read('word/document.xml')).
2. Cold `drafter lint FILE.docx` as a new process, next to a bare `python -c` process that reads
   the same document.xml with zipfile + lxml (the issue's target: at most 3x).
3. A folder of N reports linted with -j at the core count: documents per second, next to the
   bare parse throughput of the same files in one process (target: at least 30% of it).
4. Whether jieba is imported by `drafter lint` (it must not be).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from drafter import read  # noqa: E402
from drafter.document.corpus import load_reports  # noqa: E402
from tests.docx_factory import DocxBuilder  # noqa: E402

SEED = ROOT / "seeds" / "work-reports-2023-2024.txt"
CHARS_PER_PAGE = 22 * 28  # GB/T 9704: 22 lines of 28 characters


def build_docx(pages: int, offset: int = 0) -> bytes:
    """Seed reports strung together until the text fills the pages; headings auto-numbered."""
    reports = load_reports(str(SEED))
    b = DocxBuilder()
    b.numbering(1)
    b.paragraph(f"区财政局{2023 + offset % 3}年工作总结及{2024 + offset % 3}年工作计划", align="center",
                font="方正小标宋简体", size_pt=22)
    chars, k = 0, offset
    while chars < pages * CHARS_PER_PAGE:
        report = reports[k % len(reports)]
        for p in report.paragraphs[1:]:
            text = p.text
            if text.startswith(("一、", "二、", "三、", "四、")):
                b.numbered(text[2:], num_id=1, ilvl=0, style="Heading1", font=None, size_pt=None)
            else:
                b.paragraph(text)
            chars += len(text)
        k += 1
        if k % 3 == 0:
            b.table([["指标", "完成值", "同比"], ["一般公共预算收入", "12.6亿元", "5.2%"]])
    return b.to_bytes()


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def bare_parse(path: str) -> None:
    with zipfile.ZipFile(path) as z:
        etree.fromstring(z.read("word/document.xml"))


BARE_PROCESS = ("import sys, zipfile; from lxml import etree; "
                "etree.fromstring(zipfile.ZipFile(sys.argv[1]).read('word/document.xml'))")


def drafter_command() -> list[str]:
    exe = Path(sys.executable).with_name("drafter")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "drafter"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("--reports", type=int, default=500)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "30页.docx"
        big.write_bytes(build_docx(args.pages))
        doc = read(big)
        chars = sum(len(p.text) for p in doc.paragraphs)
        print(f"文档：{args.pages}页目标，{len(doc.paragraphs)}段，{chars}字，{big.stat().st_size / 1024:.0f} KB")

        t_bare = timed(lambda: bare_parse(str(big)), args.repeat)
        t_read = timed(lambda: read(big), args.repeat)
        print(f"进程内  zipfile+lxml 解析：{t_bare * 1000:7.1f} ms")
        print(f"进程内  drafter.read：      {t_read * 1000:7.1f} ms   ({t_read / t_bare:.1f}x)")

        cmd = drafter_command()
        t_bare_proc = timed(lambda: subprocess.run([sys.executable, "-c", BARE_PROCESS, str(big)], check=True),
                            args.repeat)
        t_lint_proc = timed(lambda: subprocess.run([*cmd, "lint", "--fail-on", "never", str(big)],
                                                   check=True, stdout=subprocess.DEVNULL), args.repeat)
        print(f"冷启动  python -c 裸解析：   {t_bare_proc * 1000:7.1f} ms")
        print(f"冷启动  drafter lint：       {t_lint_proc * 1000:7.1f} ms   ({t_lint_proc / t_bare_proc:.1f}x，目标 ≤3x)")

        folder = Path(tmp) / "reports"
        folder.mkdir()
        for i in range(args.reports):
            (folder / f"r{i:04d}.docx").write_bytes(build_docx(2, offset=i))
        files = sorted(str(p) for p in folder.iterdir())
        t = time.perf_counter()
        for f in files:
            bare_parse(f)
        bare_rate = len(files) / (time.perf_counter() - t)
        t = time.perf_counter()
        subprocess.run([*cmd, "lint", "--fail-on", "never", "-j", str(args.jobs), "--format", "json", str(folder)],
                       check=True, stdout=subprocess.DEVNULL)
        lint_rate = len(files) / (time.perf_counter() - t)
        print(f"文件夹  {len(files)}篇：裸解析 {bare_rate:7.1f} 篇/秒；drafter lint -j {args.jobs}："
              f"{lint_rate:7.1f} 篇/秒（{lint_rate / bare_rate:.0%}，目标 ≥30%）")

        probe = ("import sys, runpy; sys.argv=['drafter','lint','--fail-on','never',sys.argv[1]]\n"
                 "try:\n    runpy.run_module('drafter', run_name='__main__')\nexcept SystemExit:\n    pass\n"
                 "print('jieba' in sys.modules, file=sys.stderr)")
        out = subprocess.run([sys.executable, "-c", probe, str(big)], capture_output=True, text=True, cwd=ROOT)
        print(f"lint 是否加载 jieba：{out.stderr.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
