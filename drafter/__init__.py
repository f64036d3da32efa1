"""drafter: mine, write and lint Chinese government annual work reports.

The Python API (drafter/api.py; README, “Python 接口”):

    >>> import drafter
    >>> doc = drafter.read("草稿.docx")          # paragraphs with locations
    >>> [o.title_text for o in drafter.outline("草稿.docx")]
    >>> drafter.lint("草稿.docx", disable=["readability"])[0].findings
    >>> drafter.lint("草稿.docx", plan="去年报告.docx")      # plus: last year's plan items not accounted for
    >>> drafter.new_from("去年报告.docx").save()             # next year's skeleton from last year's plan
"""

__all__ = ["read", "outline", "lint", "lint_paths", "fix", "annotate", "new", "new_from", "kinds", "plan_items",
           "load_plan", "mine", "phrases", "rule_list", "InputError"]
__version__ = "0.1.0"


def __getattr__(name: str):
    """The API's names, imported when first used: a command's start (and ``import drafter.x``) does not load
    drafter.api, and with it dataclasses and pathlib, before it needs them."""
    if name not in __all__:
        raise AttributeError(f"module 'drafter' has no attribute {name!r}")
    if name == "InputError":
        from drafter.errors import InputError as value
    else:
        from drafter import api

        value = getattr(api, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The API's names too, before their first use (a REPL's completion, help())."""
    return sorted(set(globals()) | set(__all__))
