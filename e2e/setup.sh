#!/usr/bin/env bash
# Installs what the end-to-end suite needs, idempotently: Debian packages (the browser, ripgrep and the
# headers VS Code's native modules build against) and code-server + playwright-core in .e2e/ (its own
# package.json, git-ignored, so none of it leaks into the extension's dependencies).
# Offline-safe: @vscode/ripgrep's install step would download rg from GitHub; we seed its cache with
# Debian's /usr/bin/rg first, so the install needs no access to GitHub.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
CODE_SERVER_VERSION=4.100.3

need_apt=()
for pkg in chromium ripgrep libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup:e2e: installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Another apt-get or an unattended upgrade may hold a lock: wait for it instead of failing (exit 100).
  source scripts/apt.sh
  echo "setup:e2e: (if another apt-get holds the dpkg or package lists lock, this waits for it, up to 10 minutes)"
  apt_update setup:e2e
  "${APT[@]}" install -y -qq "${need_apt[@]}" >/dev/null
fi

# Seed @vscode/ripgrep's download cache. The cache folder is named after the package version and the
# asset after the rg build it pins; cover the 1.15.x releases VS Code 1.100 may pull in.
# The cache folders' names are @vscode/ripgrep's own (it looks there); the tarball is made in a
# folder of our own, unique to this run, and removed after.
TMP="${TMPDIR:-/tmp}"
STAGE="$(mktemp -d)"; trap 'rm -rf "$STAGE"' EXIT
RG_TAR="$STAGE/rg.tar.gz"
cp /usr/bin/rg "$STAGE/rg"
tar -C "$STAGE" -czf "$RG_TAR" rg
for v in 1.15.9 1.15.10 1.15.11 1.15.12 1.15.13 1.15.14; do
  dir="$TMP/vscode-ripgrep-cache-$v"; mkdir -p "$dir"
  for asset in v13.0.0-10 v13.0.0-13; do
    f="$dir/ripgrep-$asset-x86_64-unknown-linux-musl.tar.gz"
    [ -s "$f" ] || cp "$RG_TAR" "$f"
  done
done

E2E="$ROOT/.e2e"
mkdir -p "$E2E"
if [ -x "$E2E/node_modules/.bin/code-server" ] && [ -d "$E2E/node_modules/playwright-core" ] \
  && grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$E2E/node_modules/code-server/package.json"; then
  echo "setup:e2e: code-server $CODE_SERVER_VERSION and playwright-core already in .e2e/"
  exit 0
fi
[ -f "$E2E/package.json" ] || printf '{ "name": "grpc-explorer-e2e-tools", "private": true }\n' > "$E2E/package.json"
echo "setup:e2e: installing code-server@$CODE_SERVER_VERSION and playwright-core@1 into .e2e/ (about a minute)"
# As root, code-server's install script needs unsafe_perm; node-pty's script runs `npx node-gyp` (yes=true).
(cd "$E2E" && npm_config_yes=true npm_config_unsafe_perm=true npm install --no-audit --no-fund --loglevel=error \
  "code-server@$CODE_SERVER_VERSION" "playwright-core@1")
test -x "$E2E/node_modules/.bin/code-server" || { echo "setup:e2e: code-server did not install" >&2; exit 1; }
echo "setup:e2e: done"
