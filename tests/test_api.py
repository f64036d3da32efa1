"""The Python API (drafter/api.py) and the defects of one seam (issue 11), each on real input."""

import ast
import builtins
import io
import json
import shutil
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

import drafter
from drafter.cli import app
from drafter.paths import data_dir
from tests.clean_reports import FINANCE_2025
from tests.docx_factory import DocxBuilder

SEED = data_dir("seeds") / "work-reports-2023-2024.txt"
PACKAGE = Path(drafter.__file__).parent
runner = CliRunner()

LONG_SENTENCE = "区财政局2025年工作总结\n一、工作情况\n" + "加强财政资金管理" * 12 + "。\n二、存在的问题\n有待加强。\n三、2026年工作计划\n继续推进。\n"


@pytest.fixture
def draft(tmp_path) -> Path:
    path = tmp_path / "草稿.txt"
    path.write_text(LONG_SENTENCE, encoding="utf-8")
    return path


def _rules(results) -> set[str]:
    return {f.rule for r in results for f in r.findings}


# ---- drafter.lint: callable again, from another thread, with ordinary option values ----------------


def test_lint_called_twice_after_its_submodules_are_imported_and_from_a_thread(draft):
    import drafter.outputs.annotate  # noqa: F401 - each import of a submodule used to replace the API function
    import drafter.outputs.fix  # noqa: F401
    import drafter.rules.run  # noqa: F401

    first = drafter.lint(draft)
    second = drafter.lint(draft)
    assert [f.to_json() for f in first[0].findings] == [f.to_json() for f in second[0].findings]
    assert callable(drafter.fix) and callable(drafter.annotate)
    out: list = []
    worker = threading.Thread(target=lambda: out.append(drafter.lint(draft)))
    worker.start()
    worker.join()
    assert out and _rules(out[0]) == _rules(first)


def test_lint_options_as_lists_sets_and_strings(draft):
    assert "readability" in _rules(drafter.lint(draft))
    for disable in (["readability"], {"readability"}, "readability", "title，readability"):
        assert "readability" not in _rules(drafter.lint(draft, disable=disable))
    warnings_up = drafter.lint(draft, min_severity="warning")
    assert all(f.severity != "info" for r in warnings_up for f in r.findings)
    with pytest.raises(drafter.InputError, match="没有这些规则：readabilty"):
        drafter.lint(draft, disable=["readabilty"])


def test_lint_rules_option_adds_a_folder(tmp_path, draft):
    folder = tmp_path / "本单位规则"
    folder.mkdir()
    (folder / "local.yml").write_text(
        "id: local-terms\nseverity: warning\ntype: existence\ndescription: 本单位用语\nmessage: 请写全称\n"
        "entries:\n  - match: 区财政局\n    reason: 本单位全称\n    flag: [区财政局]\n    pass: [本局]\n",
        encoding="utf-8")
    assert "local-terms" in _rules(drafter.lint(draft, rules=[folder]))
    assert "local-terms" in _rules(drafter.lint(draft, rules=str(folder)))


def test_lint_reads_a_binary_file_object(draft):
    with open(draft, "rb") as fh:
        from_object = drafter.lint(fh)
    assert [f.to_json() for f in from_object[0].findings] == [f.to_json() for f in drafter.lint(draft)[0].findings]
    unnamed = drafter.outline(io.BytesIO(SEED.read_bytes()))
    assert len(unnamed) == 11


# ---- thresholds per rule -------------------------------------------------------------------------


def test_readability_threshold_from_drafter_toml_and_api(tmp_path, draft):
    assert "readability" not in _rules(drafter.lint(draft, thresholds={"readability": {"max_clause_chars": 200}}))
    for name, toml in (("好", "max_clause_chars = 200"), ("坏", "max_sentense_chars = 200")):
        (tmp_path / name).mkdir()  # a folder each: its drafter.toml is read once per process
        (tmp_path / name / "drafter.toml").write_text(f"[thresholds.readability]\n{toml}\n", encoding="utf-8")
        shutil.copy(draft, tmp_path / name / draft.name)
    assert "readability" not in _rules(drafter.lint(tmp_path / "好" / draft.name))
    result = runner.invoke(app, ["lint", str(tmp_path / "坏" / draft.name)])
    assert result.exit_code == 2 and "drafter.toml" in result.output and "max_sentense_chars" in result.output


