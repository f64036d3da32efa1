"""The Python API: what the commands (drafter/commands/) and the web page (drafter/web/) call.

Ordinary values in (a path, a list of names, a dict), plain dataclasses out whose ``to_json()``
is the JSON the commands print. A file that cannot be read raises ``InputError`` (``str(err)``
is the one-line Chinese message: file and reason).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from drafter.document.model import Document
from drafter.errors import InputError

# the parts the templates give prompts, and how few mined prompts make a part use the fallback phrases
HINT_ROLES = ("summary", "highlights", "problems", "plan")
MIN_HINTS = 2


def _source(source) -> tuple[str, bytes | None]:
    """(path, bytes already read): a path, or a binary file object (an upload, ``open(..., "rb")``,
    ``io.BytesIO``) whose ``name``, when it has one, tells the format; without one, a zip is a .docx."""
    from drafter.reader import SUFFIXES

    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source), None
    data = source.read()
    if isinstance(data, str):
        raise InputError(str(getattr(source, "name", "<文件>")), "请以二进制方式打开文件（open(路径, \"rb\")）")
    name = getattr(source, "name", None)
    if not isinstance(name, str) or not name.lower().endswith(SUFFIXES):
        name = "<文件>.docx" if data[:2] == b"PK" else "<文件>.txt"
    return name, data


def read(source) -> Document:
    """The paragraphs of a file (a path or a binary file object) with their locations (see drafter.document.model)."""
    from drafter.reader import read as read_file

    path, data = _source(source)
    return read_file(path, data)


def outline(source, year: int | None = None) -> list:
    """One ``Outline`` per report in the file (a compilation holds several); ``to_json()`` as ``drafter outline``."""
    from drafter.document.structure import build_outline
    from drafter.rules.run import reports_of

    return [build_outline(r, year) for r in reports_of(read(source))]


# ---- lint ----------------------------------------------------------------------------------------


def names(value) -> frozenset[str]:
    """Rule ids given as a list, a set, or one string “a,b”/“a，b”."""
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [value]
    return frozenset(v.strip() for raw in value for v in str(raw).replace("，", ",").split(",") if v.strip())


def config_of(disable=(), enable=(), allow=(), rules=(), year: int | None = None, kind: str | None = None,
              thresholds: dict | None = None):
    """The ``Config`` these options make. A rule folder that is missing, or holds a broken rule file,
    raises InputError here; rule ids are checked when a file's own drafter.toml is known (``lint``)."""
    from drafter.config import Config
    from drafter.rules.registry import check_rule_ids

    folders = [rules] if isinstance(rules, (str, os.PathLike)) else list(rules or ())
    rules_dirs = tuple(str(Path(r).resolve()) for r in folders)
    for folder in rules_dirs:
        if not Path(folder).is_dir():
            raise InputError(folder, "规则文件夹不存在")
    check_rule_ids((), rules_dirs)  # loads the rule files
    allowed = (allow,) if isinstance(allow, str) else tuple(allow or ())
    return Config(disable=names(disable), enable=names(enable), allow=allowed, rules_dirs=rules_dirs, year=year, kind=kind,
                  thresholds=dict(thresholds or {}))


def lint(source, *, disable=(), enable=(), allow=(), rules=(), year: int | None = None,
         kind: str | None = None, thresholds: dict | None = None, plan=None, min_severity: str = "info",
         discover: bool = True) -> list:
    """Lint results (``ReportResult``), one per report in the file.

    ``disable``/``enable``: rule ids (a list, a set or “a,b”); ``allow``: terms never flagged;
    ``rules``: folders of extra rule files; ``year``, ``kind`` (report kind); ``thresholds``:
    ``{"readability": {"max_sentence_chars": 150}}``; ``plan``: last year's report (a path, a binary
    file object, or ``load_plan``'s result), each of whose plan items this year's summary does not
    account for is a plan-coverage warning; ``min_severity``: info, warning or error;
    ``discover``: apply the drafter.toml found upward from the file (a path, not a file object).
    """
    path, data = _source(source)
    options = config_of(disable, enable, allow, rules, year, kind, thresholds)
    return _lint_read(path, data, options, min_severity, discover=discover and data is None, plans=_plans(plan))


