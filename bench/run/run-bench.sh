#!/usr/bin/env bash
# Benchmarks `secrets run` (issue #2), peers measured in the same run:
#   1. fetching 1,000 SSM parameters from moto: `secrets run --store ssm --path P -- true`
#      vs `aws ssm get-parameters-by-path --recursive --with-decryption` vs a plain SDK v3
#      paginator (bench/run/sdk-paginator.mjs)
#   2. start-up: `secrets run --store local -- true` (no paths, and with 20 local secrets)
#      vs `node -e 0`
# Needs: moto_server, aws (v1), hyperfine, a built CLI (npm run build). Prints a markdown
# table per benchmark; copy the figures into bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
# By default the OS keychain, as on a developer laptop: a private D-Bus session with an
# unlocked throwaway gnome-keyring. BENCH_KEYCHAIN=file measures the encrypted-file keychain.
if [ "${BENCH_KEYCHAIN:-os}" = os ] && [ -z "${BENCH_IN_DBUS:-}" ]; then
  keyring_home=$(mktemp -d)
  trap 'rm -rf "$keyring_home"' EXIT
  BENCH_IN_DBUS=1 KEYRING_HOME="$keyring_home" dbus-run-session -- bash "$0" "$@"
  exit $?
fi
if [ -n "${BENCH_IN_DBUS:-}" ]; then
  printf 'bench' | HOME="$KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
fi
RUNS=${RUNS:-10}
# shellcheck source=../../scripts/moto-session.sh
source scripts/moto-session.sh

export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_ACCESS_KEY_ID=AKIABENCH00000000000 AWS_SECRET_ACCESS_KEY=bench-secret
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
export XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
if [ "${BENCH_KEYCHAIN:-os}" = file ]; then
  export SECRETS_KEYCHAIN=file SECRETS_KEYCHAIN_PASSPHRASE=bench
else
  export SECRETS_KEYCHAIN=os SECRETS_KEYCHAIN_SERVICE="secrets-bench-$$"
fi
echo "keychain: ${BENCH_KEYCHAIN:-os}"
node bench/run/seed.mjs "$AWS_ENDPOINT_URL" /bench/app 1000

echo "## Fetch 1,000 parameters (moto on loopback, $RUNS runs)"
hyperfine -N -w 2 -r "$RUNS" --export-markdown "$work/fetch.md" \
  -n 'secrets run --store ssm' './bin/run.js run --store ssm --path /bench/app -- true' \
  -n 'aws ssm get-parameters-by-path' 'aws ssm get-parameters-by-path --path /bench/app --recursive --with-decryption' \
  -n 'SDK v3 paginator (node)' 'node bench/run/sdk-paginator.mjs /bench/app' >/dev/null
cat "$work/fetch.md"

for i in $(seq 1 20); do printf 'value-%s-%s' "$i" "$RANDOM$RANDOM" | ./bin/run.js set "/bench/local/key-$i" >/dev/null 2>&1; done
echo
echo "## Start-up ($RUNS runs)"
hyperfine -N -w 3 -r "$((RUNS * 3))" --export-markdown "$work/startup.md" \
  -n 'node -e 0' 'node -e 0' \
  -n 'secrets run --store local -- true' './bin/run.js run --store local -- true' \
  -n 'secrets run --store local --path /bench/local -- true (20 secrets)' './bin/run.js run --store local --path /bench/local -- true' >/dev/null
cat "$work/startup.md"
