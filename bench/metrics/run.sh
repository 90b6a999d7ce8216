#!/usr/bin/env bash
# Metrics cost benchmark: wrk keep-alive load through two mosn4j processes with the same HTTP/1.1 proxy config in
# front of the same nginx backend (16-byte body), one recording the request duration histograms (the default) and
# one with "stats_matcher": {"reject_all": true} (histograms off; counters are kept either way). All on 127.0.0.1.
#
#   bench/metrics/run.sh
#
# Environment:
#   THREADS      wrk threads                       (default 1)
#   CONNECTIONS  wrk connections                   (default 50)
#   DURATION     wrk duration of a measured run    (default 15s)
#   WARMUP       wrk duration of a warm-up run     (default 5s)
#   JAVA_OPTS    extra JVM options for mosn4j      (passed to bin/start.sh)
#   ROUNDS       measured runs per target, taking turns; the median counts (default 3)
#   PROXY_CPUS   pin both mosn4j processes to these CPUs (taskset list; default: no pinning)
#   LOAD_CPUS    pin the backend nginx and wrk to these CPUs (default: no pinning)
#   VERBOSE=1    also print wrk's full output
#   KEEP_TMP=1   keep the temp dir (configs, logs) instead of removing it
#
# Prints one table with the on/off ratios, then one scrape of /metrics from the histograms-on process; writes
# nothing into the repository except the build output when it has to build.
set -euo pipefail

THREADS="${THREADS:-1}"
CONNECTIONS="${CONNECTIONS:-50}"
DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-5s}"
ROUNDS="${ROUNDS:-3}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
. "$here/../lib.sh"

path=/small
body_size=16
targets=(on off)
declare -A target_label=([on]="histograms on" [off]="reject_all")
histogram=mosn_downstream_request_duration_seconds

# ---------------------------------------------------------------- tools, temp dir, mosn4j
install_tools nginx wrk
bench_init
unpack_mosn4j
# The second process runs from a copy of the distribution: each one keeps its pid file and log in its own logs/.
declare -A home=([on]="$mosn_home" [off]="$tmp/dist-off")
cp -a "$mosn_home" "${home[off]}"

# ---------------------------------------------------------------- ports and configs
mapfile -t ports < <(free_ports 5)
backend_port="${ports[0]}"
declare -A target_port=([on]="${ports[1]}" [off]="${ports[2]}")
declare -A admin_port=([on]="${ports[3]}" [off]="${ports[4]}")
declare -A reject_all=([on]=false [off]=true)

mkdir -p "$tmp/backend"
maxconn=$((CONNECTIONS + 1000))
# The http1 benchmark's backend: /small answers a 16-byte body with `return 200`.
render "$here/../http1/backend.conf.tmpl" "$tmp/backend/nginx.conf" \
  PREFIX="$tmp/backend" WORKERS=1 BACKEND_PORT="$backend_port" MAXCONN="$maxconn" BODY_1K=unused
for t in "${targets[@]}"; do
  render "$here/mosn4j.json.tmpl" "$tmp/mosn4j-$t.json" MOSN_PORT="${target_port[$t]}" \
    ADMIN_PORT="${admin_port[$t]}" BACKEND_PORT="$backend_port" REJECT_ALL="${reject_all[$t]}"
done

scrape() { # target -> the process's /metrics on stdout; size and time of the scrape on stderr
  python3 - "${admin_port[$1]}" <<'PY'
import sys, time, urllib.request
start = time.monotonic()
body = urllib.request.urlopen("http://127.0.0.1:%s/metrics" % sys.argv[1], timeout=30).read()
sys.stderr.write("%d %.1f\n" % (len(body), (time.monotonic() - start) * 1000))
sys.stdout.write(body.decode())
PY
}

histogram_count() { # target -> the downstream histogram's _count of listener "bench", or "none"
  scrape "$1" 2>/dev/null | awk -v name="${histogram}_count" \
    '$1 == name "{listener=\"bench\"}" { print $2; found = 1 } END { if (!found) print "none" }'
}

# ---------------------------------------------------------------- start everything
# shellcheck disable=SC2086
start_nginx "$tmp/backend" $load_pin
backend_pid="$started_pid"
wait_port "$backend_port" backend "$backend_pid"
check_http "$backend_port" backend "$path" "$body_size"
log "backend               on 127.0.0.1:$backend_port (pid $backend_pid)"

