#!/usr/bin/env bash
# Runs the same IKE load against one concentrator node, a three-node cluster behind nginx and
# strongSwan's charon, and compares them. Writes loadtest/results/latest.json, latest.html and
# latest.png.
#
# Usage: loadtest/bench.sh [--quick] [--targets strongswan,node,cluster] [--strongswan-kernel libipsec|netlink]
#                         [--sas N] [--profile]
#   --quick              2,000 IKE SAs per target, storms of at most 30 s, 285 s time limit;
#                        without it 20,000 IKE SAs, 200 s storms, 1,200 s. A target that no longer fits
#                        in the time left is skipped and recorded as such.
#   --targets            the targets to run, in this order (default strongswan,node,cluster);
#                        node-dh-reuse is one more, a node with ikec.ike.dh-reuse on
#   --sas                IKE SAs per target in place of 2,000 or 20,000, for a short check
#   --profile            gives the node one more storm of N IKE SAs under async-profiler (see
#                        profile.sh) and writes loadtest/results/profile-node.html and .md. The
#                        figures of latest.json come from the unprofiled storms before it.
#   --strongswan-kernel  libipsec (default): charon installs every CHILD SA in kernel-libipsec,
#                        its user-space IPsec stack. netlink: charon loads kernel-netlink only,
#                        cannot install CHILD SAs on a kernel without ESP, and so responds to
#                        IKE_AUTH with NO_PROPOSAL_CHOSEN in place of the CHILD SA.
# Run as root: the targets bind UDP 500, and strongSwan runs in a network namespace.
#
# A JVM target first gets a storm of 5,000 SAs (40,000 without --quick), so that its JIT compiler
# has settled when the measurement starts. A node still spent about 180 us of compiler time per SA
# over its second and third 20,000. Each target then gets a warm-up storm of 5,000 SAs (20,000
# without --quick). The SAs of both stay up, so that the measured SAs do not take memory that
# deleted SAs freed. Then the measured
# run: a storm of N IKE SAs with one CHILD SA each, with at most C exchanges in flight. The
# generator exits when every handshake is done (or at the storm's time limit) and leaves its SAs
# up on the target (--no-delete-at-end), which neither rekeys nor checks liveness. After a hold of
# a few seconds the SAs are still there for the second sample. The generator is pinned to CPU 0
# and the target to CPU 1. The probe samples every target process before the storm and after the
# hold: CPU time first, then, after a full GC for a JVM, the resident set and the heap in use.
# CPU per SA is the growth between the two samples divided by the IKE SAs established, and memory
# per SA the growth divided by the IKE SAs still held. Last, an open-loop run at 80% of the
# storm's rate measures the setup latency there: 8 s after a generator warm-up of 4 s, or 30 s
# after 10 s without --quick. The generator retransmits as a client does (--retransmit).
#
#   node        deploy/ikec node --config loadtest/bench/node.conf on 127.0.0.2
#   node-dh-reuse  the same with loadtest/bench/node-dh-reuse.conf: one Diffie-Hellman key pair
#               serves up to 100 IKE SAs within a second (ikec.ike.dh-reuse)
#   cluster     deploy/cluster.sh up 3: nodes on 127.0.0.11-13 and nginx on 127.0.0.10, all four
#               pinned to CPU 1 after start; the figures are the sums over the four processes
#   strongswan  charon in a namespace on 198.51.100.2, the generator's sources on the root side
#
# The load generator is 'deploy/ikec loadtest run'; IKEC_BENCH_GENERATOR replaces that command.
# Every step has a time limit, and the EXIT trap stops the processes this script started (by
# PID), stops the cluster and deletes the namespace, also when a step fails. A target that fails
# is recorded with its error in latest.json, and the others still run.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
BENCH_DIR="$here/bench"
results="$here/results"

