#!/usr/bin/env bash
# Benchmarks the credential_process path (`secrets credentials --profile dev`, cached role
# credentials) with the OS keychain (gnome-keyring in a private D-Bus session) and with the
# encrypted file keychain, beside `node -e 0`. Bounded: 15 runs each. Needs `npm run build`.
# Usage: bash bench/sso/credentials.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/.aws"
printf '[sso-session corp]\nsso_start_url = https://bench.awsapps.com/start\nsso_region = us-east-1\n[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Developer\n' >"$work/.aws/config"
export HOME="$work" XDG_CONFIG_HOME="$work/.config" XDG_CACHE_HOME="$work/.cache" AWS_CONFIG_FILE="$work/.aws/config"
export SECRETS_TEST_KEYRING_HOME="$work/keyring"
mkdir -p "$SECRETS_TEST_KEYRING_HOME"
dbus-run-session -- bash -c '
  set -euo pipefail
  printf "bench-keyring-password" | HOME="$SECRETS_TEST_KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  SECRETS_KEYCHAIN=os SECRETS_KEYCHAIN_SERVICE=secrets-bench node bench/sso/seed-session.mjs
  SECRETS_KEYCHAIN=file SECRETS_KEYCHAIN_PASSPHRASE=bench node bench/sso/seed-session.mjs
  hyperfine --warmup 2 --runs 15 -N --export-markdown "$HOME/results.md" \
    -n "node -e 0" "node -e 0" \
    -n "credentials (os keychain)" "env SECRETS_KEYCHAIN=os SECRETS_KEYCHAIN_SERVICE=secrets-bench node bin/run.js credentials --profile dev" \
    -n "credentials (file keychain)" "env SECRETS_KEYCHAIN=file SECRETS_KEYCHAIN_PASSPHRASE=bench node bin/run.js credentials --profile dev"
'
cat "$work/results.md"
