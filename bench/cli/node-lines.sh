#!/usr/bin/env bash
# The everyday commands on each Node line, with and without the compile cache (issue 24):
# `credentials --profile dev` (cached role credentials, OS keychain), `get --store local`,
# `run --store local -- true` and `scan --staged` (one small file staged), each paired with its
# own Node's `node -e 0`, all in interleaved rounds of one run (bench/cli/paired.mjs), so the
# shared VM's drift lands on every line alike. Node 24 and 22 from scripts/node-line.sh (the npm
# registry, cached), Node 20 the machine's `node`. SECRETS_COMPILE_CACHE=0 is the "off" column.
# Needs: gnome-keyring, dbus, git, a built CLI (npm run build). RUNS rounds (default 30).
# BASE=/path/to/another/built/checkout adds its four commands on Node 24 (cache on) to the same
# rounds (before/after in one run; the base must read this tree's store format).
#   bash bench/cli/node-lines.sh      (prints the load, the Node versions and a markdown table)
set -euo pipefail${BENCH_TRACE:+ -x}
cd "$(dirname "$0")/../.."
root=$PWD
if [ -z "${BENCH_IN_DBUS:-}" ]; then
  exec env BENCH_IN_DBUS=1 dbus-run-session -- bash "$0" "$@"
fi
RUNS=${RUNS:-30}
node24=$(bash scripts/node-line.sh 24)
node22=$(bash scripts/node-line.sh 22)
node20=$(command -v node)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/keyring" "$work/run" "$work/repo"
chmod 700 "$work/run"
printf 'bench-keyring' | HOME="$work/keyring" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
printf '[sso-session corp]\nsso_start_url = https://bench.awsapps.com/start\nsso_region = us-east-1\n[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Developer\nregion = us-east-1\n' >"$work/config"
export HOME="$work" XDG_CONFIG_HOME="$work/.config" XDG_CACHE_HOME="$work/.cache" XDG_RUNTIME_DIR="$work/run"
export AWS_CONFIG_FILE="$work/config" AWS_EC2_METADATA_DISABLED=true SECRETS_KEYCHAIN=os
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true SECRETS_KEYCHAIN_SERVICE=secrets-bench-lines
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN SECRETS_KEYCHAIN_PASSPHRASE
node bench/sso/seed-session.mjs
printf 'value-%s' "$RANDOM$RANDOM" | node bin/run.js set /bench/k1 >/dev/null
git -C "$work/repo" init -q
printf 'export const answer = 42\n' >"$work/repo/a.ts"
git -C "$work/repo" add a.ts

specs=()
for n in 24 22 20; do
  bin_var=node$n
  bin=${!bin_var}
  # Node 20 has no compile cache: one column.
  if [ "$n" = 20 ]; then modes=(none); else modes=(on off); fi
  for mode in "${modes[@]}"; do
    cc="" label="Node $n, cache $mode"
    if [ "$mode" = off ]; then cc="SECRETS_COMPILE_CACHE=0 "; fi
    if [ "$mode" = none ]; then label="Node $n"; fi
    specs+=("credentials --profile dev ($label)=${cc}$bin $root/bin/run.js credentials --profile dev")
    specs+=("get --store local /bench/k1 ($label)=${cc}$bin $root/bin/run.js get --store local /bench/k1")
    specs+=("run --store local -- true ($label)=${cc}$bin $root/bin/run.js run --store local -- true")
    specs+=("scan --staged ($label)=${cc}$bin $root/bin/run.js scan --staged")
  done
done
if [ -n "${BASE:-}" ]; then
  specs+=("credentials --profile dev (Node 24, cache on, base)=$node24 $BASE/bin/run.js credentials --profile dev")
  specs+=("get --store local /bench/k1 (Node 24, cache on, base)=$node24 $BASE/bin/run.js get --store local /bench/k1")
  specs+=("run --store local -- true (Node 24, cache on, base)=$node24 $BASE/bin/run.js run --store local -- true")
  specs+=("scan --staged (Node 24, cache on, base)=$node24 $BASE/bin/run.js scan --staged")
fi
echo "Node: 24 $("$node24" --version), 22 $("$node22" --version), 20 $("$node20" --version)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$work/repo"
node "$root/bench/cli/paired.mjs" "$RUNS" "${specs[@]}"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
