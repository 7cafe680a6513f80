#!/usr/bin/env bash
# `npm run setup`: everything a fresh machine (Debian, Node 20) lacks, idempotently:
# protoc (integration tests build protoc descriptors), the npm dependencies, and the
# end-to-end tools (Chromium, code-server 4.100.3 and playwright-core in .e2e/).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v protoc >/dev/null 2>&1; then
  echo "setup: installing protobuf-compiler (protoc)"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq protobuf-compiler >/dev/null
fi
npm ci --no-audit --no-fund
bash e2e/setup.sh
