package org.ikec.protocol.config;

import java.time.Duration;
import java.util.List;

/**
 * A CHILD SA template, as a swanctl {@code children} section.
 *
 * @param espProposals proposals in swanctl syntax, for example {@code aes256gcm16-x25519}; a key
 *     exchange group here turns on PFS for rekeys
 * @param rekeyTime time after which the CHILD SA is rekeyed, before jitter; zero turns rekeying off
 * @param lifeTime hard lifetime after which the CHILD SA is deleted
 * @param randTime the maximum random time subtracted from {@code rekeyTime}
 * @param mode {@code tunnel} or {@code transport}
 */
public record ChildConfig(String name, List<String> espProposals, List<TrafficSelectorSpec> localTs,
                          List<TrafficSelectorSpec> remoteTs, Duration rekeyTime, Duration lifeTime,
                          Duration randTime, String mode) {

    public ChildConfig {
        espProposals = List.copyOf(espProposals);
        localTs = List.copyOf(localTs);
        remoteTs = List.copyOf(remoteTs);
    }
}
