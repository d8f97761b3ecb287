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
 * <p>This class and the AEAD ciphers it creates, which share its array, are the only holders of
 * SK_* values, and it offers no public getters for them. The SK_* arrays are wiped by
 * {@link #destroy()}. Copies made inside JDK Mac and Cipher objects and the key copies of CBC
 * ciphers cannot be wiped and remain until garbage collected. Instances are not thread-safe.
 *
 * <p>Only HMAC PRFs are supported, so the key of the SKEYSEED computation is the whole Ni | Nr
 * (§2.14 takes only part of the nonces for PRFs with fixed key sizes, such as AES-XCBC).
 */
public final class IkeKeyMaterial {

    private static final byte[] KEY_PAD = "Key Pad for IKEv2".getBytes(StandardCharsets.US_ASCII);

    private final IkeSuite suite;
    private final Prf prf;
    /**
     * SK_d | SK_ai | SK_ar | SK_ei | SK_er in one array, split by the key lengths of the suite. One
     * array instead of five saves an IKE SA four array headers, and the SK payload ciphers read
     * their keys from it instead of keeping copies.
     */
    private final byte[] keys;
    /** SK_pi | SK_pr, null once {@link #dropAuthenticationKeys()} wiped them. */
    private byte[] authenticationKeys;
    /**
     * The AEAD IV counters of the original initiator's and the original responder's messages,
     * created with the first AEAD cipher. The ciphers are created for each use, and the counters
     * here keep their IVs from repeating under one key.
     */
    private long[] ivCounters;
    private boolean destroyed;

    private IkeKeyMaterial(IkeSuite suite, Prf prf, byte[] keymat) {
        int keysLength = keysLength(suite, prf);

        this.suite = suite;
        this.prf = prf;
        this.keys = Arrays.copyOfRange(keymat, 0, keysLength);
        this.authenticationKeys = Arrays.copyOfRange(keymat, keysLength, keymat.length);
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

        byte[] skD = skD();
        byte[] skeyseed = prf.compute(skD, newSharedSecret, nonceI, nonceR);
        Bytes.wipe(skD);
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
        return keysLength(suite, prf) + 2 * prf.preferredKeyLength();
    }

    /** Returns the length of SK_d | SK_ai | SK_ar | SK_ei | SK_er, the part of KEYMAT kept once established. */
    private static int keysLength(IkeSuite suite, Prf prf) {
        return prf.preferredKeyLength() + 2 * integrityKeyLength(suite) + 2 * encryptionKeyLength(suite);
    }

    private static int integrityKeyLength(IkeSuite suite) {
        return Algorithms.integrityKeyLength(suite.integId());
    }

    private static int encryptionKeyLength(IkeSuite suite) {
        return Algorithms.encryptionKeyLength(suite.encrId(), suite.encrKeyBits());
    }

    /** Returns the offset of SK_ai in {@link #keys}, which SK_ar, SK_ei and SK_er follow. */
    private int integrityKeysOffset() {
        return prf.preferredKeyLength();
    }

    private int encryptionKeysOffset() {
        return integrityKeysOffset() + 2 * integrityKeyLength(suite);
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

        byte[] skD = skD();
        byte[] keymat = prf.prfPlus(skD, seed, 2 * (encryptionKeyLength + integrityKeyLength));
        Bytes.wipe(skD);
        Bytes.wipe(seed);

        // KEYMAT is already in the order that ChildKeys keeps, so it takes the array over.
        return new ChildKeys(keymat, encryptionKeyLength);
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

    /**
     * Returns a cipher for messages the original initiator sends, keyed with SK_ei and SK_ai. Each
     * call creates a new cipher object, and the AEAD ciphers of one direction share one IV counter.
     */
    public SkCipher initiatorCipher() {
        checkUsable();
        return SkCiphers.create(suite, keys, encryptionKeysOffset(), integrityKeysOffset(), ivCounters(), 0);
    }

    /** Returns a cipher for messages the original responder sends, keyed with SK_er and SK_ar, as {@link #initiatorCipher}. */
    public SkCipher responderCipher() {
        checkUsable();
        return SkCiphers.create(suite, keys, encryptionKeysOffset() + encryptionKeyLength(suite),
                integrityKeysOffset() + integrityKeyLength(suite), ivCounters(), 2);
    }

    private long[] ivCounters() {
        if (ivCounters == null && Algorithms.isAead(suite.encrId())) {
            ivCounters = AeadSkCipher.newIvCounters(2);
        }
        return ivCounters;
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
        if (authenticationKeys == null) {
            throw new IllegalStateException("SK_pi and SK_pr were dropped once the IKE SA was established");
        }
        byte[] skPx = ofInitiator ? skPi() : skPr();
        byte[] macedId = prf.compute(skPx, idBody);
        Bytes.wipe(skPx);
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
        byte[] dropped = new byte[2 * prf.preferredKeyLength()];
        return new Exported(suite, Bytes.concat(keys, authenticationKeys == null ? dropped : authenticationKeys));
    }

    /**
     * Wipes SK_pi and SK_pr, which only the AUTH payloads of IKE_AUTH use (RFC 7296 §2.15), so an
     * established IKE SA does not keep them; {@link #signedOctets} throws afterwards.
     */
    public void dropAuthenticationKeys() {
        if (authenticationKeys == null) {
            return;
        }
        Bytes.wipe(authenticationKeys);
        authenticationKeys = null;
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
     * Wipes every SK_* value and makes this instance unusable. AEAD ciphers handed out earlier share
     * the wiped array, and CBC ciphers keep their key copies.
     */
    public void destroy() {
        destroyed = true;
        Bytes.wipe(keys);
        if (authenticationKeys != null) {
            Bytes.wipe(authenticationKeys);
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
                Bytes.hex(Bytes.ofLong(spiI)), Bytes.hex(Bytes.ofLong(spiR)), Bytes.hex(skEi()), Bytes.hex(skEr()),
                '"' + WiresharkNames.encryption(suite.encrId(), suite.encrKeyBits()) + '"',
                Bytes.hex(skAi()), Bytes.hex(skAr()),
                '"' + WiresharkNames.integrity(suite.integId()) + '"');
    }

    // Copies of single keys, for the computations above and for the known-answer tests, which
    // compare every SK_* value.

    byte[] skD() {
        return Arrays.copyOfRange(keys, 0, integrityKeysOffset());
    }

    byte[] skPi() {
        return Arrays.copyOfRange(authenticationKeys, 0, prf.preferredKeyLength());
    }

    byte[] skPr() {
        return Arrays.copyOfRange(authenticationKeys, prf.preferredKeyLength(), authenticationKeys.length);
    }

    byte[] skEi() {
        return Arrays.copyOfRange(keys, encryptionKeysOffset(), encryptionKeysOffset() + encryptionKeyLength(suite));
    }

    byte[] skEr() {
        return Arrays.copyOfRange(keys, encryptionKeysOffset() + encryptionKeyLength(suite), keys.length);
    }

    byte[] skAi() {
        return Arrays.copyOfRange(keys, integrityKeysOffset(), integrityKeysOffset() + integrityKeyLength(suite));
    }

    byte[] skAr() {
        return Arrays.copyOfRange(keys, integrityKeysOffset() + integrityKeyLength(suite), encryptionKeysOffset());
    }

    @Override
    public String toString() {
        return "IkeKeyMaterial[" + suite + (destroyed ? ", destroyed]" : "]");
    }
}
