"""drafter: mine, write and lint Chinese government annual work reports.

The Python API (drafter/api.py; README, “Python 接口”):

    >>> import drafter
    >>> doc = drafter.read("草稿.docx")          # paragraphs with locations
    >>> [o.title_text for o in drafter.outline("草稿.docx")]
    >>> drafter.lint("草稿.docx", disable=["readability"])[0].findings
"""

import sys
import types

from drafter.api import annotate, fix, kinds, lint, lint_paths, mine, new, outline, phrases, read, rule_list
from drafter.errors import InputError

__all__ = ["read", "outline", "lint", "lint_paths", "fix", "annotate", "new", "kinds", "mine", "phrases",
           "rule_list", "InputError"]
__version__ = "0.1.0"


class _Package(types.ModuleType):
    """Importing the submodules drafter.lint, drafter.fix or drafter.annotate sets the package
    attribute of that name to the module (the import system does so after loading it), which would
    hide the API function of the same name: ``drafter.lint(path)`` would raise “'module' object is not
    callable” the second time, or in another thread. The API functions keep their names."""

    def __setattr__(self, name: str, value) -> None:
        if name in __all__ and isinstance(value, types.ModuleType):
            return  # the submodule stays reachable through sys.modules and ``from drafter.lint import …``
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
