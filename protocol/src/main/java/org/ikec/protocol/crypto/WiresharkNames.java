package org.ikec.protocol.crypto;

/**
 * Algorithm names as the IKEv2 decryption table of Wireshark spells them, taken from the strings of
 * Wireshark 4.0 (Debian 12).
 */
final class WiresharkNames {

    private WiresharkNames() {
    }

    static String encryption(int encrId, int keyBits) {
        return switch (encrId) {
            case Algorithms.ENCR_3DES -> "3DES [RFC2451]";
            case Algorithms.ENCR_AES_CBC -> "AES-CBC-" + keyBits + " [RFC3602]";
            case Algorithms.ENCR_AES_GCM_16 -> "AES-GCM-" + keyBits + " with 16 octet ICV [RFC5282]";
            // NOTE: Wireshark 4.0 has no ChaCha20-Poly1305 entry in this table and rejects such a
            // line. The name is printed for people who read the key log.
            case Algorithms.ENCR_CHACHA20_POLY1305 -> "CHACHA20-POLY1305 [RFC7634]";
            default -> "ENCR_" + encrId;
        };
    }

    static String integrity(int integId) {
        return switch (integId) {
            case Algorithms.AUTH_NONE -> "NONE [RFC4306]";
            case Algorithms.AUTH_HMAC_SHA1_96 -> "HMAC_SHA1_96 [RFC2404]";
            case Algorithms.AUTH_HMAC_SHA2_256_128 -> "HMAC_SHA2_256_128 [RFC4868]";
            case Algorithms.AUTH_HMAC_SHA2_384_192 -> "HMAC_SHA2_384_192 [RFC4868]";
            case Algorithms.AUTH_HMAC_SHA2_512_256 -> "HMAC_SHA2_512_256 [RFC4868]";
            default -> "AUTH_" + integId;
        };
    }
}
