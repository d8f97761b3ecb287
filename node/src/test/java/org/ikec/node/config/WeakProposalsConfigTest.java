package org.ikec.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ikec.protocol.config.ConnectionConfig;
import org.junit.jupiter.api.Test;

class WeakProposalsConfigTest {

    private static final String TEMPLATE = """
            ikec {
              connections {
                rw {
                  proposals = ["IKE_PROPOSAL"]
                  ALLOW_WEAK
                  local { auth = psk, id = "gw.ikec.test" }
                  remote { auth = psk, id = "%any" }
                  children { net { local_ts = ["0.0.0.0/0"], esp_proposals = ["ESP_PROPOSAL"] } }
                }
              }
              secrets { demo { secret = "s3cret" } }
            }
            """;

    private static String config(String ikeProposal, String espProposal, String allowWeak) {
        return TEMPLATE.replace("IKE_PROPOSAL", ikeProposal).replace("ESP_PROPOSAL", espProposal)
                .replace("ALLOW_WEAK", allowWeak);
    }

    private static ConnectionConfig load(String hocon) {
        return ConfigLoader.loadText(hocon, ConfigLoader.Overrides.NONE).ike().connections().get(0);
    }

    @Test
    void weakIkeProposalWithoutOptInIsRejected() {
        assertThatThrownBy(() -> load(config("3des-sha1-modp1024", "aes256gcm16", "")))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.connections.rw.proposals: proposal '3des-sha1-modp1024' uses the weak algorithms"
                        + " 3des, prfsha1, sha1, modp1024, which are off by default; set allow_weak = yes on the"
                        + " connection to accept weak algorithms, or allow_weak = <preset> to add a native"
                        + " client's proposals (presets: windows-default, macos-legacy)");
    }

    @Test
    void weakEspProposalWithoutOptInIsRejected() {
        assertThatThrownBy(() -> load(config("aes256gcm16-prfsha256-x25519", "3des-sha1", "allow_weak = no")))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.connections.rw.children.net.esp_proposals: proposal '3des-sha1' uses the weak"
                        + " algorithms 3des, sha1, which are off by default; set allow_weak = yes on the connection"
                        + " to accept weak algorithms, or allow_weak = <preset> to add a native client's"
                        + " proposals (presets: windows-default, macos-legacy)");
    }

    @Test
    void onlyModp1024IsEnoughToReject() {
        assertThatThrownBy(() -> load(config("aes256-sha256-modp1024", "aes256-sha256", "")))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("ikec.connections.rw.proposals: proposal 'aes256-sha256-modp1024' uses the"
                        + " weak algorithm modp1024, which is off by default;");
    }

    @Test
    void optInYesKeepsOwnProposals() {
        ConnectionConfig rw = load(config("3des-sha1-modp1024", "3des-sha1", "allow_weak = yes"));

        assertThat(rw.proposals()).containsExactly("3des-sha1-modp1024");
        assertThat(rw.children().get(0).espProposals()).containsExactly("3des-sha1");
    }

    @Test
    void windowsDefaultPresetAppendsProposals() {
        ConnectionConfig rw = load(config("aes256gcm16-prfsha256-x25519", "aes256gcm16",
                "allow_weak = windows-default"));

        assertThat(rw.proposals()).containsExactly("aes256gcm16-prfsha256-x25519",
                "aes256-aes192-aes128-sha384-sha256-sha1-modp1024",
                "3des-sha384-sha256-sha1-modp1024");
        assertThat(rw.children().get(0).espProposals()).containsExactly("aes256gcm16", "aes256-aes128-sha1", "3des-sha1");
    }

    @Test
    void severalPresetsAppendInOrder() {
        ConnectionConfig rw = load(config("aes256-sha256-modp2048", "aes256-sha256",
                "allow_weak = [macos-legacy, windows-default]"));

        assertThat(rw.proposals()).containsExactly("aes256-sha256-modp2048", "aes256-sha256-modp1024",
                "aes256-aes128-sha1-modp1024", "3des-sha1-modp1024", "aes256-aes192-aes128-sha384-sha256-sha1-modp1024",
                "3des-sha384-sha256-sha1-modp1024");
        assertThat(rw.children().get(0).espProposals()).containsExactly("aes256-sha256", "aes256-aes128-sha1", "3des-sha1");
    }

    @Test
    void presetAlsoAcceptsOwnWeakProposals() {
        ConnectionConfig rw = load(config("3des-sha1-modp1024", "3des-sha1", "allow_weak = \"windows-default\""));

        assertThat(rw.proposals()).containsExactly("3des-sha1-modp1024",
                "aes256-aes192-aes128-sha384-sha256-sha1-modp1024",
                "3des-sha384-sha256-sha1-modp1024");
        assertThat(rw.children().get(0).espProposals()).containsExactly("3des-sha1", "aes256-aes128-sha1");
    }

    @Test
    void unknownPresetIsRejected() {
        assertThatThrownBy(() -> load(config("aes256gcm16-prfsha256-x25519", "aes256gcm16", "allow_weak = windows")))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.connections.rw.allow_weak: unknown value 'windows'; use no, yes, or one or more of"
                        + " the presets windows-default, macos-legacy");
    }

    @Test
    void yesMixedWithPresetIsRejected() {
        assertThatThrownBy(() -> load(config("aes256gcm16-prfsha256-x25519", "aes256gcm16",
                "allow_weak = [yes, windows-default]")))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.connections.rw.allow_weak: unknown value 'yes'; use no, yes, or one or more of"
                        + " the presets windows-default, macos-legacy");
    }
}
