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


# ---------------------------------------------------------------- usage errors and help, in Chinese

@pytest.mark.parametrize("args,line", [
    (["lint", "--year", "abc", "x.txt"], "错误：--year 的值“abc”无效：--year 应为四位年份，如 --year 2025"),
    (["lint", "--format", "xml", "x.txt"], "错误：--format 的值“xml”无效：只能是 text、json 之一，如 --format text"),
    (["lint", "--min-severity", "fatal", "x.txt"],
     "错误：--min-severity 的值“fatal”无效：只能是 info、warning、error 之一，如 --min-severity info"),
    (["lint", "-j", "two", "x.txt"], "错误：--jobs 的值“two”无效：-j 应为正整数，如 -j 2"),
    (["lint", "--anotate", "x.txt"], "错误：没有选项 --anotate，是否想写 --annotate（drafter lint --help 查看用法）"),
    (["lint"], "错误：缺少要处理的文件或文件夹，如：drafter lint 草稿.docx（drafter lint --help 查看用法）"),
    (["lint", "x.txt", "--year"], "选项 --year 后面要写一个值"),
    (["check", "x.txt"], "错误：没有命令“check”；可用的命令：lint、fix、outline、new、phrases、mine、rules、serve"),
    (["new", "--unit", "区财政局", "--year", "2026", "多余"], "错误：多余的参数：多余（drafter new --help 查看用法）"),
    (["serve", "--port", "http"], "错误：--port 的值“http”无效：--port 应为 1—65535 的端口号，如 --port 8080"),
])
def test_usage_errors_are_one_chinese_line_with_the_fix(args, line):
    result = runner.invoke(app, args, prog_name="drafter")
    assert result.exit_code == 2
    (shown,) = result.output.strip().splitlines()
    assert line in shown and shown.startswith("错误：")
    assert not any(word in result.output for word in ("Usage", "Error", "Invalid", "Try ", "╭"))


@pytest.mark.parametrize("args", [["--help"], ["lint", "--help"], ["new", "--help"], ["serve", "--help"], []])
def test_help_has_chinese_headings_and_is_never_cut(args):
    result = runner.invoke(app, args, terminal_width=60, prog_name="drafter")
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("用法：drafter") and "选项" in out and "显示本说明后退出。" in out
    assert not any(word in out for word in ("Usage", "Options", "Show this message", "Commands", "Arguments", "…"))
    if not args or args == ["--help"]:  # every command's whole first line of help, wrapped not cut
        for command in ("lint", "fix", "new", "serve"):
            doc = getattr(__import__(f"drafter.commands.{command}", fromlist=[command]), command).__doc__.strip()
            assert doc.splitlines()[0].replace(" ", "") in out.replace("\n", "").replace(" ", "")


def test_text_output_ends_with_one_total_line(tmp_path, draft):
    (tmp_path / "坏.docx").write_bytes(b"not a zip")
    result = runner.invoke(app, ["lint", "--fail-on", "never", SEED, str(draft), str(tmp_path / "坏.docx")])
    last = result.output.strip().splitlines()[-1]
    data = json.loads(runner.invoke(app, ["lint", "--format", "json", "--fail-on", "never", SEED, str(draft)]).output)
    findings = [f for r in data["files"] for f in r["findings"]]
    errors = sum(f["severity"] == "error" for f in findings)
    warnings = sum(f["severity"] == "warning" for f in findings)
    assert last == (f"合计：检查 2 个文件、{len(data['files'])} 篇报告；错误 {errors} 处，警告 {warnings} 处，提示 0 处；"
                    "1 个文件无法读取或写出（见“错误：”行）")
    assert len(data["files"]) == 12 and errors > 100


def test_quiet_prints_the_errors_and_the_total_only(draft):
    full = runner.invoke(app, ["lint", str(draft)]).output
    quiet = runner.invoke(app, ["lint", "--quiet", str(draft)])
    assert quiet.exit_code == 1
    assert "警告" in full and "  警告  " not in quiet.output
    assert "未填占位符（placeholder）" in quiet.output
    assert quiet.output.strip().splitlines()[-1] == full.strip().splitlines()[-1]
    clean = runner.invoke(app, ["lint", "-q", "--disable", "placeholder", str(draft)])
    assert clean.output.strip().splitlines() == [clean.output.strip().splitlines()[-1]]  # the total alone
    assert clean.output.startswith("合计：检查 1 个文件、1 篇报告；错误 0 处")


def test_every_bundled_rule_has_a_chinese_name_shown_beside_its_id(draft):
    from drafter.rules.names import RULE_NAMES
    from drafter.rules.registry import all_rule_ids

    assert all_rule_ids() <= set(RULE_NAMES), all_rule_ids() - set(RULE_NAMES)
    assert len(set(RULE_NAMES.values())) == len(RULE_NAMES)
    out = runner.invoke(app, ["lint", str(draft)]).output
    assert "  错误  未填占位符（placeholder）" in out
    data = json.loads(runner.invoke(app, ["lint", "--format", "json", str(draft)]).output)
    assert {f["rule"] for r in data["files"] for f in r["findings"]} <= set(RULE_NAMES)  # ids in JSON


