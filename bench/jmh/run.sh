#!/usr/bin/env bash
# Runs the JMH microbenchmarks of bench/jmh with the allocation profiler (-prof gc) and prints JMH's table,
# then a summary of throughput and bytes allocated per operation.
#
#   bench/jmh/run.sh                          every benchmark, with the settings in the benchmark classes
#   bench/jmh/run.sh RouteMatch               the benchmarks whose name matches a regex
#   bench/jmh/run.sh 'Http1|Dubbo' -wi 2 -i 3 -w 1s -r 1s    a regex, then any JMH options
#   bench/jmh/run.sh -wi 2 -i 3 -w 1s -r 1s   every benchmark, JMH options only
#
# Builds target/benchmarks.jar first when it is missing or older than a source of the repository
# (mvn -pl bench/jmh -am package -DskipTests; nothing is installed). JAVA selects the JVM (default: java on PATH).
# The raw results stay in bench/jmh/target/jmh-result.csv.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$here/target/benchmarks.jar"
java="${JAVA:-java}"

needs_build() {
    [[ ! -f "$jar" ]] && return 0
    local newer
    newer="$(find "$root/pom.xml" "$root/spi" "$root/kernel" "$root/plugins" "$here" -name target -prune -o \
        \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$jar" -print -quit)"
    [[ -n "$newer" ]]
}

if needs_build; then
    echo "building $jar ..." >&2
    (cd "$root" && mvn -B -q -pl bench/jmh -am package -DskipTests) >&2
fi

args=()
if [[ $# -gt 0 && "$1" != -* ]]; then
    args+=("$1")
    shift
fi

results="$here/target/jmh-result.csv"

"$java" -jar "$jar" "${args[@]}" -prof gc -rf csv -rff "$results" "$@"

# One line per benchmark and parameters: the primary score (ops/s) and gc.alloc.rate.norm (B/op).
echo
echo "Summary: throughput and allocation per operation"
awk -F',' '
    function unquote(s) { gsub(/^"|"$/, "", s); return s }
    { sub(/\r$/, "") }
    NR == 1 {
        for (i = 1; i <= NF; i++) {
            h = unquote($i)
            if (h ~ /^Param: /) { pcol[++np] = i; pname[np] = substr(h, 8) }
        }
        next
    }
    {
        name = unquote($1); score = unquote($5); error = unquote($6)
        key = ""
        for (p = 1; p <= np; p++) {
            v = unquote($(pcol[p]))
            if (v != "") { key = key (key == "" ? "" : ", ") pname[p] "=" v }
        }
        split(name, parts, ":")
        bench = parts[1]
        sub(/^org\.mosn4j\.bench\./, "", bench)
        id = bench (key == "" ? "" : " (" key ")")
        if (!(id in seen)) { seen[id] = 1; order[++n] = id }
        if (parts[2] == "") { ops[id] = score; err[id] = error }
        else if (parts[2] == "gc.alloc.rate.norm") { alloc[id] = score }
    }
    END {
        width = 9
        for (k = 1; k <= n; k++) { if (length(order[k]) > width) { width = length(order[k]) } }
        printf "%-*s %14s %14s %10s\n", width, "benchmark", "ops/s", "error (99.9%)", "B/op"
        for (k = 1; k <= n; k++) {
            id = order[k]
            printf "%-*s %14.0f %14s %10s\n", width, id, ops[id],
                (err[id] ~ /^[0-9.]+$/ ? sprintf("%.0f", err[id]) : "-"), (id in alloc ? sprintf("%.1f", alloc[id]) : "-")
        }
    }' "$results"