def test_rules_id_shows_rationale_and_thresholds():
    out = runner.invoke(app, ["rules", "readability"]).output
    assert "理由：" in out and "max_sentence_chars = 120" in out
    assert "GB/T 9704" in runner.invoke(app, ["rules", "format"]).output
    assert all(info.rationale for info in drafter.rule_list() if "drafter/rules" in info.source)
    # a code rule names the file that defines it, as the README's rules table does
    assert "定义：drafter/rules/figures.py" in runner.invoke(app, ["rules", "figures"]).output
    # a rule both code and data (punctuation) is described by both: 半角 from the data family, 不成对 from the code
    listed = next(line for line in runner.invoke(app, ["rules"]).output.splitlines() if line.startswith("punctuation "))
    assert "半角" in listed and "不成对" in listed


# ---- rule files: strict ----------------------------------------------------------------------------


RULE = ("id: local-terms\nseverity: warning\ntype: {type}\ndescription: 本单位用语\nmessage: “{{match}}”应写作“{{replacement}}”\n"
        "entries:\n  - match: {match}\n    replace: 区财政局（区国资委）\n    reason: 本单位全称\n    flag: [区财政局]\n"
        "    pass: [本局]\n{extra}")


def _lint_with_rule(tmp_path, draft, **fields):
    folder = tmp_path / "规则"
    folder.mkdir(exist_ok=True)
    values = {"type": "substitution", "match": "区财政局", "extra": ""} | fields
    (folder / "local.yml").write_text(RULE.format(**values), encoding="utf-8")
    return runner.invoke(app, ["lint", "--format", "json", "--fail-on", "never", "--rules", str(folder), str(draft)])


def test_quoted_rule_type_is_loaded(tmp_path, draft):
    result = _lint_with_rule(tmp_path, draft, type='"substitution"')
    assert result.exit_code == 0
    assert any(f["rule"] == "local-terms" for f in json.loads(result.output)["files"][0]["findings"])


@pytest.mark.parametrize("fields,words", [
    ({"type": "substitusion"}, "substitusion"),
    ({"extra": "    replce: x\n"}, "replce"),
    ({"extra": "severty: error\n"}, "severty"),
    ({"match": "'(?<=区+)财政局'"}, "正则"),
    ({"match": "'区财政(局'"}, "正则"),
])
def test_bad_rule_file_is_one_line_naming_file_and_entry(tmp_path, draft, fields, words):
    result = _lint_with_rule(tmp_path, draft, **fields)
    assert result.exit_code == 2 and "Traceback" not in result.output
    line = result.output.strip()
    assert "\n" not in line and "local.yml" in line and words in line
    if "extra" not in fields or fields["extra"].startswith("    "):
        assert "第1条" in line or "type" in line


# ---- one registry of rule ids: command line, drafter.toml, API ---------------------------------------


