package org.ikec.cluster.pool;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of {@link ClusterAddressPools#reconfigure}: every pool not named here has its new
 * definition.
 *
 * @param rejected for each pool that keeps its running definition, the reason, in pool name order
 */
public record PoolChanges(Map<String, String> rejected) {

    public PoolChanges {
        rejected = Collections.unmodifiableMap(new LinkedHashMap<>(rejected));
    }

    public Set<String> rejectedPools() {
        return rejected.keySet();
    }
}
