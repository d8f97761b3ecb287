package org.ikec.protocol.ike;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogLimiterTest {

    @Test
    void permitsOneLinePerKeyAndIntervalAndCountsTheRest() {
        LogLimiter limiter = new LogLimiter();

        assertThat(limiter.permit("NO_PROPOSAL_CHOSEN", 1_000)).isZero();
        assertThat(limiter.permit("NO_PROPOSAL_CHOSEN", 1_001)).isEqualTo(-1);
        assertThat(limiter.permit("NO_PROPOSAL_CHOSEN", 10_999)).isEqualTo(-1);
        assertThat(limiter.permit("INVALID_KE_PAYLOAD", 2_000)).isZero();
        assertThat(limiter.permit("NO_PROPOSAL_CHOSEN", 11_000)).isEqualTo(2);
        assertThat(limiter.permit("NO_PROPOSAL_CHOSEN", 11_001)).isEqualTo(-1);
    }
}
