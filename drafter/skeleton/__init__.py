"""``drafter new``: report skeletons from the jinja2 templates in ``templates/``.

Heavy modules (python-docx, jinja2, yaml) are imported only when a skeleton is built.
"""

from drafter.skeleton.builder import (
    build_next_year,
    build_skeleton,
    default_output_name,
    write_skeleton,
)
from drafter.skeleton.templates import (
    DEFAULT_KIND,
    fallback_hints,
    list_kinds,
    required_roles,
)

__all__ = [
    "DEFAULT_KIND",
    "build_next_year",
    "build_skeleton",
    "default_output_name",
    "fallback_hints",
    "list_kinds",
    "required_roles",
    "write_skeleton",
]
