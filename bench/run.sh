#!/usr/bin/env bash
# All the proxy comparisons in one go: each scenario runs mosn4j and its peers (nginx, haproxy, or a direct Dubbo
# call) side by side in front of the same backend, on 127.0.0.1, with the same number of worker threads, and
# measures req/s, p50 and p99 latency, the proxy's peak RSS and its CPU time per 100k requests. Prints one
# Markdown table per scenario and writes the same to a file.
#
#   bench/run.sh
#   SCENARIOS="http1-keepalive-small tcp" DURATION=30s bench/run.sh
#   DURATION=3s WARMUP=2s ROUNDS=1 bench/run.sh          # a quick check that everything works
#
# Environment:
#   SCENARIOS    scenarios to run, in this order (default: all of them, see below)
#   WORKERS      worker threads of every proxy: mosn4j processor, nginx worker_processes, haproxy nbthread (default 1)
#   BACKEND_WORKERS  worker_processes of the nginx backend            (default: WORKERS)
#   DURATION     length of a measured run                            (default 15s)
#   WARMUP       length of the warm-up run of every target           (default 20s)
#   ROUNDS       measured runs per target, taking turns; the median counts (default 3)
#   THREADS      wrk and h2load threads                              (default 1)
#   CONNECTIONS  wrk connections                                     (default 50)
#   H2_CLIENTS   h2load clients (-c)                                 (default 10)
#   H2_STREAMS   h2load concurrent streams per client (-m)           (default 100)
#   CALLERS      Dubbo consumer threads                              (default 32)
#   OUT          the Markdown file written                           (default bench/results/latest.md)
#   JAVA_OPTS    extra JVM options for mosn4j                        (passed to bin/start.sh)
#   PROXY_CPUS   pin the proxies to these CPUs (taskset list; default: no pinning)
#   LOAD_CPUS    pin the backends and load generators to these CPUs (default: no pinning)
#   VERBOSE=1    also print the load generators' full output
#   KEEP_TMP=1   keep the temp dir (configs, logs, raw outputs) instead of removing it
#
# Progress goes to stderr, the tables to stdout.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

all_scenarios="http1-keepalive-small http1-keepalive-1k http1-new-connection h2c tcp tls dubbo"
SCENARIOS="${SCENARIOS:-$all_scenarios}"
WORKERS="${WORKERS:-1}"
BACKEND_WORKERS="${BACKEND_WORKERS:-$WORKERS}"
DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-20s}"
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-1}"
CONNECTIONS="${CONNECTIONS:-50}"
H2_CLIENTS="${H2_CLIENTS:-10}"
H2_STREAMS="${H2_STREAMS:-100}"
CALLERS="${CALLERS:-32}"
OUT="${OUT:-$here/results/latest.md}"

read -r -a scenarios <<<"$SCENARIOS"
for s in "${scenarios[@]}"; do
  case " $all_scenarios " in *" $s "*) ;; *) die "unknown scenario $s; known: $all_scenarios" ;; esac
done
[[ "$WORKERS" =~ ^[1-9][0-9]*$ ]] || die "WORKERS must be a positive number, got $WORKERS"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive number, got $ROUNDS"

seconds() { # wrk-style duration (15, 15s, 2m, 1h) -> whole seconds, at least 1
  awk -v d="$1" 'BEGIN { n = d + 0; u = d; sub(/^[0-9.]+/, "", u)
    f = (u == "" || u == "s") ? 1 : (u == "m") ? 60 : (u == "h") ? 3600 : -1
    if (f < 0 || n <= 0) exit 1; s = int(n * f + 0.5); print (s < 1 ? 1 : s) }' || die "bad duration: $1"
}
duration_s="$(seconds "$DURATION")"
warmup_s="$(seconds "$WARMUP")"

# ---------------------------------------------------------------- tools, temp dir, mosn4j
install_tools nginx wrk haproxy h2load:nghttp2-client openssl curl pgrep:procps
for c in java mvn; do
  command -v "$c" >/dev/null 2>&1 || die "$c not found on PATH"
done
bench_init
unpack_mosn4j
clk_tck="$(getconf CLK_TCK)"
body_1k="$(head -c 1024 /dev/zero | tr '\0' x)"
results="$tmp/results"   # scenario target round requests req/s p50_us p99_us errors cpu_ticks peak_rss_kb
: >"$results"
dubbo_java=()

