package org.ikec.node.interop;

import java.util.ArrayList;
import java.util.List;

/**
 * A cluster lab: one gateway namespace with the load balancer's address and one address per node
 * on 198.51.100.0/24, a router namespace, and client namespaces that each reach the router over
 * their own veth pair on a /30 of 203.0.113.0/24. Each client owns an inner address on its
 * loopback interface in 192.0.2.64/26 for its CHILD SA's traffic selector; the gateway's inner
 * address is {@link #GATEWAY_INNER}. The router forwards without NAT, so the balancer sees every
 * client's own address.
 *
 * @param gatewayNamespace namespace of the balancer and the nodes
 * @param routerNamespace  namespace that forwards between the clients and the gateway
 * @param balancerAddress  address clients send IKE to
 * @param nodeAddresses    one address per node, in node order
 * @param clients          the client namespaces with their addresses, in client order
 */
record BalancedClusterTopology(String gatewayNamespace, String routerNamespace, String balancerAddress,
                               List<String> nodeAddresses, List<Client> clients) {

    static final String ROUTER_GATEWAY_SIDE = "198.51.100.1";
    static final String BALANCER_ADDRESS = "198.51.100.10";
    static final String GATEWAY_INNER = "192.0.2.129";
    static final String CLIENT_INNER_SUBNET = "192.0.2.64/26";
    static final int MAX_NODES = 9;
    static final int MAX_CLIENTS = 62;

    /**
     * One client namespace.
     *
     * @param namespace namespace of the client's charon
     * @param address   the client's outer address, the source of what the balancer receives
     * @param inner     inner address behind the client
     */
    record Client(String namespace, String address, String inner) {

        String innerSubnet() {
            return inner + "/32";
        }
    }

    BalancedClusterTopology {
        nodeAddresses = List.copyOf(nodeAddresses);
        clients = List.copyOf(clients);
    }

    /** Creates the namespaces, links, addresses and routes for {@code nodes} nodes and {@code clients} clients. */
    static BalancedClusterTopology create(NetworkLab lab, int nodes, int clients) {
        if (nodes < 1 || nodes > MAX_NODES || clients < 1 || clients > MAX_CLIENTS) {
            throw new IllegalArgumentException("expected 1 to " + MAX_NODES + " nodes and 1 to " + MAX_CLIENTS
                    + " clients, got " + nodes + " and " + clients);
        }
        String gateway = lab.addNamespace("gw");
        String router = lab.addNamespace("rt");

        NetworkLab.VethPair uplink = lab.connect(router, ROUTER_GATEWAY_SIDE + "/24", gateway, BALANCER_ADDRESS + "/24");
        List<String> nodeAddresses = new ArrayList<>();
        for (int node = 1; node <= nodes; node++) {
            String address = "198.51.100." + (10 + node);
            lab.addAddress(gateway, uplink.interfaceB(), address + "/24");
            nodeAddresses.add(address);
        }
        lab.addAddress(gateway, "lo", GATEWAY_INNER + "/32");
        lab.addRoute(gateway, "default", ROUTER_GATEWAY_SIDE);
        lab.enableForwarding(router);

        List<Client> clientList = new ArrayList<>();
        for (int index = 0; index < clients; index++) {
            String namespace = lab.addNamespace("c" + index);
            String routerSide = "203.0.113." + (4 * index + 1);
            String address = "203.0.113." + (4 * index + 2);
            lab.connect(router, routerSide + "/30", namespace, address + "/30");
            lab.addRoute(namespace, "default", routerSide);
            String inner = "192.0.2." + (65 + index);
            lab.addAddress(namespace, "lo", inner + "/32");
            clientList.add(new Client(namespace, address, inner));
        }

        return new BalancedClusterTopology(gateway, router, BALANCER_ADDRESS, nodeAddresses, clientList);
    }
}
