"""The Chinese names of a report's parts (roles), from ``style_rules/roles.yml`` (``names``)."""

from __future__ import annotations

from drafter.datafiles import load_yaml
from drafter.paths import data_dir


def role_names(form: str = "name") -> dict[str, str]:
    """role → its Chinese name in this form: ``short`` (总结), ``name`` (工作总结) or ``full`` (what a
    missing part is called in section-missing's message)."""
    table = load_yaml(data_dir("style_rules") / "roles.yml")["names"]
    return {role: forms[form] for role, forms in table.items() if form in forms}