readonly PROPOSAL=aes256gcm16-prfsha256-x25519
readonly ESP_PROPOSAL=aes256gcm16
readonly GATEWAY_ID=gw.loadtest.example
readonly ID_PATTERN='client%d@loadtest.example'
readonly GENERATOR_CPU=0
readonly TARGET_CPU=1
readonly NODE_ADDRESS=127.0.0.2
readonly BALANCER_ADDRESS=127.0.0.10
# Each source address and port pair costs the generator two sockets (--nat-t), and the 32 source
# addresses of a target with 1,000 ports each would need 64,000. Under a lower open-file limit the
# ports are cut to fit, and clients then share pairs, distinguished by SPI as NAT-ed clients are.
readonly SOURCE_ADDRESSES=32
source_port_count=1000
open_file_limit=$(ulimit -n)
if [[ "$open_file_limit" != unlimited ]] && (( (open_file_limit - 1024) / 2 / SOURCE_ADDRESSES < source_port_count )); then
    source_port_count=$(( (open_file_limit - 1024) / 2 / SOURCE_ADDRESSES ))
fi
readonly SOURCE_PORTS="20000-$((20000 + source_port_count - 1))"
readonly NODE_READY_TIMEOUT_S=90
# JVM options of the node, of each cluster node and of the generator, each of which runs pinned to
# one core, where the JVM picks the Serial GC. With the JVM's defaults a node holding 80,000 SAs
# measured p99 of 455 ms at 1,500 setups a second. Its heap grew by full collections of about
# 490 ms, and its young collections paused it for 55 ms (median). A fixed heap, a young generation
# of 24 MB and promotion at the first collection bring the median young pause to about 7 ms. The
# generator's own pauses add to the latency it measures, so it runs with the same settings, and a
# bounded run does not fill its old generation. IKEC_BENCH_NODE_JAVA_OPTS and
# IKEC_BENCH_GENERATOR_JAVA_OPTS replace them.
readonly ONE_CORE_JAVA_OPTS="-XX:+UseSerialGC -Xms2g -Xmx2g -Xmn24m -XX:MaxTenuringThreshold=0"
readonly NODE_JAVA_OPTS="${IKEC_BENCH_NODE_JAVA_OPTS:-$ONE_CORE_JAVA_OPTS}"
readonly GENERATOR_JAVA_OPTS="${IKEC_BENCH_GENERATOR_JAVA_OPTS:-$ONE_CORE_JAVA_OPTS}"
# Seconds between the end of the storm and the second sample, in which the SAs stay up.
readonly HOLD_S=3

mode=full
sas_option=""
# strongSwan comes first, so the baseline of the ratios exists even when the time limit cuts a run short.
targets=strongswan,node,cluster
strongswan_kernel=libipsec
profile=no
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) mode=quick; shift ;;
        --targets) targets="${2:-}"; shift 2 || true ;;
        --strongswan-kernel) strongswan_kernel="${2:-}"; shift 2 || true ;;
        --sas) sas_option="${2:-}"; shift 2 || true ;;
        --profile) profile=yes; shift ;;
        *) sed -n '6,20p' "$0" >&2; exit 2 ;;
    esac
done

if [[ "$mode" == quick ]]; then
    sas=2000; concurrency=64; storm_s=30; limit_s=285; warmup_sas=5000; jit_warmup_sas=5000; rate80_s=8; rate80_warmup_s=4
    generator_jit_warmup_s=3
else
    sas=20000; concurrency=256; storm_s=200; limit_s=1200; warmup_sas=20000; jit_warmup_sas=40000; rate80_s=30; rate80_warmup_s=10
    generator_jit_warmup_s=8
fi
# Each generator is a new JVM, which first warms up its JIT compiler (--jit-warmup-s): handshakes
# in memory, then a storm through its own sockets against a responder of its own. Without that,
# compiler threads took 29% of its core during a storm, and the generator, not the target,
# limited the rate. Its clients share each Diffie-Hellman key pair 100 times (--dh-reuse), which
# saves the generator a key pair per client. Every target still computes every agreement.
GENERATOR_DH_REUSE=100
if [[ -n "$sas_option" ]]; then
    [[ "$sas_option" =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: invalid --sas '$sas_option'; give a positive number" >&2; exit 2; }
    sas="$sas_option"
fi

case "$strongswan_kernel" in
    libipsec) strongswan_plugins="kernel-libipsec kernel-netlink" ;;
    netlink) strongswan_plugins="kernel-netlink" ;;
    *) echo "bench.sh: invalid --strongswan-kernel '$strongswan_kernel'; write libipsec or netlink" >&2; exit 2 ;;
esac
IFS=, read -r -a target_list <<< "$targets"
for target in "${target_list[@]}"; do
    case "$target" in
        node | node-dh-reuse | cluster | strongswan) ;;
        *) echo "bench.sh: invalid target '$target'; choose from node, node-dh-reuse, cluster and strongswan" >&2; exit 2 ;;
    esac
