package org.ikec.protocol.crypto;

/**
 * Transform type and transform ID numbers from the IANA "Internet Key Exchange Version 2 (IKEv2)
 * Parameters" registry (RFC 7296 §3.3.2), the subset this implementation supports, and their
 * strongSwan-style names for logs and configuration.
 *
 * <p>Supported: ENCR AES-CBC (RFC 3602) and AES-GCM with a 16-octet ICV (RFC 5282) with 128, 192 or
 * 256-bit keys, ChaCha20-Poly1305 (RFC 7634); PRF and integrity HMAC-SHA2 (RFC 4868); key exchange
 * MODP-2048 (RFC 3526), ECP-256 and ECP-384 (RFC 5903) and Curve25519 (RFC 8031).
 *
 * <p>Also supported, for native clients that offer nothing stronger, and weak by {@link #isWeak}:
 * ENCR_3DES (RFC 2451), PRF_HMAC_SHA1 and AUTH_HMAC_SHA1_96 (RFC 2404), and MODP-1024 (RFC 2409
 * §6.2, group 2).
 */
public final class Algorithms {

    public static final int TYPE_ENCR = 1;
    public static final int TYPE_PRF = 2;
    public static final int TYPE_INTEG = 3;
    public static final int TYPE_KE = 4;
    public static final int TYPE_ESN = 5;

    public static final int ENCR_3DES = 3;
    public static final int ENCR_AES_CBC = 12;
    public static final int ENCR_AES_GCM_16 = 20;
    public static final int ENCR_CHACHA20_POLY1305 = 28;

    public static final int PRF_HMAC_SHA1 = 2;
    public static final int PRF_HMAC_SHA2_256 = 5;
    public static final int PRF_HMAC_SHA2_384 = 6;
    public static final int PRF_HMAC_SHA2_512 = 7;

    public static final int AUTH_NONE = 0;
    public static final int AUTH_HMAC_SHA1_96 = 2;
    public static final int AUTH_HMAC_SHA2_256_128 = 12;
    public static final int AUTH_HMAC_SHA2_384_192 = 13;
    public static final int AUTH_HMAC_SHA2_512_256 = 14;

    public static final int NONE = 0;
    public static final int MODP_1024 = 2;
    public static final int MODP_2048 = 14;
    public static final int ECP_256 = 19;
    public static final int ECP_384 = 20;
    public static final int CURVE25519 = 31;

    public static final int ESN_NO = 0;
    public static final int ESN_YES = 1;

    /** Salt length of AES-GCM (RFC 5282 §7.1, RFC 4106 §8.1) and ChaCha20-Poly1305 (RFC 7634 §2). */
    static final int AEAD_SALT_LENGTH = 4;

    private Algorithms() {
    }

    /**
     * Returns whether this implementation supports the transform. {@code keyBits} is the value of
     * the Key Length attribute, or 0 when the transform carries none; AES requires 128, 192 or 256
     * and every other transform requires 0, because 3DES has a fixed key length (RFC 2451).
     */
    public static boolean isSupported(int transformType, int id, int keyBits) {
        return switch (transformType) {
            case TYPE_ENCR -> switch (id) {
                case ENCR_AES_CBC, ENCR_AES_GCM_16 -> keyBits == 128 || keyBits == 192 || keyBits == 256;
                case ENCR_3DES, ENCR_CHACHA20_POLY1305 -> keyBits == 0;
                default -> false;
            };
            case TYPE_PRF -> keyBits == 0 && (id == PRF_HMAC_SHA1
                    || id == PRF_HMAC_SHA2_256 || id == PRF_HMAC_SHA2_384 || id == PRF_HMAC_SHA2_512);
            case TYPE_INTEG -> keyBits == 0 && (id == AUTH_NONE || integrityKeyLength(id) > 0);
            case TYPE_KE -> keyBits == 0 && (id == NONE || id == MODP_1024 || id == MODP_2048
                    || id == ECP_256 || id == ECP_384 || id == CURVE25519);
            case TYPE_ESN -> keyBits == 0 && (id == ESN_NO || id == ESN_YES);
            default -> false;
        };
    }

    /**
     * Returns whether a transform is weak: ENCR_3DES, whose 64-bit block lets a long-lived SA leak
     * plaintext through block collisions, PRF_HMAC_SHA1 and AUTH_HMAC_SHA1_96 over the deprecated
     * SHA-1, and MODP-1024 with about 80 bits of strength. A configuration names them only with an
     * explicit opt-in.
     */
    public static boolean isWeak(TransformId transform) {
        return switch (transform.type()) {
            case TYPE_ENCR -> transform.id() == ENCR_3DES;
            case TYPE_PRF -> transform.id() == PRF_HMAC_SHA1;
            case TYPE_INTEG -> transform.id() == AUTH_HMAC_SHA1_96;
            case TYPE_KE -> transform.id() == MODP_1024;
            default -> false;
        };
    }

    /** Returns whether the encryption algorithm is a combined-mode (AEAD) cipher (RFC 5282). */
    public static boolean isAead(int encrId) {
        return encrId == ENCR_AES_GCM_16 || encrId == ENCR_CHACHA20_POLY1305;
    }

