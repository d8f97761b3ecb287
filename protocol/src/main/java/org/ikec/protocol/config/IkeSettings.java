package org.ikec.protocol.config;

import java.time.Duration;
import java.util.List;

/**
 * Everything the IKE state machines take from configuration.
 *
 * @param cookieThreshold half-open IKE SAs on this node above which IKE_SA_INIT requires a cookie
 * @param retransmitTimeout first retransmission timeout of a request we sent
 * @param retransmitBase factor applied to the timeout for every retry
 * @param retransmitTries retransmissions before the peer is declared dead
 * @param halfOpenTimeout time a responder keeps an IKE SA that has not completed IKE_AUTH
 */
public record IkeSettings(List<ConnectionConfig> connections, SecretStore secrets, int cookieThreshold,
                          Duration retransmitTimeout, double retransmitBase, int retransmitTries,
                          Duration halfOpenTimeout) {

    public IkeSettings {
        connections = List.copyOf(connections);
    }
}