# Per scenario, for the report: its description, its targets in table order, notes, the load average before it.
declare -A scenario_desc scenario_targets scenario_notes scenario_load
declare -A target_label=([mosn4j]=mosn4j [nginx]=nginx [haproxy]=haproxy [direct]="direct (no proxy)")
# The targets of the running scenario: port (or base URL), pid and how to find its worker processes.
targets=()
declare -A t_port t_pid t_kind

# ---------------------------------------------------------------- the proxy processes and their figures
add_target() { # name port-or-url kind pid: kind nginx (its workers), single (the pid) or none (not measured)
  targets+=("$1")
  t_port[$1]="$2"; t_kind[$1]="$3"; t_pid[$1]="$4"
}

proxy_pids() { # target -> the pids whose CPU time and peak RSS count: nginx's workers, or the process itself
  case "${t_kind[$1]}" in
    nginx) pgrep -P "${t_pid[$1]}" || true ;;
    single) echo "${t_pid[$1]}" ;;
    none) ;;
  esac
}

sample_pids=()
sample_ticks=0
sample_begin() { # target: notes its proxy processes' CPU time before a run
  mapfile -t sample_pids < <(proxy_pids "$1")
  if [ "${t_kind[$1]}" != none ] && [ ${#sample_pids[@]} -eq 0 ]; then die "${target_label[$1]}: no process to sample"; fi
  sample_ticks="$(cpu_ticks "${sample_pids[@]}")"
}

sample_end() { # scenario target round requests req/s p50_us p99_us errors: one result line with the proxy's CPU and peak RSS
  local ticks=- rss=-
  if [ ${#sample_pids[@]} -gt 0 ]; then
    ticks=$(($(cpu_ticks "${sample_pids[@]}") - sample_ticks))
    rss="$(peak_rss_kb "${sample_pids[@]}")"
  fi
  echo "$* $ticks $rss" >>"$results"
}

# ---------------------------------------------------------------- load generators
# load_X name port duration: one run; X_summary name -> requests req/s p50_us p99_us errors
wrk_path=/small
wrk_opts=()
load_wrk() { run_wrk "$1" "$2" "$3" "$wrk_path" ${wrk_opts[@]+"${wrk_opts[@]}"}; }
load_wrk_summary() {
  echo "$(requests_of "$1") $(rps_of "$1") $(to_us "$(p50_of "$1")") $(to_us "$(p99_of "$1")") $(errors_of "$1")"
}

load_h2() { run_h2load "$1" "$2" -t"$THREADS" -c"$H2_CLIENTS" -m"$H2_STREAMS" -D"$(seconds "$3")"; }
load_h2_summary() {
  echo "$(h2_requests "$1") $(h2_rps "$1") $(awk -v ms="$(h2_quantile_ms "$1" 0.50)" 'BEGIN { print ms * 1000 }')" \
    "$(awk -v ms="$(h2_quantile_ms "$1" 0.99)" 'BEGIN { print ms * 1000 }') $(($(h2_failed "$1") + $(h2_non2xx "$1")))"
}

measure() { # load scenario target round duration: one run of the load against the target, sampled
  local load="$1" s="$2" t="$3" round="$4" summary
  sample_begin "$t"
  "$load" "$s-$t-$round" "${t_port[$t]}" "$5"
  summary="$("${load}_summary" "$s-$t-$round")"
  # shellcheck disable=SC2086
  [ "$(set -- $summary; echo $#)" = 5 ] || die "$s: no complete results for ${target_label[$t]} ($summary); VERBOSE=1 shows the raw output"
  [ "$round" = warmup ] || sample_end "$s" "$t" "$round" "$summary"
}

compare() { # load scenario: warms every target up, then ROUNDS measured runs, the targets taking turns
  local load="$1" s="$2" t round
  scenario_targets[$s]="${targets[*]}"
  scenario_load[$s]="$(load_average)"
  for t in "${targets[@]}"; do
    log "$s: warm-up ${target_label[$t]} ($WARMUP)"
    measure "$load" "$s" "$t" warmup "$WARMUP"
  done
  for round in $(seq 1 "$ROUNDS"); do
    for t in "${targets[@]}"; do
      log "$s: measure ${target_label[$t]} (round $round of $ROUNDS, $DURATION)"
      measure "$load" "$s" "$t" "$round" "$DURATION"
    done
  done
}

# ---------------------------------------------------------------- starting things
start_backend() { # scenario maxconn -> backend_port: the http1 benchmark's nginx backend (/small 16 bytes, /1k)
  local dir="$tmp/$1/backend"
  backend_port="$(free_ports 1)"
  mkdir -p "$dir"
  render "$here/http1/backend.conf.tmpl" "$dir/nginx.conf" PREFIX="$dir" WORKERS="$BACKEND_WORKERS" \
    BACKEND_PORT="$backend_port" MAXCONN="$2" BODY_1K="$body_1k"
  # shellcheck disable=SC2086
  start_nginx "$dir" $load_pin
  wait_port "$backend_port" "$1/backend" "$started_pid"
  check_http "$backend_port" backend /small 16
}

proxy_up() { # scenario target template port maxconn key=value...: renders the template and starts that proxy
  local s="$1" t="$2" tpl="$3" port="$4" maxconn="$5" dir="$tmp/$1/$2"
  shift 5
  mkdir -p "$dir"
  case "$t" in
    nginx)
      render "$tpl" "$dir/nginx.conf" PREFIX="$dir" WORKERS="$WORKERS" MAXCONN="$maxconn" "$@"
      # shellcheck disable=SC2086
      start_nginx "$dir" $proxy_pin
      wait_port "$port" "$s/$t" "$started_pid"
      add_target nginx "$port" nginx "$started_pid" ;;
    haproxy)
      render "$tpl" "$dir/haproxy.cfg" PREFIX="$dir" WORKERS="$WORKERS" MAXCONN="$maxconn" "$@"
      # shellcheck disable=SC2086
      start_haproxy "$dir" $proxy_pin
      wait_port "$port" "$s/$t" "$started_pid"
      add_target haproxy "$port" single "$started_pid" ;;
    mosn4j)
      render "$tpl" "$dir/mosn4j.json" WORKERS="$WORKERS" "$@"
      # shellcheck disable=SC2086
      start_mosn4j "$dir/mosn4j.json" $proxy_pin
      add_target mosn4j "$port" single "$started_pid" ;;
  esac
  log "$s: ${target_label[$t]} on 127.0.0.1:$port (pid $started_pid)"
}

scenario_begin() { # scenario description
  log "---- $1"
  scenario_desc[$1]="$2"
  scenario_notes[$1]=""
  targets=()
  mosn4j_log_from="$(mosn4j_log_lines)"
}

scenario_end() { # scenario: stops its processes, keeps what mosn4j logged at WARN/ERROR meanwhile
  report_mosn4j_log_after "$mosn4j_log_from" >"$tmp/$1/mosn4j-problems.txt"
  stop_started
}

# ---------------------------------------------------------------- scenarios
http1_scenario() { # scenario path body-size description [wrk option...]: mosn4j, nginx and haproxy, HTTP/1.1 on both sides
  local s="$1" path="$2" size="$3" desc="$4" maxconn=$((CONNECTIONS + 1000)) ports t
  shift 4
  scenario_begin "$s" "wrk -t$THREADS -c$CONNECTIONS --latency, GET $path ($size-byte body), $desc; nginx upstream keepalive 64, haproxy http-reuse always"
  start_backend "$s" "$maxconn"
  mapfile -t ports < <(free_ports 3)
  proxy_up "$s" mosn4j "$here/http1/mosn4j.json.tmpl" "${ports[0]}" "$maxconn" MOSN_PORT="${ports[0]}" BACKEND_PORT="$backend_port"
  proxy_up "$s" nginx "$here/http1/nginx-proxy.conf.tmpl" "${ports[1]}" "$maxconn" PROXY_PORT="${ports[1]}" BACKEND_PORT="$backend_port"
  proxy_up "$s" haproxy "$here/http1/haproxy.cfg.tmpl" "${ports[2]}" "$maxconn" HAPROXY_PORT="${ports[2]}" \
    BIND_OPTIONS= BACKEND_PORT="$backend_port"
  for t in "${targets[@]}"; do
    check_http "${t_port[$t]}" "${target_label[$t]}" "$path" "$size"
  done
  wrk_path="$path"
  wrk_opts=("$@")
  compare load_wrk "$s"
  scenario_end "$s"
}

scenario_http1_keepalive_small() { http1_scenario http1-keepalive-small /small 16 "HTTP/1.1 keep-alive"; }
scenario_http1_keepalive_1k()    { http1_scenario http1-keepalive-1k /1k 1024 "HTTP/1.1 keep-alive"; }
scenario_http1_new_connection()  {
  http1_scenario http1-new-connection /small 16 \
    'a new client connection per request (wrk -H "Connection: close"; the proxies keep theirs to the backend)' \
    -H "Connection: close"
}

scenario_h2c() { # mosn4j and nginx: HTTP/2 cleartext (prior knowledge) to the proxy, HTTP/1.1 to the backend
  local s=h2c maxconn=$((H2_CLIENTS * H2_STREAMS * 2 + 1000)) ports
  scenario_begin "$s" "h2load -t$THREADS -c$H2_CLIENTS -m$H2_STREAMS, h2c prior knowledge, GET /small (16-byte body), HTTP/1.1 to the backend; nginx upstream keepalive 1024; p50/p99 from h2load's per-request log"
  start_backend "$s" "$maxconn"
  mapfile -t ports < <(free_ports 2)
  proxy_up "$s" mosn4j "$here/http2/mosn4j.json.tmpl" "${ports[0]}" "$maxconn" MOSN_PORT="${ports[0]}" BACKEND_PORT="$backend_port"
  proxy_up "$s" nginx "$here/http2/nginx-proxy.conf.tmpl" "${ports[1]}" "$maxconn" PROXY_PORT="${ports[1]}" BACKEND_PORT="$backend_port"
  compare load_h2 "$s"
  scenario_end "$s"
}

scenario_tcp() { # mosn4j tcp_proxy and haproxy mode tcp, HTTP/1.1 keep-alive through them
  local s=tcp maxconn=$((CONNECTIONS + 1000)) ports
  scenario_begin "$s" "wrk -t$THREADS -c$CONNECTIONS --latency, HTTP/1.1 keep-alive through a TCP proxy (mosn4j tcp_proxy, haproxy mode tcp), GET /small (16-byte body)"
  start_backend "$s" "$maxconn"
  mapfile -t ports < <(free_ports 2)
  proxy_up "$s" mosn4j "$here/tcp-proxy/mosn4j.json.tmpl" "${ports[0]}" "$maxconn" MOSN_PORT="${ports[0]}" NGINX_PORT="$backend_port"
  proxy_up "$s" haproxy "$here/tcp-proxy/haproxy.cfg.tmpl" "${ports[1]}" "$maxconn" HAPROXY_PORT="${ports[1]}" NGINX_PORT="$backend_port"
  check_http "${ports[0]}" mosn4j /small 16
  check_http "${ports[1]}" haproxy /small 16
  wrk_path=/small
  wrk_opts=()
  compare load_wrk "$s"
  scenario_end "$s"
}

scenario_tls() { # TLS termination, HTTP/1.1 keep-alive: mosn4j, nginx, and haproxy when it has TLS
  local s=tls maxconn=$((CONNECTIONS + 1000)) ports certs="$tmp/tls/certs" t
  scenario_begin "$s" "wrk -t$THREADS -c$CONNECTIONS --latency over HTTPS (kept-alive connections, so TLS records rather than handshakes), GET /small (16-byte body), EC P-256 certificate, plaintext HTTP/1.1 to the backend"
  make_cert "$certs"
  start_backend "$s" "$maxconn"
  mapfile -t ports < <(free_ports 3)
  proxy_up "$s" mosn4j "$here/tls/mosn4j.json.tmpl" "${ports[0]}" "$maxconn" MOSN_PORT="${ports[0]}" BACKEND_PORT="$backend_port" \
    CERT="$certs/server.crt" KEY="$certs/server.key"
  proxy_up "$s" nginx "$here/tls/nginx-proxy.conf.tmpl" "${ports[1]}" "$maxconn" PROXY_PORT="${ports[1]}" BACKEND_PORT="$backend_port" \
    CERT="$certs/server.crt" KEY="$certs/server.key"
  if haproxy -vv 2>/dev/null | grep -Eq 'USE_OPENSSL=1|\+OPENSSL'; then
    proxy_up "$s" haproxy "$here/http1/haproxy.cfg.tmpl" "${ports[2]}" "$maxconn" HAPROXY_PORT="${ports[2]}" \
      BIND_OPTIONS=" ssl crt $certs/server.pem alpn http/1.1" BACKEND_PORT="$backend_port"
  else
    scenario_notes[$s]="haproxy skipped: this haproxy build has no OpenSSL (haproxy -vv)."
    log "$s: ${scenario_notes[$s]}"
  fi
  for t in "${targets[@]}"; do
    check_https "${t_port[$t]}" "${target_label[$t]}" "$certs/ca.crt" /small 16
    t_port[$t]="https://127.0.0.1:${t_port[$t]}"
  done
  scenario_notes[$s]+="${scenario_notes[$s]:+ }mosn4j $(grep -m1 -o 'TLS engine: .*' "$mosn_home/logs/stdout.log" || echo 'TLS engine: ?')."
  wrk_path=/small
  wrk_opts=()
  compare load_wrk "$s"
  scenario_end "$s"
}

scenario_dubbo() { # the Dubbo harness's consumer through mosn4j and directly to the provider
  local s=dubbo ports line t fields
  scenario_begin "$s" "Apache Dubbo 3.3 consumer (bench/dubbo/harness), $CALLERS callers making synchronous echo calls (16-character string, hessian2) over one shared connection per target; latencies measured by the consumer; direct is the same load without mosn4j"
  [ ${#dubbo_java[@]} -gt 0 ] || build_dubbo_harness
  mkdir -p "$tmp/$s"
  mapfile -t ports < <(free_ports 2)
  # shellcheck disable=SC2086
  start_dubbo_provider "${ports[0]}" $load_pin
  log "$s: provider on 127.0.0.1:${ports[0]} (pid $started_pid)"
  proxy_up "$s" mosn4j "$here/dubbo/mosn4j.json.tmpl" "${ports[1]}" 0 MOSN_PORT="${ports[1]}" PROVIDER_PORT="${ports[0]}"
  add_target direct "${ports[0]}" none ""
  scenario_targets[$s]="${targets[*]}"
  scenario_load[$s]="$(load_average)"
  # One consumer JVM runs the warm-ups and the rounds itself, the targets taking turns; its progress lines mark
  # when a measured run starts, its result lines when it ended, and the proxy is sampled then.
  # shellcheck disable=SC2086
  $load_pin "${dubbo_java[@]}" org.mosn4j.bench.dubbo.BenchConsumer \
    --target "mosn4j=$dubbo_proxy_host:${ports[1]}" --target "direct=$dubbo_provider_host:${ports[0]}" \
    --callers "$CALLERS" --duration "$duration_s" --warmup "$warmup_s" --rounds "$ROUNDS" 2>&1 \
  | while IFS= read -r line; do
      echo "$line" >>"$tmp/$s/consumer.log"
      [ "$VERBOSE" = 1 ] && echo "$line" >&2
      case "$line" in
        "bench consumer: measure "*)
          t="${line#bench consumer: measure }"; t="${t%% *}"
          log "$s: measure ${target_label[$t]} (${line#*\(}"
          sample_begin "$t" ;;
        "bench consumer: warm-up "*)
          log "$s: ${line#bench consumer: }" ;;
        "result "*)
          # result target=T round=R calls=C errors=E seconds=S calls_per_s=X avg_us=A p50_us=P p99_us=Q max_us=M
          fields="$(awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
            print f["target"], f["round"], f["calls"], f["calls_per_s"], f["p50_us"], f["p99_us"], f["errors"] }' <<<"$line")"
          sample_end "$s" "$fields" ;;
      esac
    done \
  || { tail -n 30 "$tmp/$s/consumer.log" >&2; die "the Dubbo consumer failed"; }
  scenario_end "$s"
}