def test_rule_from_drafter_toml_can_be_disabled_and_toml_typo_is_reported(tmp_path):
    project = tmp_path / "项目"
    (project / "规则").mkdir(parents=True)
    (project / "规则" / "local.yml").write_text(RULE.format(type="substitution", match="区财政局", extra=""),
                                               encoding="utf-8")
    (project / "drafter.toml").write_text('rules = ["规则"]\n', encoding="utf-8")
    draft = project / "草稿.txt"
    draft.write_text(LONG_SENTENCE, encoding="utf-8")
    on = runner.invoke(app, ["lint", "--format", "json", "--fail-on", "never", str(draft)])
    assert any(f["rule"] == "local-terms" for f in json.loads(on.output)["files"][0]["findings"])
    off = runner.invoke(app, ["lint", "--format", "json", "--fail-on", "never", "--disable", "local-terms", str(draft)])
    assert off.exit_code == 0, off.output
    assert not any(f["rule"] == "local-terms" for f in json.loads(off.output)["files"][0]["findings"])

    shutil.copytree(project, tmp_path / "另一项目")  # its own folder: a drafter.toml is read once per process
    (tmp_path / "另一项目" / "drafter.toml").write_text('rules = ["规则"]\ndisable = ["readabilty"]\n', encoding="utf-8")
    typo = runner.invoke(app, ["lint", str(tmp_path / "另一项目" / "草稿.txt")])
    assert typo.exit_code == 2
    assert "drafter.toml" in typo.output and "没有这些规则：readabilty（用 drafter rules 查看全部规则）" in typo.output
    cli_typo = runner.invoke(app, ["lint", "--disable", "readabilty", str(draft)])
    assert cli_typo.output.strip() == "错误：没有这些规则：readabilty（用 drafter rules 查看全部规则）"
    with pytest.raises(drafter.InputError, match="没有这些规则：readabilty"):
        drafter.fix(draft, rules=["readabilty"], dry_run=True)


# ---- outputs never over inputs; folder scans; one year range ----------------------------------------


def test_mine_refuses_to_write_over_one_of_its_inputs(tmp_path):
    corpus = tmp_path / "语料"
    corpus.mkdir()
    shutil.copy(SEED, corpus / "汇编.txt")
    before = (corpus / "汇编.txt").read_bytes()
    result = runner.invoke(app, ["mine", str(corpus), "-o", str(corpus / "汇编.txt"), "--force"])
    assert result.exit_code == 2 and "输出文件不能是输入文件本身" in result.output
    assert (corpus / "汇编.txt").read_bytes() == before
    with pytest.raises(drafter.InputError, match="输入文件本身"):
        drafter.mine([corpus], output=corpus / "汇编.txt", force=True)


def test_folder_scan_takes_docm_as_it_reads_a_named_one(tmp_path):
    b = DocxBuilder()
    for _, line in FINANCE_2025[:6]:
        b.paragraph(line)
    b.save(tmp_path / "宏.docm")
    named = drafter.lint_paths([tmp_path / "宏.docm"])
    scanned = drafter.lint_paths([tmp_path])
    assert [f.path for f in scanned.files] == [str(tmp_path / "宏.docm")] and not scanned.errors
    assert scanned.to_json() == named.to_json()


def test_one_year_range_for_command_line_skeleton_and_web(tmp_path, draft):
    from fastapi.testclient import TestClient

    from drafter.web.app import create_app

    client = TestClient(create_app())
    for year, ok in ((1899, False), (1900, True), (2099, True), (2100, False)):
        lint = runner.invoke(app, ["lint", "--fail-on", "never", "--year", str(year), str(draft)])
        assert (lint.exit_code == 0) is ok, (year, lint.output)
        new = runner.invoke(app, ["new", "--unit", "区财政局", "--year", str(year), "-o", str(tmp_path / f"{year}.docx")])
        assert (new.exit_code == 0) is ok, (year, new.output)
        web = client.post("/api/new", json={"unit": "区财政局", "year": year, "hints": False})
        assert (web.status_code == 200) is ok, (year, web.status_code)
        with open(draft, "rb") as fh:
            web_lint = client.post("/api/lint", params={"year": year}, files={"files": ("草稿.txt", fh, "text/plain")})
        assert (web_lint.status_code == 200) is ok, (year, web_lint.status_code)


# ---- the web page and the command make the same documents and results --------------------------------


