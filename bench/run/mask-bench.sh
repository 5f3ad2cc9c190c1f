#!/usr/bin/env bash
# `secrets run --mask`: a child writing MB megabytes through the mask, against the same child
# through `cat` in a pipe, interleaved in the same run (BENCH.md: >= 0.5x its throughput).
# Each round runs four commands in turn: cat MB, --mask MB, cat 1 MB, --mask 1 MB. The 1 MB
# runs are the fixed cost (Node and `secrets run` start-up, the store read), so
# (time at MB - time at 1 MB) is the throughput part; the ratio is cat's over --mask's.
# Wall time and CPU time (user + sys of every process of the command, GNU time) are both
# reported: on a busy machine the CPU figure is the one load distorts least.
# BASE=/path/to/another/built/checkout adds its `run --mask` to every round (old vs new in one run).
# Usage: [BASE=dir] bench/run/mask-bench.sh [MB] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
MB=${1:-200}
ROUNDS=${2:-5}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME=$T XDG_CONFIG_HOME=$T/.config XDG_CACHE_HOME=$T/.cache SECRETS_KEYCHAIN=file SECRETS_KEYCHAIN_PASSPHRASE=bench-passphrase
printf 'bench-secret-value-0123456789\n' | node bin/run.js set /bench/secret >/dev/null 2>&1
printf 'another-injected-value-abc\n' | node bin/run.js set /bench/other >/dev/null 2>&1
# The base build gets a keychain of its own (its file format may differ).
B=(env HOME="$T/b" XDG_CONFIG_HOME="$T/b/.config" XDG_CACHE_HOME="$T/b/.cache")
if [ -n "${BASE:-}" ]; then
  mkdir -p "$T/b"
  printf 'bench-secret-value-0123456789\n' | "${B[@]}" node "$BASE/bin/run.js" set /bench/secret >/dev/null 2>&1
  printf 'another-injected-value-abc\n' | "${B[@]}" node "$BASE/bin/run.js" set /bench/other >/dev/null 2>&1
fi
# The mask must have masked: the secret never reaches the output.
if node bin/run.js run --mask -p /bench -- node bench/run/mask-writer.mjs 1 | grep -q bench-secret-value; then echo "the value was not masked" >&2; exit 1; fi
# measure NAME MB CMD...: appends "wall cpu" to $T/NAME-MB
measure() {
  local name=$1 mb=$2
  shift 2
  /usr/bin/time -o "$T/t" -f '%e %U %S' "$@" >/dev/null 2>"$T/err" || { cat "$T/err" >&2; exit 1; }
  awk '{printf "%.3f %.3f\n", $1, $2 + $3}' "$T/t" >>"$T/$name-$mb"
}
for r in $(seq 1 "$ROUNDS"); do
  for mb in "$MB" 1; do
    measure cat "$mb" bash -c "SECRET=bench-secret-value-0123456789 node bench/run/mask-writer.mjs $mb | cat"
    measure mask "$mb" node bin/run.js run --mask -p /bench -- node bench/run/mask-writer.mjs "$mb"
    if [ -n "${BASE:-}" ]; then measure base "$mb" "${B[@]}" node "$BASE/bin/run.js" run --mask -p /bench -- node bench/run/mask-writer.mjs "$mb"; fi
  done
done
# Per round: throughput part = MB run - 1 MB run, for wall and CPU; ratio cat / --mask.
paste -d' ' "$T/cat-$MB" "$T/mask-$MB" "$T/cat-1" "$T/mask-1" | awk -v mb="$MB" '
  function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }; return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  {
    cw = $1 - $5; cc = $2 - $6; mw = $3 - $7; mc = $4 - $8
    printf "round %d: cat %.2f s wall / %.2f s CPU, --mask %.2f s wall / %.2f s CPU; 1 MB: cat %.2f / %.2f, --mask %.2f / %.2f; throughput part: cat %.0f MB/s, --mask %.0f MB/s wall; ratio wall %.2f, CPU %.2f; whole-command ratio wall %.2f\n", NR, $1, $2, $3, $4, $5, $6, $7, $8, (mb - 1) / cw, (mb - 1) / mw, cw / mw, cc / mc, $1 / $3
    rw[NR] = cw / mw; rc[NR] = cc / mc; rt[NR] = $1 / $3; st[NR] = $7 - $5; sc[NR] = $8 - $6
  }
  END {
    printf "median ratio, throughput part (cat / --mask): wall %.2f, CPU %.2f; whole command (start-up included): wall %.2f\n", median(rw, NR), median(rc, NR), median(rt, NR)
    printf "median start-up cost of --mask over cat at 1 MB: wall %.2f s, CPU %.2f s\n", median(st, NR), median(sc, NR)
  }'
if [ -n "${BASE:-}" ]; then
  paste -d' ' "$T/cat-$MB" "$T/base-$MB" "$T/cat-1" "$T/base-1" | awk '
    function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }; return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    { rw[NR] = ($1 - $5) / ($3 - $7); rc[NR] = ($2 - $6) / ($4 - $8); rt[NR] = $1 / $3 }
    END { printf "BASE: median ratio, throughput part (cat / --mask): wall %.2f, CPU %.2f; whole command: wall %.2f\n", median(rw, NR), median(rc, NR), median(rt, NR) }'
fi
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
