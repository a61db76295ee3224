"""The question log: what readers asked, how it was answered, their verdicts, and the editors' report.

``normalize`` folds and groups questions (pure), ``report`` turns logged answers into the report (pure),
``store`` is the append-only SQLite file under ``ARCHIVE_CHAT_DATA_DIR`` (the only I/O).
"""
