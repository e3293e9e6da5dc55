"""gunicorn's settings for every way we start it (`make run`, docker-compose): `-c python:web.gunicorn_config`.

The access log keeps what operating the service needs (time, method, path, status, size, duration)
and nothing that identifies a resident: no client address, no query string (a search page's address
holds the words a resident typed), no referrer (it holds the previous page's query string), no user
agent. The personal-data filter (web/logging_privacy.py) still runs on both gunicorn logs as a net.
"""

access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
