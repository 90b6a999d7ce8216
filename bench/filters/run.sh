#!/usr/bin/env bash
# Stream filter benchmark: wrk keep-alive load through two listeners of one mosn4j process in front of the same
# nginx backend (a 4096-byte text/plain body): "plain" without stream filters, and "filtered" with fault (0%
# delay and abort), ip_access (a deny list the client is not on) and gzip. The filtered listener is measured
# twice: without Accept-Encoding (every filter runs, nothing is compressed) and with "Accept-Encoding: gzip"
# (each response is compressed at gzip_level 6). All on 127.0.0.1.
#
#   bench/filters/run.sh
#
# Environment:
#   THREADS      wrk threads                       (default 1)
#   CONNECTIONS  wrk connections                   (default 50)
#   DURATION     wrk duration of a measured run    (default 15s)
#   WARMUP       wrk duration of a warm-up run     (default 5s)
#   JAVA_OPTS    extra JVM options for mosn4j      (passed to bin/start.sh)
#   ROUNDS       measured runs per target, taking turns; the median counts (default 3)
#   PROXY_CPUS   pin mosn4j to these CPUs (taskset list; default: no pinning)
#   LOAD_CPUS    pin the backend nginx and wrk to these CPUs (default: no pinning)
#   VERBOSE=1    also print wrk's full output
#   KEEP_TMP=1   keep the temp dir (configs, logs) instead of removing it
#
# Prints one table and the filtered/plain ratios; writes nothing into the repository except the build output
# when it has to build.
set -euo pipefail

THREADS="${THREADS:-1}"
CONNECTIONS="${CONNECTIONS:-50}"
DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-5s}"
ROUNDS="${ROUNDS:-3}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
. "$here/../lib.sh"

path=/text
body_size=4096
targets=(plain filtered gzip)
declare -A target_label=([plain]="no filters" [filtered]="filters" [gzip]="filters, gzip on")

# ---------------------------------------------------------------- tools, temp dir, mosn4j
install_tools nginx wrk
bench_init
unpack_mosn4j

# ---------------------------------------------------------------- ports and configs
mapfile -t ports < <(free_ports 3)
backend_port="${ports[0]}"
plain_port="${ports[1]}"
filtered_port="${ports[2]}"
declare -A target_port=([plain]="$plain_port" [filtered]="$filtered_port" [gzip]="$filtered_port")
# Only the gzip target asks for compression.
declare -A target_header=([plain]="" [filtered]="" [gzip]="Accept-Encoding: gzip")

mkdir -p "$tmp/backend"
# nginx's workers may run as another user (when started as root): let them read the body file.
chmod 755 "$tmp" "$tmp/backend"
maxconn=$((CONNECTIONS + 1000))
# Text that compresses about as well as a web page: words and numbers, not one repeated byte.
python3 - "$tmp/backend/text.txt" "$body_size" <<'PY'
import sys
words = "mosn4j proxies requests through stream filters that may delay abort deny or compress them".split()
out, i = [], 0
while sum(len(w) + 1 for w in out) < int(sys.argv[2]):
    out.append(words[i % len(words)] + str(i % 97))
    i += 1
open(sys.argv[1], "w").write(" ".join(out)[:int(sys.argv[2])])
PY
chmod 644 "$tmp/backend/text.txt"
render "$here/backend.conf.tmpl" "$tmp/backend/nginx.conf" \
  PREFIX="$tmp/backend" BACKEND_PORT="$backend_port" MAXCONN="$maxconn"
render "$here/mosn4j.json.tmpl" "$tmp/mosn4j.json" \
  PLAIN_PORT="$plain_port" FILTERED_PORT="$filtered_port" BACKEND_PORT="$backend_port"

run_target() { # name target duration: wrk against the target's port, with its header when it has one
  local name="$1" t="$2" duration="$3" out="$tmp/wrk-$1.txt" header_args=()
  [ -n "${target_header[$t]}" ] && header_args=(-H "${target_header[$t]}")
  ${load_pin:-} wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency "${header_args[@]}" \
    "http://127.0.0.1:${target_port[$t]}$path" >"$out" 2>&1 || { cat "$out" >&2; die "wrk against $t failed"; }
  if [ "${VERBOSE:-0}" = 1 ]; then
    echo "---- wrk $name ($duration)" >&2
    cat "$out" >&2
  fi
}

