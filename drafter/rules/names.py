"""The Chinese name of every rule, shown beside its id to people (terminal, Word comments, web page).

The id stays the stable interface (JSON, --disable, ``drafter: ignore``); a new rule adds its name
here (tests/test_cli.py fails for a bundled rule without one); a user's own rule without one
is shown by its id.
"""

from __future__ import annotations

RULE_NAMES = {
    "section-missing": "缺少部分",
    "section-order": "部分顺序",
    "heading-punctuation": "标题末尾标点",
    "title": "标题要素",
    "placeholder": "未填占位符",
    "duplicate-paragraph": "重复段落",
    "duplicate-sentence": "重复句子",
    "numbering-sequence": "序号跳号",
    "numbering-style": "序号写法",
    "punctuation": "标点符号",
    "number-format": "数字用法",
    "figures": "数据核对",
    "year-consistency": "年份一致",
    "wording": "常见错词",
    "typo": "错别字",
    "formulation": "规范表述",
    "dated-fact": "时间与提法",
    "web-junk": "网页复制残留",
    "format": "版式",
    "readability": "句段过长",
    "plan-coverage": "对照去年计划",
}


def rule_name(rule_id: str) -> str:
    """The rule's Chinese name; its id when it has none (a user's rule)."""
    return RULE_NAMES.get(rule_id, rule_id)


def rule_label(rule_id: str) -> str:
    """Name and id together, as people see a rule: ``常见错词（wording）``."""
    name = RULE_NAMES.get(rule_id)
    return f"{name}（{rule_id}）" if name else rule_id
