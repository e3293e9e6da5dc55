"""The 16 need slugs: the only values the `need` slot may hold, and the needs the assistant offers.

They are read from `need_slugs.json` beside this module, which scripts/build_nlu_data.py writes from
the directory's vocabulary (directory/needs/needs.json) before every training run: the assistant reaches
the directory only over HTTP and never imports its code, so it carries this copy, and a test fails when
the copy and needs.json differ. Standard library only, so the build scripts can import it too.
"""

from __future__ import annotations

import json
from pathlib import Path

SLUGS_FILE = Path(__file__).with_name("need_slugs.json")
NEED_SLUGS: tuple[str, ...] = tuple(json.loads(SLUGS_FILE.read_text(encoding="utf-8"))["slugs"])
