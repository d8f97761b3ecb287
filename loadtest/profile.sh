#!/usr/bin/env bash
# Samples where a running JVM spends its CPU, with async-profiler: Java code, the JVM's own
# threads (garbage collection, the JIT compiler) and, where the kernel allows it, kernel code.
#
# Usage: loadtest/profile.sh start PID
#        loadtest/profile.sh stop PID PREFIX [--sas N]
#   start    starts sampling every millisecond of CPU time in the JVM with process id PID
#   stop     stops it and writes PREFIX.html (a flame graph), PREFIX.collapsed (one line per stack,
#            the thread first) and PREFIX.md (the CPU time by part, see bench/profile_summary.py)
#   --sas N  also shows the CPU time per IKE SA, when N IKE SAs were set up in between
#
# The profiler is the Maven artifact tools.profiler:async-profiler, downloaded on first use, and
# 'jcmd PID JVMTI.agent_load' loads it into the JVM, which keeps it until it exits. Sampling costs
# the JVM a few percent of CPU.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
readonly ASYNC_PROFILER_VERSION=3.0
readonly INTERVAL_NS=1000000

usage() {
    sed -n '5,11p' "$0" >&2
    exit 2
}

# Prints the path of the profiler's library for this machine, downloading it when missing.
library() {
    local platform profiler_dir
    case "$(uname -m)" in
        x86_64) platform=linux-x64 ;;
        aarch64) platform=linux-arm64 ;;
        *) echo "profile.sh: async-profiler has no library for $(uname -m)" >&2; return 1 ;;
    esac
    profiler_dir="$here/target/async-profiler-$ASYNC_PROFILER_VERSION"
    if [[ ! -f "$profiler_dir/$platform/libasyncProfiler.so" ]]; then
        mkdir -p "$profiler_dir"
        mvn -q -B dependency:copy -Dartifact="tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION" \
            -DoutputDirectory="$profiler_dir" -f "$here/pom.xml" >&2
        (cd "$profiler_dir" && jar xf "async-profiler-$ASYNC_PROFILER_VERSION.jar" "$platform/libasyncProfiler.so")
    fi
    echo "$profiler_dir/$platform/libasyncProfiler.so"
}

# Sends one command to the profiler in process PID: agent PID COMMAND. jcmd parses name=value
# words as its own options, so the command goes in quotes.
agent() {
    local pid="$1" command="$2" output
    output="$(jcmd "$pid" JVMTI.agent_load "$(library)" "\"$command\"" 2>&1)" && ! grep -q 'return code: [^0]' <<< "$output" \
        || { echo "$output" >&2; echo "profile.sh: the profiler failed '${command%%,*}' in process $pid" >&2; return 1; }
}

(($# >= 2)) || usage
action="$1" pid="$2"
kill -0 "$pid" 2>/dev/null || { echo "profile.sh: no process $pid" >&2; exit 1; }
case "$action" in
    start)
        (($# == 2)) || usage
        agent "$pid" "start,event=cpu,interval=$INTERVAL_NS,threads"
        ;;
    stop)
        (($# == 3 || $# == 5)) || usage
        prefix="$3"
        summary_options=(--collapsed "$prefix.collapsed" --interval-ns "$INTERVAL_NS")
        if (($# == 5)); then
            [[ "$4" == --sas && "$5" =~ ^[1-9][0-9]*$ ]] || { echo "profile.sh: invalid '$4 $5'; give --sas N" >&2; exit 2; }
            summary_options+=(--sas "$5")
        fi
        agent "$pid" "dump,file=$prefix.html"
        agent "$pid" "stop,file=$prefix.collapsed,collapsed"
        python3 "$here/bench/profile_summary.py" "${summary_options[@]}" > "$prefix.md"
        ;;
    *)
        usage
        ;;
esac
