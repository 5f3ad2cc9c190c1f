#!/usr/bin/env bash
# The pre-commit path: `secrets scan --staged` with one small file staged, against `node -e 0`
# (interleaved rounds, bench/cli/paired.mjs). Target: at most +80 ms.   bash bench/scan/staged.sh
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
# Interleaved rounds with node -e 0 (bench/cli/paired.mjs): the VM's drift hits both alike.
node "$OLDPWD/bench/cli/paired.mjs" "${RUNS:-40}" "scan --staged (one small file)=node $bin scan --staged"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
