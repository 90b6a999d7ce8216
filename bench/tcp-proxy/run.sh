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
VERBOSE="${VERBOSE:-0}"
KEEP_TMP="${KEEP_TMP:-0}"
ROUNDS="${ROUNDS:-3}"
# By default nothing is pinned: wrk, nginx and the proxy share the cores, so a proxy that needs less CPU
# per request leaves more to the others and shows a higher rate. Pinning the proxy to its own core
# instead measures whether it keeps up with a load side that has the other core.
PROXY_CPUS="${PROXY_CPUS:-}"
LOAD_CPUS="${LOAD_CPUS:-}"
proxy_pin=""
load_pin=""
[ -n "$PROXY_CPUS" ] && proxy_pin="taskset -c $PROXY_CPUS"
[ -n "$LOAD_CPUS" ] && load_pin="taskset -c $LOAD_CPUS"
declare -A all_rounds

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

log() { echo "[bench] $*" >&2; }
die() { echo "[bench] error: $*" >&2; exit 1; }

# ---------------------------------------------------------------- tools
need_install=false
for c in nginx haproxy wrk; do
  command -v "$c" >/dev/null 2>&1 || need_install=true
done
if [ "$need_install" = true ]; then
  log "installing nginx, haproxy, wrk"
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  # apt's output goes to stderr so that stdout carries only the results.
  $sudo apt-get update >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y nginx haproxy wrk >&2
fi
for c in nginx haproxy wrk python3 tar; do
  command -v "$c" >/dev/null 2>&1 || die "$c not found on PATH"
done

# ---------------------------------------------------------------- state and cleanup
tmp="$(mktemp -d "${TMPDIR:-/tmp}/mosn4j-bench.XXXXXX")"
nginx_pid=""
haproxy_pid=""
mosn_home=""

stop_pid() { # pid signal
  local pid="$1" sig="$2"
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill "-$sig" "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  if [ -n "$mosn_home" ] && [ -f "$mosn_home/logs/mosn4j.pid" ]; then
    "$mosn_home/bin/stop.sh" -t 30 >/dev/null 2>&1 || log "mosn4j did not stop cleanly"
  fi
  stop_pid "$haproxy_pid" USR1   # soft stop
  stop_pid "$nginx_pid" QUIT     # graceful shutdown
  if [ "$KEEP_TMP" = 1 ]; then
    log "kept $tmp"
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- helpers
free_ports() { # count -> distinct free loopback ports, one per line
  python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
for s in socks:
    print(s.getsockname()[1])
for s in socks:
    s.close()
EOF
}

render() { # template output key=value...
  local tpl="$1" out="$2"; shift 2
  local args=() kv
  for kv in "$@"; do
    args+=(-e "s|@${kv%%=*}@|${kv#*=}|g")
  done
  sed "${args[@]}" "$tpl" >"$out"
}

wait_port() { # port name pid
  local port="$1" name="$2" pid="$3"
  for _ in $(seq 1 300); do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      [ -f "$tmp/$name/stdout.log" ] && tail -n 20 "$tmp/$name/stdout.log" >&2
      die "$name exited before listening on 127.0.0.1:$port"
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  die "$name is not listening on 127.0.0.1:$port after 30s"
}

check_http() { # port name: one HTTP request must come back 200
  local port="$1" name="$2" status
  status="$(python3 - "$port" <<'EOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
data = b""
while True:
    chunk = s.recv(4096)
    if not chunk:
        break
    data += chunk
print(data.split(b"\r\n", 1)[0].decode(errors="replace"))
EOF
)" || die "$name: request to 127.0.0.1:$port failed"
  case "$status" in
    "HTTP/1.1 200"*) ;;
    *) die "$name: expected HTTP 200 from 127.0.0.1:$port, got: ${status:-nothing}" ;;
  esac
}

run_wrk() { # name port duration -> wrk output in $tmp/wrk-name.txt
  local name="$1" port="$2" duration="$3" out="$tmp/wrk-$1.txt"
  $load_pin wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency "http://127.0.0.1:$port/" >"$out" 2>&1 \
    || { cat "$out" >&2; die "wrk against $name failed"; }
  if [ "$VERBOSE" = 1 ]; then
    echo "---- wrk $name ($duration)" >&2
    cat "$out" >&2
  fi
}

