"""What the benchmark scripts share."""

from __future__ import annotations

import sys
from pathlib import Path


def drafter_command() -> list[str]:
    """The `drafter` command of the running Python's install, as a user starts it."""
    exe = Path(sys.executable).with_name("drafter")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "drafter"]