check_gzip() { # port: a request with Accept-Encoding: gzip must come back gzip-encoded and decode to the body
  python3 - "$1" "$path" "$body_size" <<'PY' || die "mosn4j's filtered listener did not answer with a gzip body"
import gzip, socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"GET " + sys.argv[2].encode() + b" HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n")
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
head, _, body = data.partition(b"\r\n\r\n")
assert b"content-encoding: gzip" in head.lower(), head
assert b"transfer-encoding: chunked" in head.lower(), head
raw, rest = b"", body
while True:
    size, _, rest = rest.partition(b"\r\n")
    n = int(size, 16)
    if n == 0:
        break
    raw, rest = raw + rest[:n], rest[n + 2:]
assert len(gzip.decompress(raw)) == int(sys.argv[3])
PY
}

# ---------------------------------------------------------------- start everything
# shellcheck disable=SC2086
start_nginx "$tmp/backend" $load_pin
backend_pid="$started_pid"
wait_port "$backend_port" backend "$backend_pid"
check_http "$backend_port" backend "$path" "$body_size"
log "backend    on 127.0.0.1:$backend_port (pid $backend_pid)"

# start.sh -d returns once mosn4j logged "mosn4j started", i.e. after its listeners are bound.
$proxy_pin "$mosn_home/bin/start.sh" -d -c "$tmp/mosn4j.json" >&2 || die "mosn4j did not start"
check_http "$plain_port" "mosn4j (plain)" "$path" "$body_size"
check_http "$filtered_port" "mosn4j (filtered)" "$path" "$body_size"
check_gzip "$filtered_port"
log "mosn4j     on 127.0.0.1:$plain_port (no filters) and :$filtered_port (filters) (pid $(cat "$mosn_home/logs/mosn4j.pid"))"

# ---------------------------------------------------------------- load
load_before="$(load_average)"
log "wrk -t$THREADS -c$CONNECTIONS -d$DURATION (warm-up $WARMUP per target)"
for t in "${targets[@]}"; do
  log "warm-up ${target_label[$t]}"
  run_target "warmup-$t" "$t" "$WARMUP"
done
# The targets take turns, ROUNDS times each; the round with the median req/s stands for each.
for round in $(seq 1 "$ROUNDS"); do
  for t in "${targets[@]}"; do
    log "measure ${target_label[$t]} (round $round of $ROUNDS)"
    run_target "$t-$round" "$t" "$DURATION"
  done
done
for t in "${targets[@]}"; do
  pick_median "$t" "$ROUNDS"
done

# ---------------------------------------------------------------- report
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, HTTP/1.1 keep-alive, GET $path ($body_size-byte text/plain), $(nproc) cores"
echo "mosn4j processor 1; backend nginx worker_processes 1; CPUs: mosn4j ${PROXY_CPUS:-any}, backend and wrk ${LOAD_CPUS:-any}; median of $ROUNDS rounds"
echo "filters: fault (delay and abort at 0%), ip_access (deny list without the client), gzip (level 6)"
echo
printf '%-18s %12s %10s %10s %8s\n' target req/s "avg lat" "p99 lat" errors
printf '%-18s %12s %10s %10s %8s\n' ------------------ ------------ ---------- ---------- --------
for t in "${targets[@]}"; do
  printf '%-18s %12s %10s %10s %8s\n' "${target_label[$t]}" "$(rps_of "$t")" "$(latency_of "$t")" "$(p99_of "$t")" \
    "$(errors_of "$t")"
done
echo
for t in filtered gzip; do
  echo "${target_label[$t]} / no filters: req/s ratio $(ratio "$(rps_of "$t")" "$(rps_of plain)")," \
    "p99 ratio $(ratio "$(to_us "$(p99_of "$t")")" "$(to_us "$(p99_of plain)")")"
done
echo "all rounds, req/s: no filters ${all_rounds[plain]}| filters ${all_rounds[filtered]}| filters, gzip on ${all_rounds[gzip]}"
echo
echo "load average before the load runs: $load_before (other CPU users skew the figures)"

# Anything mosn4j logged at WARN or ERROR during the run.
report_mosn4j_log
