#!/usr/bin/env bash
# Footprint of mosn4j: time from start to the first served request with the default config, and resident memory
# with many idle keep-alive connections open.
#
# Usage: bench/footprint/run.sh
# Environment:
#   CONNECTIONS  idle keep-alive connections to hold (default 10000; the shell's open-file limit must allow
#                more than that, see `ulimit -n`)
#   STARTS       how many starts to time (default 5; the median is reported)
#   JAVA_OPTS    extra JVM options for mosn4j (passed to bin/start.sh)
#   KEEP_TMP=1   keep the temp dir (logs) instead of removing it
#
# Runs the unpacked distribution with its default conf/ (the http_demo listener on 127.0.0.1:2045 answers with a
# direct response, so no backend is needed). Prints one table; writes nothing into the repository except the
# build output when it has to build.
set -euo pipefail

CONNECTIONS="${CONNECTIONS:-10000}"
STARTS="${STARTS:-5}"
KEEP_TMP="${KEEP_TMP:-0}"
THREADS=1
VERBOSE=0

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
. "$here/../lib.sh"

install_tools curl python3
bench_init
unpack_mosn4j
port=2045
[ "$(ulimit -n)" -gt $((CONNECTIONS + 100)) ] || die "ulimit -n is $(ulimit -n); raise it above $((CONNECTIONS + 100))"

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# ---------------------------------------------------------------- start to first served request
starts=()
for i in $(seq 1 "$STARTS"); do
  t0="$(now_ms)"
  "$mosn_home/bin/start.sh" -d >/dev/null 2>&1 || die "mosn4j did not start"
  until curl -s -o /dev/null -m 1 "http://127.0.0.1:$port/"; do
    [ $(($(now_ms) - t0)) -lt 30000 ] || die "no answer 30 s after start"
    sleep 0.005
  done
  starts+=($(($(now_ms) - t0)))
  "$mosn_home/bin/stop.sh" >/dev/null 2>&1 || true
  while [ -e "$mosn_home/logs/mosn4j.pid" ]; do sleep 0.05; done
done
median_start="$(printf '%s\n' "${starts[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
log "start to first answer (ms): ${starts[*]}"

# ---------------------------------------------------------------- idle connections
"$mosn_home/bin/start.sh" -d >/dev/null 2>&1 || die "mosn4j did not start"
pid="$(cat "$mosn_home/logs/mosn4j.pid")"
track_pid "$pid" TERM
until curl -s -o /dev/null -m 1 "http://127.0.0.1:$port/"; do sleep 0.01; done
for _ in $(seq 1 20); do curl -s -o /dev/null "http://127.0.0.1:$port/"; done
idle_rss="$(rss_kib "$pid")"
mkfifo "$tmp/hold"
python3 "$here/idle_clients.py" "$port" "$CONNECTIONS" < "$tmp/hold" > "$tmp/clients.out" &
clients=$!
exec 3>"$tmp/hold"
until grep -qE '^(ready|failed)' "$tmp/clients.out" 2>/dev/null; do
  kill -0 "$clients" 2>/dev/null || die "the client exited: $(cat "$tmp/clients.out")"
  sleep 0.1
done
grep -q '^ready' "$tmp/clients.out" || die "clients: $(cat "$tmp/clients.out")"
open="$(awk '/^ready/ {print $2}' "$tmp/clients.out")"
sleep 2
held_rss="$(rss_kib "$pid")"
peak_rss="$(hwm_kib "$pid")"
answer="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")"
exec 3>&-
wait "$clients" || true

echo
echo "mosn4j default config, JAVA_OPTS=${JAVA_OPTS:-(none)}, $(nproc) cores; load average before: $(load_average)"
printf '%-44s %s\n' "start to first served request (median of $STARTS)" "${median_start} ms"
printf '%-44s %s\n' "RSS after start and 20 requests" "$((idle_rss / 1024)) MiB"
printf '%-44s %s\n' "RSS with $open idle keep-alive connections" "$((held_rss / 1024)) MiB"
printf '%-44s %s\n' "peak RSS" "$((peak_rss / 1024)) MiB"
printf '%-44s %s\n' "per idle connection" "$(( (held_rss - idle_rss) * 1024 / open )) bytes"
printf '%-44s %s\n' "a new request while they are held" "$answer"
