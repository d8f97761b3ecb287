package org.ikec.protocol.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** Hex and resource helpers for the crypto tests. */
final class TestBytes {

    private TestBytes() {
    }

    /** Decodes hex that may contain spaces. */
    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Reads a hex dump from src/test/resources/crypto. */
    static byte[] resource(String name) {
        try (InputStream in = TestBytes.class.getResourceAsStream("/crypto/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("test resource /crypto/" + name + " not found");
            }
            return hex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Strips the 4-byte non-ESP marker that precedes IKE messages on UDP port 4500 (RFC 3948 §2.2). */
    static byte[] withoutNonEspMarker(byte[] udpPayload) {
        return Arrays.copyOfRange(udpPayload, 4, udpPayload.length);
    }
}
