"""The command line as users and integrators meet it: options, exit codes, JSON, config, suppression."""

import json

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.paths import data_dir
from tests.docx_factory import DocxBuilder

SEED = str(data_dir("seeds") / "work-reports-2023-2024.txt")
runner = CliRunner()

DRAFT = """区财政局2025年工作总结及2026年工作计划
2025年，在区委、区政府的坚强领导下，区财政局圆满完成全年各项任务。
一、2025年工作总结
全年完成一般公共预算收入XX亿元，同比增长5%。
二、存在的问题
收入增长后劲不足。
三、2026年工作计划
持续优化支出结构。
"""


@pytest.fixture
def draft(tmp_path):
    path = tmp_path / "草稿.txt"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def test_json_contract_on_the_seed():
    result = runner.invoke(app, ["lint", "--format", "json", "--fail-on", "never", SEED])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["version"] == 1 and data["errors"] == []
    assert len(data["files"]) == 11 and {f["path"] for f in data["files"]} == {SEED}
    first = data["files"][0]
    assert set(first) == {"path", "report", "year", "findings"} and first["year"] == 2023
    keys = {"rule", "severity", "message", "paragraph", "start", "end", "section", "excerpt", "suggestion"}
    for f in data["files"][1]["findings"]:
        assert set(f) == keys
        if f["paragraph"] is not None:
            assert 0 <= f["start"] <= f["end"]


def test_exit_codes_follow_fail_on(draft):
    assert runner.invoke(app, ["lint", str(draft)]).exit_code == 1  # the placeholder is an error
    assert runner.invoke(app, ["lint", "--fail-on", "never", str(draft)]).exit_code == 0
    assert runner.invoke(app, ["lint", "--disable", "placeholder", str(draft)]).exit_code == 0
    result = runner.invoke(app, ["lint", "--disable", "no-such-rule", str(draft)])
    assert result.exit_code == 2 and "no-such-rule" in result.output


def test_text_output_names_place_rule_and_fix(draft):
    result = runner.invoke(app, ["lint", str(draft)], env={"NO_COLOR": "1"})
    out = result.output
    assert "《区财政局2025年工作总结及2026年工作计划》" in out and "总结年份：2025年（据标题）" in out
    assert "一、2025年工作总结" in out and "第4行 第13–14字" in out and "placeholder" in out
    assert "\x1b[" not in out
    assert "小结：错误 1 处" in out