    /** Returns the strongSwan-style name of a transform, for example "aes256gcm16" or "x25519". */
    public static String name(TransformId transform) {
        return name(transform.type(), transform.id(), transform.keyBits());
    }

    /**
     * Returns the strongSwan-style name of a transform ("3des", "aes128", "aes256gcm16",
     * "chacha20poly1305", "prfsha1", "prfsha256", "sha1", "sha256", "modp1024", "modp2048", "ecp256",
     * "ecp384", "x25519", "esn", "noesn"), or a
     * generic form such as "ENCR_999" for an unsupported one.
     */
    public static String name(int transformType, int id, int keyBits) {
        String known = switch (transformType) {
            case TYPE_ENCR -> switch (id) {
                case ENCR_3DES -> "3des";
                case ENCR_AES_CBC -> "aes" + keyBits;
                case ENCR_AES_GCM_16 -> "aes" + keyBits + "gcm16";
                case ENCR_CHACHA20_POLY1305 -> "chacha20poly1305";
                default -> null;
            };
            case TYPE_PRF -> switch (id) {
                case PRF_HMAC_SHA1 -> "prfsha1";
                case PRF_HMAC_SHA2_256 -> "prfsha256";
                case PRF_HMAC_SHA2_384 -> "prfsha384";
                case PRF_HMAC_SHA2_512 -> "prfsha512";
                default -> null;
            };
            case TYPE_INTEG -> switch (id) {
                case AUTH_NONE -> "none";
                case AUTH_HMAC_SHA1_96 -> "sha1";
                case AUTH_HMAC_SHA2_256_128 -> "sha256";
                case AUTH_HMAC_SHA2_384_192 -> "sha384";
                case AUTH_HMAC_SHA2_512_256 -> "sha512";
                default -> null;
            };
            case TYPE_KE -> switch (id) {
                case NONE -> "none";
                case MODP_1024 -> "modp1024";
                case MODP_2048 -> "modp2048";
                case ECP_256 -> "ecp256";
                case ECP_384 -> "ecp384";
                case CURVE25519 -> "x25519";
                default -> null;
            };
            case TYPE_ESN -> switch (id) {
                case ESN_NO -> "noesn";
                case ESN_YES -> "esn";
                default -> null;
            };
            default -> null;
        };
        if (known != null) {
            return known;
        }
        return typeName(transformType) + "_" + id + (keyBits != 0 ? "_" + keyBits : "");
    }

    /** Returns the transform type name used in RFC 7296 §3.3.2 ("ENCR", "PRF", "INTEG", "KE", "ESN"). */
    public static String typeName(int transformType) {
        return switch (transformType) {
            case TYPE_ENCR -> "ENCR";
            case TYPE_PRF -> "PRF";
            case TYPE_INTEG -> "INTEG";
            case TYPE_KE -> "KE";
            case TYPE_ESN -> "ESN";
            default -> "TRANSFORM_TYPE_" + transformType;
        };
    }

    /**
     * Returns the key length in bytes of an integrity algorithm (RFC 2404, RFC 4868 §2.1.1), 0 for
     * AUTH_NONE or unknown ids.
     */
    static int integrityKeyLength(int integId) {
        return switch (integId) {
            case AUTH_HMAC_SHA1_96 -> 20;
            case AUTH_HMAC_SHA2_256_128 -> 32;
            case AUTH_HMAC_SHA2_384_192 -> 48;
            case AUTH_HMAC_SHA2_512_256 -> 64;
            default -> 0;
        };
    }

    /**
     * Returns the truncated ICV length in bytes of an integrity algorithm: 12 for HMAC-SHA1-96
     * (RFC 2404), half the key length for HMAC-SHA2 (RFC 4868 §2.1.1).
     */
    static int integrityIcvLength(int integId) {
        if (integId == AUTH_HMAC_SHA1_96) {
            return 12;
        }
        return integrityKeyLength(integId) / 2;
    }

    /** Returns the JDK Mac algorithm behind an HMAC integrity algorithm. */
    static String integrityMacAlgorithm(int integId) {
        return switch (integId) {
            case AUTH_HMAC_SHA1_96 -> "HmacSHA1";
            case AUTH_HMAC_SHA2_256_128 -> "HmacSHA256";
            case AUTH_HMAC_SHA2_384_192 -> "HmacSHA384";
            case AUTH_HMAC_SHA2_512_256 -> "HmacSHA512";
            default -> throw new IllegalArgumentException("unsupported integrity algorithm " + integId);
        };
    }

    /**
     * Returns the length in bytes of the key material an encryption algorithm takes from prf+,
     * including the 4-byte salt of AEAD ciphers (RFC 5282 §7.1, RFC 7634 §2). 3DES takes 24 bytes
     * and ignores their parity bits (RFC 2451).
     */
    static int encryptionKeyLength(int encrId, int keyBits) {
        return switch (encrId) {
            case ENCR_3DES -> 24;
            case ENCR_AES_CBC -> keyBits / 8;
            case ENCR_AES_GCM_16 -> keyBits / 8 + AEAD_SALT_LENGTH;
            case ENCR_CHACHA20_POLY1305 -> 32 + AEAD_SALT_LENGTH;
            default -> throw new IllegalArgumentException("unsupported encryption algorithm " + encrId);
        };
    }
}
