#!/usr/bin/env bash
# Draws one example of each group as an SVG timeline and a Perfetto trace, and renders each SVG to PNG with a
# headless Chromium, so the pictures can be looked at (and one of them put in the README):
#
#   examples/timelines.sh [OUT_DIR]       # default examples/target/timelines
#
# Needs ./examples.sh's JDK and chromium (Debian: apt-get install chromium). Each example runs with
# --svg OUT_DIR/NAME.svg --trace OUT_DIR/NAME.json; each PNG is OUT_DIR/NAME.png, as wide as the SVG says.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-$repo/examples/target/timelines}" && cd "${1:-$repo/examples/target/timelines}" && pwd)
chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$chrome" ] || { echo "timelines.sh: no chromium found (apt-get install chromium)" >&2; exit 2; }

# one example per group: asyncio, threading, multiprocessing, sync, model, faq
examples=(seed-asyncio thread-pool pool-map mutex-vs-semaphore model-policies async-vs-threads)
for name in "${examples[@]}"; do
  "$repo/examples.sh" "$name" --svg "$out/$name.svg" --trace "$out/$name.json" > "$out/$name.txt"
  size=$(sed -n 's/.*<svg [^>]*width="\([0-9]*\)" height="\([0-9]*\)".*/\1,\2/p' "$out/$name.svg" | head -1)
  "$chrome" --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=ffffffff \
    --window-size="$size" --screenshot="$out/$name.png" "file://$out/$name.svg" > /dev/null 2>&1
  echo "$out/$name.png ($size)"
done
