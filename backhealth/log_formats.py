"""Log formats."""

import logging


class OneLineFormatter(logging.Formatter):
    """The message without its traceback: a rejected Host header is a fact to count, not a bug to read.

    The record is copied, so other handlers of the same record still get the traceback if they want it.
    """

    def format(self, record: logging.LogRecord) -> str:
        bare = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None, "stack_info": None})
        return super().format(bare)
