package org.ikec.protocol.crypto;

import static org.ikec.protocol.crypto.Algorithms.TYPE_ENCR;
import static org.ikec.protocol.crypto.Algorithms.TYPE_ESN;
import static org.ikec.protocol.crypto.Algorithms.TYPE_INTEG;
import static org.ikec.protocol.crypto.Algorithms.TYPE_KE;
import static org.ikec.protocol.crypto.Algorithms.TYPE_PRF;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Proposals written in strongSwan's syntax: algorithm keywords joined by '-', such as
 * "aes256gcm16-prfsha256-x25519" for IKE or "aes128-sha256-modp2048-esn" for ESP, where a group
 * in an ESP proposal requests PFS. Each string becomes one proposal, except "default", which
 * expands to an AEAD and a non-AEAD proposal of every supported algorithm.
 *
 * <p>As in strongSwan, an IKE proposal with a non-AEAD cipher and no prf keyword takes a PRF for
 * each integrity algorithm (sha256 gives prfsha256). An AEAD IKE proposal needs an explicit prf
 * keyword. An ESP proposal without esn or noesn offers no ESN only. AEAD and non-AEAD ciphers in
 * one proposal are rejected, because RFC 7296 §3.3 requires separate proposals for them.
 * Transforms are listed by transform type (ENCR, PRF, INTEG, KE, ESN), each in keyword order.
 *
 * <p>The parser accepts the weak keywords 3des, sha1 (alias sha), prfsha1 and modp1024, which
 * "default" never contains. Whether a configuration may name them is the caller's decision; see
 * {@link WeakProposals}.
 */
public final class ProposalStrings {

    private static final Map<String, TransformId> KEYWORDS = keywords();

    private static final String IKE_DEFAULT_AEAD =
            "aes128gcm16-aes256gcm16-chacha20poly1305-prfsha256-prfsha384-prfsha512-x25519-ecp256-ecp384-modp2048";
    private static final String IKE_DEFAULT =
            "aes128-aes256-sha256-sha384-sha512-x25519-ecp256-ecp384-modp2048";
    private static final String ESP_DEFAULT_AEAD = "aes128gcm16-aes256gcm16-chacha20poly1305";
    private static final String ESP_DEFAULT = "aes128-aes256-sha256-sha384-sha512";

    private ProposalStrings() {
    }

