# Helpers shared by bench.sh and check-strongswan.sh.

# Stops a process this script started, by its PID: SIGTERM, then SIGKILL after 10 s.
stop_pid() {
    local pid="$1" waited=0
    kill -TERM "$pid" 2>/dev/null || return 0
    while kill -0 "$pid" 2>/dev/null && ((waited < 20)); do
        sleep 0.5
        waited=$((waited + 1))
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# Prints utime plus stime of a process in seconds, from /proc/PID/stat.
cpu_seconds() {
    awk -v ticks="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / ticks }' "/proc/$1/stat"
}

now_ms() {
    date +%s%3N
}
