package org.ikec.protocol.eap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

import org.ikec.protocol.crypto.SecureRandoms;

/**
 * The authenticator's side of EAP-MSCHAPv2 (draft-kamath-pppext-eap-mschapv2, RFC 2759)
 * against a local password. It sends a Challenge, checks the peer's Response, sends a Success
 * Request with the authenticator response or a Failure Request with error 691, and ends with the
 * peer's next response. A Success needs the peer's acknowledgement. An unknown user gets a Challenge like any other, so the responses do not
 * tell which users exist.
 *
 * <p>Known limits: no retries after a failure (R=0) and no password change (OpCode 7).
 */
public final class MsChapV2Server implements EapMethod {

    static final int OP_CHALLENGE = 1;
    static final int OP_RESPONSE = 2;
    static final int OP_SUCCESS = 3;
    static final int OP_FAILURE = 4;

    /** The Value-Size of a Response: Peer-Challenge, 8 reserved bytes, NT-Response and Flags. */
    static final int RESPONSE_VALUE_SIZE = 49;
    /** OpCode, MS-CHAPv2-ID and MS-Length. */
    private static final int HEADER_SIZE = 4;
    /** RFC 2759 §6: ERROR_AUTHENTICATION_FAILURE. */
    private static final int ERROR_AUTHENTICATION_FAILURE = 691;

    private enum State { IDLE, CHALLENGE_SENT, SUCCESS_SENT, FAILURE_SENT, DONE }

    private final PasswordLookup passwords;
    private final String serverName;
    private final byte[] authenticatorChallenge;
    private final int msChapId;

    private State state = State.IDLE;
    private String identity;
    /** The reason the peer failed, kept from its Response until it acknowledges the Failure Request. */
    private String failureReason;
    private byte[] msk;

    private MsChapV2Server(PasswordLookup passwords, String serverName, byte[] authenticatorChallenge, int msChapId) {
        this.passwords = passwords;
        this.serverName = serverName;
        this.authenticatorChallenge = authenticatorChallenge.clone();
        this.msChapId = msChapId;
    }

    /** Creates the method with a random challenge; {@code serverName} goes into the Challenge's Name field. */
    public static MsChapV2Server create(PasswordLookup passwords, String serverName) {
        byte[] challenge = SecureRandoms.nonce(MsChapV2.CHALLENGE_LENGTH);
        return new MsChapV2Server(passwords, serverName, challenge, challenge[0] & 0xff);
    }

    /** Creates the method with a fixed challenge and MS-CHAPv2-ID, for tests with known values. */
    static MsChapV2Server withChallenge(PasswordLookup passwords, String serverName, byte[] authenticatorChallenge,
                                        int msChapId) {
        return new MsChapV2Server(passwords, serverName, authenticatorChallenge, msChapId);
    }

    @Override
    public int type() {
        return EapPacket.TYPE_MSCHAPV2;
    }

    @Override
    public String name() {
        return "EAP-MSCHAPv2";
    }

    @Override
    public EapStep start(EapPacket identityResponse) {
        if (state != State.IDLE) {
            throw new IllegalStateException("EAP-MSCHAPv2 already started for '" + identity + "'");
        }
        identity = new String(identityResponse.typeData(), StandardCharsets.UTF_8);
        state = State.CHALLENGE_SENT;

        byte[] name = serverName.getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[1 + MsChapV2.CHALLENGE_LENGTH + name.length];
        value[0] = MsChapV2.CHALLENGE_LENGTH;
        System.arraycopy(authenticatorChallenge, 0, value, 1, MsChapV2.CHALLENGE_LENGTH);
        System.arraycopy(name, 0, value, 1 + MsChapV2.CHALLENGE_LENGTH, name.length);
        return new EapStep.Request(frame(OP_CHALLENGE, value));
    }

    @Override
    public EapStep process(EapPacket response) {
        if (state == State.IDLE || state == State.DONE) {
            throw new IllegalStateException("EAP-MSCHAPv2 got a response in state " + state);
        }
        if (state == State.FAILURE_SENT) {
            // Any response to the Failure Request, acknowledgement or not, ends the method for the reason found.
            return done(failureReason);
        }
        if (response.type() == EapPacket.TYPE_NAK) {
            return done("'" + identity + "' rejected EAP-MSCHAPv2 and asked for EAP types "
                    + Arrays.toString(unsigned(response.typeData())));
        }
        if (response.type() != EapPacket.TYPE_MSCHAPV2) {
            return done("'" + identity + "' answered EAP-MSCHAPv2 with EAP type " + response.type());
        }

        byte[] typeData = response.typeData();
        return state == State.CHALLENGE_SENT ? checkResponse(typeData) : acknowledgedSuccess(typeData);
    }

