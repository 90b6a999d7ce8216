#!/usr/bin/env bash
# Starts mosn4j.
#   bin/start.sh [-c CONFIG] [-p PLUGINS_DIR] [-d] [--check]
#   bin/start.sh upgrade [-c CONFIG] [-p PLUGINS_DIR]
#   -c CONFIG       config file (default: conf/mosn4j.json)
#   -p PLUGINS_DIR  plugin jars (default: plugins/)
#   -d              run in the background: output to logs/stdout.log, pid in logs/mosn4j.pid
#   --check         check the config and the plugins, then exit
#   upgrade         zero-downtime restart of the mosn4j started with -d: a new process takes its listening
#                   sockets over, the old one stops accepting, drains for graceful_timeout and exits; returns
#                   once the new one serves, with its pid in logs/mosn4j.pid (CONFIG and PLUGINS_DIR default to
#                   those of the running process). Needs the epoll transport; see docs/upgrade.md.
# Runs from the distribution's directory, so relative paths in the config (such as access log files)
# are under it.
# Environment: JAVA_HOME (else java on PATH), JAVA_OPTS (extra JVM options), MOSN4J_CDS=off (no class data
# sharing archive in logs/).
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
config="$home/conf/mosn4j.json"
plugins="$home/plugins"
daemon=false
extra=()
action=start
config_given=false
plugins_given=false

while [ $# -gt 0 ]; do
  case "$1" in
    -c) config="$2"; config_given=true; shift 2 ;;
    -p) plugins="$2"; plugins_given=true; shift 2 ;;
    -d) daemon=true; shift ;;
    upgrade) action=upgrade; daemon=true; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) extra+=("$1"); shift ;;
  esac
done

# The config and plugins of the process started with -d, which an upgrade starts again unless told otherwise.
started="$home/logs/mosn4j.started"
if [ "$action" = upgrade ] && [ -f "$started" ]; then
  [ "$config_given" = true ] || config="$(sed -n 1p "$started")"
  [ "$plugins_given" = true ] || plugins="$(sed -n 2p "$started")"
fi

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

# Class data sharing (MOSN4J_CDS=off turns it off): a start without an archive records the classes it loads
# into logs/mosn4j.jsa.pending when the process exits; later starts with the same java and the same lib/ map
# that archive instead of reading and checking the classes again, which takes about 40% off the time to the
# first served request. Another java or another lib/ records a new one.
cds=()
checking=false
for arg in "${extra[@]+"${extra[@]}"}"; do
  [ "$arg" = --check ] && checking=true
done
if [ "${MOSN4J_CDS:-on}" != off ] && [ "$checking" = false ]; then
  jsa="$home/logs/mosn4j.jsa"
  java_real="$(readlink -f "$java")"
  cds_id="$( { echo "$java_real"; cat "$(dirname "$(dirname "$java_real")")/release" 2>/dev/null || true
               ls -l "$home/lib"; } | cksum | cut -d' ' -f1)"
  if [ -s "$jsa.pending" ] && [ "$(cat "$jsa.pending.id" 2>/dev/null || true)" = "$cds_id" ]; then
    mv -f "$jsa.pending" "$jsa" && mv -f "$jsa.pending.id" "$jsa.id"
  fi
  if [ -s "$jsa" ] && [ "$(cat "$jsa.id" 2>/dev/null || true)" = "$cds_id" ]; then
    cds=(-XX:SharedArchiveFile="$jsa" "-Xlog:cds*=off")
  else
    rm -f "$jsa" "$jsa.id"
    echo "$cds_id" > "$jsa.pending.id"
    # The classes it cannot archive (generated, JFR) are reported one line each at exit: not worth a log line.
    cds=(-XX:ArchiveClassesAtExit="$jsa.pending" "-Xlog:cds*=off")
  fi
fi

# JVM defaults, each chosen by measurement (docs/performance.md, bench/jvm/run.sh): no buffer leak detection, and
# the serial collector with a 32 MiB young generation (the heap of a proxy is a little long-lived config and
# per-connection state, and a great deal of garbage that dies within one request). JAVA_OPTS comes after them, so
# a setting given there wins; a collector chosen there replaces the default collector and young generation.
jvm_defaults=(-Dio.netty.leakDetection.level=disabled)
case " ${JAVA_OPTS:-} " in
  *" -XX:+Use"*GC" "*) ;;
  *) jvm_defaults+=(-XX:+UseSerialGC -Xmn32m) ;;
esac

cmd=("$java")
# JAVA_OPTS is split on spaces on purpose, like other launchers.
# shellcheck disable=SC2206
cmd+=("${cds[@]}" "${jvm_defaults[@]}" ${JAVA_OPTS:-} -Dmosn4j.home="$home" -cp "$home/lib/*" org.mosn4j.kernel.Main
      -c "$config" -p "$plugins")
if [ ${#extra[@]} -gt 0 ]; then
  cmd+=("${extra[@]}")
fi

if [ "$daemon" != true ]; then
  exec "${cmd[@]}"
fi

if [ "$action" = upgrade ]; then
  if [ ! -f "$pidfile" ] || ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "mosn4j: nothing to upgrade: no running mosn4j (no live pid in $pidfile); start it with bin/start.sh -d" >&2
    exit 1
  fi
  old="$(cat "$pidfile")"
  out="$home/logs/stdout.log"
  ready="$home/logs/mosn4j.ready"
  cmd+=(--upgrade --ready-file "$ready")
  touch "$out"
  offset=$(wc -l <"$out")
  nohup "${cmd[@]}" >>"$out" 2>&1 </dev/null &
  pid=$!
  # Ready only once it serves on the sockets and the old process stopped accepting: the old one removes the
  # ready file when it hands over, the new one then writes its pid there.
  for _ in $(seq 1 600); do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" && rc=0 || rc=$?
      echo "mosn4j: upgrade failed (exit $rc); pid $old keeps serving; see $out:" >&2
      tail -n +$((offset + 1)) "$out" | tail -n 20 >&2
      exit $((rc == 0 ? 1 : rc))
    fi
    if [ "$(cat "$ready" 2>/dev/null)" = "$pid" ]; then
      echo "$pid" >"$pidfile"
      printf '%s\n%s\n' "$config" "$plugins" >"$started"
      echo "mosn4j upgraded: pid $pid serves; pid $old stopped accepting and drains its connections (graceful_timeout)"
      exit 0
    fi
    sleep 0.1
  done
  echo "mosn4j: the new process (pid $pid) has not taken over after 60s; $pidfile still names pid $old; see $out" >&2
  exit 1
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
printf '%s\n%s\n' "$config" "$plugins" >"$started"
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
