package org.ikec.protocol.ike;

import java.net.InetSocketAddress;
import java.util.List;

import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.SecretStore;
import org.ikec.protocol.eap.EapMethod;
import org.ikec.protocol.eap.LocalEapMethods;
import org.ikec.protocol.vip.Lease;
import org.ikec.protocol.vip.LeaseRequest;

/** Receives what an {@link IkeSa} does to the outside world: datagrams to send and lifecycle events. */
public interface IkeSaListener {

    void send(byte[] datagram, InetSocketAddress local, InetSocketAddress remote);

    void established(IkeSa sa);

    void childSaInstalled(IkeSa sa, ChildSa child);

    void childSaRemoved(IkeSa sa, ChildSa child);

    /** The IKE SA was rekeyed; {@code successor} carries on with new SPIs and the CHILD SAs. */
    void rekeyed(IkeSa predecessor, IkeSa successor);

    /** The IKE SA is gone; its CHILD SAs have been reported removed before this call. */
    void closed(IkeSa sa, String reason);

    /**
     * Requests the virtual IP addresses that a responder's IKE_AUTH request names (RFC 7296 §2.19).
     * The IKE_AUTH response waits until the owner calls {@link IkeSa#addressesLeased} on the IKE
     * SA's own thread. A listener that serves connections with pools must implement this, because
     * by default nothing replies and the IKE SA ends at the half-open timeout.
     */
    default void addressesRequested(IkeSa sa, LeaseRequest request) {
    }

    /**
     * Returns the IKE SA's leased addresses, once, when it is closed. An IKE SA rekey passes the
     * leases to its successor instead, and an exported IKE SA carries them in its state.
     *
     * @param owner the IKE SA id that {@link LeaseRequest#saId()} named when the addresses were leased
     */
    default void addressesReleased(IkeSa sa, String owner, List<Lease> leases) {
    }

    /** Returns where the IKE SA reports handshakes, latencies and retransmissions; by default nowhere. */
    default IkeEvents events() {
        return IkeEvents.NONE;
    }

    /**
     * Tells whether the IKE SA logs its keys and its CHILD SAs' keys, for decrypting captures.
     * Nothing else logs key material; by default it is off.
     */
    default boolean logKeys() {
        return false;
    }

    /**
     * Creates the EAP method that authenticates a peer whose connection's {@code remote} round uses
     * EAP. By default that is one the gateway runs itself ({@link LocalEapMethods}): EAP-TLS, or
     * EAP-MSCHAPv2 against the local EAP users in {@code secrets}. A
     * pass-through method may return {@link org.ikec.protocol.eap.EapStep.Pending}, and its owner then
     * delivers the backend's step with {@link IkeSa#continueEap}.
     */
    default EapMethod eapMethod(ConnectionConfig connection, SecretStore secrets) {
        return LocalEapMethods.create(connection, secrets);
    }
}
