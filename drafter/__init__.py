"""drafter: mine, write and lint Chinese government annual work reports.

The Python API (drafter/api.py; README, “Python 接口”):

    >>> import drafter
    >>> doc = drafter.read("草稿.docx")          # paragraphs with locations
    >>> [o.title_text for o in drafter.outline("草稿.docx")]
    >>> drafter.lint("草稿.docx", disable=["readability"])[0].findings
    >>> drafter.lint("草稿.docx", plan="去年报告.docx")      # plus: last year's plan items not accounted for
    >>> drafter.new_from("去年报告.docx").save()             # next year's skeleton from last year's plan
"""

from drafter.api import (
    annotate,
    fix,
    kinds,
    lint,
    lint_paths,
    load_plan,
    mine,
    new,
    new_from,
    outline,
    phrases,
    plan_items,
    read,
    rule_list,
)
from drafter.errors import InputError

__all__ = ["read", "outline", "lint", "lint_paths", "fix", "annotate", "new", "new_from", "kinds", "plan_items",
           "load_plan", "mine", "phrases", "rule_list", "InputError"]
__version__ = "0.1.0"
