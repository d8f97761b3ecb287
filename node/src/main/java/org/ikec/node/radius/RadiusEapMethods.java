package org.ikec.node.radius;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.ikec.cluster.EapMethodFactory;
import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.config.SecretStore;
import org.ikec.protocol.eap.EapMethod;
import org.ikec.protocol.eap.EapStep;
import org.ikec.protocol.eap.RadiusEapMethod;

/**
 * Creates a {@link RadiusEapMethod} on {@code client} for peers of the connections with
 * {@code remote.auth = eap-radius}, and EAP-MSCHAPv2 against the local EAP users for the others.
 */
public final class RadiusEapMethods implements EapMethodFactory {

    private final RadiusClient client;
    private final String nasIdentifier;
    private final Set<String> radiusConnections;
    private final Supplier<IkeSettings> settings;

    /**
     * @param radiusConnections names of the connections whose peers authenticate through RADIUS
     * @param settings the IKE settings in force, whose connections the IKE SAs take their
     *     {@code remote} round from
     */
    public RadiusEapMethods(RadiusClient client, String nasIdentifier, Set<String> radiusConnections,
                            Supplier<IkeSettings> settings) {
        this.client = client;
        this.nasIdentifier = nasIdentifier;
        this.radiusConnections = Set.copyOf(radiusConnections);
        this.settings = settings;
    }

    @Override
    public EapMethod create(AuthConfig remote, SecretStore secrets, InetSocketAddress peer,
                            Consumer<EapStep> decided) {
        if (!usesRadius(remote)) {
            return LOCAL_USERS.create(remote, secrets, peer, decided);
        }
        return new RadiusEapMethod(client::send, nasIdentifier, peer.getAddress().getHostAddress(), decided);
    }

    /**
     * Finds the connection by the identity of its {@code remote} round, because a RADIUS round and
     * a local EAP round may hold equal values.
     */
    private boolean usesRadius(AuthConfig remote) {
        for (ConnectionConfig connection : settings.get().connections()) {
            if (connection.remote() == remote) {
                return radiusConnections.contains(connection.name());
            }
        }
        return false;
    }
}