def test_min_severity_hides_lower_findings(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(DRAFT.replace("持续优化支出结构。", "持续优化支出结构" + "，加强管理" * 40 + "。"), encoding="utf-8")
    shown = runner.invoke(app, ["lint", "--format", "json", "--min-severity", "info", str(path)]).output
    hidden = runner.invoke(app, ["lint", "--format", "json", str(path)]).output
    assert "readability" in shown and "readability" not in hidden


def test_year_option_overrides_the_title(draft):
    data = json.loads(runner.invoke(app, ["lint", "--format", "json", "--year", "2024", str(draft)]).output)
    assert data["files"][0]["year"] == 2024
    assert any(f["rule"] == "year-consistency" for f in data["files"][0]["findings"])


def test_project_config_is_found_upward(tmp_path, draft):
    (tmp_path / "drafter.toml").write_text('disable = ["placeholder"]\n', encoding="utf-8")
    sub = tmp_path / "科室"
    sub.mkdir()
    moved = sub / draft.name
    draft.rename(moved)
    assert runner.invoke(app, ["lint", str(moved)]).exit_code == 0
    assert runner.invoke(app, ["lint", "--enable", "placeholder", str(moved)]).exit_code == 1


def test_pyproject_tool_table_and_allowlist(tmp_path, draft):
    (tmp_path / "pyproject.toml").write_text('[tool.drafter]\nallow = ["XX亿元"]\n', encoding="utf-8")
    assert runner.invoke(app, ["lint", str(draft)]).exit_code == 0


def test_bad_config_is_one_line_error(tmp_path, draft):
    (tmp_path / "drafter.toml").write_text('disable = ["placeholder"\n', encoding="utf-8")
    result = runner.invoke(app, ["lint", str(draft)])
    assert result.exit_code == 2 and "drafter.toml" in result.output


def test_comment_silences_a_rule_on_its_paragraph(tmp_path):
    b = DocxBuilder()
    for line in DRAFT.splitlines():
        b.paragraph(line)
    b.comment_on(4, "drafter: ignore placeholder")
    path = b.save(tmp_path / "批注.docx")
    data = json.loads(runner.invoke(app, ["lint", "--format", "json", str(path)]).output)
    assert not [f for f in data["files"][0]["findings"] if f["rule"] == "placeholder"]


def test_parallel_jobs_give_the_same_results(tmp_path, draft):
    for i in range(4):
        (tmp_path / f"copy{i}.txt").write_text(DRAFT, encoding="utf-8")
    one = runner.invoke(app, ["lint", "--format", "json", "--fail-on", "never", str(tmp_path)]).output
    two = runner.invoke(app, ["lint", "--format", "json", "--fail-on", "never", "-j", "2", str(tmp_path)]).output
    assert json.loads(one) == json.loads(two) and len(json.loads(one)["files"]) == 5


def test_outline_json_lists_every_report():
    data = json.loads(runner.invoke(app, ["outline", "--format", "json", SEED]).output)
    assert len(data) == 11
    section = data[7]["sections"][0]
    assert set(section) >= {"level", "number", "heading", "roles", "paragraphs", "children"}
    assert section["roles"] == [{"role": "summary", "inline": False}, {"role": "problems", "inline": True,
                                                                      "paragraph": 230}]


def test_rules_lists_ids_and_shows_examples():
    listing = runner.invoke(app, ["rules"]).output
    for rule in ("placeholder", "numbering-sequence", "duplicate-paragraph", "wording", "format"):
        assert rule in listing
    detail = runner.invoke(app, ["rules", "numbering-sequence"]).output
    assert "应当报告的例子" in detail and "四是" in detail
    assert runner.invoke(app, ["rules", "nope"]).exit_code == 2


def test_rules_folder_adds_and_overrides_data_rules(tmp_path, draft):
    rules = tmp_path / "规则"
    rules.mkdir()
    (rules / "local-terms.yml").write_text(
        "id: local-terms\nseverity: error\ntype: substitution\ndescription: 本单位用语\n"
        "message: \"“{match}”应写作“{replacement}”：{reason}\"\n"
        "entries:\n  - match: 区财政局\n    replace: 区财政局（区国资委）\n    reason: 本单位全称\n"
        "    flag: [区财政局]\n    pass: [本局]\n", encoding="utf-8")
    (rules / "placeholder.yml").write_text(  # same name as the bundled file: replaces it
        "id: placeholder\nseverity: info\ntype: existence\ndescription: 关闭\nmessage: x\nentries: []\n",
        encoding="utf-8")
    result = runner.invoke(app, ["lint", "--format", "json", "--rules", str(rules), str(draft)])
    findings = json.loads(result.output)["files"][0]["findings"]
    assert any(f["rule"] == "local-terms" and f["suggestion"] == "区财政局（区国资委）" for f in findings)
    assert not any(f["rule"] == "placeholder" for f in findings)
    assert result.exit_code == 1  # the new rule's error


def test_folder_scan_skips_lock_files_and_drafters_own_copies(tmp_path):
    for name in ("草稿.txt", "草稿.批注.docx", "草稿.修改.txt", "~$草稿.docx", ".隐藏.txt", "说明.xls"):
        (tmp_path / name).write_text(DRAFT, encoding="utf-8")
    data = json.loads(runner.invoke(app, ["lint", "--format", "json", "--fail-on", "never", str(tmp_path)]).output)
    assert [f["path"] for f in data["files"]] == [str(tmp_path / "草稿.txt")]
    assert data["errors"] == []


@pytest.mark.parametrize("args,words", [
    (["lint", "--year", "0"], "--year"), (["lint", "-j", "0"], "-j"), (["outline", "--year", "-1"], "--year"),
])
def test_impossible_numbers_are_one_chinese_line(draft, args, words):
    result = runner.invoke(app, [*args, str(draft)])
    assert result.exit_code == 2 and result.output.startswith("错误：") and words in result.output


@pytest.mark.parametrize("command", ["outline", "fix"])
def test_missing_file_and_folder_say_so(tmp_path, command):
    assert "文件不存在" in runner.invoke(app, [command, str(tmp_path / "无.docx")]).output
    assert "文件夹" in runner.invoke(app, [command, str(tmp_path)]).output
