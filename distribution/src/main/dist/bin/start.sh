#!/usr/bin/env bash
# Starts mosn4j.
#   bin/start.sh [-c CONFIG] [-p PLUGINS_DIR] [-d] [--check]
#   -c CONFIG       config file (default: conf/mosn4j.json)
#   -p PLUGINS_DIR  plugin jars (default: plugins/)
#   -d              run in the background: output to logs/stdout.log, pid in logs/mosn4j.pid
#   --check         check the config and the plugins, then exit
# Runs from the distribution's directory, so relative paths in the config (such as access log files)
# are under it.
# Environment: JAVA_HOME (else java on PATH), JAVA_OPTS (extra JVM options).
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
config="$home/conf/mosn4j.json"
plugins="$home/plugins"
daemon=false
extra=()

while [ $# -gt 0 ]; do
  case "$1" in
    -c) config="$2"; shift 2 ;;
    -p) plugins="$2"; shift 2 ;;
    -d) daemon=true; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) extra+=("$1"); shift ;;
  esac
done

# Relative paths in the config (log files) are taken from the distribution's directory, so resolve the
# arguments first and then run from there.
absolute() { (cd "$(dirname "$1")" 2>/dev/null && echo "$(pwd)/$(basename "$1")") || echo "$1"; }
config="$(absolute "$config")"
plugins="$(absolute "$plugins")"
cd "$home"

if [ -n "${JAVA_HOME:-}" ]; then
  java="$JAVA_HOME/bin/java"
else
  java="$(command -v java || true)"
fi
if [ -z "$java" ] || [ ! -x "$java" ]; then
  echo "mosn4j: no java found; set JAVA_HOME or put java (17 or newer) on PATH" >&2
  exit 2
fi

mkdir -p "$home/logs"
pidfile="$home/logs/mosn4j.pid"
cmd=("$java")
# JAVA_OPTS is split on spaces on purpose, like other launchers.
# shellcheck disable=SC2206
cmd+=(${JAVA_OPTS:-} -Dmosn4j.home="$home" -cp "$home/lib/*" org.mosn4j.kernel.Main
      -c "$config" -p "$plugins")
if [ ${#extra[@]} -gt 0 ]; then
  cmd+=("${extra[@]}")
fi

if [ "$daemon" != true ]; then
  exec "${cmd[@]}"
fi

if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "mosn4j: already running (pid $(cat "$pidfile")); stop it with bin/stop.sh" >&2
  exit 1
fi
out="$home/logs/stdout.log"
ready="$home/logs/mosn4j.ready"
rm -f "$ready"
cmd+=(--ready-file "$ready")
touch "$out"
# The log is appended to, so only lines after this offset belong to this start.
offset=$(wc -l <"$out")
nohup "${cmd[@]}" >>"$out" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$pidfile"
# Wait for the startup verdict so that a bad config is reported here, not only in the log.
for _ in $(seq 1 300); do
  if ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid" && rc=0 || rc=$?
    rm -f "$pidfile"
    echo "mosn4j: failed to start (exit $rc); see $out:" >&2
    tail -n +$((offset + 1)) "$out" | tail -n 20 >&2
    exit "$rc"
  fi
  if [ -f "$ready" ]; then
    echo "mosn4j started (pid $pid); logs in $out"
    exit 0
  fi
  sleep 0.1
done
echo "mosn4j: still starting after 30s (pid $pid); see $out" >&2
exit 0