def test_test_skip_reasons_are_chinese():
    """A skipped test tells the person running the suite, in Chinese, what is missing."""
    import re
    from pathlib import Path

    found = []
    for path in Path(__file__).parent.glob("*.py"):
        if path.name == "test_cli.py":
            continue
        text = path.read_text(encoding="utf-8")
        for reason in re.findall(r'(?:pytest\.skip|skip_unless_ci)\(\s*f?"([^"]*)"|reason="([^"]*)"', text):
            reason = "".join(reason)
            found.append(reason)
            assert re.search(r"[\u4e00-\u9fff]", reason), (path.name, reason)
    assert len(found) >= 5


def test_folder_scan_skips_text_files_that_are_not_reports(tmp_path):
    (tmp_path / "草稿.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "备忘.txt").write_text("会议记录\n明天上午九点开会，请带笔记本。\n联系人：张三\n", encoding="utf-8")
    (tmp_path / "说明.md").write_text("readme\n本文件夹存放各科室的草稿。\n", encoding="utf-8")
    result = runner.invoke(app, ["lint", "--fail-on", "never", str(tmp_path)])
    skips = [line for line in result.output.splitlines() if line.startswith("跳过：")]
    assert len(skips) == 2 and all("不像工作报告" in line for line in skips)
    assert "会议记录" not in result.output and "区财政局2025年工作总结" in result.output
    assert result.output.strip().splitlines()[-1].startswith("合计：检查 1 个文件、1 篇报告；")
    assert "跳过 2 个不像报告的文本文件" in result.output
    data = json.loads(runner.invoke(app, ["lint", "--format", "json", "--fail-on", "never", str(tmp_path)]).stdout)
    assert [f["path"] for f in data["files"]] == [str(tmp_path / "草稿.txt")]
    assert sorted(s["path"] for s in data["skipped"]) == [str(tmp_path / "备忘.txt"), str(tmp_path / "说明.md")]
    # named on the command line, a note is still checked
    named = runner.invoke(app, ["lint", "--fail-on", "never", str(tmp_path / "备忘.txt")])
    assert "跳过" not in named.output and "《会议记录》" in named.output


def test_outline_of_a_folder_lists_each_file(tmp_path):
    (tmp_path / "a.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(DRAFT.replace("区财政局", "县文旅局"), encoding="utf-8")
    (tmp_path / "坏.docx").write_bytes(b"not a zip")
    result = runner.invoke(app, ["outline", str(tmp_path)])
    assert result.exit_code == 2 and "drafter lint" not in result.output
    assert "《区财政局2025年工作总结及2026年工作计划》" in result.output and "《县文旅局" in result.output
    assert str(tmp_path / "a.txt") in result.output and "坏.docx" in result.output
    data = json.loads(runner.invoke(app, ["outline", "--format", "json", str(tmp_path / "a.txt")]).stdout)
    assert "path" not in data[0]


def test_the_typer_free_lint_reader_knows_exactly_the_lint_commands_options():
    import typer.main

    from drafter.commands.lint_run import OPTIONS, defaults

    command = typer.main.get_command(app).commands["lint"]
    opts = {o for p in command.params if p.param_type_name == "option" for o in p.opts}
    assert set(OPTIONS) == opts
    assert set(defaults()) == {p.name for p in command.params}
    assert {p.name: getattr(p.default, "value", p.default) for p in command.params if p.name != "paths"} == \
        {name: value for name, value in defaults().items() if name != "paths"}


@pytest.mark.parametrize("args", [
    ["--fail-on", "never", SEED],
    ["--format=json", "--min-severity", "info", "-j", "2", SEED],
    ["--disable", "readability,typo", "--enable", "typo", "--year", "2024", "-q", SEED],
    ["--disable", "nosuch", SEED],
    ["--fail-on", "warning", "{draft}", "{bad}"],
])
def test_lint_without_typer_says_and_exits_as_through_typer(tmp_path, draft, args):
    import subprocess
    import sys

    from drafter.commands.lint_run import parse_usual

    (tmp_path / "坏.docx").write_bytes(b"not a zip")
    args = [a.format(draft=draft, bad=tmp_path / "坏.docx") for a in args]
    assert parse_usual(args) is not None  # the fast path reads it
    through_typer = runner.invoke(app, ["lint", *args])
    fast = subprocess.run([sys.executable, "-m", "drafter", "lint", *args], capture_output=True, text=True)
    assert fast.returncode == through_typer.exit_code
    # the same lines (a subprocess's stdout and stderr are captured apart, typer's runner mixes them)
    assert sorted((fast.stdout + fast.stderr).splitlines()) == sorted(through_typer.output.splitlines())


@pytest.mark.parametrize("args", [["--help"], ["-j", "0", "x.txt"], ["--year", "abc", "x.txt"], ["--format", "xml", "x.txt"],
                                  ["--nosuch", "x.txt"], [], ["--annotate=1", "x.txt"], ["--year"]])
def test_unusual_lint_command_lines_are_left_to_typer(args):
    from drafter.commands.lint_run import parse_usual

    assert parse_usual(args) is None


def test_lint_into_a_pipe_closed_early_ends_without_a_traceback():
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "drafter", "lint", "--fail-on", "never", SEED, SEED, SEED],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(10)  # `drafter lint … | head -c 10`
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1 and "Traceback" not in stderr
