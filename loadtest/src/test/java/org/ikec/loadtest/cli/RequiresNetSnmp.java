package org.ikec.loadtest.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks tests that run net-snmp's snmpbulkwalk. Without it on {@code PATH} the tests are skipped,
 * or fail when the environment variable {@code CI} is {@code true}; see {@link NetSnmpRequirements}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NetSnmpRequirements.class)
@interface RequiresNetSnmp {
}
