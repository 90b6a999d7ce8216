#!/usr/bin/env bash
# HTTP/2 reverse-proxy benchmark: h2load (h2c, prior knowledge) against mosn4j's proxy filter (Http2
# downstream, HTTP/1.1 upstream) and against nginx as an HTTP/2 reverse proxy, both in front of the same
# HTTP/1.1 nginx backend, with identical h2load settings, all on 127.0.0.1.
#
#   bench/http2/run.sh
#
# Environment:
#   CLIENTS      h2load clients (-c)                          (default 10)
#   STREAMS      concurrent streams per client (-m)           (default 100)
#   REQUESTS     requests per measured run (-n)               (default 200000)
#   WARMUP_REQUESTS requests of each proxy's warm-up run      (default 50000)
#   ROUNDS       measured runs per proxy, taking turns; the median counts (default 3)
#   JAVA_OPTS    extra JVM options for mosn4j                 (passed to bin/start.sh)
#   KEEP_TMP=1   keep the temp dir (configs, logs) instead of removing it
#
# h2load prints no percentiles, so each run writes h2load's per-request log and p99 is computed from it.
# Prints a table; writes nothing into the repository except the build output when it has to build.
set -euo pipefail

CLIENTS="${CLIENTS:-10}"
STREAMS="${STREAMS:-100}"
REQUESTS="${REQUESTS:-200000}"
WARMUP_REQUESTS="${WARMUP_REQUESTS:-50000}"
ROUNDS="${ROUNDS:-3}"
KEEP_TMP="${KEEP_TMP:-0}"
VERBOSE="${VERBOSE:-0}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
. "$here/../lib.sh"

install_tools nginx h2load:nghttp2-client
bench_init
unpack_mosn4j

mapfile -t ports < <(free_ports 3)
backend_port="${ports[0]}"
mosn_port="${ports[1]}"
proxy_port="${ports[2]}"
mkdir -p "$tmp/backend" "$tmp/nginx-proxy"
# Every concurrent stream can need its own HTTP/1.1 connection to the backend, in both proxies.
maxconn=$((CLIENTS * STREAMS * 2 + 1000))
body_1k="$(head -c 1024 /dev/zero | tr '\0' x)"
render "$here/backend.conf.tmpl" "$tmp/backend/nginx.conf" \
  PREFIX="$tmp/backend" BACKEND_PORT="$backend_port" MAXCONN="$maxconn" BODY_1K="$body_1k"
render "$here/nginx-proxy.conf.tmpl" "$tmp/nginx-proxy/nginx.conf" \
  PREFIX="$tmp/nginx-proxy" WORKERS=1 PROXY_PORT="$proxy_port" BACKEND_PORT="$backend_port" MAXCONN="$maxconn"
render "$here/mosn4j.json.tmpl" "$tmp/mosn4j.json" WORKERS=1 MOSN_PORT="$mosn_port" BACKEND_PORT="$backend_port"

start_nginx "$tmp/backend"
wait_port "$backend_port" backend "$started_pid"
check_http "$backend_port" backend /small 16
start_nginx "$tmp/nginx-proxy"
wait_port "$proxy_port" nginx-proxy "$started_pid"
"$mosn_home/bin/start.sh" -d -c "$tmp/mosn4j.json" >&2 || die "mosn4j did not start"

# run_h2load and the h2_* parsers are in lib.sh.
h2_p99_ms() { h2_quantile_ms "$1" 0.99; }

for name in mosn4j nginx; do
  port="$mosn_port"; [ "$name" = nginx ] && port="$proxy_port"
  log "warm-up $name"; run_h2load "warmup-$name" "$port" -c"$CLIENTS" -m"$STREAMS" -n"$WARMUP_REQUESTS"
done
load_before="$(load_average)"
declare -A rounds_rps
for round in $(seq 1 "$ROUNDS"); do
  for name in mosn4j nginx; do
    port="$mosn_port"; [ "$name" = nginx ] && port="$proxy_port"
    log "measure $name (round $round of $ROUNDS)"
    run_h2load "$name-$round" "$port" -c"$CLIENTS" -m"$STREAMS" -n"$REQUESTS"
    rounds_rps[$name]="${rounds_rps[$name]:-}$(h2_rps "$name-$round") "
  done
done
median_round() { # name -> the round whose req/s is the median
  for round in $(seq 1 "$ROUNDS"); do echo "$(h2_rps "$1-$round") $round"; done \
    | sort -n | awk '{ r[NR] = $2 } END { print r[int((NR + 1) / 2)] }'
}

echo
echo "h2load -c$CLIENTS -m$STREAMS -n$REQUESTS, h2c prior knowledge to the proxy, HTTP/1.1 to the backend, $(nproc) cores;"
echo "mosn4j processor 1, nginx proxy worker_processes 1 (upstream keepalive 1024), backend nginx worker_processes 1; median of $ROUNDS rounds"
printf '%-12s %12s %10s %8s %8s\n' target req/s "p99 ms" failed non-2xx
printf '%-12s %12s %10s %8s %8s\n' ------------ ------------ ---------- -------- --------
declare -A median
for name in mosn4j nginx; do
  median[$name]="$name-$(median_round "$name")"
  printf '%-12s %12s %10s %8s %8s\n' "$name" "$(h2_rps "${median[$name]}")" "$(h2_p99_ms "${median[$name]}")" \
    "$(h2_failed "${median[$name]}")" "$(h2_non2xx "${median[$name]}")"
done
echo "mosn4j/nginx: req/s ratio $(ratio "$(h2_rps "${median[mosn4j]}")" "$(h2_rps "${median[nginx]}")")," \
  "p99 ratio $(ratio "$(h2_p99_ms "${median[mosn4j]}")" "$(h2_p99_ms "${median[nginx]}")")"
echo "all rounds, req/s: mosn4j ${rounds_rps[mosn4j]}| nginx ${rounds_rps[nginx]}"
echo "load average before the load runs: $load_before (other CPU users skew the figures)"
report_mosn4j_log
