#!/usr/bin/env bash
# Throughput, same run: `secrets scan` vs ripgrep (the rules translated to Rust regex, see
# rg-patterns.mjs) vs secretlint 12.0.0 with its recommended preset.
#   bash bench/scan/throughput.sh            # 50 MB / 5k files (seed 7) + small tree
#   STOCK_SECRETLINT=1 bash bench/scan/throughput.sh   # also secretlint on the 50 MB tree (slow)
# Needs: npm run build, rg, hyperfine. Results: bench/.work/throughput-*.json and stdout.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=bench/.work
mkdir -p "$work"
seed=${SEED:-7}
runs=${RUNS:-5}
big=$work/corpus-$seed-5000
small=$work/corpus-$seed-300
[ -d "$big" ] || node bench/scan/make-corpus.mjs --seed "$seed" --files 5000 --kb 10 --out "$big"
[ -d "$small" ] || node bench/scan/make-corpus.mjs --seed "$((seed + 1000))" --files 300 --kb 4 --out "$small"
node bench/scan/rg-patterns.mjs >"$work/rg-patterns.txt"
# The peer as it ran: secretlint >= 12.1 needs Node 22, so the version is printed, not assumed.
echo "peer: secretlint $(node -p 'require("secretlint/package.json").version') on Node $(node -p process.versions.node)"
echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' >"$work/secretlintrc.json"
rg_cmd() { echo "rg --no-config --regex-size-limit 1G --dfa-size-limit 1G -n -f $work/rg-patterns.txt $1 > /dev/null"; }
sl_cmd() { echo "node_modules/.bin/secretlint --secretlintrc $work/secretlintrc.json --format json '$1/**/*' > /dev/null"; }

echo "== 50 MB tree: secrets vs ripgrep"
hyperfine -i --warmup 1 --runs "$runs" --export-json "$work/throughput-big.json" \
  -n secrets "node bin/run.js scan $big/tree --format json > /dev/null" \
  -n ripgrep "$(rg_cmd "$big/tree")" \
  -n ripgrep-keywords "rg --no-config -i -F -c -f $work/rg-keywords.txt $big/tree > /dev/null"

echo "== small tree: secrets vs ripgrep vs secretlint"
hyperfine -i --warmup 1 --runs 3 --export-json "$work/throughput-small.json" \
  -n secrets "node bin/run.js scan $small/tree --format json > /dev/null" \
  -n ripgrep "$(rg_cmd "$small/tree")" \
  -n secretlint "$(sl_cmd "$small/tree")"

if [ "${STOCK_SECRETLINT:-0}" = 1 ]; then
  echo "== 50 MB tree: secretlint stock (one run)"
  hyperfine -i --runs 1 --export-json "$work/throughput-secretlint-big.json" -n secretlint "$(sl_cmd "$big/tree")"
fi

node bench/scan/throughput-report.mjs "$big" "$small"
