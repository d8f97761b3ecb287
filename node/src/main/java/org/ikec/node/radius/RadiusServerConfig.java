package org.ikec.node.radius;

import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Objects;

/**
 * One RADIUS authentication server the client may use.
 *
 * @param address      server address and UDP port, usually 1812
 * @param sharedSecret secret shared with that server (RFC 2865 §3)
 * @param timeout      time to wait for a response before sending the request again
 * @param tries        transmissions of one request, the first included, before the client
 *                     marks the server dead and fails over to the next one
 */
public record RadiusServerConfig(InetSocketAddress address, byte[] sharedSecret, Duration timeout, int tries) {

    public RadiusServerConfig {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("RADIUS server address " + address + " is unresolved");
        }
        if (sharedSecret.length == 0) {
            throw new IllegalArgumentException("RADIUS server " + address + " needs a non-empty shared secret");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("RADIUS server " + address + " timeout must be positive, not "
                    + timeout);
        }
        if (tries < 1) {
            throw new IllegalArgumentException("RADIUS server " + address + " tries must be at least 1, not " + tries);
        }
        sharedSecret = sharedSecret.clone();
    }

    @Override
    public byte[] sharedSecret() {
        return sharedSecret.clone();
    }

    /** Compares the shared secrets by content, in time that does not depend on where they differ. */
    @Override
    public boolean equals(Object other) {
        return other instanceof RadiusServerConfig that && address.equals(that.address)
                && MessageDigest.isEqual(sharedSecret, that.sharedSecret) && timeout.equals(that.timeout)
                && tries == that.tries;
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, timeout, tries);
    }

    /** Leaves out the shared secret. */
    @Override
    public String toString() {
        return "RadiusServerConfig[" + address + ", timeout=" + timeout + ", tries=" + tries + "]";
    }
}
