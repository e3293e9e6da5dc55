"""`python -m bench.needs`: need understanding per language through `/api/search` and the chat fallback.

Builds the app as the tests do (`web.config.TestConfig`) over a fresh SQLite database with the sample
directory and a real Whoosh index, in a temporary folder; the chat's assistant URL points at a closed
port, so every chat message is answered by the directory's fallback. Prints a table; `--json FILE`
writes the numbers and every miss.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import socket
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.needs.evaluate import LANGUAGES, load, score_api, score_fallback, service_needs, summary
from directory.db import Database
from directory.interchange.sample import load_sample
from directory.migrations import upgrade
from web import create_app
from web.config import TestConfig
from web.extensions import search_provider


def _closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, help="write the results (with every miss) to this file")
    parser.add_argument("--misses", action="store_true", help="print every message that missed")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # the relay logs every fallback answer
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-needs-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        database = Database(url)
        with database.transaction() as session:
            load_sample(session)
        database.dispose()
        app = create_app(
            TestConfig(
                DATABASE_URL=url,
                INDEX_DIR=str(Path(tmp) / "index"),
                RASA_URL=_closed_port(),
                CHAT_RATE_LIMIT_SESSION="100000/60",
                CHAT_RATE_LIMIT_CLIENT="100000/60",
            )
        )
        with app.app_context():
            search_provider.updater.rebuild()
        client = app.test_client()
        result = {}
        misses = {}
        with app.app_context():
            needs_of = service_needs()
        for language in LANGUAGES:
            data = load(language)
            api_need, api_place = score_api(client, data)
            chat_need, out = score_fallback(client, data, needs_of)
            result[language] = {
                "messages": api_need.total,
                "out_of_scope_messages": out.total,
                "api_need_top3": round(api_need.share, 3),
                "api_place": round(api_place.share, 3),
                "fallback_need_top3": round(chat_need.share, 3),
                "out_of_scope_without_services": round(out.share, 3),
            }
            misses[language] = {
                "api_need": api_need.misses, "api_place": api_place.misses,
                "fallback_need": chat_need.misses, "out_of_scope": out.misses,
            }  # fmt: skip
        search_provider.shutdown()
    print(summary(result))
    print(f"{time.monotonic() - started:.0f} s on {platform.python_version()}")
    if args.misses:
        print(json.dumps(misses, ensure_ascii=False, indent=1))
    if args.json:
        document = {"date": date.today().isoformat(), "results": result, "misses": misses}
        args.json.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
