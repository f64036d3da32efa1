"""What every rule produces, and the context it reads."""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    paragraph: int | None  # location contract; None for document-level findings
    start: int | None = None
    end: int | None = None
    suggestion: str | None = None
    section: str = ""
    excerpt: str = ""
    # replacement text for [start, end) when the fix is mechanical and safe
    fix: str | None = field(default=None, compare=False)
    # a replacement for [start, end) the rule is not sure of: made only on request, as a tracked
    # change for the writer to accept or reject (drafter fix --all-suggestions)
    tentative_fix: str | None = field(default=None, compare=False)
    # where [start, end) lies inside ``excerpt``, for highlighting
    excerpt_span: tuple[int, int] | None = field(default=None, compare=False)
    # plan-coverage: the plan item in last year's file (path, paragraph, section, item)
    plan: dict | None = field(default=None, compare=False)

    def to_json(self) -> dict:
        data = {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
            "section": self.section,
            "excerpt": self.excerpt,
            "suggestion": self.suggestion,
        }
        if self.plan is not None:
            data["plan"] = self.plan
        return data
