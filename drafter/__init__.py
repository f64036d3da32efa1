"""drafter: mine, write and lint Chinese government annual work reports.

    >>> import drafter
    >>> doc = drafter.read("草稿.docx")          # paragraphs with locations
    >>> [o.title_text for o in drafter.outline("草稿.docx")]
    >>> drafter.lint("草稿.docx")[0].findings
"""

from drafter.api import lint, outline, read
from drafter.errors import InputError

__all__ = ["read", "outline", "lint", "InputError"]
__version__ = "0.1.0"
