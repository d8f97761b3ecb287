#!/usr/bin/env bash
# Checks the strongSwan responder of bench.sh without the load generator: a second charon, in a
# second namespace, initiates N IKE SAs with one CHILD SA each to it, using the benchmark's
# identities, proposals and pre-shared key. Prints the time until all are established on the
# responder and the responder's CPU time and resident memory growth per IKE SA.
#
# Usage: loadtest/bench/check-strongswan.sh [N] [libipsec|netlink]     (as root)
#   N         IKE SAs to initiate, 200 by default
#   libipsec  the responder loads kernel-libipsec and kernel-netlink (the default)
#   netlink   the responder loads kernel-netlink only, so it cannot install CHILD SAs here
#
# The initiator's namespace is linked straight to the responder's namespace by a second veth
# pair (203.0.113.0/24), so nothing is routed through the root namespace.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
count="${1:-200}"
kernel="${2:-libipsec}"
readonly PROPOSAL=aes256gcm16-prfsha256-x25519
readonly ESP_PROPOSAL=aes256gcm16
readonly LOCAL_ID=gw.loadtest.example
readonly WAIT_S=120

case "$kernel" in
    libipsec) kernel_plugins="kernel-libipsec kernel-netlink" ;;
    netlink) kernel_plugins="kernel-netlink" ;;
    *) echo "usage: $0 [N] [libipsec|netlink]" >&2; exit 2 ;;
esac
[[ "$count" =~ ^[1-9][0-9]*$ ]] || { echo "check-strongswan.sh: invalid count '$count'; give a positive number" >&2; exit 2; }
[[ $EUID -eq 0 ]] || { echo "check-strongswan.sh must run as root because it creates network namespaces" >&2; exit 1; }

# shellcheck source=common.sh
source "$BENCH_DIR/common.sh"
# shellcheck source=strongswan-target.sh
source "$BENCH_DIR/strongswan-target.sh"

BENCH_WORK="$(mktemp -d /tmp/ikebench-check.XXXXXX)"
initiator_namespace="ikebench-i-$$"
initiator_namespace_created=""
initiator_pid=""

cleanup() {
    if [[ -n "$initiator_pid" ]]; then stop_pid "$initiator_pid"; fi
    if [[ -n "$initiator_namespace_created" ]]; then ip netns del "$initiator_namespace" 2>/dev/null || true; fi
    strongswan_target_down
    echo "files kept in $BENCH_WORK"
}
trap cleanup EXIT

psk="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

strongswan_network_up 198.51.100.10-198.51.100.10
ip netns add "$initiator_namespace"
initiator_namespace_created=yes
ip -n "$initiator_namespace" link set lo up
ip -n "$strongswan_namespace" link add ikbc$$ type veth peer name ikbi$$ netns "$initiator_namespace"
ip -n "$strongswan_namespace" addr add 203.0.113.2/24 dev ikbc$$
ip -n "$strongswan_namespace" link set ikbc$$ up
ip -n "$initiator_namespace" addr add 203.0.113.1/24 dev ikbi$$
ip -n "$initiator_namespace" link set ikbi$$ up
ip -n "$initiator_namespace" route add "$STRONGSWAN_ADDRESS/32" dev ikbi$$

strongswan_start 1 "$kernel_plugins" "$psk" "$PROPOSAL" "$ESP_PROPOSAL" "$LOCAL_ID"

# The initiator: one connection per client identity.
dir="$BENCH_WORK/initiator"
mkdir -p "$dir/run"
for folder in x509 x509ca x509ocsp x509aa x509ac x509crl pubkey private rsa ecdsa bliss pkcs8 pkcs12; do
    mkdir -p "$dir/$folder"
done
sed -e "s|@KERNEL_PLUGINS@|kernel-libipsec kernel-netlink|; s|@THREADS@|16|; s|@LOG_LEVEL@|1|" \
    -e "s|@VICI_SOCKET@|$dir/run/charon.vici|; s|@LOG_FILE@|$dir/charon.log|" \
    "$BENCH_DIR/strongswan.conf.template" > "$dir/strongswan.conf"