def _lint_read(path: str, data: bytes | None, options, min_severity: str = "info", discover: bool = True,
               plans: tuple | None = None) -> list:
    """Read (or take the bytes already read), split into reports, lint."""
    from drafter.reader import read as read_file

    return _lint_document(read_file(path, data), options, min_severity, discover, plans)


def _lint_document(doc: Document, options, min_severity: str, discover: bool = True, plans: tuple | None = None) -> list:
    """A document read, split into reports and linted: the one assembly of the two."""
    from drafter.rules.run import lint_document

    return _at_least(lint_document(doc, options, discover=discover, plans=plans), min_severity)


def _at_least(results: list, min_severity: str) -> list:
    from drafter.rules.base import SEVERITIES, severity_rank

    if min_severity not in SEVERITIES:
        raise InputError("min_severity", f"应为 {'、'.join(SEVERITIES)} 之一")
    bar = severity_rank(min_severity)
    for r in results:
        r.findings = [f for f in r.findings if severity_rank(f.severity) >= bar]
    return results


@dataclass
class Annotated:
    path: str
    output: str  # the annotated copy
    comments: int

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class FileLint:
    """One file of a ``lint_paths`` run: its reports' results, or why it could not be read; with
    ``annotate``, its annotated copy or why none was written."""

    path: str
    results: list = field(default_factory=list)
    error: str | None = None
    copy: Annotated | None = None
    copy_error: dict | None = None  # {"path", "message"}
    report_like: bool = True  # a text file with a title or headings (a folder's other text files are skipped)
    counts: dict[str, int] = field(default_factory=dict)  # severity → findings of all its reports
    # with ``lint_paths(as_json=True)``: each report's item of the JSON document's "files", as compact JSON in
    # UTF-8 made where the file was linted, instead of ``results`` (bytes: sent back and written out as they are)
    json_items: list[bytes] | None = None

    def encoded_items(self) -> list[bytes]:
        """Each report's item of the JSON document's "files", as compact JSON in UTF-8."""
        from drafter.outputs.report import compact_result_json

        if self.json_items is not None:
            return self.json_items
        return [compact_result_json(r).encode() for r in self.results]


@dataclass
class LintRun:
    """``lint_paths``: every file in order, and the paths that could not even be listed (an empty folder)."""

    files: list[FileLint]
    errors: list[dict] = field(default_factory=list)  # {"path", "message"}: folders that cannot be listed
    copy_errors: list[dict] = field(default_factory=list)  # annotated copies that cannot be written
    skipped: list[dict] = field(default_factory=list)  # {"path", "message"}: a folder's text files that are no reports

    @property
    def results(self) -> list:
        return [r for f in self.files for r in f.results]

    def all_errors(self) -> list[dict]:
        """Folders, unreadable files, then copies not written: as ``drafter lint`` lists them."""
        return (self.errors + [{"path": f.path, "message": f.error} for f in self.files if f.error]
                + self.copy_errors + [f.copy_error for f in self.files if f.copy_error])

    def to_json(self) -> dict:
        """The JSON document of ``drafter lint --format json`` (README, “JSON”)."""
        return self._document([r.to_json() for r in self.results])

    def json_bytes(self) -> bytes:
        """The same document as compact JSON in UTF-8, also from files linted ``as_json``."""
        return b"".join(self.json_pieces())

    def json_pieces(self) -> list[bytes]:
        """json_bytes in pieces, to be written out one after the other: a folder's document is megabytes,
        never copied into one more string."""
        from drafter.outputs.report import compact_json

        # the items are JSON already: spliced into the empty list of the document's own encoding (its first
        # "files":[], the one before "errors", whose texts cannot hold it unescaped)
        head, tail = compact_json(self._document([])).encode().split(b'"files":[]', 1)
        pieces = [head, b'"files":[']
        for item in (item for f in self.files for item in f.encoded_items()):
            pieces += (item, b",")
        if len(pieces) > 2:
            pieces.pop()  # the comma after the last item
        return pieces + [b"]", tail]

    def _document(self, files: list) -> dict:
        from drafter.outputs.report import JSON_VERSION

        document = {"version": JSON_VERSION, "files": files, "errors": self.all_errors()}
        if self.skipped:
            document["skipped"] = self.skipped
        return document


