#!/usr/bin/env bash
# Runs a local ikec cluster on loopback behind an nginx UDP load balancer, for trying out and
# demonstrating several nodes on one machine. Needs root, because the nodes and nginx bind UDP 500.
#
#   cluster.sh up N [--transport tcp|aeron-udp] [--connections FILE] [--gateway]
#       starts N nodes (1 to 9) and nginx, and returns once every node is a cluster member.
#       --gateway adds one gateway-only node (ikec gateway) after them, as node N+1, so N is at
#       most 8 then. It serves every node's IKE SAs over SNMP on 127.0.0.10 UDP 16100,
#       community "public".
#   cluster.sh status   lists each node's cluster address, state and IKE SA count, via its ctl
#   cluster.sh down     stops nginx and the nodes by the PIDs recorded at start
#
# Node K listens on 127.0.0.1K (127.0.0.11, 127.0.0.12, ...): IKE on UDP 500 and 4500, Artery on
# port 25520, the management interface on TCP 7500 and Prometheus metrics on TCP 9095. Node 1 is
# the seed node of all of them.
# nginx listens on 127.0.0.10 UDP 500 and 4500 and spreads the datagrams over the nodes by a
# consistent hash of the client's address and port. Clients connect to 127.0.0.10.
#
# --connections FILE is HOCON with an ikec { connections {...} secrets {...} } section, included
# in every node's configuration. Without it the nodes accept the built-in demonstration
# connection: gateway identity gw.ikec.test, pre-shared key ikec-demo-psk.
#
# Files go to $IKEC_CLUSTER_DIR (default /tmp/ikec-cluster): node configurations, logs, PID files,
# the generated cluster secret (mode 0600) and nginx's own configuration, PID file and error log.
# The system's nginx service and its configuration are never touched.
#
# Limitation: nginx's UDP proxy cannot keep the client's source address here (proxy_bind
# $remote_addr transparent needs policy routing that sends the nodes' replies back through nginx),
# so a node sees nginx's address 127.0.0.10 and one of nginx's ports as the peer. The node replies
# to that address and nginx relays the reply to the client through the session it keeps for the
# client's address and port. strongSwan's NAT detection therefore reports a NAT and both sides move
# to UDP 4500. A session ends after proxy_timeout without datagrams; messages the node sends
# itself after that (liveness checks, rekeys) no longer reach the client.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work_dir="${IKEC_CLUSTER_DIR:-/tmp/ikec-cluster}"
ikec="$repo/deploy/ikec"

readonly BALANCER_ADDRESS=127.0.0.10
readonly SNMP_PORT=16100
readonly ARTERY_PORT=25520
readonly MANAGEMENT_PORT=7500
readonly MAX_NODES=9
readonly READY_TIMEOUT_SECONDS=90
readonly STOP_TIMEOUT_SECONDS=20
readonly NGINX_MODULE=/usr/lib/nginx/modules/ngx_stream_module.so
# nginx counts two connections for each UDP session: the client side and the upstream socket.
# An IKE client behind it has two sessions (UDP 500 for IKE_SA_INIT, then 4500 after NAT-T), so
# it takes four connections and two file descriptors. A session lives for proxy_timeout after its
# last datagram, so this bounds the clients that sent anything in the last 10 minutes: 65,536 of
# them. Past that nginx logs "worker_connections are not enough" and drops new clients' datagrams.
# nginx allocates every connection at start, about 0.5 KB each, so it takes about 150 MB at this
# value. NOTE: a load test that sets up more clients within 10 minutes needs
# IKEC_BALANCER_CONNECTIONS raised to four times that count.
readonly BALANCER_CONNECTIONS="${IKEC_BALANCER_CONNECTIONS:-262144}"

usage() {
    echo "usage: cluster.sh up N [--transport tcp|aeron-udp] [--connections FILE] [--gateway] | status | down" >&2
    exit 2
}

fail() {
    echo "cluster.sh: $*" >&2
    exit 1
}

node_address() {
    echo "127.0.0.1$1"
}

