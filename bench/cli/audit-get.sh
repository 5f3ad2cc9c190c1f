#!/usr/bin/env bash
# The cost of the audit log on `secrets get` (issue #21): interleaved rounds of `node -e 0`,
# `get` from a build of the base revision (no audit log, store format 1) and `get` from this
# tree (one audit entry per call), each on its own HOME with 20 local secrets in the OS
# keychain (a private gnome-keyring on a private D-Bus). Usage:
#   BASE=/path/to/a/built/checkout/of/main RUNS=40 bash bench/cli/audit-get.sh
# Prints bench/cli/paired.mjs's markdown table; copy it to bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${BENCH_IN_DBUS:-}" ]; then
  exec env BENCH_IN_DBUS=1 dbus-run-session -- bash "$0" "$@"
fi
: "${BASE:?BASE must point at a built checkout of the base revision}"
RUNS=${RUNS:-40}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/keyring"
printf 'bench-keyring' | HOME="$work/keyring" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
unset AWS_PROFILE SECRETS_KEYCHAIN_PASSPHRASE
export SECRETS_KEYCHAIN=os AWS_EC2_METADATA_DISABLED=true
seed() { # $1 home, $2 bin
  for i in $(seq 1 20); do
    printf 'value-%s' "$i$RANDOM" | HOME="$1" XDG_CONFIG_HOME="$1/.config" XDG_CACHE_HOME="$1/.cache" \
      XDG_STATE_HOME="$1/.state" XDG_RUNTIME_DIR="$1/run" SECRETS_KEYCHAIN_SERVICE="bench-$(basename "$1")" \
      node "$2" set "/bench/k$i" >/dev/null 2>&1
  done
}
mkdir -p "$work/base/run" "$work/head/run"
chmod 700 "$work/base/run" "$work/head/run"
seed "$work/base" "$BASE/bin/run.js"
seed "$work/head" "$PWD/bin/run.js"
envs() { # $1 home
  echo "HOME=$1 XDG_CONFIG_HOME=$1/.config XDG_CACHE_HOME=$1/.cache XDG_STATE_HOME=$1/.state XDG_RUNTIME_DIR=$1/run SECRETS_KEYCHAIN_SERVICE=bench-$(basename "$1")"
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
node bench/cli/paired.mjs "$RUNS" \
  "get --store local /bench/k1, base (no audit)=$(envs "$work/base") node $BASE/bin/run.js get --store local /bench/k1" \
  "get --store local /bench/k1, audited=$(envs "$work/head") node $PWD/bin/run.js get --store local /bench/k1"
echo "audit entries written: $(wc -l <"$work/head/.state/secrets/audit.log")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
