"""Phone numbers never reach the logs, whoever logs them."""

from __future__ import annotations

import io
import logging

from web.logging_privacy import RedactPhoneNumbers, install


def test_a_number_in_a_message_or_its_arguments_is_masked_before_it_is_written() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("test.privacy")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        install(logger)
        install(logger)  # idempotent
        logger.warning("reply to %s failed", "+44 7700 900123")
        logger.warning("From=07700900456 Body=hi")
    finally:
        logger.removeHandler(handler)
    written = stream.getvalue()
    assert "7700" not in written
    assert written.count("[number]") == 2
    assert sum(isinstance(f, RedactPhoneNumbers) for f in handler.filters) == 1


def test_the_app_installs_the_filter_on_the_root_handlers(app) -> None:
    handlers = logging.getLogger().handlers
    assert handlers
    assert any(isinstance(f, RedactPhoneNumbers) for h in handlers for f in h.filters)
