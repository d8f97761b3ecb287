package org.ikec.protocol.crypto;

/** A key exchange whose private key can serve several exchanges, for {@link DhReuse}. */
interface ReusableKeyExchange extends KeyExchange {

    /** Returns a new key exchange with this private key and public value, unused. */
    KeyExchange copy();

    /** Wipes the private key where the group's implementation can, after which this instance is unusable. */
    void destroy();
}