NOT_A_REPORT = "不像工作报告（没有报告标题，也没有“一、”等各级标题），未检查；要检查它请直接写出文件名"


def lint_paths(paths, *, jobs: int = 1, min_severity: str = "info", annotate: bool = False,
               output: str | os.PathLike | None = None, force: bool = False, plan=None, as_json: bool = False,
               **options) -> LintRun:
    """Lint files and folders (folders: their drafts, see ``drafter.document.corpus.report_files``), ``jobs``
    files at a time; an unreadable file is recorded in the run and the others are still linted, a
    folder's text file that does not look like a report (a note, a readme) in ``skipped``.
    ``annotate``: also write each .docx's annotated copy (``output``: its name, for one file only),
    from the same read. ``plan`` and the other options as for ``lint``; a plan that cannot be read,
    or has no plan part, stops the run before any draft (InputError). ``as_json``: each file's results
    as JSON (``FileLint.json_items``, for ``LintRun.json_bytes``), made where the file is linted: with
    ``jobs`` above 1 it comes back from the worker at a fraction of what its objects cost."""
    from drafter.config import config_for
    from drafter.document.corpus import report_files
    from drafter.rules.registry import check_rule_ids

    config = config_of(**options)
    _at_least([], min_severity)  # a wrong level stops the run before it starts
    plans = _plans(plan)  # read once for every draft
    found: list[str] = []
    scanned: set[str] = set()  # found in a folder, not named by the caller
    errors: list[dict] = []
    for p in [paths] if isinstance(paths, (str, os.PathLike)) else paths:
        try:
            listed = report_files([p])
        except InputError as exc:
            errors.append({"path": exc.path, "message": exc.reason})
            continue
        found.extend(listed)
        if Path(p).is_dir():
            scanned.update(listed)
    if config.disable or config.enable:  # once for the run: the rules of every file's drafter.toml count
        folders: set[str] = set()
        for f in found:
            try:
                folders.update(config_for(f).rules_dirs)
            except InputError:
                pass  # a broken drafter.toml: that file's own error
        check_rule_ids(config.disable | config.enable, config.rules_dirs + tuple(sorted(folders - set(config.rules_dirs))))
    copy_errors: list[dict] = []
    copies = None
    if annotate or output is not None:
        if output is not None and len(found) != 1:
            copy_errors.append({"path": os.fspath(output), "message": "-o/--output 只能在检查单个文件时使用"})
        else:
            copies = (None if output is None else os.fspath(output), force)
    from drafter.reader.convert import batch

    with batch(found):  # older office files: one LibreOffice run for all, for lint and the copies
        files = _run(found, config, min_severity, copies, jobs, plans, as_json)
    skip = [f.path in scanned and _not_a_report(f) for f in files]
    return LintRun([f for f, s in zip(files, skip) if not s], errors, copy_errors,
                   [{"path": f.path, "message": NOT_A_REPORT} for f, s in zip(files, skip) if s])


def _not_a_report(file: FileLint) -> bool:
    from drafter.reader import DOCX_SUFFIXES

    return not file.error and not file.path.lower().endswith(DOCX_SUFFIXES) and not file.report_like


# files a worker reads before it lints the first of them: the reader's code and the rules' code then each
# stay in the processor's caches over several files instead of taking turns (about 0.5 ms a two-page report;
# 16 files, not 8: another 0.2 ms)
READ_AHEAD = 16


def _lint_files(paths: list[str], config, min_severity: str, copies: tuple[str | None, bool] | None,
                plans: tuple | None = None, keep_outline: bool = True, as_json: bool = False) -> list[FileLint]:
    """Worker: files each read once (all of them before the first is linted), linted and, with
    ``copies`` (output, force), annotated; ``as_json``: the results as JSON text (lint_paths).

    ``keep_outline=False`` (another process): the results without their outlines, which would be
    pickled back for nothing (about 60% of a result's bytes)."""
    opened = [_open(path, copies) for path in paths]
    return [_lint_opened(path, *read, config, min_severity, copies, plans, keep_outline, as_json)
            for path, read in zip(paths, opened)]


