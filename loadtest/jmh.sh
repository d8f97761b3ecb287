#!/usr/bin/env bash
# Builds the JMH benchmarks of loadtest/ and runs them with JMH's GC profiler. Writes the JMH
# JSON to loadtest/results/jmh-latest.json and a summary with the responder handshake's crypto
# floor to loadtest/results/jmh-summary.md.
#
# Usage: loadtest/jmh.sh [--quick]
#   --quick  1 fork, 2 warmup and 3 measurement iterations of 1 s each (about 3 minutes)
#   default  2 forks, 5 warmup and 5 measurement iterations of 2 s each (an estimated 17 minutes)
# A run that takes longer than 15 (quick) or 45 minutes is stopped.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
results="$here/results"

case "${1:-}" in
  --quick)
    jmh_options=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
    limit=15m
    description="Quick run: \`jmh.sh --quick\`."
    ;;
  "")
    jmh_options=(-f 2 -wi 5 -w 2s -i 5 -r 2s)
    limit=45m
    description="Full run: \`jmh.sh\`."
    ;;
  *)
    echo "usage: $0 [--quick]" >&2
    exit 2
    ;;
esac

cd "$root"
mvn -q -B -o -pl loadtest -am compile dependency:build-classpath \
    -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=compile
classpath="$here/target/classes:$(cat "$here/target/jmh.classpath")"

mkdir -p "$results"
timeout "$limit" java -cp "$classpath" org.openjdk.jmh.Main 'org\.ikec\.loadtest\.bench\..*' \
    "${jmh_options[@]}" -t 1 -foe true -prof gc -rf json -rff "$results/jmh-latest.json"

java -cp "$classpath" org.ikec.loadtest.bench.JmhSummary \
    "$results/jmh-latest.json" "$results/jmh-summary.md" "$description"
echo "wrote $results/jmh-latest.json and $results/jmh-summary.md"
