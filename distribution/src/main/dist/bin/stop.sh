#!/usr/bin/env bash
# Stops a mosn4j started with bin/start.sh -d: SIGTERM (stop accepting, drain for graceful_timeout),
# then waits for the process to exit.
#   bin/stop.sh [-t SECONDS]   wait at most SECONDS (default 60), then SIGKILL
#   bin/stop.sh -f             SIGINT: stop at once, without draining
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pidfile="$home/logs/mosn4j.pid"
wait_seconds=60
signal=TERM
while [ $# -gt 0 ]; do
  case "$1" in
    -t) wait_seconds="$2"; shift 2 ;;
    -f) signal=INT; shift ;;
    *) echo "usage: bin/stop.sh [-t SECONDS] [-f]" >&2; exit 2 ;;
  esac
done

if [ ! -f "$pidfile" ]; then
  echo "mosn4j: not running (no $pidfile)" >&2
  exit 1
fi
pid="$(cat "$pidfile")"
if ! kill -0 "$pid" 2>/dev/null; then
  echo "mosn4j: not running (stale pid $pid)" >&2
  rm -f "$pidfile"
  exit 1
fi
kill "-$signal" "$pid"
for _ in $(seq 1 $((wait_seconds * 10))); do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$pidfile"
    echo "mosn4j stopped (pid $pid)"
    exit 0
  fi
  sleep 0.1
done
echo "mosn4j: pid $pid still running after ${wait_seconds}s; sending SIGKILL" >&2
kill -KILL "$pid" 2>/dev/null || true
rm -f "$pidfile"
exit 1
