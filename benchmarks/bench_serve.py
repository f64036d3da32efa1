"""Load on `drafter serve`: lint requests from concurrent clients against a server on loopback. Prints numbers.

    python benchmarks/bench_serve.py [--requests 200] [--clients 8] [--pages 30] [--workers 1] [--jobs N] [--max-seconds 300]

1. Starts `python -m drafter serve` (uvicorn; one process as a user runs it, or --workers N; lints in
   --jobs processes, by default the server's own choice, the CPU count) on a free port of 127.0.0.1
   and waits for its page.
2. Builds a 30-page .docx from seed paragraphs (GB/T 9704: 22 lines of 28 characters a page).
3. One client, sequentially: the latency of a single lint request on an idle server.
4. N requests (default 200) from C concurrent clients (default 8), each POSTing the draft to
   /api/lint: latency p50/p95/p99, throughput, errors (non-200 answers or failed connections), CPU
   per request of the server (its worker processes included) and of the clients.
5. Stops the server.

Every loop is bounded in count and in time (--max-seconds); traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx

from drafter.document.corpus import load_reports
from tests.docx_factory import DocxBuilder

SEED = ROOT / "seeds" / "work-reports-2023-2024.txt"
CHARS_PER_PAGE = 22 * 28
HOST = "127.0.0.1"  # loopback only


def build_draft(pages: int) -> bytes:
    """Seed report bodies strung together under one title until the text fills the pages."""
    reports = load_reports(str(SEED))
    b = DocxBuilder()
    b.numbering(1)
    b.paragraph("区财政局2023年工作总结及2024年工作计划", align="center", font="方正小标宋简体", size_pt=22)
    chars, k = 0, 0
    while chars < pages * CHARS_PER_PAGE:
        for p in reports[k % len(reports)].paragraphs[1:]:
            if p.text.startswith(("一、", "二、", "三、", "四、")):
                b.numbered(p.text[2:], num_id=1, ilvl=0, style="Heading1", font=None, size_pt=None)
            else:
                b.paragraph(p.text)
            chars += len(p.text)
        k += 1
        if k % 3 == 0:
            b.table([["指标", "完成值", "同比"], ["一般公共预算收入", "12.6亿元", "5.2%"]])
    return b.to_bytes()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int, timeout: float = 60, python: str = sys.executable,
                 jobs: int | None = None) -> subprocess.Popen:
    jobs_option = ["--jobs", str(jobs)] if jobs else []  # default: the server's own (the CPU count)
    proc = subprocess.Popen([python, "-m", "drafter", "serve", "--host", HOST, "--port", str(port),
                             "--workers", str(workers), *jobs_option],
                            cwd=tempfile.gettempdir(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # its own drafter
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"drafter serve exited: {proc.stderr.read().decode(errors='replace')}")
        try:
            if httpx.get(f"http://{HOST}:{port}/", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.terminate()
    raise SystemExit("drafter serve did not answer within the time limit")


def stop_server(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process and its living descendants have used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    total = sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                total += cpu_seconds(int(child))
            except OSError:
                pass  # gone meanwhile: its time is in the parent's reaped-children count
    return total


def percentile(values: list[float], q: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def run_load(url: str, data: bytes, requests: int, clients: int, deadline: float):
    """(latencies of the 200 answers, errors, wall time); at most ``requests`` in all, none after the deadline."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    issued = 0

    def take() -> bool:
        nonlocal issued
        with lock:
            if issued >= requests or time.monotonic() > deadline:
                return False
            issued += 1
            return True

    def client() -> None:
        with httpx.Client(base_url=url, timeout=120) as http:
            while take():
                t = time.perf_counter()
                try:
                    r = http.post("/api/lint", files={"files": ("草稿.docx", data)})
                    elapsed = time.perf_counter() - t
                    ok = r.status_code == 200 and r.json()["files"]
                    with lock:
                        (latencies.append(elapsed) if ok else errors.append(f"HTTP {r.status_code}"))
                except (httpx.HTTPError, ValueError, KeyError) as exc:
                    with lock:
                        errors.append(type(exc).__name__)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("--single", type=int, default=10, help="sequential requests on an idle server")
    ap.add_argument("--workers", type=int, default=1, help="drafter serve --workers")
    ap.add_argument("--jobs", type=int, help="drafter serve --jobs (default: the server's, the CPU count)")
    ap.add_argument("--python", default=sys.executable, help="the Python whose drafter serves (another install)")
    ap.add_argument("--max-seconds", type=float, default=300, help="stop issuing requests after this long")
    args = ap.parse_args()

    data = build_draft(args.pages)
    port = free_port()
    url = f"http://{HOST}:{port}"
    print(f"draft: {args.pages} pages, {len(data) / 1024:.0f} KB .docx; server: python -m drafter serve "
          f"--workers {args.workers}{f' --jobs {args.jobs}' if args.jobs else ''} on {url} ({os.cpu_count()} cores)")
    proc = start_server(port, args.workers, python=args.python, jobs=args.jobs)
    try:
        with httpx.Client(base_url=url, timeout=120) as http:
            r = http.post("/api/lint", files={"files": ("草稿.docx", data)})
            r.raise_for_status()
            findings = sum(len(f["findings"]) for f in r.json()["files"])
            print(f"one answer: {len(r.content) / 1024:.0f} KB JSON, {findings} findings")
            single = []
            for _ in range(args.single):
                t = time.perf_counter()
                http.post("/api/lint", files={"files": ("草稿.docx", data)}).raise_for_status()
                single.append(time.perf_counter() - t)
        print(f"1 client, {len(single)} requests: median {statistics.median(single) * 1000:.0f} ms, "
              f"min {min(single) * 1000:.0f} ms")

        deadline = time.monotonic() + args.max_seconds
        server_cpu, client_cpu = cpu_seconds(proc.pid), time.process_time()
        latencies, errors, wall = run_load(url, data, args.requests, args.clients, deadline)
        server_cpu, client_cpu = cpu_seconds(proc.pid) - server_cpu, time.process_time() - client_cpu
        done = len(latencies) + len(errors)
        print(f"{args.clients} clients, {done} requests in {wall:.1f} s: {len(latencies) / wall:.2f} requests/s, "
              f"{len(errors)} errors" + (f" ({', '.join(sorted(set(errors)))})" if errors else ""))
        if done:
            print(f"CPU per request: server {server_cpu / done * 1000:.0f} ms (its worker processes included), "
                  f"clients {client_cpu / done * 1000:.0f} ms; load {os.getloadavg()[0]:.2f}")
        if latencies:
            ms = [x * 1000 for x in latencies]
            print(f"latency ms: p50 {percentile(ms, 50):.0f}  p95 {percentile(ms, 95):.0f}  "
                  f"p99 {percentile(ms, 99):.0f}  max {max(ms):.0f}  mean {statistics.mean(ms):.0f}")
        if done < args.requests:
            print(f"stopped at the time limit ({args.max_seconds:.0f} s) after {done} of {args.requests} requests")
    finally:
        stop_server(proc)


if __name__ == "__main__":
    main()
