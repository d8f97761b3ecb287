package org.ikec.loadtest.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The IKE messages of one strongSwan 5.9.8 handshake (aes256gcm16-prfsha256-x25519, PSK), read
 * from the classpath resource {@code bench/strongswan-handshake.hex}. Each line of that file holds
 * a name, the UDP port and the payload in hex; on port 4500 the 4-byte non-ESP marker
 * (RFC 3948 §2.2) is removed here so that every message starts with the IKE header.
 */
final class CapturedMessages {

    private static final String RESOURCE = "/bench/strongswan-handshake.hex";
    private static final int NON_ESP_MARKER_LENGTH = 4;

    private CapturedMessages() {
    }

    /** Returns the IKE message named {@code name}, for example {@code ike-auth-request}. */
    static byte[] message(String name) {
        for (String line : resourceText().split("\n")) {
            String[] fields = line.trim().split(" ");
            if (line.startsWith("#") || fields.length != 3 || !fields[0].equals(name)) {
                continue;
            }

            byte[] udpPayload = HexFormat.of().parseHex(fields[2]);
            if (fields[1].equals("4500")) {
                return Arrays.copyOfRange(udpPayload, NON_ESP_MARKER_LENGTH, udpPayload.length);
            }
            return udpPayload;
        }
        throw new IllegalArgumentException("no message named " + name + " in " + RESOURCE);
    }

    private static String resourceText() {
        try (InputStream in = CapturedMessages.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
