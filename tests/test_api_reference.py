"""The README's Python API reference (“Python 接口”): every function listed, every example run."""

import re
import shutil
from pathlib import Path

import drafter
from drafter.paths import data_dir

README = Path(__file__).resolve().parent.parent / "README.md"


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Python 接口")
    return text[start:text.index("\n## ", start + 1)]


def test_every_api_function_is_listed_with_an_example():
    section = _section()
    code = "\n".join(re.findall(r"```python\n(.*?)```", section, re.S))
    for name in drafter.__all__:
        if name != "InputError":
            assert f"`drafter.{name}(" in section, f"README 未列出 drafter.{name}"
            assert f"drafter.{name}(" in code, f"README 没有 drafter.{name} 的例子"


def test_readme_examples_run(tmp_path, monkeypatch, capsys):
    (tmp_path / "报告").mkdir()
    shutil.copy(data_dir("seeds") / "work-reports-2023-2024.txt", tmp_path / "报告" / "汇编.txt")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in re.findall(r"```python\n(.*?)```", _section(), re.S):
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - the documentation's own code
    out = capsys.readouterr().out
    assert "区财政局2026年工作总结及2027年工作计划.docx" in out
    assert (tmp_path / "草稿.批注.docx").is_file() and (tmp_path / "风格档案.json").is_file()
    assert (tmp_path / "报告" / "汇编.txt").read_bytes() == (data_dir("seeds") / "work-reports-2023-2024.txt").read_bytes()


def test_readme_rules_table_lists_every_rule_with_its_chinese_name():
    text = README.read_text(encoding="utf-8")
    severity = {"error": "错误", "warning": "警告", "info": "提示"}
    for info in drafter.rule_list():
        row = f"| `{info.id}` | {info.name} | {severity[info.severity]}"
        assert row in text, f"README 的规则表缺少或写错了这一行：{row}"


def test_readme_api_table_names_each_function_s_own_parameters():
    import inspect

    for name, args in re.findall(r"\| `drafter\.(\w+)\((.*?)\)` \|", _section()):
        real = inspect.signature(getattr(drafter, name)).parameters
        for arg in re.findall(r"(?:^|,)\s*(\w+)", args):
            assert arg in real, f"README 中 drafter.{name} 的参数 {arg} 与代码不符（代码：{list(real)}）"
