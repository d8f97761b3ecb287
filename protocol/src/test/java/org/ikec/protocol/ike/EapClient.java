package org.ikec.protocol.ike;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.ikec.protocol.auth.SignatureHashAlgorithms;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.TrafficSelectorSpec;
import org.ikec.protocol.crypto.IkeKeyMaterial;
import org.ikec.protocol.crypto.KeyExchanges;
import org.ikec.protocol.crypto.SkCipher;
import org.ikec.protocol.eap.EapPacket;
import org.ikec.protocol.eap.MppeKeys;
import org.ikec.protocol.eap.MsChapV2;
import org.ikec.protocol.wire.AuthMethod;
import org.ikec.protocol.wire.Authentication;
import org.ikec.protocol.wire.Configuration;
import org.ikec.protocol.wire.Eap;
import org.ikec.protocol.wire.Encrypted;
import org.ikec.protocol.wire.ExchangeType;
import org.ikec.protocol.wire.Identification;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.KeyExchange;
import org.ikec.protocol.wire.Nonce;
import org.ikec.protocol.wire.Notify;
import org.ikec.protocol.wire.NotifyType;
import org.ikec.protocol.wire.Payload;
import org.ikec.protocol.wire.ProtocolId;
import org.ikec.protocol.wire.SecurityAssociation;
import org.ikec.protocol.wire.TrafficSelectors;

/**
 * A test-side IKE initiator that authenticates with EAP-MSCHAPv2 (RFC 7296 §2.16): it builds each
 * request by hand, so a test can send exactly the message it wants and read every response.
 */
final class EapClient {

    static final long SPI_I = 0x5555_6666_7777_8888L;
    static final IkeIdentity ID_I = IkeIdentity.parse("192.0.2.1");
    private static final byte[] PEER_CHALLENGE = HexFormat.of().parseHex("21402324255e262a28295f2b3a337c7e");

    private final String proposal;
    private final String eapIdentity;
    private final String password;
    private final org.ikec.protocol.crypto.KeyExchange ke;
    private final byte[] nonceI = new byte[32];

    private byte[] initRequest;
    private byte[] initResponse;
    private long spiR;
    private byte[] nonceR;
    private IkeKeyMaterial keys;
    private SkCipher ownCipher;
    private SkCipher peerCipher;
    private long nextMessageId = 1;
    private byte[] ntResponse;
    private byte[] msk;

    EapClient(String proposal, String eapIdentity, String password) {
        this.proposal = proposal;
        this.eapIdentity = eapIdentity;
        this.password = password;
        this.ke = KeyExchanges.create(ProposalCache.ike(List.of(proposal)).get(0).transforms().stream()
                .filter(t -> t.type() == org.ikec.protocol.crypto.Algorithms.TYPE_KE).findFirst().orElseThrow().id());
        Arrays.fill(nonceI, (byte) 0x4e);
    }

    /** Returns HDR, SAi1, KEi, Ni, N(SIGNATURE_HASH_ALGORITHMS). */
    byte[] initRequest() {
        List<Payload> payloads = List.of(
                new SecurityAssociation(IkeSaInitiator.offer(ProposalCache.ike(List.of(proposal)), ProtocolId.IKE,
                        new byte[0])),
                new KeyExchange(ke.group(), ke.publicValue()), new Nonce(nonceI),
                SignatureHashAlgorithms.announcement());
        IkeHeader header = new IkeHeader(SPI_I, 0, 0, 2, 0, ExchangeType.IKE_SA_INIT, IkeHeader.FLAG_INITIATOR, 0, 0);
        initRequest = IkeCodec.encode(new IkeMessage(header, payloads));
        return initRequest;
    }

    /** Derives the IKE SA keys from the responder's IKE_SA_INIT response. */
    void initResponse(byte[] datagram) throws Exception {
        IkeMessage response = IkeCodec.decode(datagram, 0, datagram.length);
        initResponse = datagram.clone();
        spiR = response.header().spiR();
        nonceR = response.first(Nonce.class).orElseThrow().data();
        byte[] shared = ke.sharedSecret(response.first(KeyExchange.class).orElseThrow().data());
        SelectedProposal chosen = ProposalSelector.select(
                response.first(SecurityAssociation.class).orElseThrow().proposals(),
                ProposalCache.ike(List.of(proposal)), ProtocolId.IKE, ProposalSelector.KeMode.REQUIRED).orElseThrow();
        keys = IkeKeyMaterial.derive(chosen.ikeSuite(), shared, nonceI, nonceR, SPI_I, spiR);
        ownCipher = keys.initiatorCipher();
        peerCipher = keys.responderCipher();
    }

    /** Returns HDR, SK {IDi, SAi2, TSi, TSr}: the first IKE_AUTH request, without AUTH. */
    byte[] firstAuthRequest() {
        return request(childPayloads("192.0.2.65/32", List.of(idI())));
    }

    /**
     * Returns HDR, SK {IDi, CP(CFG_REQUEST), SAi2, TSi, TSr} with TSi 0.0.0.0/0, as a client that
     * requests a virtual IP address sends it.
     */
    byte[] firstAuthRequest(Configuration request) {
        return request(childPayloads("0.0.0.0/0", List.of(idI(), request)));
    }

