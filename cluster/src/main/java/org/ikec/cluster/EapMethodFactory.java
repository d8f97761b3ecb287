package org.ikec.cluster;

import java.net.InetSocketAddress;
import java.util.function.Consumer;

import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.SecretStore;
import org.ikec.protocol.eap.EapMethod;
import org.ikec.protocol.eap.EapStep;
import org.ikec.protocol.eap.LocalEapMethods;

/**
 * Creates the EAP method that authenticates one peer in IKE_AUTH (RFC 7296 §2.16). A
 * pass-through method returns {@link EapStep.Pending} and later hands its backend's step to
 * {@code decided}, from any thread. The IKE SA's entity then continues the EAP rounds.
 */
@FunctionalInterface
public interface EapMethodFactory {

    /** The methods the gateway runs itself: EAP-TLS, or EAP-MSCHAPv2 against the local EAP users. */
    EapMethodFactory LOCAL = (connection, secrets, peer, decided) -> LocalEapMethods.create(connection, secrets);

    EapMethod create(ConnectionConfig connection, SecretStore secrets, InetSocketAddress peer,
                     Consumer<EapStep> decided);
}
