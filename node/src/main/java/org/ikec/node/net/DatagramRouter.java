package org.ikec.node.net;

import java.net.InetSocketAddress;

import org.ikec.cluster.IkeCluster.RouteResult;

/**
 * Takes one IKE message (without a non-ESP marker) off the UDP layer. The node binds this to
 * {@code IkeCluster.route} with its egress actor; tests pass a lambda.
 */
@FunctionalInterface
public interface DatagramRouter {

    RouteResult route(byte[] message, InetSocketAddress remote, InetSocketAddress local);
}
