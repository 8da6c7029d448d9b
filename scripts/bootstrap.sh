#!/usr/bin/env bash
# Create .venv and install the pinned requirements; does nothing when they are already installed.
#   scripts/bootstrap.sh          runtime requirements
#   scripts/bootstrap.sh dev      runtime + test and lint tools
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
req=requirements.txt
[ "${1:-}" = dev ] && req=requirements-dev.txt
PYTHON="${PYTHON:-python3}"

if [ ! -x .venv/bin/python ]; then
    echo "[bootstrap] creating .venv with $($PYTHON --version)" >&2
    "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(cat requirements.txt "$req" | sha1sum | cut -c1-12)-${req%.txt}"
if [ ! -f "$stamp" ]; then
    echo "[bootstrap] installing $req" >&2
    .venv/bin/python -m pip install -q --upgrade pip >&2
    .venv/bin/python -m pip install -q -r "$req" >&2
    touch "$stamp"
fi
