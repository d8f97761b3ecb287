#!/usr/bin/env bash
# Walks a 100,000-row jnxIkeTunnelTable served by the ikec SNMP gateway and a 100,000-route
# inetCidrRouteTable served by net-snmp's snmpd, with snmpbulkwalk and with an SNMP4J GETBULK
# client that times every request. The gateway also times every request on its own side.
# Writes loadtest/results/snmp-walk.json.
#
# Usage: loadtest/snmp-bench.sh [--quick]     (as root: it creates a network namespace)
#   --quick  each warm walk once, and snmpd's whole table only warm (about 6 minutes on a
#            busy 2-core machine, most of it snmpd loading its routes)
#   default  each warm walk three times, keeping the slowest round, and snmpd started a second
#            time for a cold whole-table walk
# Every walk is bounded by `timeout`, and the whole run by LIMIT below.
#
# snmpd runs in a network namespace of its own, created and deleted here, with 100,000 IPv4 host
# routes in 198.18.0.0/15 (the benchmarking range of RFC 2544) on a veth pair inside it. A cold
# walk is the first after snmpd started, so it includes snmpd reading the routes into its cache.
# Its first request may take minutes, so cold walks wait up to snmpd_cold_timeout per request.
# A warm walk follows while the cache is filled. Nothing leaves the namespace or the host's loopback.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
results="$here/results"

rows=100000
gateway_port=16161
snmpd_port=16162
repetitions=50
# The first net-snmp column walk (rows / repetitions + 1 requests) lets the JIT compile the
# gateway's request path, so the gateway's own request times leave those requests out.
warmup_requests=$((rows / repetitions + 1))
snmpd_cold_timeout=300
ike_table=.1.3.6.1.4.1.2636.3.22.1.2.1
ike_column=$ike_table.1.3
route_table=.1.3.6.1.2.1.4.24.7
route_column=$route_table.1.7

case "${1:-}" in
  --quick) rounds=1; limit=900; mode=quick ;;
  "") rounds=3; limit=1800; mode=full ;;
  *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac

if [[ $EUID -ne 0 ]]; then
  echo "snmp-bench.sh must run as root because it creates a network namespace" >&2
  exit 1
fi

namespace="snmpbench-$$"
work="$(mktemp -d /tmp/snmpbench.XXXXXX)"
gateway_pid=""
snmpd_pid=""

