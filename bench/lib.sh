# Helpers shared by the benchmark scripts (bench/*/run.sh). Sourced after `set -euo pipefail`:
#
#   . "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/lib.sh"
#
# Globals it sets or reads:
#   repo         the repository root (set here)
#   tmp          the temp dir for configs, logs and wrk output (bench_init)
#   mosn_home    the unpacked mosn4j distribution (unpack_mosn4j)
#   started_pid  pid of the nginx last started with start_nginx
#   all_rounds   req/s of every round per target (pick_median)
#   load_pin     command prefix for wrk, e.g. "taskset -c 0"; may be empty
#   THREADS, CONNECTIONS, VERBOSE, KEEP_TMP

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Settings every script takes (see bench/README.md): print the load generators' full output, keep the temp dir,
# and pin the proxies (proxy_pin) and the backends and load generators (load_pin) to CPUs with taskset. By
# default nothing is pinned: everything shares the cores, so a proxy that needs less CPU per request leaves more
# to the others and shows a higher rate; pinning the proxy to its own core instead measures whether it keeps up
# with a load side that has the other core.
VERBOSE="${VERBOSE:-0}"
KEEP_TMP="${KEEP_TMP:-0}"
PROXY_CPUS="${PROXY_CPUS:-}"
LOAD_CPUS="${LOAD_CPUS:-}"
proxy_pin=""
load_pin=""
if [ -n "$PROXY_CPUS" ]; then proxy_pin="taskset -c $PROXY_CPUS"; fi
if [ -n "$LOAD_CPUS" ]; then load_pin="taskset -c $LOAD_CPUS"; fi
tmp=""
mosn_home=""
started_pid=""
tracked_pids=()
declare -A all_rounds

log() { echo "[bench] $*" >&2; }
die() { echo "[bench] error: $*" >&2; exit 1; }

# ---------------------------------------------------------------- tools
install_tools() { # command[:package]...: installs the apt packages (named like the command unless given) when any command is missing
  local c missing=()
  for c in "$@"; do
    command -v "${c%%:*}" >/dev/null 2>&1 || missing+=("${c#*:}")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    local sudo=
    if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
    # apt's output goes to stderr so that stdout carries only the results.
    $sudo apt-get update >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >&2
  fi
  for c in "$@" python3 tar; do
    command -v "${c%%:*}" >/dev/null 2>&1 || die "${c%%:*} not found on PATH"
  done
}