    private static Map<String, TransformId> keywords() {
        Map<String, TransformId> keywords = new LinkedHashMap<>();
        for (int bits : new int[] {128, 192, 256}) {
            keywords.put("aes" + bits, new TransformId(TYPE_ENCR, Algorithms.ENCR_AES_CBC, bits));
        }
        keywords.put("aes", new TransformId(TYPE_ENCR, Algorithms.ENCR_AES_CBC, 128));
        keywords.put("3des", new TransformId(TYPE_ENCR, Algorithms.ENCR_3DES, 0));
        for (int bits : new int[] {128, 192, 256}) {
            TransformId gcm = new TransformId(TYPE_ENCR, Algorithms.ENCR_AES_GCM_16, bits);
            keywords.put("aes" + bits + "gcm16", gcm);
            keywords.put("aes" + bits + "gcm", gcm);
        }
        keywords.put("chacha20poly1305", new TransformId(TYPE_ENCR, Algorithms.ENCR_CHACHA20_POLY1305, 0));
        keywords.put("sha1", new TransformId(TYPE_INTEG, Algorithms.AUTH_HMAC_SHA1_96, 0));
        keywords.put("sha", new TransformId(TYPE_INTEG, Algorithms.AUTH_HMAC_SHA1_96, 0));
        keywords.put("sha256", new TransformId(TYPE_INTEG, Algorithms.AUTH_HMAC_SHA2_256_128, 0));
        keywords.put("sha2_256", new TransformId(TYPE_INTEG, Algorithms.AUTH_HMAC_SHA2_256_128, 0));
        keywords.put("sha384", new TransformId(TYPE_INTEG, Algorithms.AUTH_HMAC_SHA2_384_192, 0));
        keywords.put("sha2_384", new TransformId(TYPE_INTEG, Algorithms.AUTH_HMAC_SHA2_384_192, 0));
        keywords.put("sha512", new TransformId(TYPE_INTEG, Algorithms.AUTH_HMAC_SHA2_512_256, 0));
        keywords.put("sha2_512", new TransformId(TYPE_INTEG, Algorithms.AUTH_HMAC_SHA2_512_256, 0));
        keywords.put("prfsha1", new TransformId(TYPE_PRF, Algorithms.PRF_HMAC_SHA1, 0));
        keywords.put("prfsha256", new TransformId(TYPE_PRF, Algorithms.PRF_HMAC_SHA2_256, 0));
        keywords.put("prfsha384", new TransformId(TYPE_PRF, Algorithms.PRF_HMAC_SHA2_384, 0));
        keywords.put("prfsha512", new TransformId(TYPE_PRF, Algorithms.PRF_HMAC_SHA2_512, 0));
        keywords.put("modp1024", new TransformId(TYPE_KE, Algorithms.MODP_1024, 0));
        keywords.put("modp2048", new TransformId(TYPE_KE, Algorithms.MODP_2048, 0));
        keywords.put("ecp256", new TransformId(TYPE_KE, Algorithms.ECP_256, 0));
        keywords.put("ecp384", new TransformId(TYPE_KE, Algorithms.ECP_384, 0));
        keywords.put("x25519", new TransformId(TYPE_KE, Algorithms.CURVE25519, 0));
        keywords.put("curve25519", new TransformId(TYPE_KE, Algorithms.CURVE25519, 0));
        keywords.put("esn", new TransformId(TYPE_ESN, Algorithms.ESN_YES, 0));
        keywords.put("noesn", new TransformId(TYPE_ESN, Algorithms.ESN_NO, 0));
        return Collections.unmodifiableMap(keywords);
    }

    /**
     * Parses an IKE proposal such as "aes256gcm16-prfsha256-x25519" or "default".
     *
     * @throws IllegalArgumentException naming the keyword or rule that the string breaks
     */
    public static List<ProposalSpec> parseIke(String proposal) {
        return parse(proposal, ProposalSpec.IKE);
    }

    /**
     * Parses an ESP proposal such as "aes256gcm16", "aes128-sha256-modp2048-esn" or "default".
     *
     * @throws IllegalArgumentException naming the keyword or rule that the string breaks
     */
    public static List<ProposalSpec> parseEsp(String proposal) {
        return parse(proposal, ProposalSpec.ESP);
    }

    private static List<ProposalSpec> parse(String proposal, int protocolId) {
        String text = proposal.trim().toLowerCase(Locale.ROOT);
        if (text.equals("default")) {
            return protocolId == ProposalSpec.IKE
                    ? List.of(parseOne(IKE_DEFAULT_AEAD, protocolId), parseOne(IKE_DEFAULT, protocolId))
                    : List.of(parseOne(ESP_DEFAULT_AEAD, protocolId), parseOne(ESP_DEFAULT, protocolId));
        }
        return List.of(parseOne(text, protocolId));
    }