done
if [[ $EUID -ne 0 ]]; then
    echo "bench.sh must run as root: the targets bind UDP 500, and strongSwan runs in a network namespace" >&2
    exit 1
fi

# shellcheck source=bench/common.sh
source "$BENCH_DIR/common.sh"
# shellcheck source=bench/strongswan-target.sh
source "$BENCH_DIR/strongswan-target.sh"

BENCH_WORK="$(mktemp -d /tmp/ikebench.XXXXXX)"
chmod 700 "$BENCH_WORK"
mkdir -p "$BENCH_WORK/pids"
started_at="$(date +%s)"
if [[ -n "${IKEC_BENCH_GENERATOR:-}" ]]; then
    read -r -a generator <<< "$IKEC_BENCH_GENERATOR"
else
    generator=("$root/deploy/ikec" loadtest run)
fi

# A per-run pre-shared key: connections.conf reads it from the environment, the generator with
# --psk-env, and charon from its swanctl.conf (mode 0600).
IKEC_BENCH_PSK="bench-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
export IKEC_BENCH_PSK

# Processes started here record their PID under $BENCH_WORK/pids, because each target runs in a
# subshell and the EXIT trap of this shell must still find them.
remember_pid() {
    echo "$2" > "$BENCH_WORK/pids/$1"
}