# Prints the PID in the file when that process is still running.
running_pid() {
    local file="$1" pid
    [[ -f "$file" ]] || return 1
    pid="$(cat "$file")"
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

node_count() {
    [[ -f "$work_dir/nodes" ]] || fail "no cluster in $work_dir; start one with 'cluster.sh up N'"
    cat "$work_dir/nodes"
}

# Prints the index of the gateway-only node, or nothing when the cluster has none.
gateway_index() {
    if [[ -f "$work_dir/gateway" ]]; then
        cat "$work_dir/gateway"
    fi
}

write_demo_connections() {
    cat > "$1" <<'EOF'
# The built-in demonstration connection: any client that authenticates with the pre-shared key.
ikec {
  connections {
    rw {
      proposals = ["aes256gcm16-prfsha256-x25519", "aes128-sha256-modp2048"]
      local { auth = psk, id = "gw.ikec.test" }
      remote { auth = psk, id = "%any" }
      dpd_delay = 30s
      children {
        net {
          local_ts = ["0.0.0.0/0"]
          remote_ts = ["dynamic"]
          esp_proposals = ["aes256gcm16", "aes128-sha256"]
        }
      }
    }
  }
  secrets { demo { id = "%any", secret = "ikec-demo-psk" } }
}
EOF
}

write_node_config() {
    local index="$1" transport="$2" connections="$3" secret="$4"
    local address
    address="$(node_address "$index")"
    cat > "$work_dir/node$index.conf" <<EOF
include file("$connections")
ikec {
  listen { addresses = ["$address"], port = 500, nat-port = 4500 }
  management { address = "$address", port = $MANAGEMENT_PORT }
  metrics { address = "$address" }
  cluster {
    address = "$address"
    port = $ARTERY_PORT
    seed-nodes = ["pekko://ikec@$(node_address 1):$ARTERY_PORT"]
    transport = $transport
  }
  cluster-secret = "$secret"
}
EOF
    chmod 600 "$work_dir/node$index.conf"
}

# A gateway-only node: no IKE sockets and no connections. The SNMP address is the balancer's
# address, which nginx does not use for UDP 16100, so a second gateway could share it as a standby.
write_gateway_config() {
    local index="$1" transport="$2" secret="$3"
    local address
    address="$(node_address "$index")"
    cat > "$work_dir/node$index.conf" <<EOF
ikec {
  management { address = "$address", port = $MANAGEMENT_PORT }
  metrics { address = "$address" }
  cluster {
    address = "$address"
    port = $ARTERY_PORT
    seed-nodes = ["pekko://ikec@$(node_address 1):$ARTERY_PORT"]
    transport = $transport
  }
  cluster-secret = "$secret"
  snmp { address = "$BALANCER_ADDRESS", port = $SNMP_PORT, community = "public" }
}
EOF
    chmod 600 "$work_dir/node$index.conf"
}

write_nginx_config() {
    local count="$1" index servers_ike="" servers_nat=""
    for ((index = 1; index <= count; index++)); do
        servers_ike+="        server $(node_address "$index"):500;"$'\n'
        servers_nat+="        server $(node_address "$index"):4500;"$'\n'
    done
    cat > "$work_dir/nginx.conf" <<EOF
# UDP load balancer in front of the local ikec nodes, written by deploy/cluster.sh.
load_module $NGINX_MODULE;
daemon off;
worker_processes 1;
worker_rlimit_nofile $((BALANCER_CONNECTIONS / 2 + 1024));
pid $work_dir/nginx.pid;
error_log $work_dir/nginx-error.log notice;

events {
    worker_connections $BALANCER_CONNECTIONS;
}

stream {
    # One session per client address and port. Every node can take any datagram, because the
    # nodes route each IKE message to the node that owns its SA by the SPI.
    upstream ike {
        hash \$remote_addr\$remote_port consistent;
$servers_ike    }
    upstream nat_t {
        hash \$remote_addr\$remote_port consistent;
$servers_nat    }

    # proxy_responses stays unlimited: besides one response per request, a node sends requests of
    # its own (liveness checks, rekeys) to the client through the same session. The listening
    # sockets get the 4 MB receive buffer the nodes use (the kernel caps it at net.core.rmem_max):
    # with the default, a storm of a million clients overflowed them about 8,500 times.
    server {
        listen $BALANCER_ADDRESS:500 udp rcvbuf=4m;
        proxy_pass ike;
        proxy_bind $BALANCER_ADDRESS;
        proxy_timeout 10m;
    }
    server {
        listen $BALANCER_ADDRESS:4500 udp rcvbuf=4m;
        proxy_pass nat_t;
        proxy_bind $BALANCER_ADDRESS;
        proxy_timeout 10m;
    }
}
EOF
}

start_node() {
    local index="$1" kind="${2:-node}"
    nohup "$ikec" "$kind" --config "$work_dir/node$index.conf" > "$work_dir/node$index.log" 2>&1 < /dev/null &
    echo $! > "$work_dir/node$index.pid"
}

await_ready() {
    local index="$1" waited=0
    while ! grep -q '^ikec node ready:' "$work_dir/node$index.log" 2>/dev/null; do
        if ! running_pid "$work_dir/node$index.pid" > /dev/null; then
            tail -n 20 "$work_dir/node$index.log" >&2 || true
            fail "node $index exited before it was ready; its log is $work_dir/node$index.log"
        fi
        if ((waited >= READY_TIMEOUT_SECONDS * 2)); then
            fail "node $index was not ready within ${READY_TIMEOUT_SECONDS}s; see $work_dir/node$index.log"
        fi
        sleep 0.5
        waited=$((waited + 1))
    done
}

up() {
    local count="" transport=tcp connections="" gateway=no
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --transport) transport="${2:-}"; shift 2 || usage ;;
            --connections) connections="${2:-}"; shift 2 || usage ;;
            --gateway) gateway=yes; shift ;;
            [0-9]*) count="$1"; shift ;;
            *) usage ;;
        esac
    done
    [[ "$count" =~ ^[1-9]$ ]] || fail "invalid node count '$count'; give a number from 1 to $MAX_NODES"
    if [[ "$gateway" == yes ]] && ((count >= MAX_NODES)); then
        fail "with --gateway the node count is at most $((MAX_NODES - 1)), because the gateway is node $((count + 1))"
    fi
    [[ "$transport" == tcp || "$transport" == aeron-udp ]] \
        || fail "invalid transport '$transport'; write tcp or aeron-udp"
    [[ "$(id -u)" -eq 0 ]] || fail "run as root: the nodes and nginx bind UDP port 500"
    [[ -f "$NGINX_MODULE" ]] || fail "nginx's stream module $NGINX_MODULE is missing; install libnginx-mod-stream"
    if [[ -f "$work_dir/nodes" ]]; then
        fail "a cluster is already recorded in $work_dir; stop it with 'deploy/ikec cluster down' first"
    fi

    mkdir -p "$work_dir"
    chmod 700 "$work_dir"
    if [[ -n "$connections" ]]; then
        [[ -r "$connections" ]] || fail "cannot read the connections file '$connections'"
        connections="$(cd "$(dirname "$connections")" && pwd)/$(basename "$connections")"
    else
        connections="$work_dir/connections.conf"
        write_demo_connections "$connections"
    fi
    local secret
    secret="0x$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"

    for ((index = 1; index <= count; index++)); do
        write_node_config "$index" "$transport" "$connections" "$secret"
    done
    write_nginx_config "$count"
    echo "$count" > "$work_dir/nodes"
    if [[ "$gateway" == yes ]]; then
        write_gateway_config $((count + 1)) "$transport" "$secret"
        echo $((count + 1)) > "$work_dir/gateway"
    fi

    # Builds the node once here, so that the nodes started below do not build it concurrently.
    "$ikec" ctl --help > /dev/null

    start_node 1
    await_ready 1
    for ((index = 2; index <= count; index++)); do
        start_node "$index"
    done
    for ((index = 2; index <= count; index++)); do
        await_ready "$index"
    done
    if [[ "$gateway" == yes ]]; then
        start_node $((count + 1)) gateway
        await_ready $((count + 1))
    fi

    nginx -t -q -p "$work_dir" -e "$work_dir/nginx-error.log" -c "$work_dir/nginx.conf"
    nohup nginx -p "$work_dir" -e "$work_dir/nginx-error.log" -c "$work_dir/nginx.conf" \
        > "$work_dir/nginx.out" 2>&1 < /dev/null &
    echo $! > "$work_dir/nginx.master.pid"

    echo "ikec cluster up: $count node(s) over $transport, clients connect to $BALANCER_ADDRESS UDP 500/4500"
    if [[ "$gateway" == yes ]]; then
        echo "SNMP gateway: node $((count + 1)), snmpbulkwalk -v2c -c public $BALANCER_ADDRESS:$SNMP_PORT"
    fi
    echo "files in $work_dir; 'deploy/ikec cluster status' lists the nodes, 'deploy/ikec cluster down' stops them"
}

