"""Every finding of the seed and of the test and evaluation corpora, every rule on, at info level.

tests/test_match_identity.py compares them with tests/data/findings.json, saved before the speed work
of issue 18: a faster matcher must find exactly the same things. Regenerate (only when a rule is meant
to change what it finds) with

    python -m tests.match_identity > tests/data/findings.json
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from eval_texts import EVAL_REPORTS  # noqa: E402

import drafter  # noqa: E402
from drafter.document.corpus import (
    load_reports,  # noqa: E402
    report_from_text,  # noqa: E402
)
from drafter.document.plan import plan_source  # noqa: E402
from drafter.rules import formulation  # noqa: E402
from drafter.rules.context import Example  # noqa: E402
from drafter.rules.registry import CODE_RULES, pattern_rules  # noqa: E402
from drafter.rules.run import lint_report  # noqa: E402
from tests.clean_reports import CLEAN_REPORTS  # noqa: E402
from tests.docx_factory import DocxBuilder  # noqa: E402
from tests.helpers import build_docx  # noqa: E402
from tests.plan_pairs import PAIRS  # noqa: E402

SEED = ROOT / "seeds" / "work-reports-2023-2024.txt"
PASTED = ROOT / "benchmarks" / "pasted_reports"
# homophone slips (correct → slip), every third occurrence in the evaluation reports: typo findings
SLIPS = {"门": "们", "提": "题", "报": "抱", "设": "社", "管": "馆", "展": "站", "训": "讯", "织": "知"}
CARRIER = "县水利局2024年工作总结\n全年工作中，我们始终坚持{}，推动各项任务落实落地。"


def _findings(results) -> list:
    """The results as JSON, the temporary folder cut from the paths."""
    return [{**r.to_json(), "path": Path(r.path).name} for r in results]


def _seed_docx(report) -> bytes:
    """One seed report as .docx: its 一、二、 headings auto-numbered, a table after the lead."""
    b = DocxBuilder()
    b.numbering(1)
    b.paragraph(report.paragraphs[0].text, align="center", font="方正小标宋简体", size_pt=22)
    for k, p in enumerate(report.paragraphs[1:]):
        if p.text.startswith(("一、", "二、", "三、", "四、")):
            b.numbered(p.text[2:], num_id=1, ilvl=0, style="Heading1", font=None, size_pt=None)
        else:
            b.paragraph(p.text)
        if k == 1:
            b.table([["指标", "完成值", "同比"], ["一般公共预算收入", "12.6亿元", "5.2%"]])
    return b.to_bytes()


def _slipped(text: str) -> str:
    seen: dict[str, int] = {}
    out = []
    for c in text:
        if c in SLIPS:
            seen[c] = seen.get(c, 0) + 1
            if seen[c] % 3 == 0:
                c = SLIPS[c]
        out.append(c)
    return "".join(out)


def _garbled_formulations() -> str:
    """Each formulation with its middle character dropped, and each enumeration with two items swapped."""
    data = formulation.load()
    lines = []
    for f in data.forms:
        plain = f["plain"]
        mid = len(plain) // 2
        lines.append(plain[:mid] + plain[mid + 1:])
    for e in data.enums:
        items = e["items"]
        if len(items) >= 3:
            lines.append("、".join(items[:1] + [items[2], items[1]] + items[3:]))
    return "县水利局2024年工作总结\n" + "\n".join(f"全年工作中，我们始终坚持{x}，推动各项任务落实落地。" for x in lines)


def _own(result, rule_id: str) -> list:
    """A one-line example's findings but the missing parts and title every such example has."""
    return [f for f in result.to_json()["findings"] if f["rule"] == rule_id or f["rule"] not in ("section-missing", "title")]


def _example_findings() -> dict[str, list]:
    """Every must-flag and must-pass example of every rule, each linted alone with all rules on."""
    out = {}
    for rule in pattern_rules():
        texts = [t for e in rule.entries for t in e.flag_examples + e.pass_examples] + rule.pass_examples
        out[f"examples/{rule.id}"] = [_own(lint_report(report_from_text(t)), rule.id) for t in texts]
    for rule in CODE_RULES:
        plans = (plan_source(report_from_text(rule.example_plan, "去年报告.txt")),) if rule.example_plan else ()
        texts = [e.text if isinstance(e, Example) else e for e in rule.flag] + list(rule.passes)
        out[f"examples/{rule.id}"] = [_own(lint_report(report_from_text(t), plans=plans), rule.id) for t in texts]
    return out


def all_findings() -> dict[str, list]:
    out: dict[str, list] = _example_findings()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        def lint_text(name: str, text: str, **kw) -> list:
            path = folder / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
            return _findings(drafter.lint(path, discover=False, **kw))

        out["seed.txt"] = _findings(drafter.lint(SEED, discover=False))
        for k, report in enumerate(load_reports(str(SEED))):
            path = folder / f"seed-{k}.docx"
            path.write_bytes(_seed_docx(report))
            out[f"seed-{k}.docx"] = _findings(drafter.lint(path, discover=False))
        for name, blocks in sorted(CLEAN_REPORTS.items()):
            for auto in (False, True):
                path = build_docx(blocks, auto_numbering=auto).save(folder / f"{name}-{auto}.docx")
                out[f"clean/{name}{'-auto' if auto else ''}.docx"] = _findings(drafter.lint(path, discover=False))
            lines = [t.replace("|", "\n").replace(";", "\t") if kind == "table" else t for kind, t in blocks]
            out[f"clean/{name}.txt"] = lint_text(name, "\n".join(lines) + "\n")
        for name, text in sorted(EVAL_REPORTS.items()):
            out[f"eval/{name}.txt"] = lint_text(name, text)
            out[f"eval/{name}-slips.txt"] = lint_text(name + "-slips", _slipped(text))
        for path in sorted(PASTED.iterdir()):
            out[f"pasted/{path.name}"] = _findings(drafter.lint(path, discover=False))
        out["formulations-garbled.txt"] = lint_text("garbled", _garbled_formulations())
        for name, (last, drafts) in sorted(PAIRS.items()):
            plan = build_docx(last).save(folder / f"{name}-plan.docx")
            for which, (blocks, _missing) in sorted(drafts.items()):
                draft = build_docx(blocks, auto_numbering=True).save(folder / f"{name}-{which}.docx")
                out[f"plan/{name}-{which}.docx"] = _findings(drafter.lint(draft, plan=drafter.load_plan(plan, name=plan.name), discover=False))
    return out


if __name__ == "__main__":
    json.dump(all_findings(), sys.stdout, ensure_ascii=False, indent=None, sort_keys=True)
    sys.stdout.write("\n")