    private EapStep checkResponse(byte[] typeData) {
        if (typeData.length < HEADER_SIZE + 1 + RESPONSE_VALUE_SIZE || typeData[0] != OP_RESPONSE) {
            return done("malformed MS-CHAPv2 Response from '" + identity + "'");
        }
        // MS-Length goes unchecked, because some peers fill it in wrongly and the EAP Length already frames the data.
        if ((typeData[1] & 0xff) != msChapId || typeData[HEADER_SIZE] != RESPONSE_VALUE_SIZE) {
            return done("MS-CHAPv2 Response from '" + identity + "' has a wrong MS-CHAPv2-ID or Value-Size");
        }

        int value = HEADER_SIZE + 1;
        byte[] peerChallenge = Arrays.copyOfRange(typeData, value, value + 16);
        byte[] ntResponse = Arrays.copyOfRange(typeData, value + 24, value + 48);
        String name = new String(typeData, value + RESPONSE_VALUE_SIZE, typeData.length - value - RESPONSE_VALUE_SIZE,
                StandardCharsets.UTF_8);
        String userName = MsChapV2.withoutDomain(name);
        if (!userName.equals(MsChapV2.withoutDomain(identity))) {
            return fail("MS-CHAPv2 name '" + name + "' differs from EAP identity '" + identity + "'");
        }

        Optional<String> password = passwords.password(identity);
        if (password.isEmpty()) {
            return fail("unknown EAP user '" + identity + "'");
        }
        byte[] passwordHash = MsChapV2.ntPasswordHash(password.get());
        byte[] expected = MsChapV2.ntResponse(authenticatorChallenge, peerChallenge, userName, passwordHash);
        if (!MessageDigest.isEqual(expected, ntResponse)) {
            Arrays.fill(passwordHash, (byte) 0);
            return fail("wrong password for EAP user '" + identity + "'");
        }

        String authenticatorResponse = MsChapV2.authenticatorResponse(passwordHash, ntResponse, peerChallenge,
                authenticatorChallenge, userName);
        msk = MppeKeys.msk(passwordHash, ntResponse);
        Arrays.fill(passwordHash, (byte) 0);
        state = State.SUCCESS_SENT;
        return new EapStep.Request(frame(OP_SUCCESS, ascii(authenticatorResponse + " M=Welcome")));
    }

    /** Sends the Failure Request (RFC 2759 §6). The peer's next response ends the method with {@code reason}. */
    private EapStep fail(String reason) {
        failureReason = reason;
        state = State.FAILURE_SENT;
        String message = "E=" + ERROR_AUTHENTICATION_FAILURE + " R=0 C=" + EapPacket.hexUpper(authenticatorChallenge)
                + " V=3 M=Authentication failed";
        return new EapStep.Request(frame(OP_FAILURE, ascii(message)));
    }

    @Override
    public Optional<String> unansweredFailure() {
        return state == State.FAILURE_SENT ? Optional.of(failureReason) : Optional.empty();
    }

    /** Ends the method with the MSK once the peer acknowledged our Success Request with the same OpCode. */
    private EapStep acknowledgedSuccess(byte[] typeData) {
        if (typeData.length < 1 || typeData[0] != OP_SUCCESS) {
            return done("'" + identity + "' did not acknowledge the MS-CHAPv2 Success Request");
        }
        state = State.DONE;
        byte[] key = msk;
        msk = null;
        EapStep.Success success = new EapStep.Success(key);
        Arrays.fill(key, (byte) 0);
        return success;
    }

    private EapStep done(String reason) {
        state = State.DONE;
        return new EapStep.Failure(reason);
    }

    /** Prepends OpCode, MS-CHAPv2-ID and MS-Length, which counts the bytes from OpCode to the end. */
    private byte[] frame(int opCode, byte[] value) {
        byte[] out = new byte[HEADER_SIZE + value.length];
        out[0] = (byte) opCode;
        out[1] = (byte) msChapId;
        out[2] = (byte) (out.length >>> 8);
        out[3] = (byte) out.length;
        System.arraycopy(value, 0, out, HEADER_SIZE, value.length);
        return out;
    }

    private static int[] unsigned(byte[] bytes) {
        int[] values = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] & 0xff;
        }
        return values;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
