"""What drafter writes: text and JSON reports (report), Word comments (annotate), tracked changes (fix, docx_edit), atomic files (atomic)."""
