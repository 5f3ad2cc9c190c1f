#!/usr/bin/env bash
# Tree throughput, same run and interleaved: `secrets scan TREE --format json` (the whole CLI,
# start-up included) for every build of CLIS, then ripgrep with the small comparable pattern
# set (rg-small-patterns.txt), once per round, so a busy machine weighs on all of them alike.
# The tree defaults to a copy of this project's node_modules outside git (as real-tree.sh).
#   bash bench/scan/tree.sh                                   # this checkout, 5 rounds
#   CLIS="before=/tmp/old-build after=." RUNS=5 TREE=/tmp/copy/node_modules bash bench/scan/tree.sh
#   SCAN_ENV="SECRETS_SCAN_THREADS=2"                         # e.g. force the worker thread
# Prints one line per run and the medians (CPU = user + sys, children included).
# Needs: npm run build, rg, /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=$root/bench/.work/tree
mkdir -p "$work"
runs=${RUNS:-5}
# shellcheck source=bench/scan/measure-lib.sh
. "$root/bench/scan/measure-lib.sh"
tree=${TREE:-$(mktemp -d)/node_modules}
if [ ! -d "$tree" ]; then
  echo "copying node_modules to $tree (outside git)"
  cp -rL "$(realpath node_modules)" "$tree"
fi
clis=(${CLIS:-"secrets=$root"})
echo "== $tree ($(du -sm "$tree" | cut -f1) MB on disk, $(find "$tree" -type f | wc -l) files); $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$work/samples.txt"
for _ in $(seq "$runs"); do
  for entry in "${clis[@]}"; do
    measure_once "${entry%%=*}" "${SCAN_ENV:-} node '${entry#*=}/bin/run.js' scan '$tree' --format json"
  done
  measure_once ripgrep-small "rg --no-config -n -f '$root/bench/scan/rg-small-patterns.txt' '$tree'"
done
print_medians
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
