"""The same package gives the same tiers in the app's environment and in the assistant's (Python 3.10,
Rasa's pins): the whole labelled corpus is assessed in both and compared message by message."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from around_here_safety import assess

from bench.safety.corpus import SPLITS, load

REPO = Path(__file__).resolve().parents[2]
BOT_PYTHON = REPO / "bot" / ".venv" / "bin" / "python"

SCRIPT = """
import json, sys
from around_here_safety import assess
texts = json.load(sys.stdin)
print(json.dumps([[a.tier, a.categories, a.about] for a in map(assess, texts)]))
"""


@pytest.mark.skipif(not BOT_PYTHON.exists(), reason="the assistant's environment (bot/.venv) is not installed")
def test_every_corpus_message_gets_identical_tiers_in_both_environments():
    texts = [e.text for split in SPLITS for e in load(split)]
    done = subprocess.run(
        [str(BOT_PYTHON), "-c", SCRIPT], input=json.dumps(texts), capture_output=True, text=True, timeout=300,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    theirs = json.loads(done.stdout)
    ours = [[a.tier, a.categories, a.about] for a in map(assess, texts)]
    differing = [(t, o, b) for t, o, b in zip(texts, ours, theirs, strict=True) if o != b]
    assert differing == []
    assert len(texts) >= 800
