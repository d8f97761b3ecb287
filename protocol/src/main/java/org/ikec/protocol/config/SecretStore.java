package org.ikec.protocol.config;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Optional;

/** Looks up pre-shared keys and private keys, as swanctl's {@code secrets} section. */
public interface SecretStore {

    /**
     * Returns the key shared between the two identities. An entry that names one of them, or
     * neither, matches as swanctl's {@code ike} secrets do; the best match wins.
     */
    Optional<byte[]> sharedKey(IkeIdentity local, IkeIdentity remote);

    /** Returns the private key that belongs to {@code publicKey}, usually the key of our certificate. */
    default Optional<PrivateKey> privateKey(PublicKey publicKey) {
        return Optional.empty();
    }

    /** Returns the password of a local EAP user by EAP identity, as swanctl's {@code eap} secrets. */
    default Optional<String> eapPassword(String eapIdentity) {
        return Optional.empty();
    }
}
