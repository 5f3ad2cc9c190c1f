#!/usr/bin/env bash
# Real-tree throughput, same run: `secrets scan` vs ripgrep with a small comparable pattern
# set (rg-small-patterns.txt, 12 hand-written patterns: AWS/GitHub/GitLab/Slack/Stripe/Google/
# npm tokens, private keys, JWTs, URL credentials, quoted secret assignments) and vs ripgrep
# with the project's rule set translated (rg-patterns.mjs). The tree is a copy of this
# project's node_modules outside git (minified bundles, long lines, ~15k files).
#   bash bench/scan/real-tree.sh            # TREE=/path/to/copy to reuse a copy
#   RUNS=3 SKIP_RG_RULES=1 bash bench/scan/real-tree.sh   # without the slow ripgrep-rules peer (~15 min a run)
# Needs: npm run build, rg, hyperfine. Results: bench/.work/real-tree.json and stdout.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=bench/.work
mkdir -p "$work"
runs=${RUNS:-5}
tree=${TREE:-$(mktemp -d)/node_modules}
if [ ! -d "$tree" ]; then
  echo "copying node_modules to $tree (outside git)"
  cp -rL "$(realpath node_modules)" "$tree"
fi
peers=(-n ripgrep-small "rg --no-config -n -f bench/scan/rg-small-patterns.txt $tree > /dev/null")
if [ "${SKIP_RG_RULES:-}" != 1 ]; then
  node bench/scan/rg-patterns.mjs >"$work/rg-patterns.txt"
  peers+=(-n ripgrep-rules "rg --no-config --regex-size-limit 1G --dfa-size-limit 1G -n -f $work/rg-patterns.txt $tree > /dev/null")
fi
mb=$(node bin/run.js scan "$tree" --format json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log((JSON.parse(s).stats.bytes/1e6).toFixed(1)))' || true)
echo "== $tree: $mb MB scanned by secrets (binaries and files over 1 MiB skipped); load: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -i --warmup 1 --runs "$runs" --export-json "$work/real-tree.json" \
  -n secrets "node bin/run.js scan $tree --format json > /dev/null" "${peers[@]}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
node -e '
const r = require(process.argv[1]).results; const mb = Number(process.argv[2]);
for (const x of r) console.log(`${x.command.padEnd(14)} median ${x.median.toFixed(3)} s  user+sys ${(x.user + x.system).toFixed(2)} s${x.command === "secrets" ? `  ${(mb / x.median).toFixed(1)} MB/s wall, ${(mb / (x.user + x.system)).toFixed(1)} MB/CPU-s` : ""}`);
const s = r.find((x) => x.command === "secrets");
for (const x of r) if (x !== s) console.log(`secrets speed vs ${x.command}: ${(x.median / s.median).toFixed(2)}x wall, ${((x.user + x.system) / (s.user + s.system)).toFixed(2)}x CPU`);
' "$PWD/$work/real-tree.json" "$mb"
