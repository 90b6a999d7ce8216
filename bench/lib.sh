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
tmp=""
mosn_home=""
started_pid=""
tracked_pids=()
declare -A all_rounds

log() { echo "[bench] $*" >&2; }
die() { echo "[bench] error: $*" >&2; exit 1; }

# ---------------------------------------------------------------- tools
install_tools() { # command...: installs the apt packages of the same names when any is missing
  local c need_install=false list
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || need_install=true
  done
  if [ "$need_install" = true ]; then
    list="$(printf '%s, ' "$@")"
    log "installing ${list%, }"
    local sudo=
    if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
    # apt's output goes to stderr so that stdout carries only the results.
    $sudo apt-get update >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "$@" >&2
  fi
  for c in "$@" python3 tar; do
    command -v "$c" >/dev/null 2>&1 || die "$c not found on PATH"
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

bench_cleanup() {
  local rc=$? i
  trap - EXIT INT TERM
  set +e
  if [ -n "$mosn_home" ] && [ -f "$mosn_home/logs/mosn4j.pid" ]; then
    "$mosn_home/bin/stop.sh" -t 30 >/dev/null 2>&1 || log "mosn4j did not stop cleanly"
  fi
  for ((i = ${#tracked_pids[@]} - 1; i >= 0; i--)); do
    # shellcheck disable=SC2086
    stop_pid ${tracked_pids[$i]}
  done
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

run_wrk() { # name port duration [path] -> wrk output in $tmp/wrk-name.txt
  local name="$1" port="$2" duration="$3" path="${4:-/}" out="$tmp/wrk-$1.txt"
  ${load_pin:-} wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency "http://127.0.0.1:$port$path" >"$out" 2>&1 \
    || { cat "$out" >&2; die "wrk against $name failed"; }
  if [ "${VERBOSE:-0}" = 1 ]; then
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

report_mosn4j_log() { # the first WARN/ERROR/exception lines of mosn4j's stdout.log, if any
  local problems
  problems="$(grep -E -c '\[(WARN|ERROR)\]|Exception' "$mosn_home/logs/stdout.log" || true)"
  if [ "${problems:-0}" -gt 0 ]; then
    echo
    echo "mosn4j logged $problems WARN/ERROR/exception line(s); first ones:"
    grep -E '\[(WARN|ERROR)\]|Exception' "$mosn_home/logs/stdout.log" | head -n 10
  fi
}