# Stops a process this script started: SIGTERM, then SIGKILL if it is still there after 10 s
# (snmpd busy with a large table ignores SIGTERM).
stop_pid() {
  local pid="$1" waited=0
  kill "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null && ((waited < 20)); do
    sleep 0.5
    waited=$((waited + 1))
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  if [[ -n "$gateway_pid" ]]; then stop_pid "$gateway_pid"; fi
  if [[ -n "$snmpd_pid" ]]; then stop_pid "$snmpd_pid"; fi
  if ip netns list | grep -qw "$namespace"; then ip netns delete "$namespace"; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

deadline=$((SECONDS + limit))
remaining() {
  local left=$((deadline - SECONDS))
  if ((left <= 0)); then
    echo "snmp-bench.sh: the run took longer than $limit s and was stopped" >&2
    exit 1
  fi
  echo "$left"
}

# Prints the wall-clock seconds of one snmpbulkwalk and stores its varbind count in $work/count.
# The first argument is a command prefix (empty, or `ip netns exec NS`). The optional fourth is
# the seconds snmpbulkwalk waits for each response (default 5, with one retry).
timed_bulkwalk() {
  local prefix="$1" port="$2" subtree="$3" wait="${4:-5}"
  local started ended retries=1
  if ((wait > 5)); then retries=0; fi
  started=$(date +%s%N)
  # shellcheck disable=SC2086
  timeout "$(remaining)" $prefix env MIBS= /usr/bin/snmpbulkwalk -v2c -c public -On -Cr$repetitions -t "$wait" \
      -r "$retries" "127.0.0.1:$port" "$subtree" | grep -c '^\.1\.3\.6\.' > "$work/count" || true
  ended=$(date +%s%N)
  awk -v nanos=$((ended - started)) 'BEGIN { printf "%.3f\n", nanos / 1e9 }'
}

# Runs the SNMP4J walker over the column and the whole table; appends its JSON lines to $2.
# With a sixth argument `warm-up`, the walker first walks the column once more and that line is
# left out, because otherwise the client JVM's own JIT compilation shows up in the first walk's p99.
timed_snmp4j() {
  local prefix="$1" port="$2" column="$3" table="$4" output="$5" warm_up="${6:-}"
  local subtrees=("${column#.}" "${table#.}") skip=1
  if [[ "$warm_up" == warm-up ]]; then
    subtrees=("${column#.}" "${subtrees[@]}")
    skip=2
  fi
  # shellcheck disable=SC2086
  timeout "$(remaining)" $prefix java -cp "$loadtest_classpath" org.ikec.loadtest.snmp.BulkWalk \
      127.0.0.1 "$port" "$repetitions" "${subtrees[@]}" | tail -n +"$skip" >> "$output"
}

# Appends one round of walks against one agent to $work/<name>.jsonl.
walk_round() {
  local name="$1" prefix="$2" port="$3" column="$4" table="$5"
  local column_s column_rows table_s table_varbinds
  column_s=$(timed_bulkwalk "$prefix" "$port" "$column")
  column_rows=$(cat "$work/count")
  table_s=$(timed_bulkwalk "$prefix" "$port" "$table")
  table_varbinds=$(cat "$work/count")
  echo "{\"net_snmp\": {\"one_column_s\": $column_s, \"column_varbinds\": $column_rows," \
       "\"whole_table_s\": $table_s, \"table_varbinds\": $table_varbinds}}" >> "$work/$name.jsonl"
  timed_snmp4j "$prefix" "$port" "$column" "$table" "$work/$name.jsonl" warm-up
  echo "$name: one column ${column_s} s ($column_rows varbinds), whole table ${table_s} s ($table_varbinds varbinds)"
}

rss_bytes() {
  echo $(( $(awk '/^VmRSS:/ { print $2 }' "/proc/$1/status") * 1024 ))
}

# --- build --------------------------------------------------------------------------------------
cd "$root"
mvn -q -B -o -pl snmp-gateway,loadtest -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
gateway_classpath="snmp-gateway/target/test-classes:snmp-gateway/target/classes:$(cat snmp-gateway/target/bench.classpath)"
loadtest_classpath="$root/loadtest/target/classes:$(cat loadtest/target/bench.classpath)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- the ikec gateway ---------------------------------------------------------------------------
# A fixed, pre-touched 1 GiB heap with G1: the rows take about 250 MB, so young collections stay
# short and no page is first touched during a walk. The GC log gives the pauses during the walks.
java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -Xlog:gc:file="$work/gateway-gc.log" -cp "$gateway_classpath" \
    org.ikec.snmp.BenchGateway "$rows" "$gateway_port" "$work/gateway.json" "$warmup_requests" \
    > "$work/gateway.log" 2>&1 &
gateway_pid=$!
until [[ -f "$work/gateway.json" ]]; do
  remaining > /dev/null
  if ! kill -0 "$gateway_pid" 2>/dev/null; then
    echo "the gateway JVM exited before serving; its log:" >&2
    cat "$work/gateway.log" >&2
    exit 1
  fi
  sleep 1
done
echo "gateway: $(cat "$work/gateway.json")"

for ((round = 1; round <= rounds; round++)); do
  walk_round gateway "" "$gateway_port" "$ike_column" "$ike_table"
done

# Profiles one more whole-table walk with JFR, to see what limits the gateway.
jcmd "$gateway_pid" JFR.start name=walk settings=profile filename="$work/gateway-walk.jfr" > /dev/null
timed_bulkwalk "" "$gateway_port" "$ike_table" > /dev/null
jcmd "$gateway_pid" JFR.stop name=walk > /dev/null
jfr print --events jdk.ExecutionSample "$work/gateway-walk.jfr" \
  | awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); top[$0]++; total++ }
         END { for (frame in top) printf "%5.1f%%  %s\n", 100 * top[frame] / total, frame }' \
  | sort -rn | head -15 > "$work/gateway-profile.txt"

stop_pid "$gateway_pid"
gateway_pid=""
# GC pauses after the rows were in: the last System.gc() of BenchGateway's heap measurement
# comes right before it serves.
awk '/Pause Full \(System.gc\(\)\)/ { young = 0; total = 0; longest = 0; next }
     /Pause Young/ { ms = $NF; sub(/ms$/, "", ms); young++; total += ms; if (ms > longest) longest = ms }
     END { printf "{\"young_pauses\": %d, \"total_pause_ms\": %.3f, \"max_pause_ms\": %.3f}\n", young, total, longest }' \
    "$work/gateway-gc.log" > "$work/gateway-gc.json"
echo "gateway side: $(cat "$work/gateway.json.requests.json"), GC during walks: $(cat "$work/gateway-gc.json")"

# --- net-snmp's snmpd in a namespace ------------------------------------------------------------
if [[ ! -x /usr/sbin/snmpd ]]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q snmpd > "$work/apt.log"
fi
snmpd_version="$(/usr/sbin/snmpd -v | awk '/version:/ { print $NF }')"