def _docx_text(data: bytes) -> list[str]:
    from docx import Document

    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_web_skeleton_has_the_same_mined_hints_as_drafter_new(tmp_path):
    from fastapi.testclient import TestClient

    from drafter.web.app import create_app

    out = tmp_path / "模板.docx"
    assert runner.invoke(app, ["new", "--unit", "区财政局", "--year", "2026", "-o", str(out)]).exit_code == 0
    web = TestClient(create_app()).post("/api/new", json={"unit": "区财政局", "year": 2026})
    assert web.status_code == 200
    assert _docx_text(web.content) == _docx_text(out.read_bytes())
    assert any("坚持以习近平新时代中国特色社会主义思想为指导" in t for t in _docx_text(web.content))  # mined


def test_web_lint_is_the_api_lint(tmp_path):
    from fastapi.testclient import TestClient

    from drafter.web.app import create_app

    with open(SEED, "rb") as fh:
        web = TestClient(create_app()).post("/api/lint", files={"files": ("汇编.txt", fh, "text/plain")}).json()
    api = [r.to_json() for r in drafter.lint(SEED, discover=False)]
    assert [{**f, "path": ""} for f in (
        {k: v for k, v in entry.items() if k in ("path", "report", "year", "findings")} for entry in web["files"])] \
        == [{**r, "path": ""} for r in api]


# ---- fix reads each file once ----------------------------------------------------------------------


def _count_opens(monkeypatch, path: Path) -> list[str]:
    opened: list[str] = []
    real_open = io.open

    def counting_open(file, *args, **kwargs):
        if isinstance(file, (str, Path)) and Path(file) == path:
            opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(io, "open", counting_open)
    return opened


def test_annotating_opens_the_draft_once(tmp_path, monkeypatch):
    path = tmp_path / "草稿.docx"
    b = DocxBuilder()
    for line in ("区财政局2025年工作总结", "一、工作情况", "完成投资XX万元。"):
        b.paragraph(line)
    b.save(path)
    opened = _count_opens(monkeypatch, path)
    assert drafter.annotate(path).comments >= 1 and len(opened) == 1, opened
    opened.clear()
    result = runner.invoke(app, ["lint", "--annotate", "--force", "--fail-on", "never", str(path)])
    assert result.exit_code == 0 and "已生成批注副本" in result.output and len(opened) == 1, opened


@pytest.mark.parametrize("name", ["草稿.docx", "草稿.txt"])
def test_fix_opens_its_input_once(tmp_path, monkeypatch, name):
    path = tmp_path / name
    if name.endswith(".docx"):
        b = DocxBuilder()
        for line in ("区财政局2025年工作总结", "一、工作情况", "完成了任务，，效果良好。"):
            b.paragraph(line)
        b.save(path)
    else:
        path.write_text("区财政局2025年工作总结\n一、工作情况\n完成了任务，，效果良好。\n", encoding="utf-8")
    opened = _count_opens(monkeypatch, path)
    result = drafter.fix(path, tmp_path / ("修改" + path.suffix))
    assert result.applied and len(opened) == 1, opened


# ---- layers: nothing in the core imports the command line or the web page ----------------------------


