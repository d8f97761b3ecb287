package org.ikec.loadtest.bench;

import java.util.concurrent.TimeUnit;

import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.MalformedMessageException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decoding and encoding of the captured strongSwan IKE_SA_INIT request (SA, KE, Nonce and five
 * Notify payloads, 232 bytes) and IKE_AUTH request (header and one SK payload, 264 bytes) with
 * {@link IkeCodec} (RFC 7296 §3). The SK payload stays encrypted here, so the IKE_AUTH numbers
 * cover only the header and the SK payload's generic header and copy.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class CodecBenchmark {

    private byte[] saInitRequest;
    private byte[] authRequest;
    private IkeMessage decodedSaInitRequest;
    private IkeMessage decodedAuthRequest;

    @Setup
    public void loadMessages() throws MalformedMessageException {
        saInitRequest = CapturedMessages.message("ike-sa-init-request");
        authRequest = CapturedMessages.message("ike-auth-request");
        decodedSaInitRequest = IkeCodec.decode(saInitRequest, 0, saInitRequest.length);
        decodedAuthRequest = IkeCodec.decode(authRequest, 0, authRequest.length);

        checkRoundTrip(saInitRequest, decodedSaInitRequest);
        checkRoundTrip(authRequest, decodedAuthRequest);
    }

    private static void checkRoundTrip(byte[] captured, IkeMessage decoded) {
        if (!java.util.Arrays.equals(captured, IkeCodec.encode(decoded))) {
            throw new IllegalStateException("re-encoding the captured " + decoded.header().exchangeType()
                    + " message does not give the same bytes");
        }
    }

    @Benchmark
    public IkeMessage decodeSaInitRequest() throws MalformedMessageException {
        return IkeCodec.decode(saInitRequest, 0, saInitRequest.length);
    }

    @Benchmark
    public byte[] encodeSaInitRequest() {
        return IkeCodec.encode(decodedSaInitRequest);
    }

    @Benchmark
    public IkeMessage decodeAuthRequest() throws MalformedMessageException {
        return IkeCodec.decode(authRequest, 0, authRequest.length);
    }

    @Benchmark
    public byte[] encodeAuthRequest() {
        return IkeCodec.encode(decodedAuthRequest);
    }
}
