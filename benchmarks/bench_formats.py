"""Reading other formats: LibreOffice conversion throughput and PDF extraction quality. Prints numbers.

    python benchmarks/bench_formats.py [--files 50]

1. A folder of ``--files`` .doc files (the seed corpus's 11 reports written as GB/T 9704 .docx and
   converted to .doc by LibreOffice, copied round to the count): files per second converting them
   in one LibreOffice run (what ``drafter lint``/``mine`` do), against one LibreOffice process per
   file (timed on the first 10), and ``drafter mine`` over the folder end to end.
2. The 11 reports as PDF (LibreOffice): paragraphs recovered / expected, characters in order, and
   time, for pdfminer.six (drafter's reader) and pypdf (``pip install pypdf`` to compare; its text
   with positions goes through the same line joining and furniture dropping).
"""

from __future__ import annotations

import argparse
import difflib
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import drafter_command  # noqa: E402

from drafter.reader import convert, read  # noqa: E402
from drafter.reader.lines import clean_line  # noqa: E402
from drafter.reader.pdf import Line, drop_furniture, paragraphs_from_lines  # noqa: E402
from tests.formats_factory import seed_reports, write_docx  # noqa: E402


def soffice_to(files: list[Path], to: str, folder: Path) -> list[Path]:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([convert.soffice(), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                        "--convert-to", to, "--outdir", str(folder), *map(str, files)],
                       check=True, capture_output=True, timeout=600)
    return [folder / f"{f.stem}.{to}" for f in files]


def bench_conversion(work: Path, docx: list[Path], count: int) -> None:
    made = soffice_to(docx, "doc", work / "made")
    folder = work / "doc"
    folder.mkdir()
    files = []
    for n in range(count):
        target = folder / f"{n + 1:03d}-{made[n % len(made)].name}"
        shutil.copyfile(made[n % len(made)], target)
        files.append(str(target))
    with tempfile.TemporaryDirectory() as out:
        t, cpu = time.perf_counter(), _children_cpu()
        results = convert.convert_all(files, Path(out))
        one_run, one_cpu = time.perf_counter() - t, _children_cpu() - cpu
    ok = sum(isinstance(r, str) for r in results.values())
    print(f"{count} 个 .doc，一次 LibreOffice 运行：{one_run:.2f} s，{count / one_run:.1f} 个/秒"
          f"（LibreOffice 用 CPU {one_cpu:.2f} s；成功 {ok}）")
    sample = files[:10]
    t, cpu = time.perf_counter(), _children_cpu()
    for f in sample:
        with tempfile.TemporaryDirectory() as out:
            convert.convert_all([f], Path(out))
    each, each_cpu = (time.perf_counter() - t) / len(sample), (_children_cpu() - cpu) / len(sample)
    print(f"每个文件启动一次 LibreOffice：{each:.2f} s/个，{1 / each:.1f} 个/秒（CPU {each_cpu:.2f} s/个；前 {len(sample)} 个）")
    cmd = drafter_command()
    t = time.perf_counter()
    subprocess.run([*cmd, "mine", str(folder), "-o", str(work / "profile.json")], check=True, capture_output=True)
    print(f"drafter mine {count} 个 .doc（含转换）：{time.perf_counter() - t:.2f} s")


def _children_cpu() -> float:
    """CPU seconds of finished child processes: comparable on a machine others are loading."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def pypdf_lines(path: Path) -> list[Line]:
    """pypdf's text pieces with their positions, as lines (widths estimated: a Chinese character is
    its font size wide, others half): the same input the pdfminer reader gives the line joining."""
    from pypdf import PdfReader

    lines: list[Line] = []
    for number, page in enumerate(PdfReader(str(path)).pages, 1):
        height = float(page.mediabox.height)
        pieces: list[tuple[float, float, float, str]] = []

        def visit(text, cm, tm, font, size, pieces=pieces):
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            pieces.append((round(y, 1), x, size * scale, text.replace("\n", "")))

        page.extract_text(visitor_text=visit)
        rows: dict[float, list] = {}
        for y, x, size, text in pieces:
            rows.setdefault(y, []).append((x, size, text))
        for y in sorted(rows, reverse=True):
            row = sorted(rows[y])
            size = max(s for _, s, _ in row)
            text = clean_line("".join(t for _, _, t in row))
            width = sum(size if ord(c) > 0x2E7F else size / 2 for c in text)
            x0 = row[0][0]
            lines.append(Line(number, x0, x0 + width, y + size, y, size, text, height))
    return lines


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def score(name: str, paragraphs_of, pdfs: list[Path], reports: list[list[str]]) -> None:
    expected = recovered = 0
    ratios = []
    t = time.perf_counter()
    outputs = [paragraphs_of(p) for p in pdfs]
    elapsed = time.perf_counter() - t
    for got, report in zip(outputs, reports):
        found = {_squeezed(g) for g in got}
        expected += len(report)
        recovered += sum(_squeezed(r) in found for r in report)
        ratios.append(difflib.SequenceMatcher(None, _squeezed("".join(report)), _squeezed("".join(got)),
                                              autojunk=False).ratio())
    pages = sum(len(re.findall(rb"/Type\s*/Page[^s]", p.read_bytes())) for p in pdfs)
    print(f"{name}：段落 {recovered}/{expected}（{recovered / expected:.1%}），文字顺序一致度 "
          f"{sum(ratios) / len(ratios):.2%}，{elapsed:.2f} s / {pages} 页（{elapsed / pages * 1000:.0f} ms/页）")


def bench_pdf(work: Path, docx: list[Path], reports: list[list[str]]) -> None:
    pdfs = soffice_to(docx, "pdf", work / "pdf")
    score("pdfminer.six（drafter）", lambda p: [x.text for x in read(p).paragraphs], pdfs, reports)
    try:
        import pypdf  # noqa: F401
    except ImportError:
        print("pypdf 未安装：pip install pypdf 后可比较")
        return
    score("pypdf + 同样的接行", lambda p: paragraphs_from_lines(drop_furniture(pypdf_lines(p))), pdfs, reports)
    score("pypdf extract_text 原样（每行一段）", lambda p: [ln for pg in __import__("pypdf").PdfReader(str(p)).pages
                                                  for ln in pg.extract_text().split("\n")], pdfs, reports)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=50)
    args = ap.parse_args()
    if convert.soffice() is None:
        sys.exit("需要 LibreOffice（soffice）")
    reports = seed_reports()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "docx").mkdir()
        docx = [write_docx(r, work / "docx" / f"{i:02d}.docx") for i, r in enumerate(reports, 1)]
        bench_conversion(work, docx, args.files)
        bench_pdf(work, docx, reports)


if __name__ == "__main__":
    main()
