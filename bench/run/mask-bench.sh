#!/usr/bin/env bash
# `secrets run --mask`: a child writing 200 MB through the mask, against the same child
# through `cat` in a pipe, in the same run (BENCH.md: >= 0.5x its throughput). Rounds
# alternate; the figure is the median of the round ratios. Usage: bench/run/mask-bench.sh [MB] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
MB=${1:-200}
ROUNDS=${2:-5}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME=$T XDG_CONFIG_HOME=$T/.config XDG_CACHE_HOME=$T/.cache SECRETS_KEYCHAIN=file SECRETS_KEYCHAIN_PASSPHRASE=bench-passphrase
printf 'bench-secret-value-0123456789\n' | node bin/run.js set /bench/secret >/dev/null 2>&1
now() { date +%s.%N; }
# The mask must have masked: the secret never reaches the output.
if node bin/run.js run --mask -p /bench -- node bench/run/mask-writer.mjs 1 | grep -q bench-secret-value; then echo "the value was not masked" >&2; exit 1; fi
ratios=()
for r in $(seq 1 "$ROUNDS"); do
  a=$(now); SECRET=bench-secret-value-0123456789 node bench/run/mask-writer.mjs "$MB" | cat >/dev/null; b=$(now)
  node bin/run.js run --mask -p /bench -- node bench/run/mask-writer.mjs "$MB" >/dev/null 2>"$T/err"; c=$(now)
  cat_s=$(echo "$b - $a" | bc -l); mask_s=$(echo "$c - $b" | bc -l)
  ratio=$(echo "$cat_s / $mask_s" | bc -l)
  printf 'round %d: cat %.2f s (%.0f MB/s), --mask %.2f s (%.0f MB/s), ratio %.2f\n' "$r" "$cat_s" "$(echo "$MB / $cat_s" | bc -l)" "$mask_s" "$(echo "$MB / $mask_s" | bc -l)" "$ratio"
  ratios+=("$ratio")
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median ratio (cat time / --mask time): %.2f\n", a[int((NR+1)/2)]}'
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
