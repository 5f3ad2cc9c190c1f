#!/usr/bin/env bash
# Benchmarks the everyday commands (issue #12) in interleaved rounds with `node -e 0`
# (the baseline runs next to every command, so the VM's drift hits both alike):
#   credentials --profile dev (cached role credentials): OS keychain; file keychain unlocked
#     by the agent (no passphrase in the environment); beside the AWS CLI resolving the same
#     SSO profile with its own provider (`aws configure list --profile dev`, its SSO token
#     cached, GetRoleCredentials from a loopback portal: it caches no role credentials).
#   get / list --store local (OS keychain, and the file keychain through the agent)
#   --version, --help
# Needs: aws (v1), gnome-keyring, dbus, a built CLI (npm run build). Bounded:
# RUNS interleaved rounds (default 40). Prints a markdown table; copy it to bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
if [ -z "${BENCH_IN_DBUS:-}" ]; then
  exec env BENCH_IN_DBUS=1 dbus-run-session -- bash "$0" "$@"
fi
RUNS=${RUNS:-40}
work=$(mktemp -d)
portal_pid=
agent_cleanup() {
  [ -n "$portal_pid" ] && kill "$portal_pid" 2>/dev/null
  SECRETS_KEYCHAIN=file node "$root/bin/run.js" lock >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap agent_cleanup EXIT
mkdir -p "$work/keyring" "$work/run" "$work/.aws/sso/cache"
chmod 700 "$work/run"
printf 'bench-keyring' | HOME="$work/keyring" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
printf '[sso-session corp]\nsso_start_url = https://bench.awsapps.com/start\nsso_region = us-east-1\n[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Developer\nregion = us-east-1\n' >"$work/.aws/config"
export HOME="$work" XDG_CONFIG_HOME="$work/.config" XDG_CACHE_HOME="$work/.cache" XDG_RUNTIME_DIR="$work/run"
export AWS_CONFIG_FILE="$work/.aws/config" AWS_EC2_METADATA_DISABLED=true
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true SECRETS_KEYCHAIN_SERVICE=secrets-bench
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN SECRETS_KEYCHAIN_PASSPHRASE

# The AWS CLI's SSO token (its own cache format) and a loopback portal for GetRoleCredentials.
python3 - "$work" <<'PY'
import datetime, hashlib, json, sys
exp = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).strftime('%Y-%m-%dT%H:%M:%SZ')
path = f"{sys.argv[1]}/.aws/sso/cache/{hashlib.sha1(b'corp').hexdigest()}.json"
json.dump({'startUrl': 'https://bench.awsapps.com/start', 'region': 'us-east-1', 'accessToken': 'bench' * 12, 'expiresAt': exp}, open(path, 'w'))
PY
node bench/cli/fake-portal.mjs >"$work/portal.port" &
portal_pid=$!
for _ in $(seq 1 50); do [ -s "$work/portal.port" ] && break; sleep 0.1; done
export AWS_ENDPOINT_URL_SSO="http://127.0.0.1:$(cat "$work/portal.port")"
aws configure list --profile dev >/dev/null

# Our keychains: the synthetic SSO session and cached role credentials, 20 local secrets.
SECRETS_KEYCHAIN=os node bench/sso/seed-session.mjs
SECRETS_KEYCHAIN=file SECRETS_KEYCHAIN_PASSPHRASE=bench-file-keychain node bench/sso/seed-session.mjs
for i in $(seq 1 20); do
  printf 'value-%s' "$i$RANDOM" | SECRETS_KEYCHAIN=os node bin/run.js set "/bench/k$i" >/dev/null 2>&1
done
# The file keychain: one unlock (the environment), then the agent serves every run below.
SECRETS_KEYCHAIN=file SECRETS_KEYCHAIN_PASSPHRASE=bench-file-keychain node bin/run.js credentials --profile dev >/dev/null
for _ in $(seq 1 50); do [ -S "$work/run/secrets/agent.sock" ] && break; sleep 0.1; done

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# Interleaved rounds (bench/cli/paired.mjs): node -e 0 and each command in turn, so the VM's
# drift lands on all of them alike; medians, p10 and the median of per-round differences.
node bench/cli/paired.mjs "$RUNS" \
  'credentials --profile dev (OS keychain, role credentials via the agent)=SECRETS_KEYCHAIN=os node bin/run.js credentials --profile dev' \
  'credentials --profile dev (file keychain, agent)=SECRETS_KEYCHAIN=file node bin/run.js credentials --profile dev' \
  'aws configure list --profile dev (AWS CLI SSO provider, peer)=aws configure list --profile dev' \
  'get --store local /bench/k1 (OS keychain)=SECRETS_KEYCHAIN=os node bin/run.js get --store local /bench/k1' \
  'list --store local (OS keychain)=SECRETS_KEYCHAIN=os node bin/run.js list --store local' \
  'secrets --version=node bin/run.js --version' \
  'secrets --help=node bin/run.js --help'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
