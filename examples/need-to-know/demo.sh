#!/usr/bin/env bash
# Need to know in one file (.secretsrc.json here): declare, run scoped and isolated, print the
# production policy. Runs against a private moto_server on loopback (stopped by PID at the end);
# needs moto_server, bwrap (Linux) and a built CLI (npm run build at the repo root).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
secrets="node -- $here/../../bin/run.js"
# shellcheck source=../../scripts/moto-session.sh
source "$here/../../scripts/moto-session.sh"

# A throwaway developer: moto's keys in the environment and in ~/.aws, a file keychain.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache"
export XDG_RUNTIME_DIR="$work/run" SECRETS_KEYCHAIN=file SECRETS_KEYCHAIN_PASSPHRASE=demo-passphrase
export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_ACCESS_KEY_ID=AKIADEMO000000000000 AWS_SECRET_ACCESS_KEY=demo-secret-key
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
mkdir -p "$HOME/.aws" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
printf '[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" >"$HOME/.aws/credentials"
cd "$here"
echo '$ secrets trust --yes       # consent to this project config (after reading it)'
$secrets trust --yes

printf 'demo-db-password' | $secrets set /myapp/dev/db/password >/dev/null
printf 'https://api.example.test' | $secrets set /myapp/dev/api/url >/dev/null

echo '$ secrets policy --explain'
$secrets policy --explain
echo
echo '$ secrets run --imds -- node app.mjs     # scoped ("needs") and isolated ("isolate": true)'
$secrets run --imds -- node app.mjs
echo
echo '$ secrets policy --account-id 123456789012   # attach this to the production role'
$secrets policy --account-id 123456789012
