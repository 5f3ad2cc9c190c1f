#!/usr/bin/env bash
# secretlint 12.0.0 (recommended preset) on the whole 50 MB corpus, once: its stock speed
# (what users get, profiler included) and its findings for the quality comparison.
# Usage: bash bench/scan/secretlint-stock.sh [corpus-dir]   (default bench/.work/corpus-7-5000)
set -uo pipefail
cd "$(dirname "$0")/../.."
corpus=${1:-bench/.work/corpus-7-5000}
# The peer as it ran: secretlint >= 12.1 needs Node 22, so the version is printed, not assumed.
echo "peer: secretlint $(node -p 'require("secretlint/package.json").version') on Node $(node -p process.versions.node)"
echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' >bench/.work/secretlintrc.json
start=$(date +%s.%N)
timeout "${TIMEOUT:-2400}" node_modules/.bin/secretlint --secretlintrc bench/.work/secretlintrc.json \
  --format json "$corpus/tree/**/*" >"$corpus.secretlint.json"
status=$?
end=$(date +%s.%N)
bytes=$(find "$corpus/tree" -type f -printf "%s\n" | awk "{s+=\$1} END {print s}")
node -e "const s=$end-$start, mb=$bytes/1e6; console.log(JSON.stringify({tool:'secretlint', exit:$status, seconds:+s.toFixed(1), mb:+mb.toFixed(1), mbPerSecond:+(mb/s).toFixed(3)}))" | tee "$corpus.secretlint-time.json"