status() {
    local count index address health sas last gateway
    count="$(node_count)"
    gateway="$(gateway_index)"
    last="${gateway:-$count}"
    if pid="$(running_pid "$work_dir/nginx.master.pid")"; then
        echo "nginx    pid $pid, $BALANCER_ADDRESS UDP 500/4500"
    else
        echo "nginx    not running"
    fi
    printf '%-6s %-15s %-32s %-8s %s\n' node address member status sas
    for ((index = 1; index <= last; index++)); do
        address="$(node_address "$index")"
        if ! running_pid "$work_dir/node$index.pid" > /dev/null; then
            printf '%-6s %-15s %-32s %-8s %s\n' "$index" "$address" - stopped -
            continue
        fi
        if [[ "$index" == "$gateway" ]]; then
            # A gateway-only node has no IKE SAs; 'ctl health' shows snmpAgentActive 1 while it serves SNMP.
            if ! health="$("$ikec" ctl --mgmt "$address:$MANAGEMENT_PORT" health 2>/dev/null)"; then
                printf '%-6s %-15s %-32s %-8s %s\n' "$index" "$address" - unreachable -
                continue
            fi
            printf '%-6s %-15s %-32s %-8s %s\n' "$index" "$address" \
                "$(awk '$1 == "node" { print $2 }' <<< "$health")" \
                "$(awk '$1 == "status" { print $2 }' <<< "$health")" gateway
            continue
        fi
        if ! health="$("$ikec" ctl --mgmt "$address:$MANAGEMENT_PORT" health 2>/dev/null)" \
            || ! sas="$("$ikec" ctl --mgmt "$address:$MANAGEMENT_PORT" list --json 2>/dev/null)"; then
            printf '%-6s %-15s %-32s %-8s %s\n' "$index" "$address" - unreachable -
            continue
        fi
        printf '%-6s %-15s %-32s %-8s %s\n' "$index" "$address" \
            "$(awk '$1 == "node" { print $2 }' <<< "$health")" \
            "$(awk '$1 == "status" { print $2 }' <<< "$health")" \
            "$(grep -o '"id" *:' <<< "$sas" | wc -l)"
    done

    # The membership as the cluster sees it, from the first node that answers.
    for ((index = 1; index <= count; index++)); do
        address="$(node_address "$index")"
        if "$ikec" ctl --mgmt "$address:$MANAGEMENT_PORT" members 2>/dev/null; then
            return 0
        fi
    done
    echo "no node answered; cluster membership unknown"
}

