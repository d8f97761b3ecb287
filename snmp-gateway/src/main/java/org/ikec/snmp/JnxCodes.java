package org.ikec.snmp;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.ikec.cluster.IkeAuthMethod;

/**
 * Maps negotiated algorithms (swanctl proposal syntax such as {@code aes256gcm16-prfsha256-x25519})
 * and identities to the enumerations of the Juniper IPsec MIBs.
 */
final class JnxCodes {

    // Values from the textual conventions of JUNIPER-IPSEC-FLOW-MON-MIB, revision 2024-03-12.
    private static final Map<String, Integer> ENCRYPT_ALGO = Map.of(
            "des", 1, "3des", 2, "null", 3, "aes128", 4, "aes192", 5, "aes256", 6,
            "aes128gcm16", 7, "aes192gcm16", 8, "aes256gcm16", 9);
    private static final Map<String, Integer> IKE_HASH_ALGO = Map.of(
            "prfmd5", 1, "prfsha1", 2, "prfsha256", 3, "prfsha384", 4, "prfsha512", 5);
    private static final Map<String, Integer> AUTH_ALGO = Map.of(
            "md5", 1, "sha1", 2, "sha256", 3, "sha384", 4, "sha512", 5);
    private static final Map<String, Integer> DIFFIE_HELLMAN_GROUP = Map.of(
            "modp768", 1, "modp1024", 2, "modp1536", 5, "modp2048", 14, "modp3072", 15, "modp4096", 16,
            "ecp256", 19, "ecp384", 20, "ecp521", 21, "modp2048s256", 24);

    /** JnxIkePeerType. */
    static final int ID_UNKNOWN = 0;
    static final int ID_IPV4_ADDR = 1;
    static final int ID_FQDN = 2;
    static final int ID_DN = 3;
    static final int ID_UFQDN = 4;
    static final int ID_IPV6_ADDR = 5;

    /**
     * The value served when an algorithm has no code in its enumeration. JnxDiffHellmanGrp and
     * JnxAuthAlgo define it as unknown(0); JnxEncryptAlgo and JnxIkeHashAlgo have no unknown value,
     * and 0 lies outside them.
     */
    // NOTE: x25519, x448, chacha20poly1305 and prfaesxcbc have no code in these MIBs and serve 0. In
    // revision 2020-04-29 of JUNIPER-IPSEC-FLOW-MON-MIB, JnxDiffHellmanGrp lists unknown(0), modp768(1),
    // modp1024(2), modp1536(5), modp2048(14), modp3072(15), modp4096(16), ecmodp256(19), ecmodp384(20),
    // ecmodp521(21) and modp2048s256(24). JnxEncryptAlgo lists espDes(1) to espAesGcm256(9), without
    // ChaCha20-Poly1305, and JnxIkeHashAlgo lists md5(1) to sha512(5).
    static final int UNKNOWN = 0;

    /**
     * JnxIkeAuthMethod preSharedKey(1), rsaSignature(3) and ecdsa256Signature(11) to
     * ecdsa521Signature(13). EAP, Ed25519 and keys of other kinds have no code and serve 0.
     */
    private static final Map<IkeAuthMethod, Integer> AUTH_METHOD = Map.of(IkeAuthMethod.PRE_SHARED_KEY, 1,
            IkeAuthMethod.RSA_SIGNATURE, 3, IkeAuthMethod.ECDSA_256_SIGNATURE, 11,
            IkeAuthMethod.ECDSA_384_SIGNATURE, 12, IkeAuthMethod.ECDSA_521_SIGNATURE, 13);

    private JnxCodes() {
    }

    /** Returns the JnxEncryptAlgo code of the proposal's encryption transform. */
    static int encryptAlgo(String proposal) {
        return first(proposal, ENCRYPT_ALGO);
    }

    /** Returns the JnxIkeHashAlgo code of the proposal's PRF. */
    static int ikeHashAlgo(String proposal) {
        return first(proposal, IKE_HASH_ALGO);
    }

    /** Returns the JnxAuthAlgo code of the proposal's integrity transform; unknown(0) for AEAD ciphers. */
    static int authAlgo(String proposal) {
        return first(proposal, AUTH_ALGO);
    }

    /**
     * Returns the JnxIkeAuthMethod code of {@code method}. The enumeration has no unknown value, so a
     * missing method serves 0, outside it.
     */
    static int authMethod(IkeAuthMethod method) {
        return method == null ? UNKNOWN : AUTH_METHOD.getOrDefault(method, UNKNOWN);
    }

    /** Returns the JnxDiffHellmanGrp code of the proposal's key exchange method. */
    static int diffieHellmanGroup(String proposal) {
        return first(proposal, DIFFIE_HELLMAN_GROUP);
    }

    /**
     * Returns the JnxIkePeerType of an identity as the SA snapshot prints it: an address literal, an
     * RFC 822 address, a distinguished name, {@code %any}, or else an FQDN.
     */
    static int identityType(String identity) {
        if (identity == null || identity.isEmpty() || identity.equals("%any")) {
            return ID_UNKNOWN;
        }
        if (identity.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            return ID_IPV4_ADDR;
        }
        if (identity.matches("[0-9a-fA-F:.]+") && identity.contains(":")) {
            return ID_IPV6_ADDR;
        }
        if (identity.contains("=")) {
            return ID_DN;
        }
        return identity.contains("@") ? ID_UFQDN : ID_FQDN;
    }

    private static int first(String proposal, Map<String, Integer> codes) {
        List<String> transforms = proposal == null ? List.of() : Arrays.asList(proposal.split("-"));
        for (String transform : transforms) {
            Integer code = codes.get(transform);
            if (code != null) {
                return code;
            }
        }
        return UNKNOWN;
    }
}
