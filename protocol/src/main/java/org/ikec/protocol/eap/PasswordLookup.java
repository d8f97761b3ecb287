package org.ikec.protocol.eap;

import java.util.Optional;

/** Finds the password of a local EAP user, as swanctl's {@code eap} secrets hold them. */
@FunctionalInterface
public interface PasswordLookup {

    /** Returns the password of the user with this EAP identity, or empty for an unknown user. */
    Optional<String> password(String identity);
}
