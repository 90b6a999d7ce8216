#!/usr/bin/env bash
# Dubbo proxy benchmark: the same Apache Dubbo consumer load (CALLERS threads making synchronous echo calls with
# a small string, over Dubbo's one shared connection per URL) against an Apache Dubbo provider directly and
# through one mosn4j hop (proxy filter, downstream_protocol dubbo), taking turns, all on 127.0.0.1.
#
#   bench/dubbo/run.sh
#
# Environment:
#   CALLERS      consumer threads, each making one call after another    (default 32)
#   DURATION     seconds of a measured run                               (default 15)
#   WARMUP       seconds of the warm-up run per target                   (default 5)
#   ROUNDS       measured runs per target, taking turns; the median counts (default 3)
#   PAYLOAD      characters of the echoed string                         (default 16)
#   CONNECTIONS  consumer connections per target; 0 is Dubbo's default, one shared (default 0)
#   JAVA_OPTS    extra JVM options for mosn4j                            (passed to bin/start.sh)
#   PEER_JAVA_OPTS  JVM options for the provider and the consumer        (default -Xms256m -Xmx256m)
#   PROXY_CPUS   pin mosn4j to these CPUs (taskset list; default: no pinning)
#   LOAD_CPUS    pin the provider and the consumer to these CPUs         (default: no pinning)
#   MVN_ARGS     extra Maven arguments for building the harness (e.g. -o)
#   VERBOSE=1    also print the consumer's progress and the provider's output
#   KEEP_TMP=1   keep the temp dir (configs, logs) instead of removing it
#
# The provider and the load generator are bench/dubbo/harness (built here with Maven). Prints a table; writes
# nothing into the repository except build output (bench/dubbo/harness/target, and the distribution when it
# has to build it).
set -euo pipefail

CALLERS="${CALLERS:-32}"
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-5}"
ROUNDS="${ROUNDS:-3}"
PAYLOAD="${PAYLOAD:-16}"
CONNECTIONS="${CONNECTIONS:-0}"
PEER_JAVA_OPTS="${PEER_JAVA_OPTS:--Xms256m -Xmx256m}"
MVN_ARGS="${MVN_ARGS:-}"
# Like the other scripts, a trailing "s" is accepted: DURATION=15s.
DURATION="${DURATION%s}"
WARMUP="${WARMUP%s}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
. "$here/../lib.sh"

targets=(direct mosn4j)
declare -A target_label=([direct]="provider (direct)" [mosn4j]="mosn4j")

# ---------------------------------------------------------------- tools, temp dir, mosn4j, harness
for c in java mvn python3 tar; do
  command -v "$c" >/dev/null 2>&1 || die "$c not found on PATH"
done
bench_init
unpack_mosn4j
build_dubbo_harness   # sets dubbo_java; the hosts file in it keeps every connection on loopback (see lib.sh)

# ---------------------------------------------------------------- ports, provider, mosn4j
mapfile -t ports < <(free_ports 2)
provider_port="${ports[0]}"
mosn_port="${ports[1]}"
render "$here/mosn4j.json.tmpl" "$tmp/mosn4j.json" WORKERS=1 MOSN_PORT="$mosn_port" PROVIDER_PORT="$provider_port"

# shellcheck disable=SC2086
start_dubbo_provider "$provider_port" $load_pin
provider_pid="$started_pid"
log "provider    on 127.0.0.1:$provider_port (pid $provider_pid)"

# start.sh -d returns once mosn4j logged "mosn4j started", i.e. after its listeners are bound.
$proxy_pin "$mosn_home/bin/start.sh" -d -c "$tmp/mosn4j.json" >&2 || die "mosn4j did not start"
log "mosn4j      on 127.0.0.1:$mosn_port (pid $(cat "$mosn_home/logs/mosn4j.pid"))"

