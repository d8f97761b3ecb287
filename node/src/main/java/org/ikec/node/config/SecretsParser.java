package org.ikec.node.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.ikec.protocol.config.IkeIdentity;

/**
 * Reads the {@code ikec.secrets} section. An entry with {@code file} is a private key in a PEM
 * file, and its optional {@code secret} is the passphrase of an encrypted key. Any other entry is a
 * pre-shared key: {@code id} (one identity or a list, {@code %any} by default) and {@code secret}
 * (text, or hex after {@code 0x}), except that an entry named {@code eap-...} is an EAP user:
 * {@code id} (the EAP identity) and {@code secret} (the password as text). A relative
 * {@code file} is resolved against {@code baseDir}.
 */
final class SecretsParser {

    private static final Set<String> ENTRY_KEYS = Set.of("id", "secret");
    private static final Set<String> KEY_FILE_KEYS = Set.of("file", "secret");
    /** The name prefix of EAP user entries, as swanctl's secrets section has it. */
    private static final String EAP_PREFIX = "eap-";

    private SecretsParser() {
    }

    static ConfigSecretStore parse(ConfigReader ikec, Path baseDir) {
        if (!ikec.has("secrets")) {
            return new ConfigSecretStore(List.of());
        }

        ConfigReader secrets = ikec.section("secrets");
        List<ConfigSecretStore.Entry> entries = new ArrayList<>();
        List<ConfigSecretStore.PrivateKeyEntry> privateKeys = new ArrayList<>();
        List<ConfigSecretStore.EapUser> eapUsers = new ArrayList<>();
        for (String name : secrets.keys()) {
            ConfigReader section = secrets.section(name);
            if (name.startsWith(EAP_PREFIX)) {
                eapUsers.add(eapUser(name, section, eapUsers));
            } else if (section.has("file")) {
                privateKeys.add(privateKey(name, section, baseDir));
            } else {
                entries.add(entry(name, section));
            }
        }
        return new ConfigSecretStore(entries, privateKeys, eapUsers);
    }

    private static ConfigSecretStore.EapUser eapUser(String name, ConfigReader section,
                                                     List<ConfigSecretStore.EapUser> earlier) {
        section.requireKnownKeys(ENTRY_KEYS);

        String id = section.string("id", "missing; set the user's EAP identity, for example id = alice");
        if (id.isEmpty() || id.equals("%any")) {
            throw new ConfigError(section.pathOf("id"), "invalid EAP identity '" + id
                    + "'; set the user's own name, for example id = alice");
        }
        if (earlier.stream().anyMatch(user -> user.identity().equals(id))) {
            throw new ConfigError(section.pathOf("id"), "EAP user '" + id + "' is configured twice");
        }
        String password = section.string("secret", "missing; set the user's password, secret = \"...\"");
        if (password.isEmpty()) {
            throw new ConfigError(section.pathOf("secret"), "the password is empty; set a non-empty secret");
        }
        return new ConfigSecretStore.EapUser(name, id, password);
    }

    private static ConfigSecretStore.PrivateKeyEntry privateKey(String name, ConfigReader section, Path baseDir) {
        section.requireKnownKeys(KEY_FILE_KEYS);

        Path file = baseDir.resolve(section.string("file", "missing"));
        char[] passphrase = section.has("secret") ? section.string("secret", "missing").toCharArray() : null;
        KeyPair keys = PemFiles.privateKey(file, section.pathOf("file"), passphrase);
        return new ConfigSecretStore.PrivateKeyEntry(name, file, keys);
    }

    private static ConfigSecretStore.Entry entry(String name, ConfigReader section) {
        section.requireKnownKeys(ENTRY_KEYS);

        List<IkeIdentity> ids = new ArrayList<>();
        for (String id : section.stringListOr("id", List.of("%any"))) {
            try {
                ids.add(IkeIdentity.parse(id));
            } catch (IllegalArgumentException e) {
                throw new ConfigError(section.pathOf("id"), e.getMessage());
            }
        }

        String secret = section.string("secret", "missing; set secret = \"...\" (text) or \"0x...\" (hex)");
        byte[] key = decode(secret, section.pathOf("secret"));
        if (key.length == 0) {
            throw new ConfigError(section.pathOf("secret"), "the secret is empty; set a non-empty secret");
        }
        return new ConfigSecretStore.Entry(name, ids, key);
    }

    /** Decodes {@code 0x}-prefixed hex, or else takes the text's UTF-8 bytes. */
    static byte[] decode(String secret, String path) {
        if (!secret.startsWith("0x") && !secret.startsWith("0X")) {
            return secret.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return HexFormat.of().parseHex(secret.substring(2));
        } catch (IllegalArgumentException e) {
            throw new ConfigError(path, "invalid hex after 0x; write an even number of hex digits,"
                    + " or drop the 0x to use the text itself");
        }
    }
}
