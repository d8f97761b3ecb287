package org.ikec.protocol.eap.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class TlsKeyExporterTest {

    private static final HexFormat HEX = HexFormat.of();

    /** The widely used TLS 1.2 PRF test vector for P_SHA256 with the label "test label" and 100 octets of output. */
    @Test
    void prfSha256MatchesTheKnownVector() {
        byte[] out = TlsKeyExporter.prf("HmacSHA256", HEX.parseHex("9bbe436ba940f017b17652849a71db35"), "test label",
                HEX.parseHex("a0ba9f936cda311827a6f796ffd5198c"), 100);

        assertThat(HEX.formatHex(out)).isEqualTo("e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
                + "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f79"
                + "6789baa48082d122ee42c5a72e5a5110fff70187347b66");
    }

    @Test
    void sha384SuitesUseHmacSha384() {
        assertThat(TlsKeyExporter.prfHash("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")).isEqualTo("HmacSHA384");
        assertThat(TlsKeyExporter.prfHash("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")).isEqualTo("HmacSHA256");
    }

    @Test
    void thisJvmCanExport() {
        assertThat(TlsKeyExporter.unavailable()).isEmpty();
    }
}