    private static List<Payload> childPayloads(String tsI, List<Payload> before) {
        List<Payload> payloads = new java.util.ArrayList<>(before);
        payloads.add(new SecurityAssociation(IkeSaInitiator.offer(ProposalCache.esp(List.of("aes256gcm16")),
                ProtocolId.ESP, ChildSaNegotiation.spiBytes(0xc1c1_0001))));
        payloads.add(new TrafficSelectors(true, TrafficSelectorNarrowing.toWire(List.of(TrafficSelectorSpec.parse(tsI)))));
        payloads.add(new TrafficSelectors(false, TrafficSelectorNarrowing.toWire(
                List.of(TrafficSelectorSpec.parse("192.0.2.128/25")))));
        return payloads;
    }

    /** Returns HDR, SK {EAP} with this EAP message. */
    byte[] eapRequest(EapPacket packet) {
        return request(List.of(new Eap(packet.encode())));
    }

    /** Returns an INFORMATIONAL request HDR, SK {N(AUTHENTICATION_FAILED)}, as strongSwan sends when it gives up. */
    byte[] authenticationFailedRequest() {
        return request(ExchangeType.INFORMATIONAL, List.of(Notify.of(NotifyType.AUTHENTICATION_FAILED)));
    }

    /** Returns HDR, SK {AUTH} with the MSK as the shared key (§2.16). */
    byte[] finalAuthRequest() {
        byte[] octets = keys.signedOctets(true, initRequest, nonceR, idI().body());
        return request(List.of(new Authentication(AuthMethod.PSK, keys.sharedKeyAuthentication(msk, octets))));
    }

    /** Tells whether the final response's AUTH is the MIC keyed with our MSK over IDr' of the first response. */
    boolean responderAuthValid(IkeMessage finalResponse, Identification idR) {
        return keys.verifySharedKeyAuthentication(msk, keys.signedOctets(false, initResponse, nonceI, idR.body()),
                finalResponse.first(Authentication.class).orElseThrow().data());
    }

    /** Returns the EAP Identity Response. */
    EapPacket identityResponse(EapPacket request) {
        return EapPacket.of(EapPacket.RESPONSE, request.identifier(), EapPacket.TYPE_IDENTITY,
                eapIdentity.getBytes(StandardCharsets.UTF_8));
    }

    /** Responds to an MS-CHAPv2 Challenge with our Response, computed with our password. */
    EapPacket challengeResponse(EapPacket challenge) {
        byte[] data = challenge.typeData();
        byte[] authenticatorChallenge = Arrays.copyOfRange(data, 5, 21);
        byte[] hash = MsChapV2.ntPasswordHash(password);
        ntResponse = MsChapV2.ntResponse(authenticatorChallenge, PEER_CHALLENGE, eapIdentity, hash);
        msk = MppeKeys.msk(hash, ntResponse);

        byte[] name = eapIdentity.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[5 + 49 + name.length];
        out[0] = 2;
        out[1] = data[1];
        out[2] = (byte) (out.length >>> 8);
        out[3] = (byte) out.length;
        out[4] = 49;
        System.arraycopy(PEER_CHALLENGE, 0, out, 5, 16);
        System.arraycopy(ntResponse, 0, out, 5 + 24, 24);
        System.arraycopy(name, 0, out, 5 + 49, name.length);
        return EapPacket.of(EapPacket.RESPONSE, challenge.identifier(), EapPacket.TYPE_MSCHAPV2, out);
    }

    /** Returns the authenticator response we expect in the Success Request. */
    String expectedAuthenticatorResponse(byte[] authenticatorChallenge) {
        return MsChapV2.authenticatorResponse(MsChapV2.ntPasswordHash(password), ntResponse, PEER_CHALLENGE,
                authenticatorChallenge, eapIdentity);
    }

    /** Takes the MSK that a test's EAP backend gave the responder, in place of one from MS-CHAPv2. */
    void useMsk(byte[] backendMsk) {
        msk = backendMsk.clone();
    }

    /** Returns the MSK in hex, to search logs for it. */
    String mskHex() {
        return HexFormat.of().formatHex(msk);
    }

    /** Returns the NT-Response in hex, to search logs for it. */
    String ntResponseHex() {
        return HexFormat.of().formatHex(ntResponse);
    }

    /** Acknowledges an MS-CHAPv2 Success or Failure Request with the same OpCode. */
    static EapPacket acknowledge(EapPacket request) {
        return EapPacket.of(EapPacket.RESPONSE, request.identifier(), EapPacket.TYPE_MSCHAPV2,
                new byte[] {request.typeData()[0]});
    }

    /** Decrypts a response of the responder. */
    IkeMessage open(byte[] datagram) throws Exception {
        IkeMessage outer = IkeCodec.decode(datagram, 0, datagram.length);
        return new IkeMessage(outer.header(), SkMessages.open(datagram, outer.first(Encrypted.class).orElseThrow(),
                peerCipher));
    }

    /** Returns the EAP packet of a decrypted response. */
    static EapPacket eap(IkeMessage response) {
        return EapPacket.decode(response.first(Eap.class).orElseThrow().message());
    }

    private Identification idI() {
        return new Identification(true, ID_I.type(), ID_I.value());
    }

    private byte[] request(List<Payload> payloads) {
        return request(ExchangeType.IKE_AUTH, payloads);
    }

    private byte[] request(int exchangeType, List<Payload> payloads) {
        IkeHeader header = new IkeHeader(SPI_I, spiR, 0, 2, 0, exchangeType, IkeHeader.FLAG_INITIATOR,
                nextMessageId++, 0);
        return SkMessages.protect(header, payloads, ownCipher);
    }
}
