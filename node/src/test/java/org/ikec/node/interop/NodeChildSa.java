package org.ikec.node.interop;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Locale;

/**
 * One CHILD SA in the node's {@code ctl list --json} output.
 *
 * @param name     configured child name
 * @param spiIn    inbound ESP SPI in hex
 * @param spiOut   outbound ESP SPI in hex
 * @param proposal negotiated ESP algorithms
 * @param localTs  local traffic selectors in CIDR notation
 * @param remoteTs remote traffic selectors in CIDR notation
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record NodeChildSa(
        String name,
        String spiIn,
        String spiOut,
        String proposal,
        List<String> localTs,
        List<String> remoteTs) {

    NodeChildSa {
        localTs = localTs == null ? List.of() : List.copyOf(localTs);
        remoteTs = remoteTs == null ? List.of() : List.copyOf(remoteTs);
    }

    /** Returns the inbound SPI as strongSwan prints SPIs: 8 lowercase hex digits, no {@code 0x}. */
    String spiInHex() {
        return normalizeSpi(spiIn);
    }

    /** Returns the outbound SPI as strongSwan prints SPIs. */
    String spiOutHex() {
        return normalizeSpi(spiOut);
    }

    static String normalizeSpi(String spi) {
        String digits = spi.toLowerCase(Locale.ROOT);
        if (digits.startsWith("0x")) {
            digits = digits.substring(2);
        }
        return "0".repeat(Math.max(0, 8 - digits.length())) + digits;
    }
}
