package org.ikec.loadtest.snmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NumericOidTest {

    @Test
    void subIdentifiersCompareUnsigned() {
        NumericOid high = NumericOid.parse(".1.3.6.4294967295");
        NumericOid signedNegative = NumericOid.parse(".1.3.6.2147483648");
        NumericOid low = NumericOid.parse(".1.3.6.2147483647");

        assertThat(high.compareTo(signedNegative)).isPositive();
        assertThat(signedNegative.compareTo(low)).isPositive();
        assertThat(low.compareTo(high)).isNegative();
    }

    @Test
    void prefixSortsBeforeItsExtension() {
        NumericOid table = NumericOid.parse(".1.3.6.1.4.1.2636.3.22.1.2.1");
        NumericOid entry = NumericOid.parse(".1.3.6.1.4.1.2636.3.22.1.2.1.1");

        assertThat(table.compareTo(entry)).isNegative();
        assertThat(entry.startsWith(table)).isTrue();
        assertThat(table.startsWith(entry)).isFalse();
    }

    @Test
    void numericOrderIsNotTextOrder() {
        assertThat(NumericOid.parse(".1.3.9").compareTo(NumericOid.parse(".1.3.10"))).isNegative();
    }

    @Test
    void equalOidsCompareEqual() {
        NumericOid left = NumericOid.parse(".1.3.6.1");
        NumericOid right = NumericOid.parse("1.3.6.1");

        assertThat(left.compareTo(right)).isZero();
        assertThat(left).isEqualTo(right);
        assertThat(left.hashCode()).isEqualTo(right.hashCode());
        assertThat(left.toString()).isEqualTo(".1.3.6.1");
    }

    @Test
    void parseRejectsInvalidText() {
        assertThatThrownBy(() -> NumericOid.parse(".1.3.4294967296"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sub-identifier 4294967296 of OID .1.3.4294967296 is larger than 4294967295");
        assertThatThrownBy(() -> NumericOid.parse(".1.3.x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid sub-identifier 'x' in OID .1.3.x");
        assertThatThrownBy(() -> NumericOid.parse(".1..3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid sub-identifier '' in OID .1..3");
        assertThatThrownBy(() -> NumericOid.parse("."))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty OID");
    }
}
