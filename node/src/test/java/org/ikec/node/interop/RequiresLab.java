package org.ikec.node.interop;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks tests that need the namespace lab: root, {@code ip}, {@code unshare}, {@code iptables},
 * {@code swanctl} and charon at {@code /usr/lib/ipsec/charon}. When something is missing the
 * tests are skipped, or fail when the environment variable {@code CI} is {@code true}; see
 * {@link LabRequirements}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LabRequirements.class)
@interface RequiresLab {
}
