#!/usr/bin/env bash
# Soak: mixed HTTP/1.1, HTTP/2 and Dubbo load through mosn4j for a long time while a backend and a Dubbo provider
# die and come back and the admin API changes hosts and routes; checks that nothing is lost and that memory stays
# bounded.
#
# Usage: bench/soak/run.sh
# Environment:
#   DURATION   how long the load runs, an ISO-8601 duration (default PT10M; PT60S is what CI runs)
#   MVN_ARGS   extra Maven arguments, e.g. -o to build offline
#
# This is distribution's SoakIT (see distribution/src/test/java/org/mosn4j/distribution/SoakIT.java) run with
# -Dsoak.duration: Maven builds the tarball and the test starts it with bin/start.sh, its backends in the test
# JVM. Prints the test's report (RSS and heap samples, then the totals) and its verdict; the full Maven output
# goes to distribution/target/soak-mvn.log, the report to distribution/target/soak-report.txt.
set -euo pipefail

DURATION="${DURATION:-PT10M}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
report="$repo/distribution/target/soak-report.txt"
mvn_log="$repo/distribution/target/soak-mvn.log"

cd "$repo"
mkdir -p distribution/target
rm -f "$report"
echo "[bench] soak for $DURATION; Maven output in $mvn_log" >&2
rc=0
# Only the default failsafe execution: -Dit.test would also select SoakIT in the Dubbo tests' execution.
# shellcheck disable=SC2086
mvn -B ${MVN_ARGS:-} -pl distribution -am package \
  failsafe:integration-test@default failsafe:verify@default \
  -Dit.test=SoakIT -Dsoak.duration="$DURATION" \
  -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  >"$mvn_log" 2>&1 || rc=$?

if [ -f "$report" ]; then
  cat "$report"
else
  echo "no report: the soak did not get to the end; see $mvn_log" >&2
fi
grep -E "Tests run:|FAIL|AssertionFailedError|expected:" "$mvn_log" | grep -v "Tests run: 0," | tail -n 5 >&2 || true
if [ "$rc" -eq 0 ]; then
  echo "soak passed"
else
  echo "soak FAILED (mvn exit $rc); see $mvn_log"
fi
exit "$rc"
