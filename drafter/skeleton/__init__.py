"""``drafter new``: report skeletons from the jinja2 templates in ``templates/``.

Heavy modules (python-docx, jinja2, yaml) are imported only when a skeleton is built.
"""

from drafter.skeleton.templates import (
    DEFAULT_KIND,
    fallback_hints,
    list_kinds,
    required_roles,
)

_BUILDER = ("build_next_year", "build_skeleton", "default_output_name", "write_skeleton")


def __getattr__(name: str):
    # the builder (and the .docx machinery it brings) only when a skeleton is built: `drafter lint`
    # needs the templates' required parts, not this
    if name in _BUILDER:
        from drafter.skeleton import builder

        return getattr(builder, name)
    raise AttributeError(name)


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