def test_core_modules_never_import_commands_web_or_typer():
    upward = ("drafter.commands", "drafter.web", "drafter.cli", "typer")
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith(("commands/", "web/")) or relative in ("cli.py", "__main__.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n == u or n.startswith(u + ".") for n in names for u in upward), f"{relative} 导入了 {names}"


def test_annotating_through_the_api_loads_no_command_line_layer(tmp_path):
    code = ("import sys, drafter; from tests.docx_factory import DocxBuilder\n"
            "b = DocxBuilder(); b.paragraph('区财政局2025年工作总结'); b.paragraph('完成投资XX万元。')\n"
            f"b.save(r'{tmp_path}/a.docx'); print(drafter.annotate(r'{tmp_path}/a.docx').comments)\n"
            "assert not [m for m in sys.modules if m.startswith(('typer', 'drafter.commands', 'drafter.cli'))]\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PACKAGE.parent)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) >= 1


def test_json_made_by_the_workers_is_the_document_of_the_objects(tmp_path):
    """lint_paths(as_json=True): the -j workers send text back; the document is byte for byte the
    objects' own, with a folder's note skipped, a broken file's error, and a file name holding the
    text the items are spliced at."""
    shutil.copy(SEED, tmp_path / "汇编.txt")
    (tmp_path / '"files":[].txt').write_text(LONG_SENTENCE, encoding="utf-8")
    (tmp_path / "备忘.txt").write_text("周五前交材料。\n", encoding="utf-8")
    (tmp_path / "坏.docx").write_bytes(b"PK\x03\x04 not a zip")
    objects = drafter.lint_paths([tmp_path], min_severity="warning")
    from drafter.outputs.report import compact_json

    for jobs in (1, 2):
        encoded = drafter.lint_paths([tmp_path], min_severity="warning", jobs=jobs, as_json=True)
        assert encoded.json_bytes() == compact_json(objects.to_json()).encode() == objects.json_bytes()
        assert not encoded.results and [f.counts for f in encoded.files] == [
            dict(Counter(x.severity for r in f.results for x in r.findings)) for f in objects.files]
    document = json.loads(objects.json_bytes())
    assert len(document["files"]) == 12 and document["skipped"] and document["errors"]
    (tmp_path / "空").mkdir()
    nothing = drafter.lint_paths([tmp_path / "空"], as_json=True)
    assert json.loads(nothing.json_bytes()) == nothing.to_json() and nothing.to_json()["files"] == []
    assert {f["path"] for f in document["files"]} >= {str(tmp_path / '"files":[].txt')}


def test_a_report_item_written_out_is_what_json_writes_of_its_objects():
    """compact_result_json writes each finding itself: the same text as json.dumps of to_json(), for
    the seed's findings and for values json escapes or writes as null (quotes, control characters,
    line separators, characters beyond the BMP, no location, a plan item)."""
    from drafter.outputs.report import compact_json, compact_result_json
    from drafter.rules.base import Finding
    from drafter.rules.run import ReportResult

    seed = drafter.lint(SEED, discover=False)
    odd = ReportResult('C:\\草稿\\"引号".txt', "区财政局\u2028年\t总结", None, "", [
        Finding("typo", "error", '“把”\n\x00\x1f\\/ 𠀀😀', None),
        Finding("plan-coverage", "info", "计划", 3, 0, 2, suggestion="\u2029", section="一、 > （二）",
                excerpt="……\r\n", plan={"path": "去年.docx", "paragraph": 7, "item": "“数”\ud7ff"}),
    ])
    assert sum(len(r.findings) for r in seed) > 50
    for result in seed + [odd]:
        assert compact_result_json(result) == compact_json(result.to_json())


@pytest.mark.parametrize("count, jobs", [(1, 2), (3, 2), (10, 4), (37, 2), (500, 2), (500, 3)])
def test_worker_batches_take_every_file_once_and_shrink_toward_the_end(count, jobs):
    from drafter.api import READ_AHEAD, _shares

    files = [f"{i}.docx" for i in range(count)]
    batches = _shares(files, jobs)
    assert [f for b in batches for f in b] == files
    sizes = [len(b) for b in batches]
    assert max(sizes) <= READ_AHEAD and sizes == sorted(sizes, reverse=True)
    assert len(batches) >= min(count, jobs)  # every worker gets files, however few there are
    # the last task of each worker is a file or two: the others do not wait a whole batch for it
    assert all(size <= 2 for size in sizes[-jobs:])
    if count >= 4 * jobs * READ_AHEAD:
        assert sizes[0] == READ_AHEAD


def test_import_drafter_loads_the_api_on_first_use_and_lists_its_names():
    probe = ("import sys, drafter\n"
             "print('drafter.api' in sys.modules, set(drafter.__all__) <= set(dir(drafter)))\n"
             "print(drafter.lint is drafter.api.lint, 'drafter.api' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "True", "True"]
