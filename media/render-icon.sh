#!/usr/bin/env bash
# Renders media/icon.svg to the 128x128 media/icon.png the Marketplace shows, with headless Chromium.
set -euo pipefail
cd "$(dirname "$0")"
html="$(mktemp --suffix=.html)"
printf '<html><body style="margin:0"><img src="file://%s/icon.svg" width="128" height="128"></body></html>' "$PWD" > "$html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
  --window-size=128,128 --screenshot="$PWD/icon.png" "file://$html" 2>/dev/null
rm -f "$html"
