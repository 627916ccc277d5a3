#!/usr/bin/env bash
# The Residents' budget: builds the sample site into a temporary folder, serves it on a local
# port and checks every HTML page in both languages (axe-core, Nu Html Checker, no horizontal
# scrolling at 360 px, <= 20 KB gzip for a first visit, nothing from another host) and a set of
# pages with Lighthouse (>= 98 in all four categories). Not part of CI: it takes minutes.
# Usage: benches/budget/run.sh   (env: LH_PAGES="/ /en/ …" to choose the Lighthouse pages, ""
# to skip Lighthouse; BUDGET_PORT to pick the port; SAFEPRESS_BIN to check another binary's output).
# Exits 0 within budget, 1 over budget, 2 when the tools could not run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."

# What the checks need beyond a fresh machine: Debian's chromium, a Java runtime, Node.js.
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
# --ignore-scripts: vnu-jar's install script would fetch a Java runtime; we use Debian's.
if [ ! "$here/node_modules/.package-lock.json" -nt "$here/package-lock.json" ]; then
  (cd "$here" && npm ci --silent --no-audit --no-fund --ignore-scripts)
fi

port="${BUDGET_PORT:-$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if [ -n "${SAFEPRESS_BIN:-}" ]; then
  "$SAFEPRESS_BIN" build --output "$tmp/site" --base-url "http://127.0.0.1:$port/"
else
  cargo run --release --quiet -- build --output "$tmp/site" --base-url "http://127.0.0.1:$port/"
fi
node "$here/budget.mjs" "$tmp/site" "$port"