for t in "${targets[@]}"; do
  # start.sh -d returns once mosn4j logged "mosn4j started", i.e. after its listeners are bound.
  $proxy_pin "${home[$t]}/bin/start.sh" -d -c "$tmp/mosn4j-$t.json" >&2 || die "mosn4j (${target_label[$t]}) did not start"
  # lib.sh stops the first process on exit; the copy is stopped like any tracked child (TERM: graceful stop).
  [ "$t" = off ] && track_pid "$(cat "${home[$t]}/logs/mosn4j.pid")" TERM
  check_http "${target_port[$t]}" "mosn4j (${target_label[$t]})" "$path" "$body_size"
  log "mosn4j ${target_label[$t]}$(printf '%*s' $((15 - ${#target_label[$t]})) '') on 127.0.0.1:${target_port[$t]}, admin :${admin_port[$t]} (pid $(cat "${home[$t]}/logs/mosn4j.pid"))"
done
[ "$(histogram_count on)" = 1 ] || die "the histograms-on process does not show its request in $histogram"
[ "$(histogram_count off)" = none ] || die "the reject_all process shows $histogram"

# ---------------------------------------------------------------- load
load_before="$(load_average)"
log "wrk -t$THREADS -c$CONNECTIONS -d$DURATION (warm-up $WARMUP per target)"
for t in "${targets[@]}"; do
  log "warm-up ${target_label[$t]}"
  run_wrk "warmup-$t" "${target_port[$t]}" "$WARMUP" "$path"
done
# The targets take turns, ROUNDS times each; the round with the median req/s stands for each.
for round in $(seq 1 "$ROUNDS"); do
  for t in "${targets[@]}"; do
    log "measure ${target_label[$t]} (round $round of $ROUNDS)"
    run_wrk "$t-$round" "${target_port[$t]}" "$DURATION" "$path"
  done
done
for t in "${targets[@]}"; do
  pick_median "$t" "$ROUNDS"
done
scrape on 2>"$tmp/scrape-on.txt" >"$tmp/metrics-on.txt"
read -r scrape_bytes scrape_ms <"$tmp/scrape-on.txt"
observed="$(histogram_count on)"

# ---------------------------------------------------------------- report
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, HTTP/1.1 keep-alive, GET $path ($body_size-byte body), $(nproc) cores"
echo "two mosn4j processes, processor 1 each; backend nginx worker_processes 1; CPUs: mosn4j ${PROXY_CPUS:-any}, backend and wrk ${LOAD_CPUS:-any}; median of $ROUNDS rounds"
echo
printf '%-16s %12s %10s %10s %8s\n' target req/s "avg lat" "p99 lat" errors
printf '%-16s %12s %10s %10s %8s\n' ---------------- ------------ ---------- ---------- --------
for t in "${targets[@]}"; do
  printf '%-16s %12s %10s %10s %8s\n' "${target_label[$t]}" "$(rps_of "$t")" "$(latency_of "$t")" "$(p99_of "$t")" \
    "$(errors_of "$t")"
done
echo "histograms on / reject_all: req/s ratio $(ratio "$(rps_of on)" "$(rps_of off)")," \
  "p99 ratio $(ratio "$(to_us "$(p99_of on)")" "$(to_us "$(p99_of off)")")"
echo "all rounds, req/s: histograms on ${all_rounds[on]}| reject_all ${all_rounds[off]}"
echo
echo "/metrics of the histograms-on process after the load: $scrape_bytes bytes in ${scrape_ms} ms;" \
  "$histogram counted $observed requests"
echo "load average before the load runs: $load_before (other CPU users skew the figures)"

# Anything either mosn4j process logged at WARN or ERROR during the run.
report_mosn4j_log
problems="$(grep -E -c '\[(WARN|ERROR)\]|Exception' "${home[off]}/logs/stdout.log" || true)"
if [ "${problems:-0}" -gt 0 ]; then
  echo
  echo "mosn4j (reject_all) logged $problems WARN/ERROR/exception line(s); first ones:"
  grep -E '\[(WARN|ERROR)\]|Exception' "${home[off]}/logs/stdout.log" | head -n 10
fi
