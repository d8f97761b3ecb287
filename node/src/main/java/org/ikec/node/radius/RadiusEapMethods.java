package org.ikec.node.radius;

import java.net.InetSocketAddress;
import java.util.function.Consumer;

import org.ikec.cluster.EapMethodFactory;
import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.SecretStore;
import org.ikec.protocol.eap.EapMethod;
import org.ikec.protocol.eap.EapStep;
import org.ikec.protocol.eap.RadiusEapMethod;

/**
 * Creates a {@link RadiusEapMethod} on {@code client} for peers of the connections with
 * {@code remote.auth = eap-radius}, and the gateway's own methods for the others.
 */
public final class RadiusEapMethods implements EapMethodFactory {

    private final RadiusClient client;
    private final String nasIdentifier;

    public RadiusEapMethods(RadiusClient client, String nasIdentifier) {
        this.client = client;
        this.nasIdentifier = nasIdentifier;
    }

    @Override
    public EapMethod create(ConnectionConfig connection, SecretStore secrets, InetSocketAddress peer,
                            Consumer<EapStep> decided) {
        if (!AuthConfig.EAP_RADIUS.equals(connection.remote().method())) {
            return LOCAL.create(connection, secrets, peer, decided);
        }
        return new RadiusEapMethod(client::send, nasIdentifier, peer.getAddress().getHostAddress(), decided);
    }
}