ip netns add "$namespace"
ip -n "$namespace" link set lo up
ip -n "$namespace" link add bench0 type veth peer name bench1
ip -n "$namespace" link set bench1 up
ip -n "$namespace" link set bench0 up
ip -n "$namespace" address add 198.51.100.1/24 dev bench0
awk -v count="$rows" 'BEGIN { for (n = 0; n < count; n++)
    printf "route add 198.%d.%d.%d/32 dev bench0\n", 18 + int(n / 65536), int(n / 256) % 256, n % 256 }' \
    > "$work/routes.batch"
ip -n "$namespace" -batch "$work/routes.batch"

mkdir -p "$work/snmpd-state"
cat > "$work/snmpd.conf" <<EOF
agentAddress udp:127.0.0.1:$snmpd_port
rocommunity public 127.0.0.1
EOF

# Starts snmpd in the namespace and returns once it responds to a GET of sysUpTime, which does
# not read the routes.
start_snmpd() {
  ip netns exec "$namespace" env MIBS= SNMP_PERSISTENT_DIR="$work/snmpd-state" \
      /usr/sbin/snmpd -f -C -c "$work/snmpd.conf" -p "$work/snmpd.pid" -Lf "$work/snmpd.log" &
  snmpd_pid=$!
  until ip netns exec "$namespace" env MIBS= /usr/bin/snmpget -v2c -c public -t 1 -r 0 \
      "127.0.0.1:$snmpd_port" .1.3.6.1.2.1.1.3.0 > /dev/null 2>&1; do
    remaining > /dev/null
    if ! kill -0 "$snmpd_pid" 2>/dev/null; then
      echo "snmpd exited before serving; its log:" >&2
      cat "$work/snmpd.log" >&2
      exit 1
    fi
    sleep 1
  done
}

snmpd_prefix="ip netns exec $namespace"
start_snmpd
snmpd_rss_idle=$(rss_bytes "$snmpd_pid")

cold_column_s=$(timed_bulkwalk "$snmpd_prefix" "$snmpd_port" "$route_column" "$snmpd_cold_timeout")
cold_column_rows=$(cat "$work/count")
echo "snmpd cold: one column ${cold_column_s} s ($cold_column_rows varbinds)"
snmpd_rss_loaded=$(rss_bytes "$snmpd_pid")

for ((round = 1; round <= rounds; round++)); do
  walk_round snmpd "$snmpd_prefix" "$snmpd_port" "$route_column" "$route_table"
done

# One more route, then one column walk: its first request shows what a change costs snmpd.
ip -n "$namespace" route add 198.19.255.255/32 dev bench0
timed_snmp4j "$snmpd_prefix" "$snmpd_port" "$route_column" "$route_column" "$work/snmpd-change.jsonl"

cold_table_s=null
cold_table_varbinds=null
if [[ "$mode" == full ]]; then
  stop_pid "$snmpd_pid"
  start_snmpd
  cold_table_s=$(timed_bulkwalk "$snmpd_prefix" "$snmpd_port" "$route_table" "$snmpd_cold_timeout")
  cold_table_varbinds=$(cat "$work/count")
  echo "snmpd cold: whole table ${cold_table_s} s ($cold_table_varbinds varbinds)"
fi
echo "{\"one_column_s\": $cold_column_s, \"column_varbinds\": $cold_column_rows," \
     "\"whole_table_s\": $cold_table_s, \"table_varbinds\": $cold_table_varbinds," \
     "\"request_timeout_s\": $snmpd_cold_timeout}" > "$work/snmpd-cold.json"

stop_pid "$snmpd_pid"
snmpd_pid=""

# --- results ------------------------------------------------------------------------------------
mkdir -p "$results"
python3 "$here/snmp-bench-report.py" \
    --mode "$mode" --rows "$rows" --load-before "$load_before" --snmpd-version "$snmpd_version" \
    --gateway-heap "$work/gateway.json" --gateway-walks "$work/gateway.jsonl" \
    --gateway-profile "$work/gateway-profile.txt" \
    --gateway-requests "$work/gateway.json.requests.json" --gateway-gc "$work/gateway-gc.json" \
    --snmpd-cold "$work/snmpd-cold.json" \
    --snmpd-walks "$work/snmpd.jsonl" --snmpd-change "$work/snmpd-change.jsonl" \
    --snmpd-rss "$snmpd_rss_idle" "$snmpd_rss_loaded" \
    --output "$results/snmp-walk.json"
echo "wrote $results/snmp-walk.json"
