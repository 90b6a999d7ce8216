#!/usr/bin/env bash
# JVM and Netty settings benchmark: the same HTTP/1.1 keep-alive wrk load (16-byte body, nginx backend) through
# one mosn4j process per variant of its JVM options, taking turns, all on 127.0.0.1. It is the measurement behind
# the defaults bin/start.sh sets (docs/performance.md).
#
#   bench/jvm/run.sh
#   VARIANTS="default parallel serial" bench/jvm/run.sh
#
# Environment:
#   VARIANTS     which variants to run, by name (default: all of them, see below)
#   THREADS      wrk threads                        (default 1)
#   CONNECTIONS  wrk connections                    (default 50)
#   DURATION     wrk duration of a measured run     (default 15s)
#   WARMUP       wrk duration of each warm-up run   (default 20s; the JIT needs it)
#   ROUNDS       measured runs per variant, taking turns; the median counts (default 3)
#   PROXY_CPUS   pin the mosn4j processes to these CPUs (taskset list; default: no pinning)
#   LOAD_CPUS    pin the backend nginx and wrk to these CPUs (default: no pinning)
#   VERBOSE=1    also print wrk's full output
#   KEEP_TMP=1   keep the temp dir (configs, logs) instead of removing it
#
# Every variant runs bin/start.sh with its defaults plus the variant's JAVA_OPTS (which come last and win).
# Prints a table: req/s, p99, CPU seconds per 100k requests and peak RSS of each mosn4j process; writes nothing
# into the repository except the build output when it has to build.
set -euo pipefail

THREADS="${THREADS:-1}"
CONNECTIONS="${CONNECTIONS:-50}"
DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-20s}"
ROUNDS="${ROUNDS:-3}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
. "$here/../lib.sh"

# name -> JAVA_OPTS on top of bin/start.sh's defaults
declare -A variant_opts=(
  [default]=""
  [g1]="-XX:+UseG1GC"
  [parallel]="-XX:+UseParallelGC"
  [serial]="-XX:+UseSerialGC"
  [parallel-xmn32]="-XX:+UseParallelGC -Xmn32m"
  [serial-xmn32]="-XX:+UseSerialGC -Xmn32m"
  [nio]="-Dmosn4j.transport=nio"
  [pooled]="-Dio.netty.allocator.type=pooled"
  [leak-simple]="-Dio.netty.leakDetection.level=simple"
)
all_variants="default g1 parallel serial parallel-xmn32 serial-xmn32 nio pooled leak-simple"
read -r -a variants <<<"${VARIANTS:-$all_variants}"
for v in "${variants[@]}"; do
  [ -n "${variant_opts[$v]+set}" ] || die "unknown variant $v (known: $all_variants)"
done
path=/small
body_size=16

# ---------------------------------------------------------------- tools, temp dir, mosn4j
install_tools nginx wrk
bench_init
unpack_mosn4j
# Each variant runs from its own copy of the distribution, so each keeps its pid file and log in its own logs/.
declare -A home
for v in "${variants[@]}"; do
  home[$v]="$tmp/dist-$v"
  cp -a "$mosn_home" "${home[$v]}"
done