# ---------------------------------------------------------------- report
version_of() { "$@" 2>&1 | head -n 1 || true; }

dashes() { printf -- '-%.0s' $(seq 1 "$1"); }

median_row() { # scenario target -> the result line of the round with the median req/s
  awk -v s="$1" -v t="$2" '$1 == s && $2 == t' "$results" | sort -g -k5,5 \
    | awk '{ line[NR] = $0 } END { if (NR) print line[int((NR + 1) / 2)] }'
}

report_scenario() { # scenario: its Markdown section
  local s="$1" t best=0 rps sep fmt='| %-17s | %10s | %7s | %7s | %12s | %14s | %11s | %6s |\n'
  declare -A rows
  for t in ${scenario_targets[$s]}; do
    rows[$t]="$(median_row "$s" "$t")"
    [ -n "${rows[$t]}" ] || die "$s: no result for $t"
    rps="$(cut -d' ' -f5 <<<"${rows[$t]}")"
    if [ "$t" != mosn4j ] && awk -v a="$rps" -v b="$best" 'BEGIN { exit !(a > b) }'; then best="$rps"; fi
  done
  echo
  echo "## $s"
  echo
  echo "${scenario_desc[$s]}. Load average before: ${scenario_load[$s]}."
  echo
  # shellcheck disable=SC2059
  printf "$fmt" target req/s "p50 ms" "p99 ms" "peak RSS MiB" "CPU s/100k req" "req/s ratio" errors
  # shellcheck disable=SC2059
  printf "$fmt" "$(dashes 17)" "$(dashes 9):" "$(dashes 6):" "$(dashes 6):" "$(dashes 11):" "$(dashes 13):" \
    "$(dashes 10):" "$(dashes 5):"
  for t in ${scenario_targets[$s]}; do
    # shellcheck disable=SC2059
    awk -v label="${target_label[$t]}" -v best="$best" -v tck="$clk_tck" -v fmt="$fmt" '{
      req = $4; rps = $5; ticks = $9; rss = $10
      cpu = (ticks == "-" || req <= 0) ? "-" : sprintf("%.2f", ticks / tck / req * 100000)
      mib = (rss == "-") ? "-" : sprintf("%.1f", rss / 1024)
      ratio = (best > 0) ? sprintf("%.2f", rps / best) : "n/a"
      printf fmt, label, sprintf("%.0f", rps), sprintf("%.2f", $6 / 1000), sprintf("%.2f", $7 / 1000), mib, cpu, ratio, $8
    }' <<<"${rows[$t]}"
  done
  echo
  printf 'All rounds, req/s:'
  sep=" "
  for t in ${scenario_targets[$s]}; do
    printf '%s%s %s' "$sep" "${target_label[$t]}" "$(awk -v s="$s" -v t="$t" '$1 == s && $2 == t { printf "%s%.0f", sep, $5; sep = " " }' "$results")"
    sep="; "
  done
  echo "."
  if [ -n "${scenario_notes[$s]}" ]; then echo; echo "${scenario_notes[$s]}"; fi
  if [ -s "$tmp/$s/mosn4j-problems.txt" ]; then
    echo
    echo '```'
    sed '/^$/d' "$tmp/$s/mosn4j-problems.txt"
    echo '```'
  fi
}

