"""WSGI entry point for gunicorn: `gunicorn web.wsgi:app`."""

from . import create_app, logging_privacy

app = create_app()
# gunicorn's error log (tracebacks of failed requests) and access log (query strings) have their own
# handlers, set up before the app is imported: mask personal data there too.
logging_privacy.install_gunicorn()