# ---------------------------------------------------------------- state and cleanup
bench_init() { # creates $tmp and stops everything and removes it on exit, failure or Ctrl-C
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/mosn4j-bench.XXXXXX")"
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

track_pid() { # pid signal: stop this child on exit with this signal (last tracked stops first)
  tracked_pids+=("$1 $2")
}

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

stop_started() { # stops mosn4j and every tracked child, the last started first, and forgets them
  local i
  if [ -n "$mosn_home" ] && [ -f "$mosn_home/logs/mosn4j.pid" ]; then
    "$mosn_home/bin/stop.sh" -t 30 >/dev/null 2>&1 || log "mosn4j did not stop cleanly"
  fi
  for ((i = ${#tracked_pids[@]} - 1; i >= 0; i--)); do
    # shellcheck disable=SC2086
    stop_pid ${tracked_pids[$i]}
  done
  tracked_pids=()
}

bench_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  stop_started
  if [ -n "$tmp" ]; then
    if [ "${KEEP_TMP:-0}" = 1 ]; then
      log "kept $tmp"
    else
      rm -rf "$tmp"
    fi
  fi
  exit "$rc"
}

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

start_nginx() { # dir [command prefix...]: runs nginx -c dir/nginx.conf as a child, stopped on exit
  local dir="$1"; shift
  local args=(-p "$dir/" -c "$dir/nginx.conf")
  # nginx -e (error log before the config is read) exists since 1.19.5; fall back without it.
  if nginx -h 2>&1 | grep -q -- '-e filename'; then
    args+=(-e "$dir/error.log")
  fi
  "$@" nginx "${args[@]}" >"$dir/stdout.log" 2>&1 &
  started_pid=$!
  track_pid "$started_pid" QUIT   # graceful shutdown
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

check_http() { # port name [path [body bytes]]: one HTTP request must come back 200 (with that body size)
  local port="$1" name="$2" path="${3:-/}" size="${4:-}" result status length
  result="$(python3 - "$port" "$path" <<'EOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"GET " + sys.argv[2].encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
data = b""
while True:
    chunk = s.recv(4096)
    if not chunk:
        break
    data += chunk
head, _, body = data.partition(b"\r\n\r\n")
print(head.split(b"\r\n", 1)[0].decode(errors="replace"))
print(len(body))
EOF
)" || die "$name: request to 127.0.0.1:$port failed"
  status="$(sed -n 1p <<<"$result")"
  length="$(sed -n 2p <<<"$result")"
  case "$status" in
    "HTTP/1.1 200"*) ;;
    *) die "$name: expected HTTP 200 from 127.0.0.1:$port, got: ${status:-nothing}" ;;
  esac
  if [ -n "$size" ] && [ "$length" != "$size" ]; then
    die "$name: expected a $size-byte body from 127.0.0.1:$port$path, got $length bytes"
  fi
}

run_wrk() { # name port|base-url duration [path [wrk option...]] -> wrk output in $tmp/wrk-name.txt
  local name="$1" base="$2" duration="$3" path="${4:-/}" out="$tmp/wrk-$1.txt"
  shift 3; shift $(($# > 0 ? 1 : 0))
  # A bare port means plain HTTP on loopback; https://127.0.0.1:PORT for TLS.
  case "$base" in *://*) ;; *) base="http://127.0.0.1:$base" ;; esac
  ${load_pin:-} wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency "$@" "$base$path" >"$out" 2>&1 \
    || { cat "$out" >&2; die "wrk against $name failed"; }
  if [ "${VERBOSE:-0}" = 1 ]; then
    echo "---- wrk $name ($duration)" >&2
    cat "$out" >&2
  fi
}

rps_of()     { awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk-$1.txt"; }
latency_of() { awk '$1 == "Latency" {print $2; exit}' "$tmp/wrk-$1.txt"; }
p50_of()     { awk '$1 == "50%" {print $2; exit}' "$tmp/wrk-$1.txt"; }
p99_of()     { awk '$1 == "99%" {print $2; exit}' "$tmp/wrk-$1.txt"; }
requests_of() { awk '$2 == "requests" && $3 == "in" {print $1; exit}' "$tmp/wrk-$1.txt"; }
errors_of() { # socket errors + non-2xx/3xx responses
  awk '/Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
       /Non-2xx or 3xx responses:/ { n += $5 }
       END { print n + 0 }' "$tmp/wrk-$1.txt"
}

pick_median() { # target rounds: copies the round with the median req/s to wrk-target.txt
  local t="$1" rounds="$2" round median
  for round in $(seq 1 "$rounds"); do
    [ -n "$(rps_of "$t-$round")" ] || { cat "$tmp/wrk-$t-$round.txt" >&2; die "no Requests/sec in wrk output for $t"; }
  done
  median="$(for round in $(seq 1 "$rounds"); do echo "$(rps_of "$t-$round") $round"; done \
    | sort -n | awk '{ line[NR] = $2 } END { print line[int((NR + 1) / 2)] }')"
  cp "$tmp/wrk-$t-$median.txt" "$tmp/wrk-$t.txt"
  all_rounds["$t"]="$(for round in $(seq 1 "$rounds"); do printf '%s ' "$(rps_of "$t-$round")"; done)"
}

ratio() { # a b -> a/b with two decimals, n/a when b is not positive
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'
}

to_us() { # wrk duration such as 812.00us, 1.25ms, 2.01s, 1.00m -> microseconds
  awk -v d="$1" 'BEGIN {
    n = d + 0; u = d; sub(/^[0-9.]+/, "", u)
    f = (u == "us") ? 1 : (u == "ms") ? 1e3 : (u == "s") ? 1e6 : (u == "m") ? 6e7 : (u == "h") ? 3.6e9 : -1
    if (d == "" || f < 0) print ""; else printf "%.3f", n * f
  }'
}

# ---------------------------------------------------------------- h2load
run_h2load() { # name port h2load option... -> $tmp/h2-name.txt and the per-request log $tmp/h2-name.log
  local name="$1" port="$2"; shift 2
  ${load_pin:-} h2load "$@" --log-file="$tmp/h2-$name.log" "http://127.0.0.1:$port/small" >"$tmp/h2-$name.txt" 2>&1 \
    || { cat "$tmp/h2-$name.txt" >&2; die "h2load against $name failed"; }
  if [ "${VERBOSE:-0}" = 1 ]; then cat "$tmp/h2-$name.txt" >&2; fi
  return 0
}
h2_rps()      { awk '/^finished in/ {gsub(/,/, ""); print $4}' "$tmp/h2-$1.txt"; }
h2_requests() { awk '/^requests:/ {gsub(/,/, ""); print $6}' "$tmp/h2-$1.txt"; }   # done
h2_failed()   { awk '/^requests:/ {gsub(/,/, ""); print $10 + $12}' "$tmp/h2-$1.txt"; }
h2_non2xx()   { awk '/^status codes:/ {gsub(/,/, ""); print $5 + $7 + $9}' "$tmp/h2-$1.txt"; }
h2_quantile_ms() { # name q: h2load prints no percentiles; the log's third column is each request's duration in us
  sort -n -k3,3 "$tmp/h2-$1.log" | awk -v q="$2" '{ d[NR] = $3 } END { if (NR == 0) { print "n/a"; exit }
    i = int(NR * q); if (i < 1) i = 1; printf "%.2f", d[i] / 1000 }'
}

# ---------------------------------------------------------------- haproxy, mosn4j
start_haproxy() { # dir [command prefix...]: runs haproxy -f dir/haproxy.cfg as a child, stopped on exit
  local dir="$1"; shift
  "$@" haproxy -db -f "$dir/haproxy.cfg" >"$dir/stdout.log" 2>&1 &
  started_pid=$!
  track_pid "$started_pid" USR1   # soft stop
}

start_mosn4j() { # config [command prefix...]: bin/start.sh -d, which returns once the listeners are bound
  local config="$1"; shift
  "$@" "$mosn_home/bin/start.sh" -d -c "$config" >&2 || die "mosn4j did not start"
  started_pid="$(cat "$mosn_home/logs/mosn4j.pid")"
}

# ---------------------------------------------------------------- TLS
make_cert() { # dir: a throwaway CA (ca.crt) and an EC P-256 server certificate for 127.0.0.1 and localhost
  local dir="$1"       # (server.crt, server.key, and both in server.pem for haproxy)
  mkdir -p "$dir"
  (
    cd "$dir"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt -days 2 \
      -subj "/CN=mosn4j bench CA" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr -subj "/CN=localhost"
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 -extfile server.ext
    cat server.crt server.key >server.pem
  ) >"$dir/openssl.log" 2>&1 || { cat "$dir/openssl.log" >&2; die "making the certificate failed"; }
}

check_https() { # port name ca-file path size: one HTTPS request, the certificate verified, comes back 200 with that body size
  local port="$1" name="$2" ca="$3" path="$4" size="$5" got
  got="$(curl -sS --cacert "$ca" -o /dev/null -w '%{http_code} %{size_download}' "https://127.0.0.1:$port$path")" \
    || die "$name: HTTPS request to 127.0.0.1:$port failed"
  [ "$got" = "200 $size" ] || die "$name: expected 200 with $size bytes, got: $got"
}

# ---------------------------------------------------------------- Dubbo harness (bench/dubbo/harness)
# Dubbo consumers replace 127.0.0.1 in a direct URL with the machine's network address, and a provider told to
# bind 127.0.0.1 binds every interface; these names, 127.0.0.1 in a hosts file of the peers' own, keep every
# connection on loopback.
dubbo_proxy_host=mosn4j-proxy.test
dubbo_provider_host=dubbo-provider.test

build_dubbo_harness() { # builds the harness; sets dubbo_java, the java command line of the provider and consumer
  local harness="$repo/bench/dubbo/harness" classpath jars
  shopt -s nullglob
  jars=("$mosn_home"/plugins/mosn4j-plugin-dubbo-*.jar)
  shopt -u nullglob
  [ ${#jars[@]} -gt 0 ] || die "the distribution has no dubbo plugin; rebuild it: (cd $repo && mvn -B -q -DskipTests install)"
  log "building the Dubbo harness (bench/dubbo/harness)"
  # shellcheck disable=SC2086
  (cd "$harness" && mvn -B -q ${MVN_ARGS:-} package dependency:build-classpath \
    -Dmdep.outputFile="$tmp/harness.classpath") >"$tmp/harness-build.log" 2>&1 \
    || { cat "$tmp/harness-build.log" >&2; die "the harness did not build"; }
  classpath="$harness/target/classes:$(cat "$tmp/harness.classpath")"
  printf '127.0.0.1 localhost %s %s\n::1 localhost\n' "$dubbo_proxy_host" "$dubbo_provider_host" >"$tmp/hosts"
  # shellcheck disable=SC2206
  dubbo_java=(java ${PEER_JAVA_OPTS:--Xms256m -Xmx256m} "-Djdk.net.hosts.file=$tmp/hosts" -cp "$classpath")
}

start_dubbo_provider() { # port [command prefix...]: BenchProvider as a child, stopped on exit; waits for its port
  local port="$1"; shift
  mkdir -p "$tmp/provider"
  "$@" "${dubbo_java[@]}" org.mosn4j.bench.dubbo.BenchProvider "$dubbo_provider_host" "$port" \
    </dev/null >"$tmp/provider/stdout.log" 2>&1 &
  started_pid=$!
  track_pid "$started_pid" TERM
  wait_port "$port" provider "$started_pid"
}

load_average() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a; }

# ---------------------------------------------------------------- mosn4j distribution
unpack_mosn4j() { # builds the tarball when there is none, unpacks it into $tmp/dist, sets mosn_home
  local tarballs tarball
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
}

mosn4j_log_lines() { # lines in mosn4j's stdout.log so far (to report only what a later part of a run logged)
  if [ -f "$mosn_home/logs/stdout.log" ]; then wc -l <"$mosn_home/logs/stdout.log"; else echo 0; fi
}

report_mosn4j_log() { report_mosn4j_log_after 0; } # the first WARN/ERROR/exception lines of mosn4j's stdout.log, if any

report_mosn4j_log_after() { # line: the same, only from the lines after that one (what a later part of a run logged)
  local problems from=$(($1 + 1))
  problems="$(tail -n +"$from" "$mosn_home/logs/stdout.log" | grep -E -c '\[(WARN|ERROR)\]|Exception' || true)"
  if [ "${problems:-0}" -gt 0 ]; then
    echo
    echo "mosn4j logged $problems WARN/ERROR/exception line(s); first ones:"
    tail -n +"$from" "$mosn_home/logs/stdout.log" | grep -E '\[(WARN|ERROR)\]|Exception' | head -n 10
  fi
}

# ---------------------------------------------------------------- process CPU and memory
cpu_ticks() { # pid... -> utime + stime (fields 14 and 15 of /proc/PID/stat) summed, in clock ticks
  local pid sum=0 stat
  for pid in "$@"; do
    stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || die "process $pid is gone"
    stat="${stat##*) }"   # the fields after "(comm) ", from field 3 on
    sum=$((sum + $(awk '{ print $12 + $13 }' <<<"$stat")))
  done
  echo "$sum"
}

peak_rss_kb() { # pid... -> VmHWM summed
  local pid sum=0
  for pid in "$@"; do
    sum=$((sum + $(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)))
  done
  echo "$sum"
}

cpu_seconds_per_100k() { # ticks-before ticks-after requests -> CPU seconds per 100,000 requests
  awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { if (n > 0) printf "%.2f", (b - a) / hz * 100000 / n; else print "n/a" }'
}
