#!/usr/bin/env bash
# HTTP/1.1 reverse-proxy benchmark: wrk keep-alive load against an nginx backend directly, through
# mosn4j's proxy filter (Http1) and through nginx as a reverse proxy, with identical wrk settings, for a
# 16-byte and a 1024-byte response body, all on 127.0.0.1.
#
#   bench/http1/run.sh
#
# Environment:
#   THREADS      wrk threads                       (default 1)
#   CONNECTIONS  wrk connections                   (default 50)
#   DURATION     wrk duration of a measured run    (default 15s)
#   WARMUP       wrk duration of a warm-up run     (default 5s)
#   JAVA_OPTS    extra JVM options for mosn4j      (passed to bin/start.sh)
#   ROUNDS       measured runs per target and body, taking turns; the median counts (default 3)
#   PROXY_CPUS   pin the proxies under test to these CPUs (taskset list; default: no pinning)
#   LOAD_CPUS    pin the backend nginx and wrk to these CPUs (default: no pinning)
#   VERBOSE=1    also print wrk's full output
#   KEEP_TMP=1   keep the temp dir (configs, logs) instead of removing it
#
# Prints a table per body; writes nothing into the repository except the build output when it has to build.
set -euo pipefail

THREADS="${THREADS:-1}"
CONNECTIONS="${CONNECTIONS:-50}"
DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-5s}"
ROUNDS="${ROUNDS:-3}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
. "$here/../lib.sh"

# Response bodies: name, path on the backend, body size in bytes.
bodies=(small 1k)
declare -A body_path=([small]=/small [1k]=/1k)
declare -A body_size=([small]=16 [1k]=1024)
targets=(direct mosn4j nginx)
declare -A target_label=([direct]="nginx (direct)" [mosn4j]="mosn4j" [nginx]="nginx proxy")

# ---------------------------------------------------------------- tools, temp dir, mosn4j
install_tools nginx wrk
bench_init
unpack_mosn4j

# ---------------------------------------------------------------- ports and configs
mapfile -t ports < <(free_ports 3)
backend_port="${ports[0]}"
mosn_port="${ports[1]}"
proxy_port="${ports[2]}"
declare -A target_port=([direct]="$backend_port" [mosn4j]="$mosn_port" [nginx]="$proxy_port")

mkdir -p "$tmp/backend" "$tmp/nginx-proxy"
maxconn=$((CONNECTIONS + 1000))
# Both bodies are answered with `return 200` from the config (no file access in the backend).
body_1k="$(head -c 1024 /dev/zero | tr '\0' x)"
render "$here/backend.conf.tmpl" "$tmp/backend/nginx.conf" \
  PREFIX="$tmp/backend" WORKERS=1 BACKEND_PORT="$backend_port" MAXCONN="$maxconn" BODY_1K="$body_1k"
render "$here/nginx-proxy.conf.tmpl" "$tmp/nginx-proxy/nginx.conf" \
  PREFIX="$tmp/nginx-proxy" WORKERS=1 PROXY_PORT="$proxy_port" BACKEND_PORT="$backend_port" MAXCONN="$maxconn"
render "$here/mosn4j.json.tmpl" "$tmp/mosn4j.json" WORKERS=1 MOSN_PORT="$mosn_port" BACKEND_PORT="$backend_port"

check_bodies() { # port name: every body comes back 200 with its size
  local b
  for b in "${bodies[@]}"; do
    check_http "$1" "$2" "${body_path[$b]}" "${body_size[$b]}"
  done
}

# ---------------------------------------------------------------- start everything
# shellcheck disable=SC2086
start_nginx "$tmp/backend" $load_pin
backend_pid="$started_pid"
wait_port "$backend_port" backend "$backend_pid"
check_bodies "$backend_port" backend
log "backend     on 127.0.0.1:$backend_port (pid $backend_pid)"

# shellcheck disable=SC2086
start_nginx "$tmp/nginx-proxy" $proxy_pin
proxy_pid="$started_pid"
wait_port "$proxy_port" nginx-proxy "$proxy_pid"
check_bodies "$proxy_port" nginx-proxy
log "nginx proxy on 127.0.0.1:$proxy_port (pid $proxy_pid)"

# start.sh -d returns once mosn4j logged "mosn4j started", i.e. after its listeners are bound.
$proxy_pin "$mosn_home/bin/start.sh" -d -c "$tmp/mosn4j.json" >&2 || die "mosn4j did not start"
check_bodies "$mosn_port" mosn4j
log "mosn4j      on 127.0.0.1:$mosn_port (pid $(cat "$mosn_home/logs/mosn4j.pid"))"

# ---------------------------------------------------------------- load
load_before="$(load_average)"
log "wrk -t$THREADS -c$CONNECTIONS -d$DURATION (warm-up $WARMUP per proxy and body)"
for b in "${bodies[@]}"; do
  path="${body_path[$b]}"
  log "$path: warm-up mosn4j";      run_wrk "warmup-$b-mosn4j" "$mosn_port"  "$WARMUP" "$path"
  log "$path: warm-up nginx proxy"; run_wrk "warmup-$b-nginx"  "$proxy_port" "$WARMUP" "$path"
  # The targets take turns, ROUNDS times each; the round with the median req/s stands for each.
  for round in $(seq 1 "$ROUNDS"); do
    for t in "${targets[@]}"; do
      log "$path: measure ${target_label[$t]} (round $round of $ROUNDS)"
      run_wrk "$b-$t-$round" "${target_port[$t]}" "$DURATION" "$path"
    done
  done
  for t in "${targets[@]}"; do
    pick_median "$b-$t" "$ROUNDS"
  done
done

# ---------------------------------------------------------------- report
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, HTTP/1.1 keep-alive, $(nproc) cores; mosn4j processor 1, nginx proxy worker_processes 1 (upstream keepalive 64), backend nginx worker_processes 1"
echo "CPUs: proxies ${PROXY_CPUS:-any}, backend and wrk ${LOAD_CPUS:-any}; every target: median of $ROUNDS rounds"
for b in "${bodies[@]}"; do
  echo
  echo "${body_path[$b]} (${body_size[$b]}-byte body)"
  printf '%-16s %12s %10s %10s %8s\n' target req/s "avg lat" "p99 lat" errors
  printf '%-16s %12s %10s %10s %8s\n' ---------------- ------------ ---------- ---------- --------
  for t in "${targets[@]}"; do
    printf '%-16s %12s %10s %10s %8s\n' "${target_label[$t]}" "$(rps_of "$b-$t")" "$(latency_of "$b-$t")" \
      "$(p99_of "$b-$t")" "$(errors_of "$b-$t")"
  done
  echo "mosn4j/nginx proxy: req/s ratio $(ratio "$(rps_of "$b-mosn4j")" "$(rps_of "$b-nginx")")," \
    "p99 ratio $(ratio "$(to_us "$(p99_of "$b-mosn4j")")" "$(to_us "$(p99_of "$b-nginx")")")"
  echo "all rounds, req/s: nginx (direct) ${all_rounds[$b-direct]}| mosn4j ${all_rounds[$b-mosn4j]}| nginx proxy ${all_rounds[$b-nginx]}"
done
echo
echo "load average before the load runs: $load_before (other CPU users skew the figures)"

# Anything mosn4j logged at WARN or ERROR during the run.
report_mosn4j_log
