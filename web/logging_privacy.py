"""A logging filter that masks phone numbers in every record the app's handlers write.

Nothing in our code logs a number or a message, but a library might (an exception carrying a form
field, a debug line): this is the net under that. It rewrites the final message, arguments applied."""

from __future__ import annotations

import logging

from .sms.identity import redact


class RedactPhoneNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def install(logger: logging.Logger | None = None) -> None:
    """Add the filter to every handler of `logger` (the root logger by default), once."""
    for handler in (logger or logging.getLogger()).handlers:
        if not any(isinstance(f, RedactPhoneNumbers) for f in handler.filters):
            handler.addFilter(RedactPhoneNumbers())
