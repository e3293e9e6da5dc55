"""Shared pytest fixtures, split by concern (loaded with `-p tests.plugins`)."""

from .app import *  # noqa: F403
from .assistant import *  # noqa: F403
from .database import *  # noqa: F403
from .i18n import *  # noqa: F403
from .insight import *  # noqa: F403
from .live_server import *  # noqa: F403
from .log_privacy import *  # noqa: F403
from .mail import *  # noqa: F403
