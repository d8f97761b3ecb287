package org.ikec.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WeakProposalsTest {

    @Test
    void weakAlgorithmsAreListedOnceInOrder() {
        List<ProposalSpec> proposals = List.of(
                ProposalStrings.parseIke("3des-aes256-sha1-sha256-modp1024").get(0),
                ProposalStrings.parseIke("aes256-sha1-modp2048").get(0));

        assertThat(WeakProposals.weakAlgorithms(proposals)).containsExactly("3des", "prfsha1", "sha1", "modp1024");
    }

    @Test
    void strongProposalsHaveNoWeakAlgorithm() {
        assertThat(WeakProposals.weakAlgorithms(ProposalStrings.parseIke("aes256-sha256-sha384-modp2048"))).isEmpty();
        assertThat(WeakProposals.weakAlgorithms(ProposalStrings.parseEsp("aes256gcm16-aes128gcm16"))).isEmpty();
    }

    @Test
    void windowsDefaultExpandsToItsProposals() {
        WeakProposals.Preset windows = WeakProposals.preset("windows-default").orElseThrow();

        assertThat(windows).isSameAs(WeakProposals.WINDOWS_DEFAULT);
        assertThat(windows.ike()).extracting(ProposalStrings::format).containsExactly(
                "aes256-aes192-aes128-sha384-sha256-sha1-prfsha384-prfsha256-prfsha1-modp1024",
                "3des-sha384-sha256-sha1-prfsha384-prfsha256-prfsha1-modp1024");
        assertThat(windows.esp()).extracting(ProposalStrings::format).containsExactly("aes256-aes128-sha1", "3des-sha1");
    }

    @Test
    void macosLegacyExpandsToItsProposals() {
        WeakProposals.Preset macos = WeakProposals.preset("macos-legacy").orElseThrow();

        assertThat(macos.ike()).extracting(ProposalStrings::format).containsExactly(
                "aes256-sha256-prfsha256-modp2048", "aes256-sha256-prfsha256-modp1024",
                "aes256-aes128-sha1-prfsha1-modp1024", "3des-sha1-prfsha1-modp1024");
        assertThat(macos.esp()).extracting(ProposalStrings::format)
                .containsExactly("aes256-sha256", "aes256-aes128-sha1", "3des-sha1");
    }

    @Test
    void presetsAreLookedUpByName() {
        assertThat(WeakProposals.presetNames()).isEqualTo("windows-default, macos-legacy");
        assertThat(WeakProposals.preset("windows")).isEmpty();
    }
}