# ---------------------------------------------------------------- load
load_before="$(load_average)"
log "consumer: $CALLERS callers, ${DURATION}s per run, warm-up ${WARMUP}s per target, $ROUNDS rounds"
consumer_err="$tmp/consumer.err"
[ "$VERBOSE" = 1 ] && consumer_err=/dev/stderr
# shellcheck disable=SC2086
$load_pin "${dubbo_java[@]}" org.mosn4j.bench.dubbo.BenchConsumer \
  --target "direct=$dubbo_provider_host:$provider_port" --target "mosn4j=$dubbo_proxy_host:$mosn_port" \
  --callers "$CALLERS" --duration "$DURATION" --warmup "$WARMUP" --rounds "$ROUNDS" \
  --payload "$PAYLOAD" --connections "$CONNECTIONS" >"$tmp/results.txt" 2>"$consumer_err" \
  || { [ -f "$tmp/consumer.err" ] && tail -n 30 "$tmp/consumer.err" >&2; die "the consumer failed"; }
if [ "$VERBOSE" = 1 ]; then
  echo "---- provider output" >&2
  cat "$tmp/provider/stdout.log" >&2
fi

# ---------------------------------------------------------------- report
field() { # target round key -> that field of the consumer's result line
  awk -v t="$1" -v r="$2" -v k="$3" '$1 == "result" {
    delete f
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    if (f["target"] == t && f["round"] == r) print f[k]
  }' "$tmp/results.txt"
}
median_round() { # target -> the round with the median calls/s
  local t="$1" round
  for round in $(seq 1 "$ROUNDS"); do
    echo "$(field "$t" "$round" calls_per_s) $round"
  done | sort -n | awk '{ line[NR] = $2 } END { print line[int((NR + 1) / 2)] }'
}
ms() { awk -v us="$1" 'BEGIN { printf "%.2fms", us / 1000 }'; }

declare -A best
for t in "${targets[@]}"; do
  for round in $(seq 1 "$ROUNDS"); do
    [ -n "$(field "$t" "$round" calls_per_s)" ] || { cat "$tmp/results.txt" >&2; die "no result for $t round $round"; }
  done
  best[$t]="$(median_round "$t")"
  all_rounds[$t]="$(for round in $(seq 1 "$ROUNDS"); do printf '%s ' "$(field "$t" "$round" calls_per_s)"; done)"
done

echo
conn_label="one shared consumer connection per target (Dubbo's default)"
[ "$CONNECTIONS" != 0 ] && conn_label="$CONNECTIONS consumer connections per target"
echo "Apache Dubbo 3.3 consumer, $CALLERS callers making synchronous echo calls (${PAYLOAD}-character string, hessian2), $conn_label; ${DURATION}s per run, warm-up ${WARMUP}s per target; $(nproc) cores; mosn4j processor 1"
echo "CPUs: mosn4j ${PROXY_CPUS:-any}, provider and consumer ${LOAD_CPUS:-any}; every target: median of $ROUNDS rounds"
printf '%-18s %12s %10s %10s %10s %8s\n' target calls/s "avg lat" "p50 lat" "p99 lat" errors
printf '%-18s %12s %10s %10s %10s %8s\n' ------------------ ------------ ---------- ---------- ---------- --------
for t in "${targets[@]}"; do
  r="${best[$t]}"
  printf '%-18s %12s %10s %10s %10s %8s\n' "${target_label[$t]}" "$(field "$t" "$r" calls_per_s)" \
    "$(ms "$(field "$t" "$r" avg_us)")" "$(ms "$(field "$t" "$r" p50_us)")" "$(ms "$(field "$t" "$r" p99_us)")" \
    "$(field "$t" "$r" errors)"
done
echo "mosn4j/direct: calls/s ratio $(ratio "$(field mosn4j "${best[mosn4j]}" calls_per_s)" "$(field direct "${best[direct]}" calls_per_s)")," \
  "p99 ratio $(ratio "$(field mosn4j "${best[mosn4j]}" p99_us)" "$(field direct "${best[direct]}" p99_us)")"
echo "all rounds, calls/s: provider (direct) ${all_rounds[direct]}| mosn4j ${all_rounds[mosn4j]}"
echo
echo "load average before the load runs: $load_before (other CPU users skew the figures)"

# Anything mosn4j logged at WARN or ERROR during the run.
report_mosn4j_log
