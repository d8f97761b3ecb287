package org.ikec.protocol.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTextTest {

    /** Cases from RFC 5952 §4 and its examples, each parsed by the JDK and formatted again. */
    @ParameterizedTest
    @CsvSource({
            "fd00:3:0:0:0:0:0:1, fd00:3::1",
            "2001:0db8:0000:0000:0000:0000:0002:0001, 2001:db8::2:1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
            "0:0:0:0:0:0:0:0, ::",
            "0:0:0:0:0:0:0:1, ::1",
            "fe80:0:0:0:0:0:0:0, fe80::",
            "2001:DB8:AC10:FE01:0:0:0:0, 2001:db8:ac10:fe01::",
            "10.3.0.1, 10.3.0.1"
    })
    void formatsCanonically(String input, String expected) throws Exception {
        InetAddress address = InetAddress.getByName(input);

        assertThat(AddressText.of(address)).isEqualTo(expected);
        assertThat(AddressText.of(address.getAddress())).isEqualTo(expected);
    }
}
