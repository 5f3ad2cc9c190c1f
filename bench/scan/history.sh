#!/usr/bin/env bash
# History throughput, same run: `secrets scan --history` vs the I/O floor `git log -p --all | rg`
# with a small pattern set (5 provider patterns). Per repository: unique blob MB (every blob
# reachable from any ref), wall time and peak RSS from /usr/bin/time -v, each tool RUNS times.
#   bash bench/scan/history.sh [REPO...]     # default: a clone of this project's own history
#                                            # and a history built from node_modules (below)
#   CLIS="before=/tmp/old-build after=." bash bench/scan/history.sh REPO   # builds side by side
#   SCAN_ARGS="--format json --no-baseline"   # default "--format json" (the repository's baseline,
#                                            # if any, applies: ~0.1 CPU-s of scrypt per candidate)
# Each round runs every CLI of CLIS (default: this checkout) and the peer once, interleaved, so
# a busy machine weighs on all of them alike; CPU (user + sys, children included) is the
# figure to compare when the machine is shared. The medians close each repository's block.
# Needs: npm run build, git, rg, /usr/bin/time. No network: clones are local (file://).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=$root/bench/.work/history
mkdir -p "$work"
runs=${RUNS:-3}
# shellcheck source=bench/scan/measure-lib.sh
. "$root/bench/scan/measure-lib.sh"

# A real history of real files when no large repository is on the machine: every package of
# node_modules committed one per commit, then a second commit touching each package.json.
make_modules_history() {
  local dir=$work/modules-history
  [ -d "$dir/.git" ] && return
  rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
  git init -q -b main && git config user.name bench && git config user.email bench@example.org
  for pkg in "$root"/node_modules/[!.]*/; do
    name=$(basename "$pkg")
    cp -rL "$pkg" "$name" 2>/dev/null || true
    git add -- "$name" >/dev/null 2>&1 && git commit -qm "add $name" --no-verify || true
  done
  for f in */package.json; do echo " " >>"$f"; done
  git commit -qam "touch every package.json" --no-verify
  git gc -q
  cd "$root"
}

repos=("$@")
if [ ${#repos[@]} -eq 0 ]; then
  rm -rf "$work/self" && git clone -q --no-local "$(git rev-parse --path-format=absolute --git-common-dir)" "$work/self"
  make_modules_history
  repos=("$work/self" "$work/modules-history")
fi

cat >"$work/patterns.txt" <<'PAT'
ghp_[0-9A-Za-z]{36}
AKIA[0-9A-Z]{16}
sk_live_[0-9A-Za-z]{24,}
-----BEGIN [A-Z ]*PRIVATE KEY-----
xox[abprs]-[0-9A-Za-z-]{10,}
PAT

clis=(${CLIS:-"secrets=$root"})

for repo in "${repos[@]}"; do
  commits=$(git -C "$repo" rev-list --all --count)
  blob_mb=$(git -C "$repo" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' |
    awk '$1=="blob" {s+=$2; n++} END {printf "%.1f %d", s/1e6, n}')
  echo "== $repo: $commits commits, unique blobs (MB, count): $blob_mb; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  : >"$work/samples.txt"
  for _ in $(seq "$runs"); do
    for entry in "${clis[@]}"; do
      measure_once "${entry%%=*}" "cd '$repo' && node '${entry#*=}/bin/run.js' scan --history ${SCAN_ARGS:---format json}"
    done
    measure_once git-log-p-rg "cd '$repo' && git log -p --all --no-color | rg --no-config -c -f '$work/patterns.txt'"
  done
  print_medians
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
done