rps_of()     { awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk-$1.txt"; }
latency_of() { awk '$1 == "Latency" {print $2; exit}' "$tmp/wrk-$1.txt"; }
p99_of()     { awk '$1 == "99%" {print $2; exit}' "$tmp/wrk-$1.txt"; }
errors_of() { # socket errors + non-2xx/3xx responses
  awk '/Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
       /Non-2xx or 3xx responses:/ { n += $5 }
       END { print n + 0 }' "$tmp/wrk-$1.txt"
}

# ---------------------------------------------------------------- mosn4j distribution
shopt -s nullglob
tarballs=("$repo"/distribution/target/mosn4j-*.tar.gz)
if [ ${#tarballs[@]} -eq 0 ]; then
  log "building mosn4j (mvn -B -q -DskipTests install)"
  (cd "$repo" && mvn -B -q -DskipTests install)
  tarballs=("$repo"/distribution/target/mosn4j-*.tar.gz)
  [ ${#tarballs[@]} -gt 0 ] || die "build produced no distribution/target/mosn4j-*.tar.gz"
fi
shopt -u nullglob
tarball="$(ls -t "${tarballs[@]}" | head -n 1)"
mkdir -p "$tmp/dist"
tar -xzf "$tarball" -C "$tmp/dist"
mosn_home="$(find "$tmp/dist" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
[ -x "$mosn_home/bin/start.sh" ] || die "no bin/start.sh in $tarball"
log "mosn4j from $(basename "$tarball")"

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
  PREFIX="$tmp/haproxy" HAPROXY_PORT="$haproxy_port" NGINX_PORT="$nginx_port" MAXCONN="$maxconn"
render "$here/mosn4j.json.tmpl" "$tmp/mosn4j.json" MOSN_PORT="$mosn_port" NGINX_PORT="$nginx_port"

# ---------------------------------------------------------------- start everything
# nginx -e (error log before the config is read) exists since 1.19.5; fall back without it.
nginx_args=(-p "$tmp/nginx/" -c "$tmp/nginx/nginx.conf")
if nginx -h 2>&1 | grep -q -- '-e filename'; then
  nginx_args+=(-e "$tmp/nginx/error.log")
fi
$load_pin nginx "${nginx_args[@]}" >"$tmp/nginx/stdout.log" 2>&1 &
nginx_pid=$!
wait_port "$nginx_port" nginx "$nginx_pid"
check_http "$nginx_port" nginx
log "nginx   on 127.0.0.1:$nginx_port (pid $nginx_pid)"

$proxy_pin haproxy -db -f "$tmp/haproxy/haproxy.cfg" >"$tmp/haproxy/stdout.log" 2>&1 &
haproxy_pid=$!
wait_port "$haproxy_port" haproxy "$haproxy_pid"
check_http "$haproxy_port" haproxy
log "haproxy on 127.0.0.1:$haproxy_port (pid $haproxy_pid)"

# start.sh -d returns once mosn4j logged "mosn4j started", i.e. after its listeners are bound, so
# no connect-and-close port probe here (it would only add a short-lived connection to its log).
$proxy_pin "$mosn_home/bin/start.sh" -d -c "$tmp/mosn4j.json" >&2 || die "mosn4j did not start"
check_http "$mosn_port" mosn4j
log "mosn4j  on 127.0.0.1:$mosn_port (pid $(cat "$mosn_home/logs/mosn4j.pid"))"

# ---------------------------------------------------------------- load
load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
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
  for round in $(seq 1 "$ROUNDS"); do
    [ -n "$(rps_of "$t-$round")" ] || { cat "$tmp/wrk-$t-$round.txt" >&2; die "no Requests/sec in wrk output for $t"; }
  done
  median="$(for round in $(seq 1 "$ROUNDS"); do echo "$(rps_of "$t-$round") $round"; done \
    | sort -n | awk '{ line[NR] = $2 } END { print line[int((NR + 1) / 2)] }')"
  cp "$tmp/wrk-$t-$median.txt" "$tmp/wrk-$t.txt"
  all_rounds["$t"]="$(for round in $(seq 1 "$ROUNDS"); do printf '%s ' "$(rps_of "$t-$round")"; done)"
done

# ---------------------------------------------------------------- report
mosn_rps="$(rps_of mosn4j)"
haproxy_rps="$(rps_of haproxy)"
ratio="$(awk -v a="$mosn_rps" -v b="$haproxy_rps" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"

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
echo "mosn4j/haproxy req/s ratio: $ratio"
echo "all rounds, req/s: mosn4j ${all_rounds[mosn4j]}| haproxy ${all_rounds[haproxy]}"
echo "load average before the load runs: $load_before (other CPU users skew the figures)"

# Anything mosn4j logged at WARN or ERROR during the run.
problems="$(grep -E -c '\[(WARN|ERROR)\]|Exception' "$mosn_home/logs/stdout.log" || true)"
if [ "${problems:-0}" -gt 0 ]; then
  echo
  echo "mosn4j logged $problems WARN/ERROR/exception line(s); first ones:"
  grep -E '\[(WARN|ERROR)\]|Exception' "$mosn_home/logs/stdout.log" | head -n 10
fi
