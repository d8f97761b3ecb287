package org.ikec.protocol.eap.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class EapTlsFrameTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void startIsTheSFlagAlone() {
        assertThat(HEX.formatHex(new EapTlsFrame(false, true, -1, new byte[0]).encode())).isEqualTo("20");
    }

    @Test
    void firstFragmentCarriesLengthAndMore() {
        byte[] encoded = new EapTlsFrame(true, false, 1500, new byte[] {22, 3, 3}).encode();

        assertThat(HEX.formatHex(encoded)).isEqualTo("c0000005dc160303");
        EapTlsFrame decoded = EapTlsFrame.decode(encoded);
        assertThat(decoded.more()).isTrue();
        assertThat(decoded.start()).isFalse();
        assertThat(decoded.totalLength()).isEqualTo(1500);
        assertThat(decoded.data()).containsExactly(22, 3, 3);
    }

    @Test
    void acknowledgementIsOneZeroOctet() {
        assertThat(HEX.formatHex(EapTlsFrame.acknowledgement().encode())).isEqualTo("00");
        assertThat(EapTlsFrame.decode(new byte[] {0}).isAcknowledgement()).isTrue();
    }

    @Test
    void emptyTypeDataIsRefused() {
        assertThatThrownBy(() -> EapTlsFrame.decode(new byte[0])).hasMessage("EAP-TLS data has no Flags octet");
    }
}
