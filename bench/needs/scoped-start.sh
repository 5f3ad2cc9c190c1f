#!/usr/bin/env bash
# The cost of need to know (issue 20), peers in the same run:
#   1. `secrets run --imds -- true` scoped by the project's "needs" (AssumeRole on needs.role
#      with the session policy) vs the same run unscoped: the source identity (GetSessionToken
#      for long-term keys) and the same role without a policy (`--role-arn`, `--unscoped`).
#   2. `secrets run --isolate -- true` (bubblewrap) vs `secrets run -- true`.
# moto_server on loopback as STS (no IAM enforcement: this measures our side and one STS call).
# Needs: moto_server, hyperfine, bwrap, a built CLI (npm run build). Prints markdown tables.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-20}
# shellcheck source=../../scripts/moto-session.sh
source scripts/moto-session.sh

export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_ACCESS_KEY_ID=AKIABENCH00000000000 AWS_SECRET_ACCESS_KEY=bench-secret
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache" XDG_RUNTIME_DIR="$work/run"
export SECRETS_KEYCHAIN=file SECRETS_KEYCHAIN_PASSPHRASE=bench
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$work/plain" "$work/scoped"
chmod 700 "$XDG_RUNTIME_DIR"
role=arn:aws:iam::123456789012:role/bench-app
echo '{"paths":["/bench/app"]}' >"$work/plain/.secretsrc.json"
cat >"$work/scoped/.secretsrc.json" <<JSON
{"paths":["/bench/app"],"needs":{"role":"$role","aws":[{"actions":["s3:GetObject"],"resources":["arn:aws:s3:::bench-assets/*"]}]}}
JSON
bin="$PWD/bin/run.js"
echo "## run --imds start: scoped vs unscoped ($RUNS runs, load $(cut -d' ' -f1-3 /proc/loadavg))"
hyperfine -N -w 3 -r "$RUNS" --export-markdown "$work/scope.md" \
  -n 'unscoped: source identity (GetSessionToken)' "bash -c 'cd $work/plain && $bin run --store local --imds -- true'" \
  -n 'unscoped: --role-arn, no policy (AssumeRole)' "bash -c 'cd $work/scoped && $bin run --store local --imds --unscoped --role-arn $role -- true'" \
  -n 'scoped: needs.role + session policy (AssumeRole)' "bash -c 'cd $work/scoped && $bin run --store local --imds -- true'" >/dev/null
cat "$work/scope.md"
echo
echo "## --isolate start ($RUNS runs, load $(cut -d' ' -f1-3 /proc/loadavg))"
hyperfine -N -w 3 -r "$RUNS" --export-markdown "$work/isolate.md" \
  -n 'secrets run -- true' "bash -c 'cd $work/plain && $bin run --store local -- true'" \
  -n 'secrets run --isolate -- true' "bash -c 'cd $work/plain && $bin run --store local --isolate -- true'" >/dev/null
cat "$work/isolate.md"
