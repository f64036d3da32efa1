"""lint: run every enabled rule over each report of a file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from drafter import regex_cache
from drafter.config import Config, config_for
from drafter.datafiles import load_yaml
from drafter.document.corpus import Report, split_reports
from drafter.document.model import TITLE_KIND_PATTERN, Document
from drafter.document.structure import Outline, build_outline
from drafter.paths import data_dir
from drafter.reader import read
from drafter.rules.base import Finding, severity_rank
from drafter.rules.context import Context, LintOptions
from drafter.rules.patterns import index_of
from drafter.rules.registry import CODE_RULES, check_rule_ids, check_thresholds, pattern_rules
from drafter.skeleton.templates import DEFAULT_KIND, required_roles

_IGNORE = regex_cache.compile(r"drafter\s*[:：]\s*ignore\s+([\w\-, ，]+)")
EXCERPT_CONTEXT = 10


@dataclass
class ReportResult:
    path: str
    title: str  # the report's title ("report" in the JSON contract)
    year: int | None
    year_source: str  # where the year came from: "title", "headings", "lead", "option" or ""
    findings: list[Finding] = field(default_factory=list)
    outline: Outline | None = field(default=None, repr=False)

    def to_json(self) -> dict:
        return {"path": self.path, "report": self.title, "year": self.year,
                "findings": [f.to_json() for f in self.findings]}


def _suppressed(report: Report) -> dict[int, set[str]]:
    """paragraph → rule ids silenced there by a Word comment 'drafter: ignore RULE'."""
    out: dict[int, set[str]] = {}
    for p in report.paragraphs:
        for comment in p.comments:
            for m in _IGNORE.finditer(comment):
                out.setdefault(p.index, set()).update(r.strip() for r in re.split(r"[,，\s]+", m.group(1)) if r.strip())
    return out


def _excerpt(text: str, start: int | None, end: int | None) -> tuple[str, tuple[int, int] | None]:
    """The text around [start, end) and where the span lies in it."""
    if start is None:
        return text[: EXCERPT_CONTEXT * 3].strip(), None
    end = max(end or start, start)
    if end - start > EXCERPT_CONTEXT * 4:  # a long span (a whole paragraph): its beginning
        return text[start:start + EXCERPT_CONTEXT * 4] + "……", (0, EXCERPT_CONTEXT * 4)
    a = max(0, start - EXCERPT_CONTEXT)
    b = min(len(text), end + EXCERPT_CONTEXT)
    prefix = "……" if a > 0 else ""
    span = (len(prefix) + start - a, len(prefix) + end - a)
    return prefix + text[a:b] + ("……" if b < len(text) else ""), span


def _pattern_findings(ctx: Context, rules, allow: tuple[str, ...]):
    """Paragraph by paragraph, the entries that may match found once for every rule (the order of
    findings does not matter: the caller sorts them)."""
    index = index_of(rules)
    headings = ctx.outline.headings
    title = {p.index for p in ctx.outline.title}
    for p in ctx.paragraphs():
        if not p.text:
            continue
        is_heading = p.index in headings or p.index in title
        for n, entries in index.candidates(p.text, ctx.pairs(p)).items():
            rule = index.rules[n]
            if (rule.scope == "body" and is_heading) or (rule.scope == "headings" and not is_heading):
                continue
            yield from rule.findings(p.index, p.text, entries, allow)


# a rule that finds by itself what a curated entry of another rule names: the curated one speaks there
DEFERS_TO = {"typo": "wording", "formulation": "wording"}


def _defer(findings: list[Finding]) -> list[Finding]:
    """Drop a finding whose span overlaps one of the rule it defers to, in the same paragraph."""
    curated = [f for f in findings if f.rule in DEFERS_TO.values() and f.start is not None]
    return [f for f in findings
            if f.rule not in DEFERS_TO or f.start is None
            or not any(c.rule == DEFERS_TO[f.rule] and c.paragraph == f.paragraph
                       and c.start < f.end and f.start < c.end for c in curated)]


def _deduplicate(findings: list[Finding]) -> list[Finding]:
    """One finding per rule and span: data and code rules of one family may see the same mark.

    ``findings`` are sorted by paragraph and start, so a span overlaps an earlier one of its rule
    exactly when it starts before the furthest end seen so far.
    """
    out: list[Finding] = []
    furthest: dict[tuple[str, int | None], int] = {}
    messages: set[tuple[str, int | None, str]] = set()
    for f in findings:
        start, end = f.start, f.end
        if start is not None and end is not None and end > start:
            key = (f.rule, f.paragraph)
            reach = furthest.get(key, -1)
            if start < reach:
                continue
            furthest[key] = end if end > reach else reach
            messages.add((f.rule, f.paragraph, f.message))
        else:
            said = (f.rule, f.paragraph, f.message)
            if said in messages:
                continue
            messages.add(said)
        out.append(f)
    return out


@lru_cache(maxsize=1)
def _kinds() -> list[dict]:
    data = load_yaml(data_dir("style_rules") / "sections.yml")
    return [{"kind": k["kind"], "title": regex_cache.compile(k["title"]),
             "text": regex_cache.compile(k["text"]) if k.get("text") else None, "parts": set(k.get("parts", ()))}
            for k in data["kinds"]]


_required_roles = lru_cache(maxsize=None)(required_roles)  # a template is parsed once per process


def report_kind(outline: Outline) -> tuple[str, bool]:
    """The kind of report (see style_rules/sections.yml), and whether its title names it.

    Without a title that names the kind, the lead paragraph and the top-level headings tell it, or
    the parts the report has; that is a guess.
    """
    kinds = _kinds()
    title = outline.title_text
    named = next((k["kind"] for k in kinds if k["title"].search(title)), None)
    if named:
        return named, True
    text = "\n".join([p.text for p in outline.lead[:1]] + [s.heading.text for s in outline.sections])
    present = set(outline.roles_present())
    guessed = next((k["kind"] for k in kinds
                    if (k["text"] and k["text"].search(text)) or (k["parts"] and k["parts"] <= present)), DEFAULT_KIND)
    return guessed, False


_REPORT_WORDS = regex_cache.compile(TITLE_KIND_PATTERN)


def looks_like_report(result: ReportResult) -> bool:
    """A report has headings, or a title naming a year or what it is (总结、计划、报告 …); a plain
    note (会议记录, readme) has neither. A folder scan skips text files that are not reports."""
    outline = result.outline
    if outline is None or outline.sections:
        return True
    return result.year is not None or bool(_REPORT_WORDS.search(outline.title_text))


def lint_report(report: Report, config: Config = Config(), plans: tuple = ()) -> ReportResult:
    """``plans``: last year's report (drafter.document.plan.PlanSource, one or a compilation's) for plan-coverage."""
    outline = build_outline(report, config.year)
    kind, named = (config.kind, True) if config.kind else report_kind(outline)
    options = LintOptions(required_roles=tuple(_required_roles(kind)), kind_named=named, allow=config.allow,
                          thresholds=config.thresholds, plans=plans)
    ctx = Context(outline, options)
    findings: list[Finding] = []
    for rule in CODE_RULES:
        if rule.id not in config.disable:
            findings.extend(rule.check(ctx))
    findings.extend(_pattern_findings(ctx, [r for r in pattern_rules(config.rules_dirs) if r.id not in config.disable],
                                      config.allow))
    silenced = _suppressed(report)
    by_index = {p.index: p for p in report.paragraphs}
    sections: dict[int, str] = {}  # paragraph → its section path: a paragraph often has several findings
    kept = []
    for f in findings:
        at = f.paragraph
        if at is not None:
            if at in silenced and f.rule in silenced[at]:
                continue
            section = sections.get(at)
            if section is None:
                section = sections[at] = outline.section_path(at)
            f.section = section
            f.excerpt, f.excerpt_span = _excerpt(by_index[at].text, f.start, f.end)
        kept.append(f)
    kept.sort(key=lambda f: (f.paragraph or 0, f.start or 0, -severity_rank(f.severity), f.rule))
    return ReportResult(report.path, outline.title_text, outline.year, outline.year_source,
                        _deduplicate(_defer(kept)), outline)


def reports_of(doc: Document) -> list[Report]:
    """The reports of a document read: one, or each report of a compilation."""
    return split_reports(doc)


def checked_config(config: Config) -> Config:
    """A project config whose rule ids and thresholds exist; InputError naming its file otherwise."""
    where = config.source or ""
    if config.disable or config.enable:
        check_rule_ids(config.disable | config.enable, config.rules_dirs, where)
    check_thresholds(config.thresholds, where)
    return config


def lint_document(doc: Document, options: Config = Config(), discover: bool = True,
                  plans: tuple | None = None) -> list[ReportResult]:
    """Lint every report of a document read. ``discover``: with the drafter.toml found upward from
    its file (not for uploads in a temporary folder), under ``options`` (command-line options).
    ``plans``: last year's report already loaded (drafter.document.plan.load_plan); else the configured ``plan``."""
    check_thresholds(options.thresholds, "thresholds")
    config = checked_config(config_for(doc.path)).merged(options) if discover else options
    if options.disable or options.enable:  # the caller's ids: a rule the file's drafter.toml adds counts
        check_rule_ids(options.disable | options.enable, config.rules_dirs)
    if plans is None:
        plans = ()
        if config.plan and "plan-coverage" not in config.disable:
            from drafter.document.plan import load_plan  # only with last year's report: not at lint's start

            plans = load_plan(config.plan)
    return [lint_report(r, config, plans) for r in reports_of(doc)]


def lint_file(path: str, options: Config = Config(), discover: bool = True) -> list[ReportResult]:
    """Lint every report in a file. Raises InputError for a file that cannot be read."""
    return lint_document(read(path), options, discover)
