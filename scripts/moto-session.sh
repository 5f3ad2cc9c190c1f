# Sourced by the benchmarks and the demos: a private moto_server on a free loopback port.
# Sets `work` (a fresh temp dir, removed at exit), `port` and `moto_pid`; moto is stopped by
# PID at exit; waits (bounded, 10 s) until it answers.
work=$(mktemp -d)
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
trap 'kill $moto_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/moto-api/" >/dev/null 2>&1 && break; sleep 0.1; done
