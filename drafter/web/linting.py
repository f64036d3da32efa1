"""Where the web app lints uploads: one at a time in this process, or side by side in worker processes.

Linting is CPU-bound Python: threads linting side by side only take turns at the GIL, so each of
them finishes late. With one process, lints run in arrival order, each waiting only for those before
it; with ``processes`` > 1 (``drafter serve --jobs``), that many run at once on as many cores, and a
file that crashes its worker (a parser bug on a hostile file) takes down a worker, not the server.

Kept free of FastAPI: worker processes import this module to run ``lint_upload``.
"""

from __future__ import annotations

import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

_warm_lock = threading.Lock()
_warm_done = False


def warm() -> None:
    """Load the rules and compile their patterns once, so no user waits for it (about 0.2 s)."""
    global _warm_done
    if _warm_done:
        return
    with _warm_lock:
        if _warm_done:
            return
        from drafter.rules.registry import pattern_rules

        for rule in pattern_rules():
            for entry in rule.entries:
                entry.regex  # noqa: B018 - compiled on first use
        _warm_done = True


def lint_results(path: str, year: int | None, plans: tuple | None = None) -> list:
    """The ReportResults of one saved upload; ``plans``: last year's report."""
    from drafter.api import lint

    warm()
    return lint(path, year=year, plan=plans, discover=False)  # no drafter.toml lookup from the temporary folder


def lint_upload(path: str, year: int | None, plans: tuple | None = None) -> list[dict]:
    """The /api/lint entries of one saved upload, one per report, ready for JSON: each result with
    ``kind`` (the format read), ``fixable`` and ``paragraphs`` (the text of those with findings);
    ``path`` and ``upload`` are the caller's to fill in."""
    results = lint_results(path, year, plans)
    report = results[0].outline.report
    paragraphs = {p.index: p for r in results for p in r.outline.report.paragraphs}
    entries = []
    for result in results:
        entry = result.to_json()
        entry["upload"] = None
        entry["kind"] = report.source_format
        used = sorted({f.paragraph for f in result.findings if f.paragraph is not None})
        entry["fixable"] = sum(1 for f in result.findings if f.fix is not None)
        entry["paragraphs"] = {str(i): {"number": paragraphs[i].number, "text": paragraphs[i].text}
                               for i in used if i in paragraphs}
        entries.append(entry)
    return entries


class Linter:
    """Runs lints in turn: in one thread of this process, or in a pool of ``processes`` processes."""

    def __init__(self, processes: int = 1):
        self.processes = processes
        self._lock = threading.Lock()
        self._executor = self._new_executor()

    def _new_executor(self):
        if self.processes <= 1:
            return ThreadPoolExecutor(max_workers=1, thread_name_prefix="drafter-lint")
        import multiprocessing

        # spawned, not forked: the server has threads running, and a fork copies their locks held
        return ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"))

    def run(self, fn, *args):
        """fn(*args) in its turn. When a worker process dies, the pool is replaced and fn tried once more;
        a second death is the caller's error (BrokenProcessPool)."""
        executor = self._executor
        try:
            return executor.submit(fn, *args).result()
        except BrokenProcessPool:
            with self._lock:
                if self._executor is executor:
                    self._executor = self._new_executor()
                executor = self._executor
            return executor.submit(fn, *args).result()

    def start(self) -> None:
        """Start the worker processes and load the rules in each, without waiting for them."""
        for _ in range(self.processes):
            self._executor.submit(warm)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
