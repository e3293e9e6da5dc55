"""A logging filter that masks personal data in every record the app's handlers write.

Nothing in our code logs an email address, a phone number or a password hash, but a library might: a
database error carries the statement's parameters, an exception's text can carry a form field. This is
the net under that. It rewrites the final message (arguments applied) and the traceback: the exception
is formatted here, cleaned, and kept as `exc_text` with `exc_info` dropped, so no handler formats the
raw one again. The filter sits on handlers (records propagated from any logger pass through them), so
`configure` installs it on the root logger's handlers and `install_gunicorn` on gunicorn's own, which
do not propagate to the root.
"""

from __future__ import annotations

import logging
import re

# The app's log line (the root handler `configure` creates; tests format with it too).
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
GUNICORN_LOGGERS = ("gunicorn.error", "gunicorn.access")

# Also as they arrive URL-encoded in a query string ("%40", "+" or "%20" for a space, "%2B" for "+").
EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# UK numbers as people write them (07700 900123, 0161 217 6111, (0161) 217 6111, 020-7946-0018) and
# international ones (+44 7700 900123, +44 (0)7700 900123, 0044 7700 900123, +14155550100). Digits
# inside a longer token (ids, hashes, UUIDs, decimals) are left alone.
_SEP = r"(?:[\s.+-]|%20)?"
PHONE = re.compile(
    r"(?<![\w.-])(?:"
    rf"(?:\+|%2[Bb]|00)[1-9]\d{{0,2}}{_SEP}(?:\(0\){_SEP})?\d(?:{_SEP}\d){{6,12}}"
    rf"|\(0\d{{2,4}}\){_SEP}\d(?:{_SEP}\d){{5,7}}"
    rf"|0\d(?:{_SEP}\d){{8,9}}"
    r")(?![\w.]?\d)(?!\w)"
)
# SQLAlchemy's statement errors end with the bound values: every one of them goes, whatever it is.
SQL_PARAMETERS = re.compile(r"\[parameters: [^\n]*")
# The app's password hashes ("scrypt$n$r$p$salt$hash") and other modular-crypt strings.
PASSWORD_HASH = re.compile(r"(?<![\w$])\$?(?:scrypt|pbkdf2[\w-]*|argon2\w*|bcrypt|2[aby])\$[^\s'\",)\]]+")

_REPLACEMENTS = (
    (SQL_PARAMETERS, "[parameters: hidden]"),
    (PASSWORD_HASH, "[password hash]"),
    (EMAIL, "[email]"),
    (PHONE, "[number]"),
)


def redact(text: str) -> str:
    """`text` with emails, phone numbers, password hashes and SQL parameters replaced by placeholders."""
    for pattern, placeholder in _REPLACEMENTS:
        text = pattern.sub(placeholder, text)
    return text


def personal_data_in(text: str) -> list[str]:
    """What kinds of personal data `text` holds ("email", "phone number", ...), for checks and tests."""
    kinds = (
        (EMAIL, "email"),
        (PHONE, "phone number"),
        (PASSWORD_HASH, "password hash"),
        (SQL_PARAMETERS, "SQL parameters"),
    )
    return [name for pattern, name in kinds if pattern.search(text)]


_FORMATTER = logging.Formatter()


class RedactPersonalData(logging.Filter):
    """Cleans a record in place before its handler writes it; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit: the handler would print them raw
            message = f"{record.msg} [arguments that did not fit the message were dropped]"
            record.msg, record.args = message, None
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info != (None, None, None) and not record.exc_text:
            record.exc_text = _FORMATTER.formatException(record.exc_info)
        record.exc_info = None  # the formatted, cleaned text below is what every handler writes
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


# The filter's first name, from when it masked phone numbers only.
RedactPhoneNumbers = RedactPersonalData


def install(logger: logging.Logger | None = None) -> None:
    """Add the filter to every handler of `logger` (the root logger by default), once."""
    for handler in (logger or logging.getLogger()).handlers:
        if not any(isinstance(f, RedactPersonalData) for f in handler.filters):
            handler.addFilter(RedactPersonalData())


def configure() -> None:
    """The app's logging: INFO and up to standard error unless something configured logging already
    (a test runner, gunicorn's --log-config), and the filter on every root handler either way."""
    logging.basicConfig(level=logging.INFO, format=FORMAT)
    install()


def install_gunicorn() -> None:
    """The filter on gunicorn's error and access logs, which keep their own handlers and do not
    propagate: an error while handling a request is logged there with its traceback, and the access
    log has every request's query string. Called where gunicorn imports the app (web/wsgi.py), after
    gunicorn has set its handlers up; a worker that gunicorn restarts imports it again."""
    for name in GUNICORN_LOGGERS:
        install(logging.getLogger(name))
