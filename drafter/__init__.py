"""drafter: mine, write and lint Chinese government annual work reports.

    >>> import drafter
    >>> doc = drafter.read("草稿.docx")          # paragraphs with locations
    >>> [o.title_text for o in drafter.outline("草稿.docx")]
    >>> drafter.lint("草稿.docx")[0].findings
    >>> drafter.lint("草稿.docx", plan="去年报告.docx")      # plus: last year's plan items not accounted for
    >>> open("新模板.docx", "wb").write(drafter.new_from("去年报告.docx"))
"""

from drafter.api import lint, new_from, outline, plan_items, read
from drafter.errors import InputError

__all__ = ["read", "outline", "lint", "plan_items", "new_from", "InputError"]
__version__ = "0.1.0"
