package org.ikec.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.ikec.protocol.config.IkeIdentity;
import org.junit.jupiter.api.Test;

class ConfigSecretStoreTest {

    private static final IkeIdentity GATEWAY = IkeIdentity.parse("gw.ikec.test");
    private static final IkeIdentity ALICE = IkeIdentity.parse("alice@ikec.test");
    private static final IkeIdentity BOB = IkeIdentity.parse("bob@ikec.test");

    private final ConfigSecretStore store = new ConfigSecretStore(List.of(
            entry("any", List.of(IkeIdentity.ANY), "wildcard"),
            entry("alice", List.of(ALICE), "alice-key"),
            entry("pair", List.of(GATEWAY, BOB), "pair-key")));

    @Test
    void entryNamingBothIdentitiesWins() {
        assertThat(text(store, GATEWAY, BOB)).isEqualTo("pair-key");
    }

    @Test
    void entryNamingOneIdentityBeatsWildcard() {
        assertThat(text(store, GATEWAY, ALICE)).isEqualTo("alice-key");
    }

    @Test
    void wildcardMatchesUnknownPeer() {
        IkeIdentity otherGateway = IkeIdentity.parse("vpn.ikec.test");

        assertThat(text(store, otherGateway, IkeIdentity.parse("carol@ikec.test"))).isEqualTo("wildcard");
    }

    @Test
    void entryNamingOnlyLocalMatchesAnyPeer() {
        assertThat(text(store, GATEWAY, IkeIdentity.parse("carol@ikec.test"))).isEqualTo("pair-key");
    }

    @Test
    void noEntryMatchesWithoutWildcard() {
        ConfigSecretStore specific = new ConfigSecretStore(List.of(entry("alice", List.of(ALICE), "alice-key")));

        assertThat(specific.sharedKey(GATEWAY, BOB)).isEmpty();
    }

    @Test
    void toStringHidesKeys() {
        assertThat(store.entries().get(1).toString()).isEqualTo("Entry[alice [alice@ikec.test] (9 bytes)]");
        assertThat(store.toString()).isEqualTo("ConfigSecretStore[3 entries, 0 private keys]");
    }

    private static ConfigSecretStore.Entry entry(String name, List<IkeIdentity> ids, String key) {
        return new ConfigSecretStore.Entry(name, ids, key.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ConfigSecretStore store, IkeIdentity local, IkeIdentity remote) {
        return new String(store.sharedKey(local, remote).orElseThrow(), StandardCharsets.UTF_8);
    }
}
