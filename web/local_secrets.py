"""One set of secrets for every process on a development machine, kept in `var/secrets.env`.

Every process that `make run` starts (web workers, the daily jobs, the assistant and its action server)
must sign and hash with the same keys: sessions, CSRF tokens, emailed links and the SMS sender hash
are only as stable as the key behind them. A random key per process breaks all of them at random.

The file is created once, readable by its owner only (0600), holds `NAME=value` lines that a shell can
source, and is never committed (`var/` is ignored). Concurrent first starts are serialised by a lock so
that two workers cannot write different values. Production never reads it: there the deployment sets
each secret (`web/config.py` refuses to start without them).

    python -m web.local_secrets var   # create var/secrets.env if it is missing (used by `make run`)
"""

from __future__ import annotations

import fcntl
import os
import re
import secrets
import sys
from pathlib import Path

FILE_NAME = "secrets.env"
KEYS = ("SECRET_KEY", "SMS_HASH_SECRET", "RASA_TOKEN")
_LINE = re.compile(r"^([A-Z_][A-Z0-9_]*)=([A-Za-z0-9_\-]+)$")


def _read(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return values
    for line in text.splitlines():
        match = _LINE.match(line.strip())
        if match:
            values[match.group(1)] = match.group(2)
    return values


def ensure(var_dir: str | os.PathLike[str]) -> dict[str, str]:
    """The machine's secrets, creating (under a lock) whichever are missing; mode 0600."""
    folder = Path(var_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE_NAME
    values = _read(path)
    if all(key in values for key in KEYS):
        return values
    lock_fd = os.open(folder / f".{FILE_NAME}.lock", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock_fd, fcntl.LOCK_EX)
        values = _read(path)  # another process may have written them while we waited
        missing = [key for key in KEYS if key not in values]
        if missing:
            for key in missing:
                values[key] = secrets.token_hex(32)
            temporary = folder / f".{FILE_NAME}.{os.getpid()}"
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write("# Development secrets shared by every process of `make run`. Never commit.\n")
                handle.writelines(f"{key}={value}\n" for key, value in values.items())
            os.replace(temporary, path)
        os.chmod(path, 0o600)
    finally:
        os.close(lock_fd)
    return values


if __name__ == "__main__":  # pragma: no cover - exercised by `make run` and tests/deploy
    ensure(sys.argv[1] if len(sys.argv) > 1 else "var")
