"""The paragraph model every stage shares.

Location contract: ``Paragraph.index`` is the 1-based position of the ``w:p`` among all
``w:p`` of the document body in document order (empty ones and those in tables included);
for text files it is the 1-based line number. Offsets are within ``Paragraph.text``, the
visible text without the auto-number text (which is in ``Paragraph.number``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# A year as reports write it, and the years drafter accepts (--year, the web page, drafter new):
# the ones this pattern can find again in a title.
YEAR_PATTERN = r"(?:19|20)\d{2}"
YEAR_MIN, YEAR_MAX = 1900, 2099
# the kind of document a report's title names (工作总结, 工作计划, 报告 …)
TITLE_KIND_PATTERN = r"总结|计划|报告|要点|打算|安排|情况|思路"


@dataclass
class Paragraph:
    index: int
    text: str
    number: str = ""  # visible text of Word auto-numbering, e.g. "一、"; "" when typed or none
    style: str | None = None  # style name, e.g. "heading 1"
    outline_level: int | None = None  # Word's w:outlineLvl (0 = level 1); None for body text
    in_table: bool = False
    alignment: str | None = None  # w:jc value ("center", "right", ...)
    east_asia_font: str | None = None  # dominant East Asian font of the runs
    font_size: float | None = None  # dominant size in points
    comments: list[str] = field(default_factory=list)  # texts of Word comments anchored here
    markup: str = ""  # source text before ``text`` that readers do not see, e.g. Markdown "## "

    @property
    def full_text(self) -> str:
        """What the reader of the document sees: number and text."""
        return self.number + self.text


@dataclass
class Document:
    path: str
    source_format: str  # "docx", "text", "html" or "pdf": what the paragraphs were read from
    paragraphs: list[Paragraph]
    # page margins in millimetres (top, bottom, left, right), docx only
    margins_mm: tuple[float, float, float, float] | None = None
