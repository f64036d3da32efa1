"""The model of a report: paragraphs (model), reports in a file (corpus), title/headings/parts (structure, roles), web page lines (webpage), last year's plan items (plan)."""