# Sends SIGTERM to the recorded process and waits for it to exit, then SIGKILL as a last resort.
stop_pid_file() {
    local file="$1" name="$2" pid waited=0
    if pid="$(running_pid "$file")"; then
        kill -TERM "$pid"
        while kill -0 "$pid" 2>/dev/null && ((waited < STOP_TIMEOUT_SECONDS * 2)); do
            sleep 0.5
            waited=$((waited + 1))
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "cluster.sh: $name (pid $pid) did not stop within ${STOP_TIMEOUT_SECONDS}s; killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
        echo "stopped $name (pid $pid)"
    fi
    rm -f "$file"
}

down() {
    local count index gateway
    count="$(node_count)"
    gateway="$(gateway_index)"
    stop_pid_file "$work_dir/nginx.master.pid" nginx
    for ((index = ${gateway:-$count}; index >= 1; index--)); do
        stop_pid_file "$work_dir/node$index.pid" "node $index"
    done
    rm -f "$work_dir/nodes" "$work_dir/gateway"
}

[[ $# -ge 1 ]] || usage
command="$1"
shift
case "$command" in
    up) up "$@" ;;
    status) [[ $# -eq 0 ]] || usage; status ;;
    down) [[ $# -eq 0 ]] || usage; down ;;
    *) usage ;;
esac
