#!/usr/bin/env bash
# A self-signed certificate for localhost and 127.0.0.1, for local use only:
#   deploy/make-cert.sh DIR   writes DIR/cert.pem and DIR/key.pem unless they exist
set -euo pipefail
dir="${1:?usage: $0 DIR}"
[ -f "$dir/cert.pem" ] && exit 0
mkdir -p "$dir"
openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
chmod 600 "$dir/key.pem"
