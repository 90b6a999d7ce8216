#!/usr/bin/env bash
# HTTPS reverse-proxy benchmark: wrk keep-alive load over TLS through mosn4j (a TLS listener, proxy filter
# Http1) and through nginx (listen ... ssl, one worker), both terminating TLS with the same certificate and
# forwarding plaintext HTTP/1.1 to the same nginx backend (the http1 benchmark's), for a 16-byte and a
# 1024-byte response body, all on 127.0.0.1.
#
#   bench/tls/run.sh
#
# Environment:
#   THREADS      wrk threads                       (default 1)
#   CONNECTIONS  wrk connections                   (default 50)
#   DURATION     wrk duration of a measured run    (default 15s)
#   WARMUP       wrk duration of a warm-up run     (default 5s)
#   ROUNDS       measured runs per target and body, taking turns; the median counts (default 3)
#   ENGINE       mosn4j's TLS engine: openssl (default, falls back to the JDK's when it does not load) or jdk
#   JAVA_OPTS    extra JVM options for mosn4j      (passed to bin/start.sh)
#   PROXY_CPUS   pin the proxies under test to these CPUs (taskset list; default: no pinning)
#   LOAD_CPUS    pin the backend nginx and wrk to these CPUs (default: no pinning)
#   VERBOSE=1    also print wrk's full output
#   KEEP_TMP=1   keep the temp dir (configs, certificates, logs) instead of removing it
#
# The certificate (EC P-256, signed by a throwaway CA) is made with openssl in the temp dir. wrk keeps its
# connections, so this measures TLS record processing rather than handshakes. Prints a table per body; writes
# nothing into the repository except the build output when it has to build.
set -euo pipefail

THREADS="${THREADS:-1}"
CONNECTIONS="${CONNECTIONS:-50}"
DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-5s}"
ROUNDS="${ROUNDS:-3}"
ENGINE="${ENGINE:-openssl}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
. "$here/../lib.sh"

case "$ENGINE" in
  openssl) ;;
  jdk) export JAVA_OPTS="${JAVA_OPTS:-} -Dmosn4j.tls.provider=jdk" ;;
  *) die "ENGINE must be openssl or jdk, got $ENGINE" ;;
esac

bodies=(small 1k)
declare -A body_path=([small]=/small [1k]=/1k)
declare -A body_size=([small]=16 [1k]=1024)
targets=(mosn4j nginx)
declare -A target_label=([mosn4j]="mosn4j (TLS)" [nginx]="nginx (TLS)")

# ---------------------------------------------------------------- tools, temp dir, mosn4j
install_tools nginx wrk openssl curl
bench_init
unpack_mosn4j

# ---------------------------------------------------------------- certificate
make_cert "$tmp/certs"
cert="$tmp/certs/server.crt"
key="$tmp/certs/server.key"

# ---------------------------------------------------------------- ports and configs
mapfile -t ports < <(free_ports 3)
backend_port="${ports[0]}"
mosn_port="${ports[1]}"
proxy_port="${ports[2]}"
declare -A target_port=([mosn4j]="$mosn_port" [nginx]="$proxy_port")

mkdir -p "$tmp/backend" "$tmp/nginx-proxy"
maxconn=$((CONNECTIONS + 1000))
body_1k="$(head -c 1024 /dev/zero | tr '\0' x)"
render "$here/../http1/backend.conf.tmpl" "$tmp/backend/nginx.conf" \
  PREFIX="$tmp/backend" WORKERS=1 BACKEND_PORT="$backend_port" MAXCONN="$maxconn" BODY_1K="$body_1k"
render "$here/nginx-proxy.conf.tmpl" "$tmp/nginx-proxy/nginx.conf" \
  PREFIX="$tmp/nginx-proxy" WORKERS=1 PROXY_PORT="$proxy_port" BACKEND_PORT="$backend_port" MAXCONN="$maxconn" \
  CERT="$cert" KEY="$key"
render "$here/mosn4j.json.tmpl" "$tmp/mosn4j.json" WORKERS=1 MOSN_PORT="$mosn_port" BACKEND_PORT="$backend_port" \
  CERT="$cert" KEY="$key"

check_bodies() { # port name: every body comes back 200 with its size over TLS, the certificate verified
  local b
  for b in "${bodies[@]}"; do
    check_https "$1" "$2" "$tmp/certs/ca.crt" "${body_path[$b]}" "${body_size[$b]}"
  done
}

run_wrk_https() { # name port duration path -> wrk output in $tmp/wrk-name.txt
  run_wrk "$1" "https://127.0.0.1:$2" "$3" "$4"
}

# ---------------------------------------------------------------- start everything
# shellcheck disable=SC2086
start_nginx "$tmp/backend" $load_pin
backend_pid="$started_pid"
wait_port "$backend_port" backend "$backend_pid"
check_http "$backend_port" backend /small 16
log "backend       on 127.0.0.1:$backend_port (pid $backend_pid)"

# shellcheck disable=SC2086
start_nginx "$tmp/nginx-proxy" $proxy_pin
proxy_pid="$started_pid"
wait_port "$proxy_port" nginx-proxy "$proxy_pid"
check_bodies "$proxy_port" nginx-proxy
log "nginx (TLS)   on 127.0.0.1:$proxy_port (pid $proxy_pid)"

$proxy_pin "$mosn_home/bin/start.sh" -d -c "$tmp/mosn4j.json" >&2 || die "mosn4j did not start"
check_bodies "$mosn_port" mosn4j
engine_line="$(grep -m1 -o 'TLS engine: .*' "$mosn_home/logs/stdout.log" || echo 'TLS engine: ?')"
log "mosn4j (TLS)  on 127.0.0.1:$mosn_port (pid $(cat "$mosn_home/logs/mosn4j.pid")), $engine_line"

# ---------------------------------------------------------------- load
load_before="$(load_average)"
log "wrk -t$THREADS -c$CONNECTIONS -d$DURATION https (warm-up $WARMUP per proxy and body)"
for b in "${bodies[@]}"; do
  path="${body_path[$b]}"
  log "$path: warm-up mosn4j";  run_wrk_https "warmup-$b-mosn4j" "$mosn_port"  "$WARMUP" "$path"
  log "$path: warm-up nginx";   run_wrk_https "warmup-$b-nginx"  "$proxy_port" "$WARMUP" "$path"
  for round in $(seq 1 "$ROUNDS"); do
    for t in "${targets[@]}"; do
      log "$path: measure ${target_label[$t]} (round $round of $ROUNDS)"
      run_wrk_https "$b-$t-$round" "${target_port[$t]}" "$DURATION" "$path"
    done
  done
  for t in "${targets[@]}"; do
    pick_median "$b-$t" "$ROUNDS"
  done
done

# ---------------------------------------------------------------- report
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, HTTPS (HTTP/1.1 keep-alive), $(nproc) cores; mosn4j processor 1 ($engine_line), nginx worker_processes 1 (upstream keepalive 64), same backend nginx"
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
  echo "mosn4j/nginx over TLS: req/s ratio $(ratio "$(rps_of "$b-mosn4j")" "$(rps_of "$b-nginx")")," \
    "p99 ratio $(ratio "$(to_us "$(p99_of "$b-mosn4j")")" "$(to_us "$(p99_of "$b-nginx")")")"
  echo "all rounds, req/s: mosn4j ${all_rounds[$b-mosn4j]}| nginx ${all_rounds[$b-nginx]}"
done
echo
echo "load average before the load runs: $load_before (other CPU users skew the figures)"

report_mosn4j_log
