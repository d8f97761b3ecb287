package org.ikec.node.interop;

import java.util.List;
import java.util.Map;

/**
 * One CHILD SA as strongSwan lists it.
 *
 * @param name     configured child name
 * @param state    strongSwan's CHILD SA state, such as {@code INSTALLED} or {@code REKEYED}
 * @param spiIn    inbound SPI, 8 lowercase hex digits
 * @param spiOut   outbound SPI, 8 lowercase hex digits
 * @param encap    whether ESP is UDP-encapsulated (NAT-T)
 * @param proposal algorithms in strongSwan's notation, for example {@code AES_GCM_16-256}
 * @param localTs  local traffic selectors, for example {@code 192.0.2.65/32}
 * @param remoteTs remote traffic selectors
 */
record ChildSaStatus(
        String name,
        String state,
        String spiIn,
        String spiOut,
        boolean encap,
        String proposal,
        List<String> localTs,
        List<String> remoteTs) {

    ChildSaStatus {
        localTs = List.copyOf(localTs);
        remoteTs = List.copyOf(remoteTs);
    }

    static ChildSaStatus fromVici(Map<String, Object> child) {
        return new ChildSaStatus(
                ViciValues.text(child, "name"),
                ViciValues.text(child, "state"),
                ViciValues.text(child, "spi-in"),
                ViciValues.text(child, "spi-out"),
                ViciValues.flag(child, "encap"),
                ViciValues.proposal(child),
                ViciValues.list(child, "local-ts"),
                ViciValues.list(child, "remote-ts"));
    }
}
