#!/usr/bin/env bash
# Quality on a labelled corpus: secrets vs secretlint (recommended preset), same corpus.
#   bash bench/scan/quality.sh [SEED] [FILES]      (default seed 7, 5000 files — held out:
#   rules were tuned on seed 1 only)
# Reuses bench/.work/corpus-SEED-FILES.secretlint.json when secretlint-stock.sh made it.
# SKIP_SECRETLINT=1 scores only secrets (secretlint takes ~20 min on the 5,000-file corpus).
set -euo pipefail
cd "$(dirname "$0")/../.."
seed=${1:-7}
files=${2:-5000}
corpus=bench/.work/corpus-$seed-$files
[ -d "$corpus" ] || node bench/scan/make-corpus.mjs --seed "$seed" --files "$files" --kb 10 --out "$corpus"
node bin/run.js scan "$corpus/tree" --format json >"$corpus.secrets.json" 2>/dev/null || true
echo "secrets:    $(node bench/scan/score.mjs --corpus "$corpus" --findings "$corpus.secrets.json")"
node bench/scan/score.mjs --corpus "$corpus" --findings "$corpus.secrets.json" --json >"$corpus.secrets.score.json"
[ "${SKIP_SECRETLINT:-0}" = 1 ] && exit 0
if [ ! -f "$corpus.secretlint.json" ]; then
  echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' >bench/.work/secretlintrc.json
  node_modules/.bin/secretlint --secretlintrc bench/.work/secretlintrc.json --format json "$corpus/tree/**/*" >"$corpus.secretlint.json" || true
fi
echo "secretlint: $(node bench/scan/score.mjs --corpus "$corpus" --findings "$corpus.secretlint.json" --format secretlint)"
