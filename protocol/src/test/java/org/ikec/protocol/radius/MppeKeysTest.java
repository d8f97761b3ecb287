package org.ikec.protocol.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MS-MPPE key vectors. The encrypted values were computed outside this code from RFC 2548
 * §2.4.2: b(1) = MD5(secret + Request Authenticator + Salt), b(i) = MD5(secret + c(i-1)).
 */
class MppeKeysTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SECRET = "testing123".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REQUEST_AUTHENTICATOR = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] RECV_KEY = HEX.parseHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] SEND_KEY = HEX.parseHex(
            "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");
    private static final String RECV_KEY_ENCRYPTED = "8123"
            + "5226e9cadf5f53898cd81471e5b6828d5d0bac6c6ee36ec012b8c3af74bd352a48fcbe67d01eff131b409e8323305eba";
    private static final String SEND_KEY_ENCRYPTED = "8456"
            + "b821b26e21fd2ea2263fd801b386a814ec5109e94e47d889799caafa8a78217777fdeee362f38f0a0fbb8a0ee01cb9da";

    @Test
    void encryptWithFixedSaltMatchesVector() {
        byte[] encrypted = MppeKeys.encrypt(RECV_KEY, HEX.parseHex("8123"), SECRET, REQUEST_AUTHENTICATOR);

        assertThat(HEX.formatHex(encrypted)).isEqualTo(RECV_KEY_ENCRYPTED);
    }

    @Test
    void decryptVectorReturnsKey() throws Exception {
        byte[] key = MppeKeys.decrypt(HEX.parseHex(SEND_KEY_ENCRYPTED), SECRET, REQUEST_AUTHENTICATOR);

        assertThat(key).isEqualTo(SEND_KEY);
    }

    @Test
    void roundTripKeepsShortKey() throws Exception {
        byte[] key = HEX.parseHex("a1a2a3a4a5");

        byte[] encrypted = MppeKeys.encrypt(key, HEX.parseHex("80ff"), SECRET, REQUEST_AUTHENTICATOR);

        assertThat(encrypted).hasSize(2 + 16);
        assertThat(MppeKeys.decrypt(encrypted, SECRET, REQUEST_AUTHENTICATOR)).isEqualTo(key);
    }

    @Test
    void mskIsRecvKeyThenSendKey() throws Exception {
        List<RadiusAttribute> attributes = List.of(
                new VendorSpecific(RadiusAttributeType.VENDOR_MICROSOFT, RadiusAttributeType.MS_MPPE_SEND_KEY,
                        HEX.parseHex(SEND_KEY_ENCRYPTED)).toAttribute(),
                new VendorSpecific(RadiusAttributeType.VENDOR_MICROSOFT, RadiusAttributeType.MS_MPPE_RECV_KEY,
                        HEX.parseHex(RECV_KEY_ENCRYPTED)).toAttribute());
        RadiusPacket accept = new RadiusPacket(RadiusCode.ACCESS_ACCEPT, 1, new byte[16], attributes);

        byte[] msk = MppeKeys.msk(accept, SECRET, REQUEST_AUTHENTICATOR).orElseThrow();

        assertThat(HEX.formatHex(msk)).isEqualTo(HEX.formatHex(RECV_KEY) + HEX.formatHex(SEND_KEY));
    }

    @Test
    void mskSkipsOtherVendorLayouts() throws Exception {
        List<RadiusAttribute> attributes = List.of(
                new RadiusAttribute(RadiusAttributeType.VENDOR_SPECIFIC, HEX.parseHex("0000000901")),
                new VendorSpecific(RadiusAttributeType.VENDOR_MICROSOFT, RadiusAttributeType.MS_MPPE_RECV_KEY,
                        HEX.parseHex(RECV_KEY_ENCRYPTED)).toAttribute(),
                new VendorSpecific(RadiusAttributeType.VENDOR_MICROSOFT, RadiusAttributeType.MS_MPPE_SEND_KEY,
                        HEX.parseHex(SEND_KEY_ENCRYPTED)).toAttribute());
        RadiusPacket accept = new RadiusPacket(RadiusCode.ACCESS_ACCEPT, 1, new byte[16], attributes);

        byte[] msk = MppeKeys.msk(accept, SECRET, REQUEST_AUTHENTICATOR).orElseThrow();

        assertThat(msk).hasSize(64);
    }

    @Test
    void mskNeedsBothKeys() throws Exception {
        List<RadiusAttribute> attributes = List.of(
                new VendorSpecific(RadiusAttributeType.VENDOR_MICROSOFT, RadiusAttributeType.MS_MPPE_RECV_KEY,
                        HEX.parseHex(RECV_KEY_ENCRYPTED)).toAttribute());
        RadiusPacket accept = new RadiusPacket(RadiusCode.ACCESS_ACCEPT, 1, new byte[16], attributes);

        assertThat(MppeKeys.msk(accept, SECRET, REQUEST_AUTHENTICATOR)).isEmpty();
    }

    @Test
    void decryptRejectsStringNotMultipleOf16() {
        byte[] truncated = HEX.parseHex(RECV_KEY_ENCRYPTED.substring(0, RECV_KEY_ENCRYPTED.length() - 2));

        assertThatThrownBy(() -> MppeKeys.decrypt(truncated, SECRET, REQUEST_AUTHENTICATOR))
                .isInstanceOf(InvalidRadiusPacketException.class)
                .hasMessage("MS-MPPE key String of 47 octets is not a positive multiple of 16");
    }

    @Test
    void decryptRejectsSaltWithoutHighBit() {
        byte[] encrypted = HEX.parseHex(RECV_KEY_ENCRYPTED);
        encrypted[0] = 0x01;

        assertThatThrownBy(() -> MppeKeys.decrypt(encrypted, SECRET, REQUEST_AUTHENTICATOR))
                .isInstanceOf(InvalidRadiusPacketException.class)
                .hasMessage("MS-MPPE key Salt lacks its high bit");
    }

    @Test
    void decryptRejectsEmptyData() {
        assertThatThrownBy(() -> MppeKeys.decrypt(new byte[1], SECRET, REQUEST_AUTHENTICATOR))
                .isInstanceOf(InvalidRadiusPacketException.class)
                .hasMessage("MS-MPPE key String of 0 octets is not a positive multiple of 16");
    }
}
