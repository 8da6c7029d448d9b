#!/usr/bin/env bash
# Make sure Debian's Chromium is there for the browser tests (Playwright cannot download its own here).
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
    echo "[browser] installing Debian's chromium" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 || {
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
    }
else
    echo "[browser] Chromium is missing: sudo apt-get install chromium (or set CHROMIUM_PATH)" >&2
    exit 1
fi
