# Functions that run strongSwan's charon as a benchmark responder in a network namespace of its
# own. Sourced by bench.sh and check-strongswan.sh, which set BENCH_WORK (a private directory),
# and call strongswan_target_down from their EXIT trap. The namespace's name and charon's PID
# file are fixed for the sourcing shell, so the trap finds them even when a subshell made them.
#
# Addresses: the namespace gets 198.51.100.2/24 on one end of a veth pair, and the root namespace
# 198.51.100.1/24 on the other end plus the generator's source addresses. 198.51.100.0/24 is a
# documentation range (RFC 5737), so nothing outside this machine owns it.

readonly STRONGSWAN_CHARON=/usr/lib/ipsec/charon
readonly STRONGSWAN_ROOT_ADDRESS=198.51.100.1
readonly STRONGSWAN_ADDRESS=198.51.100.2
readonly STRONGSWAN_START_TIMEOUT_S=10

strongswan_namespace="ikebench-$$"
strongswan_link_root="ikbr$$"
strongswan_link_inner="ikbn$$"
strongswan_pid=""

# Creates the namespace and the veth pair, and adds the source addresses given as FIRST-LAST
# (for example 198.51.100.10-198.51.100.25, both in 198.51.100.0/24) on the root side.
strongswan_network_up() {
    local sources="$1" prefix first last index
    if ip -4 -o addr show | grep -q ' 198\.51\.100\.'; then
        echo "bench: 198.51.100.0/24 is already in use in the root namespace; remove it first" >&2
        return 1
    fi

    ip netns add "$strongswan_namespace"
    ip link add "$strongswan_link_root" type veth peer name "$strongswan_link_inner" netns "$strongswan_namespace"
    ip -n "$strongswan_namespace" link set lo up
    ip -n "$strongswan_namespace" addr add "$STRONGSWAN_ADDRESS/24" dev "$strongswan_link_inner"
    ip -n "$strongswan_namespace" link set "$strongswan_link_inner" up
    ip addr add "$STRONGSWAN_ROOT_ADDRESS/24" dev "$strongswan_link_root"
    ip link set "$strongswan_link_root" up

    first="${sources%-*}"
    last="${sources#*-}"
    prefix="${first%.*}"
    if [[ "$prefix" != 198.51.100 || "${last%.*}" != 198.51.100 ]]; then
        echo "bench: invalid source range '$sources'; give FIRST-LAST inside 198.51.100.0/24" >&2
        return 1
    fi
    first="${first##*.}"
    last="${last##*.}"
    for ((index = first; index <= last; index++)); do
        ip addr add "$prefix.$index/32" dev "$strongswan_link_root"
    done
}

# Renders a template, replacing each @NAME@ given as NAME=VALUE.
render_template() {
    local template="$1" output="$2" pair text
    shift 2
    text="$(cat "$template")"
    for pair in "$@"; do
        text="${text//@${pair%%=*}@/${pair#*=}}"
    done
    printf '%s\n' "$text" > "$output"
}

# Starts charon in the namespace, pinned to the CPUs given, and loads the benchmark connection.
# kernel_plugins is "kernel-libipsec kernel-netlink" or "kernel-netlink".
strongswan_start() {
    local cpus="$1" kernel_plugins="$2" psk="$3" proposal="$4" esp_proposal="$5" local_id="$6"
    local dir="$BENCH_WORK/charon" waited=0 folder

    mkdir -p "$dir/run"
    for folder in x509 x509ca x509ocsp x509aa x509ac x509crl pubkey private rsa ecdsa bliss pkcs8 pkcs12; do
        mkdir -p "$dir/$folder"
    done
    render_template "$BENCH_DIR/strongswan.conf.template" "$dir/strongswan.conf" \
        "KERNEL_PLUGINS=$kernel_plugins" "THREADS=16" "LOG_LEVEL=${STRONGSWAN_LOG_LEVEL:-0}" "VICI_SOCKET=$dir/run/charon.vici" "LOG_FILE=$dir/charon.log"
    render_template "$BENCH_DIR/swanctl.conf.template" "$dir/swanctl.conf" \
        "LOCAL_ADDRESS=$STRONGSWAN_ADDRESS" "PROPOSAL=$proposal" "ESP_PROPOSAL=$esp_proposal" \
        "LOCAL_ID=$local_id" "PSK=$psk"
    chmod 600 "$dir/swanctl.conf"
    printf 'swanctl {\n  load = nonce\n}\n' > "$dir/swanctl-client.conf"

    # charon writes /run/charon.pid and does not start while that names a live process, so it
    # gets a private mount namespace with its own directory over /run. ip netns exec, unshare,
    # sh and taskset all exec, so $! is charon's PID.
    ip netns exec "$strongswan_namespace" unshare --mount --propagation private sh -c \
        "mount --bind '$dir/run' /run && exec env STRONGSWAN_CONF='$dir/strongswan.conf' taskset -c $cpus $STRONGSWAN_CHARON" \
        > "$dir/charon.out" 2>&1 < /dev/null &
    strongswan_pid=$!
    echo "$strongswan_pid" > "$dir/charon.pid"

    while [[ ! -S "$dir/run/charon.vici" ]]; do
        if ! kill -0 "$strongswan_pid" 2>/dev/null; then
            cat "$dir/charon.out" "$dir/charon.log" 2>/dev/null | tail -n 20 >&2
            echo "bench: charon exited during start; see $dir" >&2
            return 1
        fi
        if ((waited >= STRONGSWAN_START_TIMEOUT_S * 10)); then
            echo "bench: charon's vici socket did not appear within ${STRONGSWAN_START_TIMEOUT_S}s; see $dir" >&2
            return 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    strongswan_swanctl --load-all --noprompt --file "$dir/swanctl.conf" > /dev/null
}

strongswan_swanctl() {
    local dir="$BENCH_WORK/charon"
    STRONGSWAN_CONF="$dir/swanctl-client.conf" swanctl "$1" --uri "unix://$dir/run/charon.vici" "${@:2}"
}

# Prints the number of established IKE SAs (total minus half-open) from charon's statistics.
strongswan_established() {
    strongswan_swanctl --stats 2>/dev/null | awk '/^IKE_SAs:/ { gsub(",", ""); print $2 - $4; found = 1 } END { if (!found) print 0 }'
}

strongswan_stop() {
    local file="$BENCH_WORK/charon/charon.pid"
    if [[ -f "$file" ]]; then
        stop_pid "$(cat "$file")"
        rm -f "$file"
    fi
    strongswan_pid=""
}

# Stops charon and deletes the namespace, which also deletes the veth pair and its addresses.
strongswan_target_down() {
    strongswan_stop
    if ip netns list | grep -q "^$strongswan_namespace\b"; then
        ip netns del "$strongswan_namespace"
    fi
    if ip link show "$strongswan_link_root" > /dev/null 2>&1; then
        ip link del "$strongswan_link_root"
    fi
}
