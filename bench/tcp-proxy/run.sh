#!/usr/bin/env bash
# TCP proxy benchmark: wrk HTTP keep-alive load against nginx directly, through mosn4j's tcp_proxy
# and through haproxy (mode tcp), with identical wrk settings, all on 127.0.0.1.
#
#   bench/tcp-proxy/run.sh
#
# Environment:
#   THREADS      wrk threads                       (default 1)
#   CONNECTIONS  wrk connections                   (default 50)
#   DURATION     wrk duration of a measured run    (default 15s)
#   WARMUP       wrk duration of a warm-up run     (default 5s)
#   JAVA_OPTS    extra JVM options for mosn4j      (passed to bin/start.sh)
#   ROUNDS       measured runs per proxy, taking turns; the median counts (default 3)
#   PROXY_CPUS   pin the proxy under test to these CPUs (taskset list; default: no pinning)
#   LOAD_CPUS    pin nginx and wrk to these CPUs        (default: no pinning)
#   VERBOSE=1    also print wrk's full output
#   KEEP_TMP=1   keep the temp dir (configs, logs) instead of removing it
#
# Prints a table; writes nothing into the repository except the build output when it has to build.
set -euo pipefail

THREADS="${THREADS:-1}"
CONNECTIONS="${CONNECTIONS:-50}"
DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-5s}"
ROUNDS="${ROUNDS:-3}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
. "$here/../lib.sh"

# ---------------------------------------------------------------- tools, temp dir, mosn4j
install_tools nginx haproxy wrk
bench_init
unpack_mosn4j

# ---------------------------------------------------------------- ports and configs
mapfile -t ports < <(free_ports 3)
nginx_port="${ports[0]}"
mosn_port="${ports[1]}"
haproxy_port="${ports[2]}"

mkdir -p "$tmp/nginx/logs" "$tmp/haproxy"
# Connection limits sized to the load (haproxy derives its fd need from maxconn and refuses to
# start when that exceeds the fd limit, so do not just use a huge number).
maxconn=$((CONNECTIONS + 1000))
render "$here/nginx.conf.tmpl" "$tmp/nginx/nginx.conf" \
  PREFIX="$tmp/nginx" NGINX_PORT="$nginx_port" MAXCONN="$maxconn"
render "$here/haproxy.cfg.tmpl" "$tmp/haproxy/haproxy.cfg" \
  PREFIX="$tmp/haproxy" WORKERS=1 HAPROXY_PORT="$haproxy_port" NGINX_PORT="$nginx_port" MAXCONN="$maxconn"
render "$here/mosn4j.json.tmpl" "$tmp/mosn4j.json" WORKERS=1 MOSN_PORT="$mosn_port" NGINX_PORT="$nginx_port"

# ---------------------------------------------------------------- start everything
# shellcheck disable=SC2086
start_nginx "$tmp/nginx" $load_pin
nginx_pid="$started_pid"
wait_port "$nginx_port" nginx "$nginx_pid"
check_http "$nginx_port" nginx
log "nginx   on 127.0.0.1:$nginx_port (pid $nginx_pid)"

# shellcheck disable=SC2086
start_haproxy "$tmp/haproxy" $proxy_pin
haproxy_pid="$started_pid"
wait_port "$haproxy_port" haproxy "$haproxy_pid"
check_http "$haproxy_port" haproxy
log "haproxy on 127.0.0.1:$haproxy_port (pid $haproxy_pid)"

# start.sh -d returns once mosn4j logged "mosn4j started", i.e. after its listeners are bound, so
# no connect-and-close port probe here (it would only add a short-lived connection to its log).
$proxy_pin "$mosn_home/bin/start.sh" -d -c "$tmp/mosn4j.json" >&2 || die "mosn4j did not start"
check_http "$mosn_port" mosn4j
log "mosn4j  on 127.0.0.1:$mosn_port (pid $(cat "$mosn_home/logs/mosn4j.pid"))"

# ---------------------------------------------------------------- load
load_before="$(load_average)"
log "wrk -t$THREADS -c$CONNECTIONS -d$DURATION (warm-up $WARMUP per proxy)"
log "warm-up mosn4j";  run_wrk warmup-mosn4j  "$mosn_port"    "$WARMUP"
log "warm-up haproxy"; run_wrk warmup-haproxy "$haproxy_port" "$WARMUP"
log "measure nginx (direct)"; run_wrk nginx "$nginx_port" "$DURATION"
# The proxies take turns, ROUNDS times each; the round with the median req/s stands for each.
for round in $(seq 1 "$ROUNDS"); do
  log "measure mosn4j  (round $round of $ROUNDS)"; run_wrk "mosn4j-$round"  "$mosn_port"    "$DURATION"
  log "measure haproxy (round $round of $ROUNDS)"; run_wrk "haproxy-$round" "$haproxy_port" "$DURATION"
done
for t in mosn4j haproxy; do
  pick_median "$t" "$ROUNDS"
done

# ---------------------------------------------------------------- report
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, HTTP/1.1 keep-alive, $(nproc) cores; mosn4j processor 1, haproxy nbthread 1, nginx worker_processes 1"
echo "CPUs: proxies ${PROXY_CPUS:-any}, nginx and wrk ${LOAD_CPUS:-any}; proxies: median of $ROUNDS rounds"
printf '%-16s %12s %10s %10s %8s\n' target req/s "avg lat" "p99 lat" errors
printf '%-16s %12s %10s %10s %8s\n' ---------------- ------------ ---------- ---------- --------
for t in nginx mosn4j haproxy; do
  label="$t"
  [ "$t" = nginx ] && label="nginx (direct)"
  printf '%-16s %12s %10s %10s %8s\n' "$label" "$(rps_of "$t")" "$(latency_of "$t")" "$(p99_of "$t")" "$(errors_of "$t")"
done
echo
echo "mosn4j/haproxy req/s ratio: $(ratio "$(rps_of mosn4j)" "$(rps_of haproxy)")"
echo "all rounds, req/s: mosn4j ${all_rounds[mosn4j]}| haproxy ${all_rounds[haproxy]}"
echo "load average before the load runs: $load_before (other CPU users skew the figures)"

# Anything mosn4j logged at WARN or ERROR during the run.
report_mosn4j_log
