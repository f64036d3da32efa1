"""Reader and lint speed next to a bare zipfile + lxml parse of the same files. Prints numbers.

    python benchmarks/bench_lint.py [--pages 30] [--reports 500] [--jobs 2] [--repeat 11] [--drafter PATH] [--baseline PATH]

Measured as an installed user runs drafter: the `drafter` of this Python's environment (install the
wheel: `pip install .`), its modules compiled to bytecode first, PYTHONDONTWRITEBYTECODE removed from
the child processes' environment, every rule on. The typo rule builds its table in the cache folder on
first use: the first run uses an empty cache folder and is reported apart; all others share it.

1. A 30-page .docx (seed paragraphs, auto-numbered headings, a table) read in-process by
   drafter.read next to etree.fromstring(zipfile.read('word/document.xml')).
2. Cold `drafter lint` of that file and of a one-page clean draft, each as a new process, next to a
   bare `python -c` process that reads the same document.xml with zipfile + lxml; runs interleaved
   (bare, 30 pages, one page, …), medians of wall-clock and of CPU time (user+sys) and their ratios
   (targets: 30 pages ≤ 3x, one page ≤ 2.5x). --baseline another `drafter` (an older install)
   interleaved with them.
3. A folder of N two-page reports linted with -j (default 2): reports per second, next to the bare
   parse of the same files in one process; then CPU per report in-process, split by stage.
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

from common import drafter_command  # noqa: E402

from drafter import read  # noqa: E402
from drafter.document.corpus import load_reports  # noqa: E402
from tests.clean_reports import CLEAN_REPORTS  # noqa: E402
from tests.docx_factory import DocxBuilder  # noqa: E402
from tests.helpers import build_docx as build_blocks  # noqa: E402

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


def child_env(cache: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["DRAFTER_CACHE_DIR"] = cache
    return env


def run_child(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds user+sys) of one process run to its end."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd} exited {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def compile_installed(cmd: list[str], env: dict) -> str:
    """Compile the installed package to bytecode as pip does on install; where it is."""
    python = cmd[0] if cmd[0] == sys.executable else str(Path(cmd[0]).with_name("python"))
    where = subprocess.run([python, "-c", "import drafter, os; print(os.path.dirname(drafter.__file__))"],
                           capture_output=True, text=True, env=env, check=True, cwd=env["DRAFTER_CACHE_DIR"]).stdout.strip()
    subprocess.run([python, "-m", "compileall", "-q", where], env=env, check=True, stdout=subprocess.DEVNULL)
    return where


def stage_split(files: list[str]) -> dict[str, float]:
    """CPU seconds per stage over the files, in-process (after one warm-up file): the real lint path,
    each stage's function wrapped."""
    import drafter.api
    import drafter.reader
    from drafter.rules import registry, run

    totals: dict[str, float] = {}

    def wrap(owner, name, stage):
        inner = getattr(owner, name)

        def timed_call(*args, **kwargs):
            t = time.process_time()
            try:
                out = inner(*args, **kwargs)
                return list(out) if stage.startswith("rules") else out
            finally:
                totals[stage] = totals.get(stage, 0.0) + time.process_time() - t
        setattr(owner, name, timed_call)

    wrap(drafter.reader, "read", "读取")
    wrap(run, "build_outline", "结构")
    wrap(run, "_pattern_findings", "rules：数据规则")
    for rule in registry.CODE_RULES:
        wrap(rule, "check", f"rules：{rule.id}")
    drafter.api.lint_paths(files[:1])
    totals.clear()
    t = time.process_time()
    drafter.api.lint_paths(files)
    totals["合计"] = time.process_time() - t
    return totals


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("--reports", type=int, default=500)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=11)
    ap.add_argument("--batch-repeat", type=int, default=3, help="runs of the folder per install")
    ap.add_argument("--drafter", help="the drafter executable to measure (default: this environment's)")
    ap.add_argument("--baseline", help="another drafter executable (an older install), measured interleaved")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        cache = str(Path(tmp) / "cache")
        env = child_env(cache)
        os.makedirs(cache)
        cmd = [args.drafter] if args.drafter else drafter_command()
        print(f"drafter：{' '.join(cmd)}（{compile_installed(cmd, env)}，已编译为字节码）")
        commands = {"drafter": cmd}
        if args.baseline:
            compile_installed([args.baseline], env)
            commands["基线"] = [args.baseline]

        big = Path(tmp) / "30页.docx"
        big.write_bytes(build_docx(args.pages))
        page = build_blocks(CLEAN_REPORTS["finance-2025"]).save(Path(tmp) / "一页.docx")
        doc = read(big)
        chars = sum(len(p.text) for p in doc.paragraphs)
        print(f"文档：{args.pages}页目标，{len(doc.paragraphs)}段，{chars}字，{big.stat().st_size / 1024:.0f} KB；"
              f"一页草稿 {sum(len(p.text) for p in read(page).paragraphs)}字")

        t_bare = timed(lambda: bare_parse(str(big)), args.repeat)
        t_read = timed(lambda: read(big), args.repeat)
        print(f"进程内  zipfile+lxml 解析：{t_bare * 1000:7.1f} ms")
        print(f"进程内  drafter.read：      {t_read * 1000:7.1f} ms   ({t_read / t_bare:.1f}x)")

        for name, c in commands.items():
            wall, cpu = run_child([*c, "lint", "--fail-on", "never", str(big)], env)
            print(f"首次运行（{name}，空缓存，含推算 typo 表）：{wall * 1000:.0f} ms，CPU {cpu * 1000:.0f} ms")
        print(f"负载：{os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}（1、5 分钟平均）")
        runs: dict[str, list[tuple[float, float]]] = {}
        cases = [("裸解析 30页", [sys.executable, "-c", BARE_PROCESS, str(big)]),
                 ("裸解析 一页", [sys.executable, "-c", BARE_PROCESS, str(page)])]
        for name, c in commands.items():
            cases += [(f"{name} 30页", [*c, "lint", "--fail-on", "never", str(big)]),
                      (f"{name} 一页", [*c, "lint", "--fail-on", "never", str(page)])]
        for _ in range(args.repeat):
            for label, c in cases:
                runs.setdefault(label, []).append(run_child(c, env))
        med = {label: (statistics.median(w for w, _ in r), statistics.median(c for _, c in r)) for label, r in runs.items()}
        print(f"冷启动（{args.repeat} 轮交替运行的中位数）：        墙钟        CPU(user+sys)")
        for label, (wall, cpu) in med.items():
            print(f"  {label:<16}{wall * 1000:8.1f} ms {cpu * 1000:8.1f} ms")
        for name in commands:
            for size, target in (("30页", 3.0), ("一页", 2.5)):
                wall, cpu = med[f"{name} {size}"]
                bw, bc = med[f"裸解析 {size}"]
                print(f"  {name} {size}：墙钟 {wall / bw:.2f}x，CPU {cpu / bc:.2f}x（目标 ≤{target}x）")
        print(f"负载：{os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")

        folder = Path(tmp) / "reports"
        folder.mkdir()
        for i in range(args.reports):
            (folder / f"r{i:04d}.docx").write_bytes(build_docx(2, offset=i))
        files = sorted(str(p) for p in folder.iterdir())
        t = time.perf_counter()
        for f in files:
            bare_parse(f)
        bare_rate = len(files) / (time.perf_counter() - t)
        batch: dict[str, list[tuple[float, float]]] = {}
        for _ in range(args.batch_repeat):  # the installs alternate: the machine's other load hits both alike
            for name, c in commands.items():
                batch.setdefault(name, []).append(run_child(
                    [*c, "lint", "--fail-on", "never", "-j", str(args.jobs), "--format", "json", str(folder)], env))
        for name, r in batch.items():
            wall, cpu = statistics.median(w for w, _ in r), statistics.median(c for _, c in r)
            print(f"文件夹  {len(files)}篇（{name}，{args.batch_repeat} 次的中位数）：裸解析 {bare_rate:7.1f} 篇/秒；"
                  f"drafter lint -j {args.jobs}：{len(files) / wall:7.1f} 篇/秒（{len(files) / wall / bare_rate:.1%}，目标 ≥12%），"
                  f"CPU {cpu / len(files) * 1000:.1f} ms/篇（含进程启动和各进程的载入）")
        print(f"负载：{os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
        os.environ["DRAFTER_CACHE_DIR"] = cache
        split = stage_split(files)
        total = split.pop("合计")
        rules = {k: v for k, v in split.items() if k.startswith("rules")}
        print(f"每篇 CPU（进程内，{len(files)}篇）：{total / len(files) * 1000:.2f} ms；"
              f"读取 {split.get('读取', 0) / len(files) * 1000:.2f}，结构 {split.get('结构', 0) / len(files) * 1000:.2f}，"
              f"代码规则 {sum(v for k, v in rules.items() if k != 'rules：数据规则') / len(files) * 1000:.2f}，"
              f"数据规则 {rules.get('rules：数据规则', 0) / len(files) * 1000:.2f} ms")
        print("  各代码规则（ms/篇）：" + "，".join(f"{k[6:]} {v / len(files) * 1000:.2f}" for k, v in
                                              sorted(rules.items(), key=lambda kv: -kv[1]) if k != "rules：数据规则" and v / len(files) >= 0.00005))

        probe = ("import sys; from drafter.commands.lint_run import run_lint\n"
                 "run_lint([sys.argv[1]], fail_on='never'); print('jieba' in sys.modules, file=sys.stderr)")
        out = subprocess.run([sys.executable, "-c", probe, str(big)], capture_output=True, text=True, cwd=ROOT, env=env)
        print(f"lint 是否加载 jieba：{out.stderr.strip().splitlines()[-1]}")

if __name__ == "__main__":
    main()