# ---------------------------------------------------------------- ports and configs
mapfile -t ports < <(free_ports $((${#variants[@]} + 1)))
backend_port="${ports[0]}"
declare -A port
i=1
for v in "${variants[@]}"; do
  port[$v]="${ports[$i]}"
  i=$((i + 1))
  render "$here/../http1/mosn4j.json.tmpl" "$tmp/mosn4j-$v.json" WORKERS=1 MOSN_PORT="${port[$v]}" BACKEND_PORT="$backend_port"
done
mkdir -p "$tmp/backend"
render "$here/../http1/backend.conf.tmpl" "$tmp/backend/nginx.conf" \
  PREFIX="$tmp/backend" BACKEND_PORT="$backend_port" MAXCONN=$((CONNECTIONS + 1000)) BODY_1K=unused WORKERS=1

# ---------------------------------------------------------------- start everything
# shellcheck disable=SC2086
start_nginx "$tmp/backend" $load_pin
wait_port "$backend_port" backend "$started_pid"
check_http "$backend_port" backend "$path" "$body_size"
declare -A pid
for v in "${variants[@]}"; do
  MOSN4J_CDS=off JAVA_OPTS="${variant_opts[$v]}" $proxy_pin "${home[$v]}/bin/start.sh" -d -c "$tmp/mosn4j-$v.json" >&2 \
    || die "mosn4j ($v) did not start"
  pid[$v]="$(cat "${home[$v]}/logs/mosn4j.pid")"
  track_pid "${pid[$v]}" TERM
  check_http "${port[$v]}" "mosn4j ($v)" "$path" "$body_size"
  log "mosn4j $v on 127.0.0.1:${port[$v]} (pid ${pid[$v]}): JAVA_OPTS=${variant_opts[$v]:-none}"
done

# ---------------------------------------------------------------- load
load_before="$(load_average)"
log "wrk -t$THREADS -c$CONNECTIONS -d$DURATION (warm-up $WARMUP per variant)"
for v in "${variants[@]}"; do
  log "warm-up $v"
  run_wrk "warmup-$v" "${port[$v]}" "$WARMUP" "$path"
done
declare -A cpu_per_100k
for round in $(seq 1 "$ROUNDS"); do
  for v in "${variants[@]}"; do
    log "measure $v (round $round of $ROUNDS)"
    before="$(cpu_ticks "${pid[$v]}")"
    run_wrk "$v-$round" "${port[$v]}" "$DURATION" "$path"
    cpu_per_100k["$v-$round"]="$(cpu_seconds_per_100k "$before" "$(cpu_ticks "${pid[$v]}")" "$(requests_of "$v-$round")")"
  done
done

# ---------------------------------------------------------------- report
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (warm-up $WARMUP), HTTP/1.1 keep-alive, GET $path ($body_size-byte body), $(nproc) cores"
echo "one mosn4j process per variant, processor 1; backend nginx worker_processes 1; CPUs: mosn4j ${PROXY_CPUS:-any}, backend and wrk ${LOAD_CPUS:-any}; median of $ROUNDS rounds"
echo
printf '%-15s %-38s %10s %9s %12s %9s %7s\n' variant "JAVA_OPTS" req/s "p99" "CPU s/100k" "RSS MiB" errors
printf '%-15s %-38s %10s %9s %12s %9s %7s\n' --------------- -------------------------------------- ---------- --------- ------------ --------- -------
for v in "${variants[@]}"; do
  pick_median "$v" "$ROUNDS"
  median_round=1
  for r in $(seq "$ROUNDS" -1 1); do
    if cmp -s "$tmp/wrk-$v.txt" "$tmp/wrk-$v-$r.txt"; then median_round="$r"; fi
  done
  printf '%-15s %-38s %10s %9s %12s %9s %7s\n' "$v" "${variant_opts[$v]:-(start.sh defaults)}" "$(rps_of "$v")" \
    "$(p99_of "$v")" "${cpu_per_100k[$v-$median_round]}" "$(( $(peak_rss_kb "${pid[$v]}") / 1024 ))" "$(errors_of "$v")"
done
echo
for v in "${variants[@]}"; do
  echo "all rounds, $v: req/s ${all_rounds[$v]}| CPU s/100k $(for r in $(seq 1 "$ROUNDS"); do printf '%s ' "${cpu_per_100k[$v-$r]}"; done)"
done
echo "load average before the load runs: $load_before (other CPU users skew the figures)"
for v in "${variants[@]}"; do
  problems="$(grep -E -c '\[(WARN|ERROR)\]|Exception' "${home[$v]}/logs/stdout.log" || true)"
  if [ "${problems:-0}" -gt 0 ]; then
    echo "mosn4j ($v) logged $problems WARN/ERROR/exception line(s); first: $(grep -E -m1 '\[(WARN|ERROR)\]|Exception' "${home[$v]}/logs/stdout.log")"
  fi
done
