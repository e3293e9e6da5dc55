#!/usr/bin/env bash
# The assistant's whole check, from scratch: build generated data, validate, train, test the dialogue
# flows, test NLU on the held-out split, run the Python tests. Prints how long each step took.
#
#   bash bot/scripts/ci.sh            # everything
#   SKIP_TRAIN=1 bash bot/scripts/ci.sh   # reuse models/around-here.tar.gz
#   NLU_MIN_INTENT_F1=0.82 NLU_MIN_NEED_F1=0.74 bash bot/scripts/ci.sh
#       fail if the held-out F1 falls below these floors (make test sets them: regression guards just
#       under what the shipped model scores; the issue's 0.90 target is not met, see docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${BOT_VENV:-.venv}
PY="$VENV/bin/python"
RASA="$VENV/bin/rasa"
MODEL=models/around-here.tar.gz
export ACTION_ENDPOINT=${ACTION_ENDPOINT:-http://127.0.0.1:5055/webhook}
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
export PYTHONWARNINGS=${PYTHONWARNINGS:-ignore}

if [ ! -x "$RASA" ]; then
  echo "bot/.venv is missing: python3.10 -m venv bot/.venv && bot/.venv/bin/pip install -r bot/requirements.txt" >&2
  exit 1
fi
"$PY" -c "import pytest" 2>/dev/null || "$VENV/bin/pip" install --quiet "pytest>=8,<9"

mkdir -p results
TIMINGS=()
step() {
  local name=$1; shift
  echo
  echo "=== $name: $*"
  local start=$SECONDS
  "$@"
  TIMINGS+=("$(printf '%-16s %5ss' "$name" $((SECONDS - start)))")
}

step build "$PY" scripts/build_nlu_data.py
step responses "$PY" scripts/build_responses.py --check
step validate "$RASA" data validate --fail-on-warnings --domain domain --data data --config config.yml
if [ -z "${SKIP_TRAIN:-}" ] || [ ! -f "$MODEL" ]; then
  rm -rf "$MODEL" .rasa/cache  # from scratch: no cached components from an earlier training
  step train "$RASA" train --domain domain --data data --config config.yml --out models \
    --fixed-model-name around-here
  test -f "$MODEL" || { echo "training produced no model" >&2; exit 1; }
fi
step test-stories "$RASA" test core --stories tests/stories --model "$MODEL" --out results/core \
  --fail-on-prediction-errors
rm -rf results/nlu
step nlu-heldout "$PY" scripts/nlu_eval.py --model "$MODEL" --min-intent-f1 "${NLU_MIN_INTENT_F1:-0}" \
  --min-need-f1 "${NLU_MIN_NEED_F1:-0}"
step pytest "$PY" -m pytest tests -q

echo
echo "=== timings"
printf '%s\n' "${TIMINGS[@]}"
