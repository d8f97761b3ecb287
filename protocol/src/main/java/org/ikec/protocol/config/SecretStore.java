package org.ikec.protocol.config;

import java.util.Optional;

/** Looks up pre-shared keys, as swanctl's {@code secrets} section. */
public interface SecretStore {

    /**
     * Returns the key shared between the two identities. An entry that names one of them, or
     * neither, matches as swanctl's {@code ike} secrets do; the best match wins.
     */
    Optional<byte[]> sharedKey(IkeIdentity local, IkeIdentity remote);
}
