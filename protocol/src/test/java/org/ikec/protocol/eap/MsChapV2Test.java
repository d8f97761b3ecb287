package org.ikec.protocol.eap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** The sample values of RFC 2759 §9.2 and RFC 3079 §3.5.3 (user "User", password "clientPass"). */
class MsChapV2Test {

    private static final HexFormat HEX = HexFormat.of();
    private static final String USER = "User";
    private static final String PASSWORD = "clientPass";
    private static final byte[] AUTHENTICATOR_CHALLENGE = HEX.parseHex("5b5d7c7d7b3f2f3e3c2c602132262628");
    private static final byte[] PEER_CHALLENGE = HEX.parseHex("21402324255e262a28295f2b3a337c7e");
    private static final String NT_RESPONSE = "82309ecd8d708b5ea08faa3981cd83544233114a3d85d6df";

    @Test
    void ntPasswordHashMatchesRfc2759() {
        assertThat(HEX.formatHex(MsChapV2.ntPasswordHash(PASSWORD))).isEqualTo("44ebba8d5312b8d611474411f56989ae");
    }

    @Test
    void passwordHashHashMatchesRfc2759() {
        byte[] hash = MsChapV2.ntPasswordHash(PASSWORD);

        assertThat(HEX.formatHex(MsChapV2.passwordHashHash(hash))).isEqualTo("41c00c584bd2d91c4017a2a12fa59f3f");
    }

    @Test
    void challengeHashMatchesRfc2759() {
        assertThat(HEX.formatHex(MsChapV2.challengeHash(PEER_CHALLENGE, AUTHENTICATOR_CHALLENGE, USER)))
                .isEqualTo("d02e4386bce91226");
    }

    @Test
    void ntResponseMatchesRfc2759() {
        byte[] hash = MsChapV2.ntPasswordHash(PASSWORD);

        assertThat(HEX.formatHex(MsChapV2.ntResponse(AUTHENTICATOR_CHALLENGE, PEER_CHALLENGE, USER, hash)))
                .isEqualTo(NT_RESPONSE);
    }

    @Test
    void authenticatorResponseMatchesRfc2759() {
        byte[] hash = MsChapV2.ntPasswordHash(PASSWORD);

        assertThat(MsChapV2.authenticatorResponse(hash, HEX.parseHex(NT_RESPONSE), PEER_CHALLENGE,
                AUTHENTICATOR_CHALLENGE, USER)).isEqualTo("S=407A5589115FD0D6209F510FE9C04566932CDA56");
    }

    @Test
    void masterKeyMatchesRfc3079() {
        byte[] hashHash = MsChapV2.passwordHashHash(MsChapV2.ntPasswordHash(PASSWORD));

        assertThat(HEX.formatHex(MppeKeys.masterKey(hashHash, HEX.parseHex(NT_RESPONSE))))
                .isEqualTo("fdece3717a8c838cb388e527ae3cdd31");
    }

    @Test
    void sendStartKeyMatchesRfc3079() {
        byte[] hashHash = MsChapV2.passwordHashHash(MsChapV2.ntPasswordHash(PASSWORD));
        byte[] master = MppeKeys.masterKey(hashHash, HEX.parseHex(NT_RESPONSE));

        // RFC 3079 §3.5.3 derives SendStartKey128 on the server side, which is the client's receive key.
        assertThat(HEX.formatHex(MppeKeys.asymmetricStartKey(master, true, true)))
                .isEqualTo("8b7cdc149b993a1ba118cb153f56dccb");
        assertThat(HEX.formatHex(MppeKeys.asymmetricStartKey(master, false, false)))
                .isEqualTo("8b7cdc149b993a1ba118cb153f56dccb");
        assertThat(HEX.formatHex(MppeKeys.asymmetricStartKey(master, false, true)))
                .isEqualTo("d5f0e9521e3ea9589645e86051c82226");
    }

    @Test
    void mskIsReceiveKeySendKeyAndZeros() {
        byte[] msk = MppeKeys.msk(MsChapV2.ntPasswordHash(PASSWORD), HEX.parseHex(NT_RESPONSE));

        assertThat(HEX.formatHex(msk)).isEqualTo("d5f0e9521e3ea9589645e86051c82226"
                + "8b7cdc149b993a1ba118cb153f56dccb" + "00".repeat(32));
    }

    @Test
    void challengeHashDropsDomainPrefix() {
        assertThat(MsChapV2.withoutDomain("EXAMPLE\\User")).isEqualTo(USER);
        assertThat(MsChapV2.withoutDomain(USER)).isEqualTo(USER);
    }
}
