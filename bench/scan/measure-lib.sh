# Shared by the interleaved scan benchmarks (history.sh, tree.sh); source it after setting
# $work (a scratch directory). measure_once runs one command under /usr/bin/time and appends
# "label cpu wall" to $work/samples.txt (CPU: user + sys, children included); print_medians
# prints each label's median CPU and wall, in the order the labels first appeared.

measure_once() { # label, command -> one line on stdout
  local label=$1 cmd=$2 out wall rss cpu
  /usr/bin/time -v -o "$work/time.txt" bash -c "$cmd" >/dev/null 2>"$work/stderr.txt" || true
  out=$(cat "$work/time.txt")
  wall=$(echo "$out" | awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}')
  rss=$(echo "$out" | awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}')
  cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {printf "%.2f", s}' "$work/time.txt")
  echo "$label $cpu $wall" >>"$work/samples.txt"
  echo "$label wall_s=$wall cpu_s=$cpu peak_MB=$rss exit=$(awk -F': ' '/Exit status/ {print $2}' "$work/time.txt") $(grep -o 'scanned [0-9]* [a-z]* ([0-9.]* MB)' "$work/stderr.txt" || true)"
}

print_medians() {
  echo "medians (label cpu_s wall_s):"
  for label in $(awk '{print $1}' "$work/samples.txt" | awk '!seen[$0]++'); do
    median() { awk -v l="$label" -v f="$1" '$1==l {print $f}' "$work/samples.txt" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
    echo "  $label $(median 2) $(median 3)"
  done
}