# A new IKE SA for every connection, and a log that shows CHILD SA failures.
sed -i -e 's/^\(\s*ikesa_table_size = .*\)$/\1\n    reuse_ikesa = no/' "$dir/strongswan.conf"
{
    echo "connections {"
    for ((index = 1; index <= count; index++)); do
        cat <<CONF
    c$index {
        version = 2
        local_addrs = 203.0.113.1
        remote_addrs = $STRONGSWAN_ADDRESS
        proposals = $PROPOSAL
        send_certreq = no
        mobike = no
        local { auth = psk
            id = client$index@loadtest.example }
        remote { auth = psk
            id = $LOCAL_ID }
        children { c$index { remote_ts = 0.0.0.0/0
            esp_proposals = $ESP_PROPOSAL } }
    }
CONF
    done
    echo "}"
    printf 'secrets {\n    ike-bench {\n        id = %s\n        secret = "%s"\n    }\n}\n' "$LOCAL_ID" "$psk"
} > "$dir/swanctl.conf"
chmod 600 "$dir/swanctl.conf"
ip netns exec "$initiator_namespace" unshare --mount --propagation private sh -c \
    "mount --bind '$dir/run' /run && exec env STRONGSWAN_CONF='$dir/strongswan.conf' taskset -c 0 $STRONGSWAN_CHARON" \
    > "$dir/charon.out" 2>&1 < /dev/null &
initiator_pid=$!
for ((waited = 0; waited < 100; waited++)); do
    [[ -S "$dir/run/charon.vici" ]] && break
    sleep 0.1
done
initiator_swanctl() {
    STRONGSWAN_CONF="$BENCH_WORK/charon/swanctl-client.conf" swanctl "$1" --uri "unix://$dir/run/charon.vici" "${@:2}"
}
initiator_swanctl --load-all --noprompt --file "$dir/swanctl.conf" > /dev/null

rss_before="$(awk '/^VmRSS:/ { print $2 * 1024 }' "/proc/$strongswan_pid/status")"
cpu_before="$(cpu_seconds "$strongswan_pid")"
started="$(now_ms)"
seq 1 "$count" | xargs -P 8 -I{} env STRONGSWAN_CONF="$BENCH_WORK/charon/swanctl-client.conf" \
    swanctl --initiate --uri "unix://$dir/run/charon.vici" --ike c{} --child c{} --timeout -1 > /dev/null
while (( $(strongswan_established) < count )); do
    if (( $(now_ms) - started > WAIT_S * 1000 )); then
        echo "timed out after ${WAIT_S}s with $(strongswan_established) of $count IKE SAs established" >&2
        break
    fi
    sleep 0.2
done
elapsed_ms=$(( $(now_ms) - started ))
established="$(strongswan_established)"
rss_after="$(awk '/^VmRSS:/ { print $2 * 1024 }' "/proc/$strongswan_pid/status")"
cpu_after="$(cpu_seconds "$strongswan_pid")"

strongswan_swanctl --list-sas --noblock 2>/dev/null | head -n 8 || true
echo "responder kernel plugins: $kernel_plugins"
echo "established IKE SAs on the responder: $established of $count in $elapsed_ms ms"
echo "CHILD SAs installed on the responder: $(strongswan_swanctl --list-sas --raw 2>/dev/null | grep -o 'state=INSTALLED' | wc -l)"
echo "CHILD SAs installed on the initiator: $(initiator_swanctl --list-sas --raw 2>/dev/null | grep -o 'state=INSTALLED' | wc -l)"
awk -v a="$cpu_before" -v b="$cpu_after" -v n="$established" 'BEGIN { if (n > 0) printf "responder CPU: %.2f s, %.3f ms per IKE SA\n", b - a, (b - a) * 1000 / n }'
awk -v a="$rss_before" -v b="$rss_after" -v n="$established" 'BEGIN { if (n > 0) printf "responder resident memory growth: %d bytes, %d per IKE SA\n", b - a, (b - a) / n }'
