"""The log file: UTF-8, rotated (1 MB x 5) in the data folder, with ID and mobile numbers masked.

A log is what a secretary mails to support when something goes wrong, so nothing in it may identify
a member: every record passes `RedactingFilter` before it is written, whatever code produced it
(our own messages, a library's, an exception's text in a traceback).
"""

from __future__ import annotations

import logging
import re
import sys
from logging.handlers import RotatingFileHandler

from branchdesk.paths import DataPaths

MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 5
LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
_HANDLER_MARK = "_branchdesk_handler"

# An 18-digit ID (last character may be X), a 15-digit old-style ID, or an 11-digit mainland mobile,
# not embedded in a longer run of digits (a timestamp or a file size is not a person).
_ID18 = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9])[1-9][0-9]{14}(?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])")


def redact(text: str) -> str:
    """Mask ID numbers (keep the last 4, as the roster shows) and mobiles (138****8000)."""
    if not any(ch.isdigit() for ch in text):
        return text
    text = _ID18.sub(lambda m: "*" * 14 + m[0][-4:], text)
    text = _ID15.sub(lambda m: "*" * 11 + m[0][-4:], text)
    return _MOBILE.sub(r"\1****\2", text)


class RedactingFilter(logging.Filter):
    """Rewrites a record's message (with its args merged in) and its traceback text, masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def setup_logging(paths: DataPaths, *, level: int = logging.INFO, console: bool = False) -> logging.Handler:
    """Send the root logger to the data folder's rotating log file; safe to call more than once.

    Returns the file handler (tests close it). `console` also writes to stderr, masked the same way.
    """
    paths.logs.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(old)
        old.close()
    handler = RotatingFileHandler(
        paths.log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=False
    )
    handlers: list[logging.Handler] = [handler]
    if console and sys.stderr is not None:  # a windowed frozen build has no stderr
        handlers.append(logging.StreamHandler(sys.stderr))
    for h in handlers:
        h.setFormatter(logging.Formatter(LOG_FORMAT))
        h.addFilter(RedactingFilter())
        setattr(h, _HANDLER_MARK, True)
        root.addHandler(h)
    root.setLevel(level)
    logging.captureWarnings(True)
    return handler
