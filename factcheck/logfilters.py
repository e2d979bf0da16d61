"""Logging filters named in the LOGGING setting."""

import logging


class WithoutTraceback(logging.Filter):
    """Keep the record's message, drop its traceback: for errors that are the
    client's, whose stack says nothing about the server."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True
