package org.ikec.protocol.ike;

import java.net.InetSocketAddress;
import java.util.List;

import org.ikec.protocol.auth.SignatureKey;
import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.crypto.ChildKeys;
import org.ikec.protocol.crypto.ChildSuite;
import org.ikec.protocol.crypto.IkeKeyMaterial;
import org.ikec.protocol.vip.Lease;
import org.ikec.protocol.wire.TrafficSelector;

/**
 * Everything another process needs to continue an IKE SA (RFC 7296) from where
 * {@link IkeSa#exportState()} left it: SPIs, proposal, SK_* values, message IDs with the cached
 * last response (§2.1-2.2), endpoints, identities, lifetimes and the CHILD SAs with their keys.
 *
 * <p>The record contains secrets, so code that stores or sends it must protect it. Its toString
 * prints no key. AEAD IV counters are not part of it, because the restored ciphers start their
 * counters at fresh random values, which keeps IVs under one key from repeating except with
 * negligible probability. Times are absolute, in milliseconds since the epoch.
 *
 * @param nonceI Ni of IKE_SA_INIT, kept like {@code initRequest}; null once established
 * @param nonceR Nr of IKE_SA_INIT, kept like {@code initRequest}; null once established
 * @param initRequest our peer's or our IKE_SA_INIT request, kept until IKE_AUTH signs it; null once established
 * @param initResponse the IKE_SA_INIT response, kept like {@code initRequest}
 * @param connectionName the connection configuration, looked up by name on restore; null before IKE_AUTH
 * @param localId our identity, null before IKE_AUTH
 * @param remoteId the peer's identity, null before IKE_AUTH
 * @param lastResponseId the message ID of {@code lastResponse}, -1 when none was sent
 * @param lastResponse our last response, sent again for a retransmitted request; null when none
 * @param outstanding our request that was waiting for its response, null when none
 * @param ikeRekeyAtMillis when we start an IKE SA rekey, {@link Long#MAX_VALUE} for never
 * @param ikeExpireAtMillis when the IKE SA is deleted if not rekeyed, {@link Long#MAX_VALUE} for never
 * @param rekeyedAtMillis when a rekey replaced this IKE SA, 0 unless the state is REKEYED
 * @param traffic the tunnel's IKE traffic counts, which the restored IKE SA continues
 * @param leases the virtual IP addresses leased to the peer, which the restored IKE SA keeps
 * @param leaseOwner the IKE SA id the leases were requested under, null when none were requested
 * @param eapInterrupted whether IKE_AUTH was in the middle of its EAP rounds, whose state is not exported
 * @param peerSignatureKey the kind of key the peer signed its AUTH payload with, null when it did not sign
 */
public record IkeSaState(boolean originalInitiator, long spiI, long spiR, SelectedProposal proposal,
                         IkeKeyMaterial.Exported keys, byte[] nonceI, byte[] nonceR, byte[] initRequest,
                         byte[] initResponse, InetSocketAddress local, InetSocketAddress remote,
                         boolean natDetected, String connectionName, IkeIdentity localId, IkeIdentity remoteId,
                         IkeSa.State state, long createdAtMillis, long establishedAtMillis, long lastInboundMillis,
                         long expectedRequestId, long nextRequestId, long lastResponseId, byte[] lastResponse,
                         OutstandingRequest outstanding, long ikeRekeyAtMillis, long ikeExpireAtMillis,
                         long rekeyedAtMillis, IkeTraffic traffic, List<Child> children, List<Lease> leases,
                         String leaseOwner, boolean eapInterrupted,
                         SignatureKey peerSignatureKey) {

    public IkeSaState {
        children = List.copyOf(children);
        leases = leases == null ? List.of() : List.copyOf(leases);
    }

    /**
     * A request of ours that was sent but not answered when the state was exported. The restored
     * IKE SA sends the same bytes again under the same message ID, so the peer either handles it
     * for the first time or answers with its cached response (§2.1).
     *
     * @param deletesIkeSa whether the request deletes the IKE SA, so that its response closes it
     */
    public record OutstandingRequest(long messageId, int exchangeType, byte[] datagram, boolean deletesIkeSa) {
    }

    /**
     * One CHILD SA with the fields of {@link ChildSa}, its template named instead of embedded.
     *
     * @param configName the name of the CHILD SA template within the IKE SA's connection
     */
    public record Child(String configName, int inboundSpi, int outboundSpi, ChildSuite suite, String proposal,
                        boolean transportMode, boolean initiatedByPeer, List<TrafficSelector> localTs,
                        List<TrafficSelector> remoteTs, ChildKeys keys, long installedAtMillis,
                        long rekeyAtMillis, long expireAtMillis) {

        public Child {
            localTs = List.copyOf(localTs);
            remoteTs = List.copyOf(remoteTs);
        }

        static Child of(ChildSa child) {
            return new Child(child.name(), child.inboundSpi(), child.outboundSpi(), child.suite(), child.proposal(),
                    child.transportMode(), child.initiatedByPeer(), child.localTs(), child.remoteTs(),
                    child.keys(), child.installedAtMillis(), child.rekeyAtMillis(), child.expireAtMillis());
        }

        ChildSa toChildSa(ChildConfig config) {
            return new ChildSa(config, inboundSpi, outboundSpi, suite, proposal, transportMode, initiatedByPeer,
                    localTs, remoteTs, keys, installedAtMillis, rekeyAtMillis, expireAtMillis);
        }

        @Override
        public String toString() {
            return "IkeSaState.Child[" + configName + " in=" + Integer.toHexString(inboundSpi)
                    + " out=" + Integer.toHexString(outboundSpi) + " " + proposal + "]";
        }
    }

    @Override
    public String toString() {
        return "IkeSaState[" + (connectionName == null ? "" : connectionName)
                + String.format(" %016x_i %016x_r ", spiI, spiR) + state + ", " + children.size() + " CHILD SAs]";
    }
}