report() {
  echo "# mosn4j benchmark: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- machine: $(nproc) CPUs, $(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo || true), kernel $(uname -r)"
  echo "- $(version_of java -version); $(version_of nginx -v); $(version_of haproxy -v); $(version_of wrk -v); $(version_of h2load --version)"
  echo "- mosn4j $(basename "$mosn_home")${JAVA_OPTS:+, JAVA_OPTS=$JAVA_OPTS}"
  echo "- WORKERS=$WORKERS (mosn4j processor, nginx worker_processes, haproxy nbthread), backend nginx worker_processes $BACKEND_WORKERS"
  echo "- DURATION=$DURATION per measured run, WARMUP=$WARMUP per target, ROUNDS=$ROUNDS (targets take turns, the median run by req/s is shown)"
  echo "- CPUs: proxies ${PROXY_CPUS:-any}, backends and load generators ${LOAD_CPUS:-any}; load average before the run: $load_before"
  echo
  echo "req/s ratio: mosn4j's req/s over the best peer's; a peer's req/s over the best peer's (1.00 for the best)."
  echo "Peak RSS (VmHWM) and CPU (utime + stime over the measured run, per 100k requests) are the proxy's own"
  echo "(nginx: its workers summed); the backend and the load generator are not counted."
  for s in "${scenarios[@]}"; do
    report_scenario "$s"
  done
}

# ---------------------------------------------------------------- run
load_before="$(load_average)"
log "scenarios: ${scenarios[*]}; WORKERS=$WORKERS DURATION=$DURATION WARMUP=$WARMUP ROUNDS=$ROUNDS; load average $load_before"
for s in "${scenarios[@]}"; do
  "scenario_${s//-/_}"
done
mkdir -p "$(dirname "$OUT")"
report >"$tmp/report.md"
cp "$tmp/report.md" "$OUT"
echo
cat "$tmp/report.md"
log "written to $OUT"