# Stops every process recorded under pids/, the cluster and charon, and deletes the namespace.
stop_started_processes() {
    local file
    for file in "$BENCH_WORK"/pids/*; do
        [[ -f "$file" ]] || continue
        stop_pid "$(cat "$file")"
        rm -f "$file"
    done
    if [[ -f "$BENCH_WORK/cluster-files/nodes" ]]; then
        IKEC_CLUSTER_DIR="$BENCH_WORK/cluster-files" "$root/deploy/cluster.sh" down > /dev/null || true
    fi
    strongswan_target_down
}

cleanup() {
    stop_started_processes
    echo "bench.sh: work files are in $BENCH_WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

remaining_s() {
    echo $((limit_s - ($(date +%s) - started_at)))
}

build() {
    echo "bench.sh: building the load test classes and the node"
    (cd "$root" && mvn -q -B -o -pl loadtest -am compile dependency:build-classpath \
        -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=compile)
    classpath="$here/target/classes:$(cat "$here/target/bench.classpath")"
    "$root/deploy/ikec" ctl --help > /dev/null
}

# Samples processes into a JSON-lines file, one line per PID: probe OUTPUT [--gc] PID...
# The probe runs on the generator's CPU.
probe() {
    local out="$1" options=() pid
    shift
    if [[ "${1:-}" == --gc ]]; then
        options+=(--gc)
        shift
    fi
    (($# > 0)) || { : > "$out"; return 0; }
    for pid in "$@"; do
        options+=(--pid "$pid")
    done
    taskset -c "$GENERATOR_CPU" java -cp "$classpath" org.ikec.loadtest.cli.LoadTestMain probe --out "$out" "${options[@]}"
}

# Samples every process of a target: sample_target DIR PHASE, with $DIR/jvm-pids and
# $DIR/other-pids listing the PIDs. CPU time comes first, so the probe's own GC does not count.
# Samples CPU time and memory: sample_target DIR before|after. The memory probe of a JVM runs
# full collections, so the CPU time is read after them before the storm and ahead of them after
# it. The CPU per SA then covers the storm and the hold, not the probe's collections.
sample_target() {
    local dir="$1" phase="$2"
    if [[ "$phase" == after ]]; then
        sample_cpu "$dir" "$phase"
    fi
    # shellcheck disable=SC2046 # one PID per word
    probe "$dir/$phase-memory-jvm.jsonl" --gc $(cat "$dir/jvm-pids")
    # shellcheck disable=SC2046
    probe "$dir/$phase-memory-other.jsonl" $(cat "$dir/other-pids")
    if [[ "$phase" == before ]]; then
        sample_cpu "$dir" "$phase"
    fi
}

sample_cpu() {
    local dir="$1" phase="$2"
    # shellcheck disable=SC2046 # one PID per word
    probe "$dir/$phase-cpu.jsonl" $(cat "$dir/jvm-pids" "$dir/other-pids")
}

# Runs the generator once and waits for it: generate DIR NAME TARGET SOURCES TIME_LIMIT_S OPTIONS...
# Writes DIR/NAME.json and DIR/NAME.log.
generate() {
    local dir="$1" name="$2" target="$3" sources="$4" time_limit_s="$5" pid waited
    shift 5
    IKEC_LOADTEST_JAVA_OPTS="$GENERATOR_JAVA_OPTS" taskset -c "$GENERATOR_CPU" "${generator[@]}" --target "$target" --scenario storm --duration-s "$time_limit_s" \
        --proposal "$PROPOSAL" --esp-proposal "$ESP_PROPOSAL" --psk-env IKEC_BENCH_PSK --id-pattern "$ID_PATTERN" \
        --sources "$sources" --source-ports "$SOURCE_PORTS" --rekey-child-s 0 --rekey-ike-s 0 --liveness-s 0 \
        --nat-t --retransmit --jit-warmup-s "$generator_jit_warmup_s" --dh-reuse "$GENERATOR_DH_REUSE" \
        --out "$dir/$name.json" --progress-s 1 "$@" \
        > "$dir/$name.log" 2>&1 < /dev/null &
    pid=$!
    remember_pid generator "$pid"

    # The generator ends once every handshake is done, or at --duration-s; 60 s more cover its
    # start and its deletes.
    for ((waited = 0; waited < (time_limit_s + 60) * 2; waited++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "bench.sh: the generator did not finish within $((time_limit_s + 60))s; stopping it" >&2
    fi
    stop_pid "$pid"
    rm -f "$BENCH_WORK/pids/generator"
    [[ -s "$dir/$name.json" ]] || { echo "bench.sh: the generator wrote no $dir/$name.json" >&2; return 1; }
}

# Writes to DIR/udp-drops-PHASE the datagrams the kernel dropped so far because a receive
# buffer of the target's UDP sockets was full: record_udp_drops DIR PHASE. The command in
# udp_drop_probe counts them for the current target.
record_udp_drops() {
    "${udp_drop_probe[@]}" > "$1/udp-drops-$2"
}

# Runs the load against one target and samples it: measure DIR TARGET SOURCES JIT_WARMUP_SAS.
measure() {
    local dir="$1" target="$2" sources="$3" jit_warmup="$4" rate
    record_udp_drops "$dir" start
    if ((jit_warmup > 0)); then
        generate "$dir" jit-warmup "$target" "$sources" "$storm_s" --sas "$jit_warmup" --concurrency "$concurrency" \
            --no-delete-at-end
    fi
    # The warm-up: a storm whose SAs stay up, so that a JVM target has compiled its hot paths
    # before the first sample, and the measured SAs' memory is not taken from memory that deleted
    # SAs freed.
    generate "$dir" warmup "$target" "$sources" "$storm_s" --sas "$warmup_sas" --concurrency "$concurrency" \
        --no-delete-at-end
    sample_target "$dir" before

    generate "$dir" result "$target" "$sources" "$storm_s" --sas "$sas" --concurrency "$concurrency" --no-delete-at-end

    # The hold: the SAs stay up on the target, which neither rekeys nor checks liveness.
    sleep "$HOLD_S"
    sample_target "$dir" after

    # Setup latency at 80% of the storm's rate, open loop, with the storm's SAs still held. The
    # generator is a new JVM, and while its own code warms up it starts handshakes late, which the
    # open loop counts as latency. Handshakes of its first seconds count in every figure but that.
    # Its final deletes, about 120,000 at 256 in flight, take longer than the default 5 s.
    rate="$(python3 -c 'import json,sys; print(int(0.8 * (json.load(open(sys.argv[1])).get("established_per_s") or 0)))' "$dir/result.json")"
    if ((rate > 0)); then
        generate "$dir" rate80 "$target" "$sources" "$((rate80_warmup_s + rate80_s + 10))" \
            --sas "$((rate * (rate80_warmup_s + rate80_s)))" --rate "$rate" --latency-warmup-s "$rate80_warmup_s" \
            --delete-timeout-s 40
    fi
    record_udp_drops "$dir" end
}

# Runs one more storm against the node while async-profiler samples it: profile_node DIR PID.
profile_node() {
    local dir="$1" pid="$2" established
    "$here/profile.sh" start "$pid"
    generate "$dir" profile "$NODE_ADDRESS:500" 127.0.1.1-127.0.1.32 "$storm_s" --sas "$sas" --concurrency "$concurrency" \
        --no-delete-at-end
    established="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["established"])' "$dir/profile.json")"
    if ((established > 0)); then
        "$here/profile.sh" stop "$pid" "$dir/profile-node" --sas "$established"
    else
        "$here/profile.sh" stop "$pid" "$dir/profile-node"
    fi
    # The collapsed stacks, a few megabytes, stay in the work directory.
    mkdir -p "$results"
    cp "$dir/profile-node.html" "$dir/profile-node.md" "$results/"
    echo "bench.sh: wrote $results/profile-node.html and profile-node.md"
}

await_log_line() {
    local log="$1" pattern="$2" pid="$3" waited=0
    until grep -q "$pattern" "$log" 2>/dev/null; do
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 20 "$log" >&2
            echo "bench.sh: process $pid exited before it was ready; see $log" >&2
            return 1
        fi
        if ((waited >= NODE_READY_TIMEOUT_S * 2)); then
            echo "bench.sh: process $pid was not ready within ${NODE_READY_TIMEOUT_S}s; see $log" >&2
            return 1
        fi
        sleep 0.5
        waited=$((waited + 1))
    done
}

run_node() {
    local dir="$1" config="${2:-$BENCH_DIR/node.conf}" pid
    IKEC_JAVA_OPTS="$NODE_JAVA_OPTS" taskset -c "$TARGET_CPU" "$root/deploy/ikec" node --config "$config" > "$dir/node.log" 2>&1 < /dev/null &
    pid=$!
    remember_pid node "$pid"
    await_log_line "$dir/node.log" '^ikec node ready:' "$pid"
    echo "$pid" > "$dir/jvm-pids"
    : > "$dir/other-pids"

    udp_drop_probe=(python3 "$BENCH_DIR/udp_drops.py" "$NODE_ADDRESS")
    measure "$dir" "$NODE_ADDRESS:500" 127.0.1.1-127.0.1.32 "$jit_warmup_sas"
    if [[ "$profile" == yes && "$config" == "$BENCH_DIR/node.conf" ]]; then
        profile_node "$dir" "$pid"
    fi
    stop_pid "$pid"
    rm -f "$BENCH_WORK/pids/node"
}

run_node-dh-reuse() {
    run_node "$1" "$BENCH_DIR/node-dh-reuse.conf"
}

run_cluster() {
    local dir="$1" index pid master
    IKEC_JAVA_OPTS="$NODE_JAVA_OPTS" IKEC_CLUSTER_DIR="$BENCH_WORK/cluster-files" "$root/deploy/cluster.sh" up 3 --connections "$BENCH_DIR/connections.conf" \
        > "$dir/cluster.log" 2>&1 || { tail -n 20 "$dir/cluster.log" >&2; return 1; }

    : > "$dir/jvm-pids"
    : > "$dir/other-pids"
    for index in 1 2 3; do
        cat "$BENCH_WORK/cluster-files/node$index.pid" >> "$dir/jvm-pids"
    done
    master="$(cat "$BENCH_WORK/cluster-files/nginx.master.pid")"
    echo "$master" >> "$dir/other-pids"
    pgrep -P "$master" >> "$dir/other-pids" || true
    # cluster.sh starts the processes unpinned; move every thread of each to the target CPU.
    for pid in $(cat "$dir/jvm-pids" "$dir/other-pids"); do
        taskset -a -p -c "$TARGET_CPU" "$pid" > /dev/null
    done

    # nginx sends to the nodes from 127.0.0.10 too, so its upstream sockets count with it.
    udp_drop_probe=(python3 "$BENCH_DIR/udp_drops.py" "$BALANCER_ADDRESS" 127.0.0.11 127.0.0.12 127.0.0.13)
    measure "$dir" "$BALANCER_ADDRESS:500" 127.0.1.1-127.0.1.32 "$jit_warmup_sas"
    IKEC_CLUSTER_DIR="$BENCH_WORK/cluster-files" "$root/deploy/cluster.sh" down > /dev/null
}

run_strongswan() {
    local dir="$1"
    strongswan_network_up 198.51.100.10-198.51.100.41
    strongswan_start "$TARGET_CPU" "$strongswan_plugins" "$IKEC_BENCH_PSK" "$PROPOSAL" "$ESP_PROPOSAL" "$GATEWAY_ID"
    echo "$strongswan_pid" > "$dir/other-pids"
    : > "$dir/jvm-pids"

    # charon is the only process in its namespace, so every socket there is its own.
    udp_drop_probe=(ip netns exec "$strongswan_namespace" python3 "$BENCH_DIR/udp_drops.py")
    measure "$dir" "$STRONGSWAN_ADDRESS:500" 198.51.100.10-198.51.100.41 0
    strongswan_target_down
}

# Runs one target in a subshell with errexit, so a failure ends that target only.
run_target() {
    local target="$1" dir="$BENCH_WORK/$1"
    mkdir -p "$dir"
    echo "bench.sh: $target: $sas IKE SAs, at most $concurrency in flight, from $SOURCE_ADDRESSES addresses x $source_port_count ports ($(remaining_s)s of the time limit left)"
    # errexit does not apply inside a command whose status is tested, so test the status afterwards.
    local status
    set +e
    (set -e; "run_$target" "$dir") 2> >(tee "$dir/error.log" >&2)
    status=$?
    set -e
    if ((status != 0)); then
        echo "bench.sh: $target failed with status $status; its files are in $dir" >&2
        touch "$dir/failed"
    fi
    # A failed subshell may leave processes recorded only under pids/, so stop them before the next target.
    stop_started_processes
}

machine_info() {
    {
        echo "nproc=$(nproc)"
        echo "kernel=$(uname -r)"
        echo "cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
        echo "load_average=$(cut -d' ' -f1-3 /proc/loadavg)"
        echo "java=$(java -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')"
        echo "strongswan=$(dpkg-query -W -f '${Version}' strongswan-charon 2>/dev/null || echo unknown)"
        echo "nginx=$(nginx -v 2>&1 | sed 's/^nginx version: //')"
        echo "node_java_opts=$NODE_JAVA_OPTS"
        echo "generator_java_opts=$GENERATOR_JAVA_OPTS"
    } > "$BENCH_WORK/machine.txt"
}

machine_info
build
# Seconds a target needs besides the storm: its start and stop, the samples and the hold. The
# cluster starts three JVMs one after another on a shared core.
declare -A target_overhead_s=([strongswan]=30 [node]=60 [node-dh-reuse]=60 [cluster]=120)
if [[ "$profile" == yes ]]; then
    target_overhead_s[node]=$((target_overhead_s[node] + storm_s))
fi

for target in "${target_list[@]}"; do
    if (($(remaining_s) < storm_s + target_overhead_s[$target])); then
        echo "bench.sh: skipping $target: $(remaining_s)s of the ${limit_s}s time limit left" >&2
        mkdir -p "$BENCH_WORK/$target"
        echo "skipped: the time limit of ${limit_s}s was reached" > "$BENCH_WORK/$target/error.log"
        touch "$BENCH_WORK/$target/failed"
        continue
    fi
    run_target "$target"
done

mkdir -p "$results"
python3 "$BENCH_DIR/summarize.py" --work "$BENCH_WORK" --targets "$targets" --mode "$mode" \
    --proposal "$PROPOSAL" --esp-proposal "$ESP_PROPOSAL" --strongswan-plugins "$strongswan_plugins" --sas "$sas" --concurrency "$concurrency" \
    --storm-s "$storm_s" --hold-s "$HOLD_S" --out "$results/latest.json"

report_inputs=()
for target in "${target_list[@]}"; do
    if [[ -s "$BENCH_WORK/$target/result.json" && ! -f "$BENCH_WORK/$target/failed" ]]; then
        report_inputs+=("$target=$BENCH_WORK/$target/result.json")
    fi
done
if ((${#report_inputs[@]} > 0)); then
    java -Djava.awt.headless=true -cp "$classpath" org.ikec.loadtest.cli.LoadTestMain report \
        --in "$(IFS=,; echo "${report_inputs[*]}")" --html "$results/latest.html" --png "$results/latest.png"
    echo "bench.sh: wrote $results/latest.json, latest.html and latest.png"
else
    echo "bench.sh: no target produced a result; wrote only $results/latest.json" >&2
    exit 1
fi
