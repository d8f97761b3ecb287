package org.ikec.node;

import org.ikec.node.config.NodeConfig;
import org.ikec.protocol.config.ConnectionConfig;

/**
 * The "how to connect" text printed after the ready line when the built-in demo configuration is
 * in use. It prints the demo PSK on purpose: that key is public and for trying the node out.
 */
final class DemoHint {

    private DemoHint() {
    }

    static String text(NodeConfig config) {
        ConnectionConfig rw = config.ike().connections().get(0);
        String esp = rw.children().isEmpty() ? "" : rw.children().get(0).espProposals().get(0);
        return String.join("\n",
                "built-in demo configuration (not for production); to connect a strongSwan client:",
                "  gateway id  " + rw.local().id() + "   (swanctl: remote { auth = psk, id = " + rw.local().id() + " })",
                "  PSK         ikec-demo-psk   (any client identity)",
                "  proposals   " + rw.proposals().get(0) + "   esp_proposals " + esp,
                "");
    }
}
