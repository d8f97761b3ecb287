package org.ikec.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DhReuseTest {

    private static final DhReuse THREE_USES_IN_A_SECOND = new DhReuse(3, Duration.ofSeconds(1));

    @BeforeEach
    void startWithoutReusedKeys() {
        KeyExchanges.destroyExpiredReusedKeys(Long.MAX_VALUE);
    }

    @Test
    void offGivesFreshKeyPairs() {
        KeyExchange first = KeyExchanges.create(Algorithms.CURVE25519, DhReuse.OFF, 0);
        KeyExchange second = KeyExchanges.create(Algorithms.CURVE25519, DhReuse.OFF, 0);

        assertThat(DhReuse.OFF.enabled()).isFalse();
        assertThat(first.publicValue()).isNotEqualTo(second.publicValue());
    }

    @Test
    void keyServesMaxUses() {
        long now = 1_000_000;
        byte[] first = KeyExchanges.create(Algorithms.CURVE25519, THREE_USES_IN_A_SECOND, now).publicValue();

        byte[] second = KeyExchanges.create(Algorithms.CURVE25519, THREE_USES_IN_A_SECOND, now).publicValue();
        byte[] third = KeyExchanges.create(Algorithms.CURVE25519, THREE_USES_IN_A_SECOND, now).publicValue();
        byte[] fourth = KeyExchanges.create(Algorithms.CURVE25519, THREE_USES_IN_A_SECOND, now).publicValue();

        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first);
        assertThat(fourth).isNotEqualTo(first);
    }

    @Test
    void maxAgeRetiresKey() {
        DhReuse manyUses = new DhReuse(1_000, Duration.ofSeconds(1));
        long start = 2_000_000;
        byte[] first = KeyExchanges.create(Algorithms.CURVE25519, manyUses, start).publicValue();

        byte[] justBefore = KeyExchanges.create(Algorithms.CURVE25519, manyUses, start + 999).publicValue();
        byte[] atMaxAge = KeyExchanges.create(Algorithms.CURVE25519, manyUses, start + 1_000).publicValue();
        byte[] clockBack = KeyExchanges.create(Algorithms.CURVE25519, manyUses, start).publicValue();

        assertThat(justBefore).isEqualTo(first);
        assertThat(atMaxAge).isNotEqualTo(first);
        assertThat(clockBack).as("a clock that went back starts a new key").isNotEqualTo(atMaxAge);
    }

    @ParameterizedTest
    @ValueSource(ints = {Algorithms.CURVE25519, Algorithms.ECP_256, Algorithms.MODP_2048})
    void copyAgreesOnceAfterRotation(int group) throws Exception {
        long now = 3_000_000;
        KeyExchange first = KeyExchanges.create(group, THREE_USES_IN_A_SECOND, now);
        KeyExchange second = KeyExchanges.create(group, THREE_USES_IN_A_SECOND, now);
        KeyExchange peerOne = KeyExchanges.create(group);
        KeyExchange peerTwo = KeyExchanges.create(group);

        byte[] firstSecret = first.sharedSecret(peerOne.publicValue());
        for (int i = 0; i < 4; i++) {
            KeyExchanges.create(group, THREE_USES_IN_A_SECOND, now);
        }
        byte[] secondSecret = second.sharedSecret(peerTwo.publicValue());

        assertThat(second.publicValue()).isEqualTo(first.publicValue());
        assertThat(firstSecret).isEqualTo(peerOne.sharedSecret(first.publicValue()));
        assertThat(secondSecret).isEqualTo(peerTwo.sharedSecret(second.publicValue()));
        assertThat(secondSecret).isNotEqualTo(firstSecret);
        assertThatThrownBy(() -> first.sharedSecret(peerTwo.publicValue())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void threadsShareTheKey() throws Exception {
        long now = 4_000_000;
        byte[] onThisThread = KeyExchanges.create(Algorithms.CURVE25519, THREE_USES_IN_A_SECOND, now).publicValue();
        byte[][] onOtherThread = new byte[1][];

        Thread other = new Thread(() ->
                onOtherThread[0] = KeyExchanges.create(Algorithms.CURVE25519, THREE_USES_IN_A_SECOND, now).publicValue());
        other.start();
        other.join();

        assertThat(onOtherThread[0]).isEqualTo(onThisThread);
    }

    @Test
    void sweepDestroysExpiredKey() throws Exception {
        long now = 5_000_000;
        KeyExchange copy = KeyExchanges.create(Algorithms.CURVE25519, THREE_USES_IN_A_SECOND, now);
        KeyExchange peer = KeyExchanges.create(Algorithms.CURVE25519);

        int beforeMaxAge = KeyExchanges.destroyExpiredReusedKeys(now + 999);
        int atMaxAge = KeyExchanges.destroyExpiredReusedKeys(now + 1_000);
        KeyExchange next = KeyExchanges.create(Algorithms.CURVE25519, THREE_USES_IN_A_SECOND, now + 1_001);

        assertThat(beforeMaxAge).isZero();
        assertThat(atMaxAge).isEqualTo(1);
        assertThat(next.publicValue()).isNotEqualTo(copy.publicValue());
        assertThat(copy.sharedSecret(peer.publicValue()))
                .as("a copy handed out before keeps its own private key").isEqualTo(peer.sharedSecret(copy.publicValue()));
    }

    @Test
    void invalidSettingsRejected() {
        assertThatThrownBy(() -> new DhReuse(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxUses");
        assertThatThrownBy(() -> new DhReuse(2, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAge");
        assertThat(new DhReuse(2, Duration.ZERO).enabled()).isFalse();
        assertThat(new DhReuse(100, Duration.ofSeconds(1)).describe()).isEqualTo("up to 100 IKE SAs within 1000 ms");
        assertThat(DhReuse.OFF.describe()).isEqualTo("off");
    }
}
