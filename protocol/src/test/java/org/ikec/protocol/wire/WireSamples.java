package org.ikec.protocol.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Captured and hand-built IKE messages shared by the codec tests. */
final class WireSamples {

    static final HexFormat HEX = HexFormat.of();

    static final long SPI_I = 0x2f15ad207e282b49L;
    static final long SPI_R = 0x36be4f3f03d9fca6L;

    private static final int NON_ESP_MARKER_SIZE = 4;

    private WireSamples() {
    }

    static byte[] hex(String text) {
        return HEX.parseHex(text.replace(" ", ""));
    }

    /** Returns a captured IKE message by name, with the non-ESP marker of port 4500 removed. */
    static byte[] captured(String name) {
        String[] line = readResource("/wire/strongswan-handshake.hex").get(name);
        byte[] payload = hex(line[1]);
        if (line[0].equals("4500")) {
            return java.util.Arrays.copyOfRange(payload, NON_ESP_MARKER_SIZE, payload.length);
        }
        return payload;
    }

    /** Returns a key from the handshake's key file by name. */
    static byte[] capturedKey(String name) {
        return hex(readResource("/wire/strongswan-handshake-keys.hex").get(name)[0]);
    }

    static List<byte[]> allCaptured() {
        return List.of(captured("ike-sa-init-request"), captured("ike-sa-init-response"),
                captured("ike-auth-request"), captured("ike-auth-response"));
    }

    private static Map<String, String[]> readResource(String path) {
        try (InputStream in = WireSamples.class.getResourceAsStream(path)) {
            Map<String, String[]> lines = new HashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.trim().split("\\s+");
                lines.put(fields[0], java.util.Arrays.copyOfRange(fields, 1, fields.length));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds a datagram from a payload chain in hex, with a valid IKEv2 header in front. */
    static byte[] datagram(int exchangeType, int firstPayload, String chainHex) {
        byte[] chain = hex(chainHex);
        IkeHeader header = new IkeHeader(SPI_I, SPI_R, firstPayload, 2, 0, exchangeType,
                IkeHeader.FLAG_INITIATOR, 7, IkeHeader.SIZE + chain.length);
        byte[] out = new byte[header.length()];
        IkeCodec.writeHeader(header, out, 0);
        System.arraycopy(chain, 0, out, IkeHeader.SIZE, chain.length);
        return out;
    }

    static IkeHeader header(int exchangeType, int flags, long messageId) {
        return new IkeHeader(SPI_I, SPI_R, 0, 2, 0, exchangeType, flags, messageId, 0);
    }

    static Nonce nonce(int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) i;
        }
        return new Nonce(data);
    }

    static TrafficSelector ipv4(int protocol, int startPort, int endPort, String start, String end) {
        return new TrafficSelector(TsType.IPV4_ADDR_RANGE, protocol, startPort, endPort, hex(start),
                hex(end));
    }

    /** Hand-built messages that together contain every payload type the codec decodes. */
    static List<IkeMessage> handBuilt() {
        SecurityAssociation ikeSa = new SecurityAssociation(List.of(
                new Proposal(1, ProtocolId.IKE, new byte[0], List.of(
                        Transform.withKeyLength(TransformType.ENCR, 20, 256),
                        Transform.of(TransformType.PRF, 5),
                        Transform.of(TransformType.KE, 31))),
                new Proposal(2, ProtocolId.IKE, new byte[0], List.of(
                        Transform.withKeyLength(TransformType.ENCR, 12, 128),
                        Transform.of(TransformType.INTEG, 12),
                        Transform.of(TransformType.PRF, 5),
                        new Transform(TransformType.KE, 19, List.of(
                                new TransformAttribute(300, hex("0102030405"), false)))))));
        SecurityAssociation childSa = new SecurityAssociation(List.of(
                new Proposal(1, ProtocolId.ESP, hex("cf048ca9"), List.of(
                        Transform.withKeyLength(TransformType.ENCR, 20, 256),
                        Transform.of(TransformType.ESN, 0))),
                new Proposal(2, ProtocolId.AH, hex("11223344"), List.of(
                        Transform.of(TransformType.INTEG, 12)))));

        IkeMessage saInit = new IkeMessage(header(ExchangeType.IKE_SA_INIT, 0x08, 0), List.of(
                ikeSa,
                new KeyExchange(31, hex("828282e9f3e0992479166ba4961bc34d2c6af75a47cc4ded8d71a716e137712f")),
                nonce(32),
                Notify.of(NotifyType.NAT_DETECTION_SOURCE_IP, hex("47d5f9d29eb70cdc817fab165acdef760e4579e5")),
                Notify.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED),
                new CertificateRequest(4, hex("00112233445566778899aabbccddeeff00112233")),
                new VendorId(hex("882fe56d6fd20dbc2251613b2ebe5beb")),
                new Unknown(49, false, hex("0102"))));

        IkeMessage auth = new IkeMessage(header(ExchangeType.IKE_AUTH, 0x08, 1), List.of(
                new Identification(true, IdType.ID_RFC822_ADDR, "client1@ikelab.test".getBytes(StandardCharsets.US_ASCII)),
                new Certificate(4, hex("3082010a0282010100")),
                Notify.of(NotifyType.INITIAL_CONTACT),
                new Identification(false, IdType.ID_FQDN, "resp.ikelab.test".getBytes(StandardCharsets.US_ASCII)),
                new Authentication(AuthMethod.PSK, hex("16a6aceb014bf584360b5b5c70d021909d2b2e160f105b5ca5b8904601318b82")),
                new Configuration(ConfigType.CFG_REQUEST, List.of(
                        new ConfigAttribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS, new byte[0]),
                        new ConfigAttribute(ConfigAttributeType.INTERNAL_IP6_DNS, new byte[0]),
                        new ConfigAttribute(ConfigAttributeType.APPLICATION_VERSION, hex("696b6563")))),
                childSa,
                new TrafficSelectors(true, List.of(
                        ipv4(0, 0, 65535, "c0000241", "c0000241"),
                        ipv4(6, 443, 443, "c6336400", "c63364ff"))),
                new TrafficSelectors(false, List.of(new TrafficSelector(TsType.IPV6_ADDR_RANGE, 17,
                        500, 4500, hex("20010db8000000000000000000000001"),
                        hex("20010db800000000000000000000ffff")))),
                new Eap(hex("0107000501"))));

        IkeMessage delete = new IkeMessage(header(ExchangeType.INFORMATIONAL, 0x20, 0xfffffffeL),
                List.of(new Delete(ProtocolId.ESP, 4, List.of(hex("01020304"), hex("05060708"))),
                        new Delete(ProtocolId.IKE, 0, List.of()),
                        new Notify(ProtocolId.ESP, hex("091dbc5e"), NotifyType.REKEY_SA, new byte[0])));

        IkeMessage protectedRequest = new IkeMessage(header(ExchangeType.CREATE_CHILD_SA, 0x08, 2),
                List.of(new Encrypted(PayloadType.SA, hex("8a8e4e479f53ae4f0011223344556677"))));

        IkeMessage fragment = new IkeMessage(header(ExchangeType.IKE_AUTH, 0x08, 1),
                List.of(new EncryptedFragment(1, 3, PayloadType.ID_I, hex("0a1fc6ce032ba38baabbcc"))));

        IkeMessage empty = new IkeMessage(header(ExchangeType.INFORMATIONAL, 0x00, 3), List.of());

        return List.of(saInit, auth, delete, protectedRequest, fragment, empty);
    }
}