def _open(path: str, copies) -> tuple:
    """(the document or the InputError that stopped its reading, the file's bytes when its annotated
    copy is made from them, whether a copy is made)."""
    from drafter.reader import DOCX_SUFFIXES, read, read_bytes
    from drafter.reader.convert import needs_conversion

    converted = needs_conversion(path)  # annotated as the .docx LibreOffice makes of it
    annotating = copies is not None and (path.lower().endswith(DOCX_SUFFIXES) or converted)
    try:
        source = read_bytes(path) if annotating and not converted else None
        return read(path, source), source, annotating
    except InputError as exc:
        return exc, None, annotating


def _lint_opened(path: str, doc, source: bytes | None, annotating: bool, config, min_severity: str, copies,
                 plans: tuple | None, keep_outline: bool, as_json: bool) -> FileLint:
    from drafter.reader.convert import as_docx
    from drafter.rules.run import looks_like_report

    if isinstance(doc, InputError):
        return FileLint(doc.path, error=doc.reason)
    try:
        done = FileLint(path, _lint_document(doc, config, min_severity, plans=plans))
    except InputError as exc:
        return FileLint(exc.path, error=exc.reason)
    done.report_like = any(looks_like_report(r) for r in done.results)
    if annotating:
        from drafter.outputs.annotate import annotate_docx, default_output

        try:
            with as_docx(path) as docx:
                target, count = annotate_docx(docx, done.results, copies[0] or default_output(path), copies[1],
                                              source)
            done.copy = Annotated(path, str(target), count)
        except InputError as exc:
            done.copy_error = {"path": exc.path, "message": exc.reason}
    done.counts = dict(Counter(f.severity for r in done.results for f in r.findings))
    if as_json:
        done.json_items = done.encoded_items()
        done.results = []
    elif not keep_outline:
        for r in done.results:
            r.outline = None
    return done


def _run(files: list[str], config, min_severity: str, copies, jobs: int, plans: tuple | None,
         as_json: bool) -> list[FileLint]:
    if jobs <= 1 or len(files) <= 1:
        return [done for i in range(0, len(files), READ_AHEAD)
                for done in _lint_files(files[i:i + READ_AHEAD], config, min_severity, copies, plans, as_json=as_json)]
    from concurrent.futures import ProcessPoolExecutor

    batches = _shares(files, jobs)
    n = len(batches)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        linted = pool.map(_lint_files, batches, [config] * n, [min_severity] * n, [copies] * n, [plans] * n,
                          [False] * n, [as_json] * n)
        return [done for batch in linted for done in batch]


