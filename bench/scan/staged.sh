#!/usr/bin/env bash
# The pre-commit path: `secrets scan --staged` with one small file staged, against `node -e 0`
# (hyperfine -N, no shell). Target: at most +80 ms.   bash bench/scan/staged.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$PWD/bin/run.js
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
git -C "$repo" init -q
printf 'export const answer = 42\n' >"$repo/a.ts"
git -C "$repo" add a.ts
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$repo"
mkdir -p "$OLDPWD/bench/.work"
hyperfine -N --warmup 3 --runs "${RUNS:-30}" --export-json "$OLDPWD/bench/.work/staged.json" \
  -n 'node -e 0' 'node -e 0' -n 'scan --staged' "node $bin scan --staged"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
node -e '
const [n, s] = require(process.argv[1]).results; const cpu = (x) => (x.user + x.system) * 1000;
console.log(`scan --staged over node -e 0: +${((s.median - n.median) * 1000).toFixed(0)} ms wall (median), +${(cpu(s) - cpu(n)).toFixed(0)} ms CPU (mean user+sys); target +80 ms wall`);
' "$OLDPWD/bench/.work/staged.json"
