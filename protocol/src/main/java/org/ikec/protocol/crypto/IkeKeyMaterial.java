package org.ikec.protocol.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The keys of one IKE SA and every computation that uses them. These are SKEYSEED and SK_*
 * derivation (RFC 7296 §2.14), rekeyed derivation (§2.18) and Child SA KEYMAT (§2.17). They also
 * include the octets signed by the AUTH payload, shared-key authentication (§2.15) and the SK
 * payload ciphers (§3.14).
 *
 * <p>This is the only class that holds SK_* values, and it offers no getters for them. The SK_*
 * arrays are wiped by {@link #destroy()}; copies made inside JDK Mac and Cipher objects cannot be
 * wiped and remain until garbage collected. Instances are not thread-safe.
 *
 * <p>Only HMAC PRFs are supported, so the key of the SKEYSEED computation is the whole Ni | Nr
 * (§2.14 takes only part of the nonces for PRFs with fixed key sizes, such as AES-XCBC).
 */
public final class IkeKeyMaterial {

    /** The empty key of an integrity algorithm of none; empty, so wiping it changes nothing. */
    private static final byte[] NO_KEY = new byte[0];

    private static final byte[] KEY_PAD = "Key Pad for IKEv2".getBytes(StandardCharsets.US_ASCII);

    private final IkeSuite suite;
    private final Prf prf;
    private final byte[] skD;
    private final byte[] skAi;
    private final byte[] skAr;
    private final byte[] skEi;
    private final byte[] skEr;
    /** SK_pi and SK_pr, null once {@link #dropAuthenticationKeys()} wiped them. */
    private byte[] skPi;
    private byte[] skPr;
    private SkCipher initiatorCipher;
    private SkCipher responderCipher;
    private boolean destroyed;

    private IkeKeyMaterial(IkeSuite suite, Prf prf, byte[] keymat) {
        int prfKeyLength = prf.preferredKeyLength();
        int integrityKeyLength = Algorithms.integrityKeyLength(suite.integId());
        int encryptionKeyLength = Algorithms.encryptionKeyLength(suite.encrId(), suite.encrKeyBits());
        KeymatReader reader = new KeymatReader(keymat);

        this.suite = suite;
        this.prf = prf;
        this.skD = reader.next(prfKeyLength);
        this.skAi = reader.next(integrityKeyLength);
        this.skAr = reader.next(integrityKeyLength);
        this.skEi = reader.next(encryptionKeyLength);
        this.skEr = reader.next(encryptionKeyLength);
        this.skPi = reader.next(prfKeyLength);
        this.skPr = reader.next(prfKeyLength);
    }

    /**
     * Derives the keys of a new IKE SA from IKE_SA_INIT (RFC 7296 §2.14):
     * SKEYSEED = prf(Ni | Nr, g^ir), then
     * {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr).
     * AEAD encryption keys include their 4-byte salt and SK_ai and SK_ar are empty.
     *
     * @throws IllegalArgumentException if the suite is unsupported or mixes AEAD with integrity
     */
    public static IkeKeyMaterial derive(IkeSuite suite, byte[] sharedSecret, byte[] nonceI, byte[] nonceR,
                                        long spiI, long spiR) {
        checkSuite(suite);
        Prf prf = Prf.of(suite.prfId());

        byte[] skeyseed = skeyseed(prf, sharedSecret, nonceI, nonceR);
        try {
            return expand(suite, prf, skeyseed, nonceI, nonceR, spiI, spiR);
        } finally {
            Bytes.wipe(skeyseed);
        }
    }

    /** Computes SKEYSEED = prf(Ni | Nr, g^ir). Package-private for known-answer tests. */
    static byte[] skeyseed(Prf prf, byte[] sharedSecret, byte[] nonceI, byte[] nonceR) {
        byte[] nonces = Bytes.concat(nonceI, nonceR);
        byte[] skeyseed = prf.compute(nonces, sharedSecret);
        Bytes.wipe(nonces);
        return skeyseed;
    }

    /**
     * Derives the keys of the IKE SA that replaces this one in a CREATE_CHILD_SA rekey
     * (RFC 7296 §2.18): SKEYSEED = prf(SK_d, g^ir | Ni | Nr) with this SA's PRF, then prf+ with the
     * new suite's PRF over the new nonces and SPIs, as in {@link #derive}. Ni, Nr, SPIi and SPIr
     * are those of the rekeying exchange, whose initiator may be either original peer.
     */
    public IkeKeyMaterial deriveRekeyed(IkeSuite newSuite, byte[] newSharedSecret, byte[] nonceI, byte[] nonceR,
                                       long spiI, long spiR) {
        checkUsable();
        checkSuite(newSuite);
        Prf newPrf = Prf.of(newSuite.prfId());

        byte[] skeyseed = prf.compute(skD, newSharedSecret, nonceI, nonceR);
        try {
            return expand(newSuite, newPrf, skeyseed, nonceI, nonceR, spiI, spiR);
        } finally {
            Bytes.wipe(skeyseed);
        }
    }

    private static IkeKeyMaterial expand(IkeSuite suite, Prf prf, byte[] skeyseed, byte[] nonceI, byte[] nonceR,
                                         long spiI, long spiR) {
        int length = keymatLength(suite, prf);
        byte[] seed = Bytes.concat(nonceI, nonceR, Bytes.ofLong(spiI), Bytes.ofLong(spiR));

        byte[] keymat = prf.prfPlus(skeyseed, seed, length);
        try {
            return new IkeKeyMaterial(suite, prf, keymat);
        } finally {
            Bytes.wipe(keymat);
        }
    }

    /** Returns the length of SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr for a suite. */
    private static int keymatLength(IkeSuite suite, Prf prf) {
        return 3 * prf.preferredKeyLength()
                + 2 * Algorithms.integrityKeyLength(suite.integId())
                + 2 * Algorithms.encryptionKeyLength(suite.encrId(), suite.encrKeyBits());
    }

    private static void checkSuite(IkeSuite suite) {
        if (!Algorithms.isSupported(Algorithms.TYPE_ENCR, suite.encrId(), suite.encrKeyBits())
                || !Algorithms.isSupported(Algorithms.TYPE_PRF, suite.prfId(), 0)
                || !Algorithms.isSupported(Algorithms.TYPE_INTEG, suite.integId(), 0)) {
            throw new IllegalArgumentException("unsupported IKE suite " + suite);
        }
        boolean aead = Algorithms.isAead(suite.encrId());
        if (aead != (suite.integId() == Algorithms.AUTH_NONE)) {
            throw new IllegalArgumentException("IKE suite " + suite + " needs an integrity algorithm "
                    + (aead ? "of none with an AEAD cipher" : "with a non-AEAD cipher"));
        }
    }

    /**
     * Derives the keys of a Child SA (RFC 7296 §2.17): KEYMAT = prf+(SK_d, [g^ir] | Ni | Nr), taken
     * in the order initiator-to-responder encryption and integrity key, then responder-to-initiator
     * encryption and integrity key. Pass {@code null} as the shared secret without PFS, which
     * includes the Child SA created by IKE_AUTH.
     *
     * @throws IllegalArgumentException if the suite is unsupported or mixes AEAD with integrity
     */
    public ChildKeys deriveChildKeys(ChildSuite childSuite, byte[] sharedSecretOrNull, byte[] nonceI,
                                     byte[] nonceR) {
        checkUsable();
        checkChildSuite(childSuite);
        int encryptionKeyLength = Algorithms.encryptionKeyLength(childSuite.encrId(), childSuite.encrKeyBits());
        int integrityKeyLength = Algorithms.integrityKeyLength(childSuite.integId());
        byte[] seed = sharedSecretOrNull == null
                ? Bytes.concat(nonceI, nonceR)
                : Bytes.concat(sharedSecretOrNull, nonceI, nonceR);

        byte[] keymat = prf.prfPlus(skD, seed, 2 * (encryptionKeyLength + integrityKeyLength));
        Bytes.wipe(seed);

        KeymatReader reader = new KeymatReader(keymat);
        ChildKeys keys = new ChildKeys(reader.next(encryptionKeyLength), reader.next(integrityKeyLength),
                reader.next(encryptionKeyLength), reader.next(integrityKeyLength));
        Bytes.wipe(keymat);
        return keys;
    }

    private static void checkChildSuite(ChildSuite suite) {
        if (!Algorithms.isSupported(Algorithms.TYPE_ENCR, suite.encrId(), suite.encrKeyBits())
                || !Algorithms.isSupported(Algorithms.TYPE_INTEG, suite.integId(), 0)) {
            throw new IllegalArgumentException("unsupported Child SA suite " + suite);
        }
        boolean aead = Algorithms.isAead(suite.encrId());
        if (aead != (suite.integId() == Algorithms.AUTH_NONE)) {
            throw new IllegalArgumentException("Child SA suite " + suite + " needs an integrity algorithm "
                    + (aead ? "of none with an AEAD cipher" : "with a non-AEAD cipher"));
        }
    }

    /** Returns the cipher for messages the original initiator sends, keyed with SK_ei and SK_ai. */
    public SkCipher initiatorCipher() {
        checkUsable();
        if (initiatorCipher == null) {
            initiatorCipher = SkCiphers.create(suite.encrId(), suite.encrKeyBits(), suite.integId(), skEi, skAi);
        }
        return initiatorCipher;
    }

    /** Returns the cipher for messages the original responder sends, keyed with SK_er and SK_ar. */
    public SkCipher responderCipher() {
        checkUsable();
        if (responderCipher == null) {
            responderCipher = SkCiphers.create(suite.encrId(), suite.encrKeyBits(), suite.integId(), skEr, skAr);
        }
        return responderCipher;
    }

    /**
     * Returns the octets the AUTH payload of one peer covers (RFC 7296 §2.15):
     * RealMessage | Nonce | prf(SK_px, IDx'). For the initiator ({@code ofInitiator} true) these are
     * its IKE_SA_INIT request, Nr and prf(SK_pi, IDi'); for the responder its IKE_SA_INIT response,
     * Ni and prf(SK_pr, IDr').
     *
     * @param idBody IDx', the ID payload without its 4-byte generic payload header
     */
    public byte[] signedOctets(boolean ofInitiator, byte[] firstMessage, byte[] peerNonce, byte[] idBody) {
        checkUsable();
        if (skPi == null) {
            throw new IllegalStateException("SK_pi and SK_pr were dropped once the IKE SA was established");
        }
        byte[] macedId = prf.compute(ofInitiator ? skPi : skPr, idBody);
        return Bytes.concat(firstMessage, peerNonce, macedId);
    }

    /**
     * Computes the AUTH data of shared-key authentication (RFC 7296 §2.15):
     * prf(prf(Shared Secret, "Key Pad for IKEv2"), signed octets).
     */
    public byte[] sharedKeyAuthentication(byte[] psk, byte[] signedOctets) {
        checkUsable();
        byte[] paddedKey = prf.compute(psk, KEY_PAD);
        byte[] authentication = prf.compute(paddedKey, signedOctets);
        Bytes.wipe(paddedKey);
        return authentication;
    }

    /** Returns whether {@code received} is the expected shared-key AUTH data, comparing in constant time. */
    public boolean verifySharedKeyAuthentication(byte[] psk, byte[] signedOctets, byte[] received) {
        byte[] expected = sharedKeyAuthentication(psk, signedOctets);
        boolean equal = MessageDigest.isEqual(expected, received);
        Bytes.wipe(expected);
        return equal;
    }

    /**
     * The SK_* values of one IKE SA in a form that another process can rebuild the SA from: the
     * suite and SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr in one array, split again by
     * the key lengths of the suite. Only this package reads the array. The record's toString
     * prints the suite and the total key length, never a key.
     *
     * @param keymat the concatenated SK_* values, a secret that code storing the record must protect
     */
    public record Exported(IkeSuite suite, byte[] keymat) {

        @Override
        public String toString() {
            return "IkeKeyMaterial.Exported[" + suite + ", " + keymat.length + " bytes of keys]";
        }
    }

    /**
     * Copies every SK_* value out, so that another process can continue the IKE SA. After
     * {@link #dropAuthenticationKeys()} zeros stand in for SK_pi and SK_pr.
     */
    public Exported export() {
        checkUsable();
        byte[] dropped = new byte[prf.preferredKeyLength()];
        return new Exported(suite, Bytes.concat(skD, skAi, skAr, skEi, skEr, skPi == null ? dropped : skPi,
                skPr == null ? dropped : skPr));
    }

    /**
     * Wipes SK_pi and SK_pr, which only the AUTH payloads of IKE_AUTH use (RFC 7296 §2.15), so an
     * established IKE SA does not keep them; {@link #signedOctets} throws afterwards.
     */
    public void dropAuthenticationKeys() {
        if (skPi == null) {
            return;
        }
        Bytes.wipe(skPi);
        Bytes.wipe(skPr);
        skPi = null;
        skPr = null;
    }

    /**
     * Rebuilds the key material from {@link #export()}. The caller's array is copied, and the
     * copies are wiped by {@link #destroy()} as usual.
     *
     * @throws IllegalArgumentException if the suite is unsupported or the keys do not match its lengths
     */
    public static IkeKeyMaterial restore(Exported exported) {
        IkeSuite suite = exported.suite();
        checkSuite(suite);
        Prf prf = Prf.of(suite.prfId());
        int expectedLength = keymatLength(suite, prf);
        if (exported.keymat().length != expectedLength) {
            throw new IllegalArgumentException("exported keys of " + exported.keymat().length + " bytes do not fit "
                    + suite + ", which needs " + expectedLength);
        }

        return new IkeKeyMaterial(suite, prf, exported.keymat());
    }

    /** Returns the negotiated algorithms. */
    public IkeSuite suite() {
        return suite;
    }

    /**
     * Wipes every SK_* value and makes this instance unusable. Ciphers handed out earlier keep the
     * key copies inside their JDK objects.
     */
    public void destroy() {
        destroyed = true;
        initiatorCipher = null;
        responderCipher = null;
        for (byte[] key : Arrays.asList(skD, skAi, skAr, skEi, skEr)) {
            Bytes.wipe(key);
        }
        if (skPi != null) {
            Bytes.wipe(skPi);
            Bytes.wipe(skPr);
        }
    }

    private void checkUsable() {
        if (destroyed) {
            throw new IllegalStateException("the IKE SA keys were destroyed");
        }
    }

    /**
     * Returns one line for the IKEv2 decryption table of Wireshark (tshark option
     * {@code -o uat:ikev2_decryption_table:LINE}): SPIi, SPIr, SK_ei, SK_er, the encryption
     * algorithm, SK_ai, SK_ar and the integrity algorithm. The line contains secret keys: call it
     * only when key logging is explicitly enabled.
     */
    public String keyLogLines(long spiI, long spiR) {
        checkUsable();
        return String.join(",",
                Bytes.hex(Bytes.ofLong(spiI)), Bytes.hex(Bytes.ofLong(spiR)), Bytes.hex(skEi), Bytes.hex(skEr),
                '"' + WiresharkNames.encryption(suite.encrId(), suite.encrKeyBits()) + '"',
                Bytes.hex(skAi), Bytes.hex(skAr),
                '"' + WiresharkNames.integrity(suite.integId()) + '"');
    }

    // Package-private accessors for the known-answer tests, which compare every SK_* value.

    byte[] skD() {
        return skD.clone();
    }

    byte[] skPi() {
        return skPi.clone();
    }

    byte[] skPr() {
        return skPr.clone();
    }

    byte[] skEi() {
        return skEi.clone();
    }

    byte[] skEr() {
        return skEr.clone();
    }

    byte[] skAi() {
        return skAi.clone();
    }

    byte[] skAr() {
        return skAr.clone();
    }

    @Override
    public String toString() {
        return "IkeKeyMaterial[" + suite + (destroyed ? ", destroyed]" : "]");
    }

    /** Splits KEYMAT into consecutive keys. */
    private static final class KeymatReader {

        private final byte[] keymat;
        private int offset;

        KeymatReader(byte[] keymat) {
            this.keymat = keymat;
        }

        byte[] next(int length) {
            if (length == 0) {
                // With AEAD, SK_ai, SK_ar and the CHILD SA integrity keys are empty. One shared
                // empty array saves each IKE SA four objects.
                return NO_KEY;
            }
            byte[] key = Arrays.copyOfRange(keymat, offset, offset + length);
            offset += length;
            return key;
        }
    }
}
