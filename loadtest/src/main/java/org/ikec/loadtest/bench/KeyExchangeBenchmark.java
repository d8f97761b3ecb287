package org.ikec.loadtest.bench;

import java.util.concurrent.TimeUnit;

import org.ikec.protocol.crypto.InvalidKeyExchangeException;
import org.ikec.protocol.crypto.KeyExchange;
import org.ikec.protocol.crypto.KeyExchanges;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The Diffie-Hellman work of one IKE_SA_INIT responder (RFC 7296 §1.2): a fresh key pair and the
 * agreement with the peer's KE value, for Curve25519 (RFC 8031), MODP-2048 (RFC 3526) and
 * ECP-256 (RFC 5903). {@link KeyExchange#sharedSecret} may run once per instance, so the agreement
 * alone is not timed: it is {@code keyPairAndAgreement} minus {@code keyPair}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class KeyExchangeBenchmark {

    /** IANA Key Exchange Method number: 31 Curve25519, 14 MODP-2048, 19 ECP-256. */
    @Param({"31", "14", "19"})
    public int group;

    private byte[] peerPublicValue;

    @Setup
    public void makePeerValue() throws InvalidKeyExchangeException {
        KeyExchange peer = KeyExchanges.create(group);
        peerPublicValue = peer.publicValue();

        byte[] sharedSecret = KeyExchanges.create(group).sharedSecret(peerPublicValue);
        if (sharedSecret.length == 0) {
            throw new IllegalStateException("group " + group + " returned an empty shared secret");
        }
    }

    @Benchmark
    public byte[] keyPair() {
        return KeyExchanges.create(group).publicValue();
    }

    @Benchmark
    public byte[] keyPairAndAgreement() throws InvalidKeyExchangeException {
        return KeyExchanges.create(group).sharedSecret(peerPublicValue);
    }
}