def _shares(files: list[str], jobs: int) -> list[list[str]]:
    """The files in batches for ``jobs`` workers, one batch a task: READ_AHEAD files, then, toward the end,
    a quarter of a worker's share of what is left (so that every worker gets files, however few there are,
    and the workers finish within a file or two of each other, not a whole batch: a task's round trip is
    ~0.1 ms)."""
    batches = []
    at = 0
    while at < len(files):
        size = max(1, min(READ_AHEAD, -(-(len(files) - at) // (4 * jobs))))
        batches.append(files[at:at + size])
        at += size
    return batches


# ---- last year's plan ------------------------------------------------------------------------------


def load_plan(source, *, name: str | None = None) -> tuple:
    """Last year's report as the plans ``lint(plan=…)`` compares drafts with (``drafter.document.plan.PlanSource``:
    one, or one per report of a compilation), to read it once for many drafts. ``source``: a path or a
    binary file object; ``name``: the file name findings cite (an upload's own name). InputError when
    the file cannot be read or a report of it has no plan part."""
    from dataclasses import replace

    from drafter.document.plan import load_plan as load

    path, data = _source(source)
    sources = load(path, data)
    return tuple(replace(s, path=name) for s in sources) if name else sources


def _plans(plan) -> tuple | None:
    """``plan`` as given to ``lint``: None when none was, the plans themselves when already loaded."""
    if plan is None or isinstance(plan, tuple):
        return plan
    return load_plan(plan)


def plan_items(source, report: int | None = None) -> list:
    """Last year's plan items (``drafter.document.plan.PlanItem``: text, measure, paragraph, start, end, section)
    of a report (a path or a binary file object); ``report`` picks one of a compilation (from 1).
    InputError when it has no plan part."""
    from drafter.document.plan import pick_report, plan_source, read_reports

    path, data = _source(source)
    return list(plan_source(pick_report(read_reports(path, data), report, path)).items)


# ---- the copies: fixes and comments ---------------------------------------------------------------


def fix(path: str | os.PathLike, output: str | os.PathLike | None = None, *, rules=None, dry_run: bool = False,
        force: bool = False, discover: bool = True, all_suggestions: bool = False):
    """Apply the safe fixes to a copy (``{stem}.修改.docx`` by default); returns a ``FixResult``.

    ``rules``: only these rules' fixes (ids as for ``lint``). ``all_suggestions``: in a .docx also
    the replacements the rules are not sure of, as tracked changes to review. The input is never modified.
    """
    from drafter.outputs.fix import fix_file
    from drafter.rules.registry import check_rule_ids

    wanted = names(rules) if rules is not None else None
    if wanted:
        check_rule_ids(wanted)
    return fix_file(os.fspath(path), output, wanted or None, dry_run=dry_run, force=force, discover=discover,
                    all_suggestions=all_suggestions)


def annotate(path: str | os.PathLike, output: str | os.PathLike | None = None, *, force: bool = False,
             results: list | None = None, **options) -> Annotated:
    """Write a copy of a .docx with every finding as a Word comment (``{stem}.批注.docx`` by default).

    ``results``: ``lint``'s results for the file when already at hand; otherwise the file is linted
    with ``options`` (read once for both).
    """
    from drafter.outputs.annotate import annotate_docx, default_output
    from drafter.reader import read_bytes
    from drafter.reader.convert import as_docx, batch

    path = os.fspath(path)
    # a .doc/.wps/.odt/.rtf: converted once, linted and annotated as the .docx LibreOffice makes of it
    with batch([path]), as_docx(path) as docx:
        source = read_bytes(docx)
        if results is None:
            min_severity = options.pop("min_severity", "info")
            results = _lint_read(path, source if docx == path else None, config_of(**options), min_severity)
        target, count = annotate_docx(docx, results, output or default_output(path), force, source)
    return Annotated(path, str(target), count)


# ---- new: the skeleton ----------------------------------------------------------------------------


@dataclass
class Skeleton:
    """A report skeleton: the .docx bytes and the file name they go by."""

    name: str
    data: bytes = field(repr=False)
    sources: tuple[str, ...] = ()  # the files it was made from: never written over

    def save(self, output: str | os.PathLike | None = None, force: bool = False) -> Path:
        """Write atomically: to ``output`` (a file, or a folder for the default name), else ``name`` here."""
        from drafter.outputs.atomic import write_atomic
        from drafter.skeleton.builder import skeleton_target

        return write_atomic(skeleton_target(output, self.name), self.data, force, sources=self.sources)


def skeleton_hints(year: int | None = None, kind: str | None = None) -> dict[str, list[str]]:
    """The set phrases a kind's skeleton shows per part. A kind with phrases written for it in
    phrases-fallback.yml (the corpus holds no reports of it: 法治政府建设年度报告) gets those; the
    others get the phrases mined from the corpus (the bundled profile), a part with too little
    mined (highlights: one seed report has it) the general fallback."""
    from drafter.skeleton import DEFAULT_KIND, fallback_hints
    from drafter.skeleton.templates import HINT_PHRASES, has_written_hints

    kind = kind or DEFAULT_KIND
    if has_written_hints(kind):
        return fallback_hints(kind)
    from drafter.mining.profile import hints_for

    out = fallback_hints()
    for role in HINT_ROLES:
        mined = hints_for(role, HINT_PHRASES, year=year)
        if len(mined) >= MIN_HINTS:
            out[role] = mined
    return out


def new(unit: str, year: int, kind: str | None = None, *, hints: bool = True,
        reference_docx: str | os.PathLike | None = None, seal: bool = False) -> Skeleton:
    """The GB/T 9704 skeleton of a report (``kind``: a name from ``kinds()``; None for the default);
    ``seal``: the 落款 laid out for a seal (GB/T 9704 7.3.5.1), else without one (7.3.5.2)."""
    from drafter.skeleton import DEFAULT_KIND, build_skeleton, default_output_name

    kind = kind or DEFAULT_KIND
    data = build_skeleton(unit, year, kind, skeleton_hints(year, kind) if hints else None,
                          os.fspath(reference_docx) if reference_docx else None, seal)
    return Skeleton(default_output_name(unit, year, kind), data, _paths(reference_docx))


def new_from(source: str | os.PathLike, report: int | None = None, *, unit: str | None = None,
             kind: str | None = None, hints: bool = True,
             reference_docx: str | os.PathLike | None = None, seal: bool = False) -> Skeleton:
    """Next year's skeleton from last year's report (``report``: one of a compilation, from 1): its plan
    items become the summary's headings, each with a prompt quoting the planned measure; the unit
    (``unit`` renames it), kind (``kind`` another) and, of a .docx, the layout are kept; ``seal`` as
    for ``new``. The name is the new title."""
    from drafter.skeleton import build_next_year

    data, name = build_next_year(os.fspath(source), report, unit=unit, kind=kind,
                                 hints=skeleton_hints if hints else None,
                                 reference_docx=os.fspath(reference_docx) if reference_docx else None, seal=seal)
    return Skeleton(name, data, _paths(source, reference_docx))


def _paths(*sources) -> tuple[str, ...]:
    """The given input files as paths (file objects and None are not files to protect)."""
    return tuple(os.fspath(s) for s in sources if isinstance(s, (str, os.PathLike)))


def kinds() -> list[dict]:
    """The report kinds, the default first: ``{"name", "description", "required"}`` each."""
    from drafter.skeleton import list_kinds

    return list_kinds()


# ---- mining and phrases ---------------------------------------------------------------------------


def mine(paths, *, output: str | os.PathLike | None = None, force: bool = False, jobs: int = 1,
         progress: bool = False, on_error=None):
    """Mine the reports under ``paths`` (files and folders) into a style ``Profile``; with ``output``,
    also save it there (never over one of the inputs; over another file only with ``force``).

    ``on_error(InputError)``: called for each unreadable file, which is skipped; without it the first stops.
    """
    from drafter.document.corpus import report_files
    from drafter.mining.miner import mine as run
    from drafter.outputs.atomic import check_output

    paths = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    if output is not None:
        inputs = report_files(paths) if Path(output).exists() else []
        check_output(Path(output), force, sources=inputs)
    profile = run(paths, jobs=jobs, progress=progress, on_error=on_error)
    if output is not None:
        profile.save(output)
    return profile


def phrases(section: str = "all", *, top: int | None = 20, min_docs: int | None = None,
            contains: str | None = None, profile: str | os.PathLike | None = None) -> list:
    """The common phrasing of a part (lead, summary, highlights, problems, plan, or all), from a profile
    file or the bundled profile, as a writer reads it (``mining.profile.Entry``: uses and reports in
    the part, share, fillers of a frame, an example; curated stock phrases after the mined ones while
    the part has few reports). ``min_docs`` None: what keeps chance out on that profile."""
    from drafter.mining.profile import listing, load_profile

    return listing(load_profile(profile), section, min_docs=min_docs, contains=contains, top=top)


# ---- rules ----------------------------------------------------------------------------------------


def rule_list(rules=()) -> list:
    """Every rule (``RuleInfo``: id, name, severity, description, rationale, source, examples), with the
    rule files of the ``rules`` folders."""
    from drafter.rules.registry import rule_infos

    folders = [rules] if isinstance(rules, (str, os.PathLike)) else list(rules or ())
    return rule_infos(tuple(str(Path(r).resolve()) for r in folders))
