package org.ikec.cluster;

/**
 * The IKE SA shards on one node.
 *
 * @param node the node's cluster address, as {@code host:port}
 * @param shards the number of shards the node hosts
 * @param entities the number of IKE SA entities running in them
 * @param ikeSas the number of IKE SAs in the node's SA directory, -1 when it did not reply in time
 */
public record ShardInfo(String node, int shards, int entities, int ikeSas) {
}
