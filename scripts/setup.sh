#!/usr/bin/env bash
# `npm run setup`: everything a fresh machine (Debian, Node 20) lacks, idempotently:
# protoc (integration tests build protoc descriptors), python3-protobuf (Google's
# json_format, the reference of the conformance test), python3-grpcio (the seeds' Python server
# that `npm run bench` compares the sample server with), the npm dependencies, and the
# end-to-end tools (Chromium, code-server 4.100.3 and playwright-core in .e2e/).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v protoc >/dev/null 2>&1 || ! /usr/bin/python3 -c 'import google.protobuf, grpc' >/dev/null 2>&1; then
  echo "setup: installing protobuf-compiler (protoc), python3-protobuf and python3-grpcio"
  export DEBIAN_FRONTEND=noninteractive
  # Another apt-get or an unattended upgrade may hold a lock: wait for it instead of failing (exit 100).
  source scripts/apt.sh
  echo "setup: (if another apt-get holds the dpkg or package lists lock, this waits for it, up to 10 minutes)"
  apt_update setup
  "${APT[@]}" install -y -qq protobuf-compiler python3-protobuf python3-grpcio >/dev/null
fi
npm ci --no-audit --no-fund
bash e2e/setup.sh
