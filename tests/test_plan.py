"""Last year's plan carried forward: plan-coverage (lint --plan) on report pairs of our own, and
drafter new --from (next year's skeleton), as .docx with auto-numbered headings and as .txt."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import etree
from typer.testing import CliRunner

import drafter
from drafter.cli import app
from drafter.config import Config
from drafter.document.plan import key_terms, load_plan
from drafter.rules.base import severity_rank
from drafter.rules.run import lint_file
from drafter.web.app import create_app
from tests.docx_factory import DocxBuilder, _zip
from tests.helpers import build_docx, fill_skeleton, with_header
from tests.plan_pairs import (
    HOUSING_2024,
    HOUSING_ALL,
    HOUSING_SOME,
    KNOWN_MISSES,
    PAIRS,
    SCIENCE_DRAFTS,
    SEED_SCIENCE_REPORT,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SEED = "seeds/work-reports-2023-2024.txt"
runner = CliRunner()


def save(blocks, path, docx: bool) -> str:
    if docx:
        return str(build_docx(blocks, auto_numbering=True).save(path.with_suffix(".docx")))
    target = path.with_suffix(".txt")
    target.write_text("\n".join(text for _, text in blocks) + "\n", encoding="utf-8")
    return str(target)


def coverage(draft: str, plan: str):
    (result,) = lint_file(draft, Config(plan=plan))
    return [f for f in result.findings if f.rule == "plan-coverage"]


CASES = [pytest.param(pair, draft, docx, id=f"{pair}-{draft}-{'docx' if docx else 'txt'}")
         for pair, (_, drafts) in PAIRS.items() for draft in drafts for docx in (False, True)]


@pytest.mark.parametrize("pair,draft,docx", CASES)
def test_plan_items_not_accounted_for_are_reported_and_no_others(tmp_path, pair, draft, docx):
    last, drafts = PAIRS[pair]
    blocks, missing = drafts[draft]
    plan = save(last, tmp_path / "去年报告", docx)
    items = [i.text for i in load_plan(plan)[0].items]
    findings = coverage(save(blocks, tmp_path / "今年草稿", docx), plan)
    reported = {items.index(f.plan["item"]) + 1 for f in findings}
    assert reported <= missing, [f.message for f in findings]  # no false alarm
    assert reported == missing - KNOWN_MISSES.get((pair, draft), set()), [f.message for f in findings]
    assert all(f.severity == "warning" for f in findings)


@pytest.mark.parametrize("draft", sorted(SCIENCE_DRAFTS))
def test_a_seed_report_as_last_years_plan(tmp_path, draft):
    (source,) = load_plan_of_seed(tmp_path)
    items = [i.text for i in source.items]
    blocks, missing = SCIENCE_DRAFTS[draft]
    findings = coverage(save(blocks, tmp_path / "今年草稿", True), source.path)
    reported = {items.index(f.plan["item"]) + 1 for f in findings}
    assert reported == missing - KNOWN_MISSES.get(("science", draft), set()), [f.message for f in findings]


def load_plan_of_seed(tmp_path):
    """The seed's 区科技局 report alone, as last year's report."""
    report = drafter.outline(SEED)[SEED_SCIENCE_REPORT - 1].report
    path = tmp_path / "去年报告.txt"
    path.write_text("\n".join(p.full_text for p in report.paragraphs) + "\n", encoding="utf-8")
    return load_plan(str(path))


def test_plan_items_of_a_part_without_subheadings_are_its_enumerated_clauses(tmp_path):
    culture = PAIRS["culture"][0]
    items = drafter.plan_items(save(culture, tmp_path / "去年", False))
    assert [i.text for i in items] == [
        "推动文旅深度融合，创建省级全域旅游示范区", "完善公共文化服务体系，新建城市书房5个",
        "加强非物质文化遗产保护传承，开展非遗进校园活动", "开展全民阅读活动，举办读书月系列活动",
        "强化文化市场综合执法，维护市场秩序", "加快智慧旅游平台建设"]


def test_plan_items_after_a_run_in_plan_heading(tmp_path):
    source = tmp_path / "去年.txt"
    source.write_text("区交通局2024年工作总结及2025年工作计划\n一、2024年工作总结\n完成任务。\n"
                      "二、2025年工作计划。一是推进智慧交通建设；二是加快农村公路提档升级。\n", encoding="utf-8")
    items = drafter.plan_items(source)
    assert [(i.text, i.paragraph, i.start) for i in items] == [("推进智慧交通建设", 4, 14), ("加快农村公路提档升级", 4, 25)]


def test_key_terms_leave_out_generic_words_and_read_synonyms_as_one():
    assert key_terms("推进智慧交通建设") == ["智慧交通"]
    assert key_terms("加快智能交通建设") == ["智慧交通"]
    assert key_terms("加强住建系统干部队伍建设") == ["住建系统干部队伍"]
    assert key_terms("持续推进各项工作") == []


def test_json_finding_names_the_item_where_it_was_planned(tmp_path):
    plan = save(HOUSING_2024, tmp_path / "去年报告", True)
    draft = save(HOUSING_SOME, tmp_path / "今年草稿", True)
    r = runner.invoke(app, ["lint", "--plan", plan, "--format", "json", "--fail-on", "never", draft])
    assert r.exit_code == 0, r.output
    found = [f for f in json.loads(r.stdout)["files"][0]["findings"] if f["rule"] == "plan-coverage"]
    assert len(found) == 3
    paragraphs = {p.index: p for p in drafter.read(plan).paragraphs}
    for f in found:
        where = f["plan"]
        assert where["path"] == plan
        assert paragraphs[where["paragraph"]].text[where["start"]:where["end"]] == where["item"]
        assert where["section"].startswith("三、2025年工作计划 > ")
        assert f"去年报告.docx第{where['paragraph']}段" in f["message"] and where["item"] in f["message"]
        assert f["section"] == "一、2025年工作总结"  # anchored on this year's summary heading
    other = [f for f in json.loads(runner.invoke(app, ["lint", "--format", "json", "--fail-on", "never", draft])
                                   .stdout)["files"][0]["findings"]]
    assert all("plan" not in f for f in other)


def test_plan_file_of_another_year_is_one_warning(tmp_path):
    plan = save(HOUSING_2024, tmp_path / "去年报告", False)
    older = [(k, t.replace("2025", "2023").replace("2024", "2022")) for k, t in HOUSING_SOME]
    findings = coverage(save(older, tmp_path / "草稿", False), plan)
    assert len(findings) == 1 and findings[0].plan is None
    assert "计划的是2025年的工作，本稿总结的是2023年" in findings[0].message and "请换用2022年的报告" in findings[0].message


def test_plan_file_of_another_unit_is_one_warning(tmp_path):
    plan = save(PAIRS["culture"][0], tmp_path / "去年报告", False)
    findings = coverage(save(HOUSING_SOME, tmp_path / "草稿", False), plan)
    assert [f.message for f in findings] == [
        "对照的去年报告“区文化和旅游局2023年工作总结及2024年工作计划”（去年报告.txt）是区文化和旅游局的，"
        "本稿是县住房和城乡建设局的，未逐条对照。请给出本单位去年的报告。"]


def test_plan_in_drafter_toml_applies_to_the_folder_but_not_to_last_years_report_itself(tmp_path):
    save(HOUSING_2024, tmp_path / "去年报告", False)
    draft = save(HOUSING_SOME, tmp_path / "今年草稿", False)
    (tmp_path / "drafter.toml").write_text('plan = "去年报告.txt"\n', encoding="utf-8")
    r = runner.invoke(app, ["lint", "--format", "json", "--fail-on", "never", str(tmp_path)])
    assert r.exit_code == 0, r.output
    by_file = {f["path"]: [x for x in f["findings"] if x["rule"] == "plan-coverage"] for f in json.loads(r.stdout)["files"]}
    assert len(by_file[draft]) == 3
    assert by_file[str(tmp_path / "去年报告.txt")] == []


def test_compilation_as_plan_compares_with_the_report_of_the_same_unit(tmp_path):
    last = [(k, t) for k, t in HOUSING_2024] + PAIRS["culture"][0]
    toc = [("p", "目录"), ("p", HOUSING_2024[0][1]), ("p", PAIRS["culture"][0][0][1])]
    plan = save(toc + last, tmp_path / "汇编", False)
    assert len(load_plan(plan)) == 2
    assert len(coverage(save(HOUSING_SOME, tmp_path / "草稿", False), plan)) == 3


@pytest.mark.parametrize("args", [["--plan", "{nop}"], ["--plan", "{missing}"]])
def test_bad_plan_file_is_one_chinese_line(tmp_path, args):
    nop = tmp_path / "去年.txt"
    nop.write_text("区文化和旅游局2024年度工作总结\n一、2024年工作总结\n完成任务。\n二、存在的问题\n人员不足。\n",
                   encoding="utf-8")
    draft = save(HOUSING_SOME, tmp_path / "草稿", False)
    args = [a.format(nop=nop, missing=tmp_path / "无此文件.docx") for a in args]
    r = runner.invoke(app, ["lint", *args, draft])
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：") and "Traceback" not in r.output
    if "无此文件" not in args[1]:
        assert "没有找到下一年工作计划部分" in lines[0] and "“一、2024年工作总结”、“二、存在的问题”" in lines[0]


def test_api_plan_as_path_file_object_or_loaded_once(tmp_path):
    plan = save(HOUSING_2024, tmp_path / "去年报告", True)
    draft = save(HOUSING_SOME, tmp_path / "今年草稿", False)

    def found(results):
        return [(f.message, f.plan) for r in results for f in r.findings if f.rule == "plan-coverage"]

    by_path = found(drafter.lint(draft, plan=plan))
    assert len(by_path) == 3 and by_path == found(lint_file(draft, Config(plan=plan)))
    with open(plan, "rb") as fh:
        assert found(drafter.lint(draft, plan=fh)) == by_path  # its name tells the format and is cited
    loaded = drafter.load_plan(plan, name="2024年报告.docx")
    cited = found(drafter.lint(draft, plan=loaded))
    assert [p["path"] for _, p in cited] == ["2024年报告.docx"] * 3 and all("2024年报告.docx第" in m for m, _ in cited)
    run = drafter.lint_paths([draft, draft], jobs=2, plan=loaded)
    assert [len(found(f.results)) for f in run.files] == [3, 3]
    with pytest.raises(drafter.InputError, match="没有找到下一年工作计划部分"):
        drafter.lint_paths([draft], plan=_no_plan(tmp_path))  # stops before any draft


def _no_plan(tmp_path) -> str:
    path = tmp_path / "无计划.txt"
    path.write_text("区文化和旅游局2024年度工作总结\n一、2024年工作总结\n完成任务。\n", encoding="utf-8")
    return str(path)


# ---------------------------------------------------------------- drafter new --from


def outline_of(data: bytes, tmp_path):
    path = tmp_path / "新.docx"
    path.write_bytes(data)
    (o,) = drafter.outline(path)
    return o


@pytest.mark.parametrize("docx", [False, True])
def test_skeleton_from_last_years_report(tmp_path, docx):
    source = save(HOUSING_2024, tmp_path / "去年报告", docx)
    o = outline_of(drafter.new_from(source, hints=False).data, tmp_path)
    assert o.title_text == "县住房和城乡建设局2025年工作总结及2026年工作计划"
    assert o.year == 2025
    summary, problems, plan = o.sections
    assert summary.heading.display == "一、2025年工作总结" and summary.role_names() == ["summary"]
    assert [c.heading.display for c in summary.children] == [
        "（一）加快老旧小区改造", "（二）推进城市燃气管道更新改造", "（三）开展建筑施工安全生产专项整治",
        "（四）推动保障性住房建设", "（五）深化工程建设项目审批制度改革", "（六）加强住建系统干部队伍建设"]
    texts = [p.text for p in o.report.paragraphs]
    prompt = texts[summary.children[0].first]  # the paragraph after the first item's heading
    assert prompt == "【对照去年计划：“加快老旧小区改造：计划改造老旧小区15个，惠及居民3200户”完成情况，写明数据与成效】"
    assert problems.role_names() == ["problems"] and plan.heading.display == "三、2026年工作计划"
    assert [t for t in texts if t][-2:] == ["县住房和城乡建设局", "【成文日期】"]  # the template's date prompt
    body = "".join(texts)
    assert "2024年" not in body  # every year of the period moved on
    # last year's facts (3.2公里, 23起) are not carried over; its targets only inside the prompts
    assert "3.2公里" not in body and "23起" not in body
    assert [t for t in texts if re.search(r"\d", re.sub(r"【[^】]*】|(?:19|20)\d{2}年", "", t))] == []


def test_numbers_in_a_plan_heading_are_left_to_fill(tmp_path):
    source = tmp_path / "去年.txt"
    source.write_text("县通信发展办公室2024年工作总结及2025年工作计划\n一、2024年工作总结\n完成任务。\n"
                      "二、存在的问题\n资金不足。\n三、2025年工作计划\n（一）新建5G基站200个。\n（二）推进2025年光纤入户工程。\n",
                      encoding="utf-8")
    o = outline_of(drafter.new_from(source, hints=False).data, tmp_path)
    assert [c.heading.text for c in o.sections[0].children] == ["新建5G基站【数】个", "推进2025年光纤入户工程"]


def test_skeleton_keeps_the_docx_layout_and_turns_off_a_numbered_heading_style(tmp_path):
    b = DocxBuilder()
    b.numbering(1)
    b.style("Heading2", "heading 2", num_id=1, ilvl=1, font="楷体")  # （一） comes from the style
    b.margins_mm(30, 30, 30, 30)
    b.paragraph("县住房和城乡建设局2024年工作总结及2025年工作计划", align="center")
    b.numbered("2024年工作总结", num_id=1, ilvl=0, style="Heading1")
    b.paragraph("全年完成改造任务。")
    b.numbered("存在的问题", num_id=1, ilvl=0, style="Heading1")
    b.paragraph("资金不足。")
    b.numbered("2025年工作计划", num_id=1, ilvl=0, style="Heading1")
    b.paragraph("加快老旧小区改造。", style="Heading2")
    b.paragraph("推动保障性住房建设。", style="Heading2")
    parts = with_header(b.parts())
    parts["word/header1.xml"] = parts["word/header1.xml"].replace("区财政局文件".encode(), "2024年工作总结".encode())
    source = tmp_path / "去年.docx"
    source.write_bytes(_zip(parts))
    data = drafter.new_from(source, hints=False).data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        doc = etree.fromstring(z.read("word/document.xml"))
        headers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/header")]
    margins = doc.find(f".//{W}sectPr/{W}pgMar")
    assert margins.get(W + "top") == str(round(30 * 1440 / 25.4))
    assert ["2025年工作总结" in h and "2024年" not in h for h in headers] == [True]  # its header, years moved on
    o = outline_of(data, tmp_path)
    headings = [c.heading for c in o.sections[0].children]
    assert [(h.number, h.text) for h in headings] == [("（一）", "加快老旧小区改造"), ("（二）", "推动保障性住房建设")]
    assert all(not h.auto for h in headings)  # typed once, the style's numbering off


def test_filled_skeleton_from_last_year_lints_clean_and_accounts_for_the_plan(tmp_path):
    source = save(HOUSING_2024, tmp_path / "去年报告", True)
    data = drafter.new_from(source).data
    filled = tmp_path / "填好.docx"
    filled.write_bytes(fill_skeleton(data, 2025))
    (result,) = lint_file(str(filled))
    assert [(f.rule, f.message) for f in result.findings if severity_rank(f.severity) >= 1] == []
    # the item headings stay in the draft, so the plan counts as reported on
    assert coverage(str(filled), source) == []


def test_new_from_with_another_unit_and_kind(tmp_path):
    source = save(HOUSING_2024, tmp_path / "去年报告", False)
    o = outline_of(drafter.new_from(source, unit="县住房和城乡建设局（县人防办）", hints=False).data, tmp_path)
    assert o.title_text == "县住房和城乡建设局（县人防办）2025年工作总结及2026年工作计划"
    o = outline_of(drafter.new_from(source, kind="年度工作总结", hints=False).data, tmp_path)
    assert o.title_text == "县住房和城乡建设局2025年工作总结"  # another kind: its template's title
    assert o.sections[0].heading.display == "一、2025年主要工作及成效"
    assert len(o.sections[0].children) == 6


def test_new_from_compilation_needs_report_number():
    r = runner.invoke(app, ["new", "--from", SEED])
    assert r.exit_code == 2 and "请用 --report 序号" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_new_from_a_seed_report(tmp_path):
    out = tmp_path / "科技局.docx"
    r = runner.invoke(app, ["new", "--from", SEED, "--report", "3", "-o", str(out)])
    assert r.exit_code == 0, r.output
    (o,) = drafter.outline(out)
    assert o.title_text == "区科技局2024年工作总结及2025年工作计划"
    assert [c.heading.text for c in o.sections[0].children] == [
        "以优化营商环境为基础，助力企业健康发展", "以培育创新主体为重点，激发企业创新活力",
        "以促进成果转化为目标，推动产学研用合作", "以科技强农为支撑，助力乡村振兴", "以提升创新指数为抓手，促进科技创新合力"]
    (result,) = lint_file(str(out))
    assert {f.rule for f in result.findings} == {"placeholder"}  # unfilled prompts, nothing else


def test_new_from_a_seed_report_without_unit_in_its_title(tmp_path):
    out = tmp_path / "法治.docx"
    assert runner.invoke(app, ["new", "--from", SEED, "--report", "1", "-o", str(out)]).exit_code == 0
    (result,) = lint_file(str(out))
    assert result.title == "【单位名称】2024年法治建设工作总结和2025年工作计划"
    assert {f.rule for f in result.findings} == {"placeholder"}


def test_new_from_file_without_plan_part_is_one_chinese_line(tmp_path):
    source = tmp_path / "去年.txt"
    source.write_text("区文化和旅游局2024年度工作总结\n一、2024年工作总结\n完成任务。\n", encoding="utf-8")
    r = runner.invoke(app, ["new", "--from", str(source), "-o", str(tmp_path / "新.docx")])
    assert r.exit_code == 2
    assert r.stderr.strip() == (f"错误：{source}：没有找到下一年工作计划部分（找到的部分：“一、2024年工作总结”），"
                                "请给出含下一年工作计划部分的去年报告")
    assert not (tmp_path / "新.docx").exists()


# ---------------------------------------------------------------- web page


def test_web_lint_with_last_years_report_and_new_from(tmp_path):
    client = TestClient(create_app())
    plan = save(HOUSING_2024, tmp_path / "去年报告", True)
    draft = save(HOUSING_SOME, tmp_path / "今年草稿", False)
    with open(plan, "rb") as p, open(draft, "rb") as d:
        r = client.post("/api/lint", files=[("files", ("今年草稿.txt", d, "text/plain")),
                                            ("plan", ("去年报告.docx", p, "application/octet-stream"))])
    assert r.status_code == 200, r.text
    found = [f for f in r.json()["files"][0]["findings"] if f["rule"] == "plan-coverage"]
    assert len(found) == 3 and all(f["plan"]["path"] == "去年报告.docx" for f in found)
    assert all("去年报告.docx第" in f["message"] for f in found)
    with open(plan, "rb") as p:
        r = client.post("/api/new-from?hints=false", files=[("file", ("去年报告.docx", p, "application/octet-stream"))])
    assert r.status_code == 200
    assert "filename*=UTF-8''" in r.headers["content-disposition"]
    assert outline_of(r.content, tmp_path).title_text == "县住房和城乡建设局2025年工作总结及2026年工作计划"
    with open(draft, "rb") as d:
        r = client.post("/api/new-from", files=[("file", ("今年草稿.txt", d, "text/plain"))])
    assert r.status_code == 200  # this year's draft has a plan part too: the skeleton for the year after
    nop = tmp_path / "nop.txt"
    nop.write_text("区文化和旅游局2024年度工作总结\n一、2024年工作总结\n完成任务。\n", encoding="utf-8")
    with open(nop, "rb") as f:
        r = client.post("/api/new-from", files=[("file", ("nop.txt", f, "text/plain"))])
    assert r.status_code == 400 and r.json()["error"].startswith("nop.txt：没有找到下一年工作计划部分")
    with open(nop, "rb") as f, open(draft, "rb") as d:
        r = client.post("/api/lint", files=[("files", ("今年草稿.txt", d, "text/plain")), ("plan", ("nop.txt", f, "text/plain"))])
    assert r.status_code == 400 and r.json()["error"].startswith("去年的报告 nop.txt：")
    assert "/tmp/" not in r.text


def test_web_lint_with_a_plan_in_worker_processes(tmp_path):
    """Last year's report, read once by the server, goes to the worker process with each draft."""
    plan = save(HOUSING_2024, tmp_path / "去年报告", True)
    draft = save(HOUSING_SOME, tmp_path / "今年草稿", False)
    answers = []
    for jobs in (1, 2):
        with TestClient(create_app(jobs=jobs)) as client, open(plan, "rb") as p, open(draft, "rb") as d:
            answers.append(client.post("/api/lint", files=[("files", ("今年草稿.txt", d, "text/plain")),
                                                           ("plan", ("去年报告.docx", p, "application/octet-stream"))]))
    assert [r.status_code for r in answers] == [200, 200]
    assert answers[0].json() == answers[1].json()
    assert sum(f["rule"] == "plan-coverage" for f in answers[1].json()["files"][0]["findings"]) == 3


def test_housing_all_is_silent_against_its_plan(tmp_path):
    plan = save(HOUSING_2024, tmp_path / "去年报告", False)
    assert coverage(save(HOUSING_ALL, tmp_path / "草稿", False), plan) == []


def test_new_from_never_writes_over_its_source_or_reference(tmp_path):
    source = Path(save(HOUSING_2024, tmp_path / "去年报告", True))
    before = source.read_bytes()
    with pytest.raises(drafter.InputError, match="输出文件不能是输入文件本身"):
        drafter.new_from(source, hints=False).save(source, force=True)
    reference = tmp_path / "样式.docx"
    reference.write_bytes(before)
    with pytest.raises(drafter.InputError, match="输出文件不能是输入文件本身"):
        drafter.new("区财政局", 2026, hints=False, reference_docx=reference).save(reference, force=True)
    assert source.read_bytes() == before and reference.read_bytes() == before