    private static ProposalSpec parseOne(String text, int protocolId) {
        Map<Integer, Set<TransformId>> byType = new LinkedHashMap<>();
        for (int type = TYPE_ENCR; type <= TYPE_ESN; type++) {
            byType.put(type, new LinkedHashSet<>());
        }
        for (String keyword : text.split("-", -1)) {
            TransformId transform = KEYWORDS.get(keyword);
            if (transform == null) {
                throw new IllegalArgumentException("unknown algorithm keyword '" + keyword + "' in proposal '"
                        + text + "'; supported keywords: " + String.join(", ", KEYWORDS.keySet()));
            }
            byType.get(transform.type()).add(transform);
        }

        Set<TransformId> ciphers = byType.get(TYPE_ENCR);
        Set<TransformId> integrity = byType.get(TYPE_INTEG);
        if (ciphers.isEmpty()) {
            throw invalid(text, "has no encryption algorithm");
        }
        long aeadCount = ciphers.stream().filter(cipher -> Algorithms.isAead(cipher.id())).count();
        boolean aead = aeadCount > 0;
        if (aead && aeadCount < ciphers.size()) {
            throw invalid(text, "mixes AEAD and non-AEAD ciphers; write them as two proposals");
        }
        if (aead && !integrity.isEmpty()) {
            throw invalid(text, "combines an AEAD cipher with an integrity algorithm");
        }
        if (!aead && integrity.isEmpty()) {
            throw invalid(text, "has a non-AEAD cipher but no integrity algorithm");
        }

        if (protocolId == ProposalSpec.IKE) {
            checkIke(text, aead, byType);
        } else {
            checkEsp(text, byType);
        }

        List<TransformId> transforms = new ArrayList<>();
        byType.values().forEach(transforms::addAll);
        return new ProposalSpec(protocolId, transforms);
    }

    private static void checkIke(String text, boolean aead, Map<Integer, Set<TransformId>> byType) {
        if (byType.get(TYPE_KE).isEmpty()) {
            throw invalid(text, "has no key exchange group, which IKE requires");
        }
        if (!byType.get(TYPE_ESN).isEmpty()) {
            throw invalid(text, "has an ESN keyword, which only ESP proposals take");
        }
        Set<TransformId> prfs = byType.get(TYPE_PRF);
        if (prfs.isEmpty() && aead) {
            throw invalid(text, "has an AEAD cipher but no prf keyword, such as prfsha256");
        }
        if (prfs.isEmpty()) {
            for (TransformId integrity : byType.get(TYPE_INTEG)) {
                prfs.add(new TransformId(TYPE_PRF, prfFollowing(integrity.id()), 0));
            }
        }
    }

    private static int prfFollowing(int integId) {
        return switch (integId) {
            case Algorithms.AUTH_HMAC_SHA1_96 -> Algorithms.PRF_HMAC_SHA1;
            case Algorithms.AUTH_HMAC_SHA2_256_128 -> Algorithms.PRF_HMAC_SHA2_256;
            case Algorithms.AUTH_HMAC_SHA2_384_192 -> Algorithms.PRF_HMAC_SHA2_384;
            case Algorithms.AUTH_HMAC_SHA2_512_256 -> Algorithms.PRF_HMAC_SHA2_512;
            default -> throw new IllegalArgumentException("no PRF matches integrity algorithm " + integId);
        };
    }

    private static void checkEsp(String text, Map<Integer, Set<TransformId>> byType) {
        if (!byType.get(TYPE_PRF).isEmpty()) {
            throw invalid(text, "has a prf keyword, which only IKE proposals take");
        }
        if (byType.get(TYPE_ESN).isEmpty()) {
            byType.get(TYPE_ESN).add(new TransformId(TYPE_ESN, Algorithms.ESN_NO, 0));
        }
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException("proposal '" + text + "' " + reason);
    }

    /**
     * Formats a proposal in the same syntax, in the order ENCR, INTEG, PRF, KE, ESN. An ESP
     * proposal that offers only "no ESN" prints without an ESN keyword, so that the result parses
     * back to the same proposal.
     */
    public static String format(ProposalSpec proposal) {
        List<String> names = new ArrayList<>();
        for (int type : new int[] {TYPE_ENCR, TYPE_INTEG, TYPE_PRF, TYPE_KE, TYPE_ESN}) {
            List<TransformId> transforms = proposal.transformsOfType(type);
            boolean onlyNoEsn = type == TYPE_ESN && transforms.size() == 1
                    && transforms.get(0).id() == Algorithms.ESN_NO;
            if (!onlyNoEsn) {
                transforms.forEach(transform -> names.add(Algorithms.name(transform)));
            }
        }
        return String.join("-", names);
    }
}
