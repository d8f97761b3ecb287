package org.ikec.node.config;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.SecretStore;

/**
 * The pre-shared keys and private keys of the {@code ikec.secrets} section. Pre-shared keys are
 * looked up the way swanctl's {@code ike} secrets are: an entry naming both identities beats one
 * naming either, which beats one naming none (or only {@code %any}). Among equal matches the
 * first configured entry wins. Private keys are found by the public key of a certificate, and EAP
 * passwords by the user's EAP identity.
 */
public final class ConfigSecretStore implements SecretStore {

    /**
     * One configured secret.
     *
     * @param name the entry's key under {@code ikec.secrets}
     * @param ids identities the secret belongs to; empty or {@code %any} for every identity
     */
    public record Entry(String name, List<IkeIdentity> ids, byte[] key) {

        public Entry {
            ids = List.copyOf(ids);
            key = key.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public String toString() {
            return "Entry[" + name + " " + ids + " (" + key.length + " bytes)]";
        }
    }

    /**
     * One private key, read from a PEM file.
     *
     * @param name the entry's key under {@code ikec.secrets}
     * @param keys the private key and the public key derived from it
     */
    public record PrivateKeyEntry(String name, Path file, KeyPair keys) {

        @Override
        public String toString() {
            return "PrivateKeyEntry[" + name + " " + file + " (" + keys.getPrivate().getAlgorithm() + ")]";
        }
    }

    /**
     * One local EAP user.
     *
     * @param name the entry's key under {@code ikec.secrets}, starting with {@code eap-}
     * @param identity the EAP identity the user sends
     * @param password the password as text, as MS-CHAPv2 hashes it
     */
    public record EapUser(String name, String identity, String password) {

        @Override
        public String toString() {
            return "EapUser[" + name + " " + identity + "]";
        }
    }

    private final List<Entry> entries;
    private final List<PrivateKeyEntry> privateKeys;
    private final List<EapUser> eapUsers;

    public ConfigSecretStore(List<Entry> entries) {
        this(entries, List.of());
    }

    public ConfigSecretStore(List<Entry> entries, List<PrivateKeyEntry> privateKeys) {
        this(entries, privateKeys, List.of());
    }

    public ConfigSecretStore(List<Entry> entries, List<PrivateKeyEntry> privateKeys, List<EapUser> eapUsers) {
        this.entries = List.copyOf(entries);
        this.privateKeys = List.copyOf(privateKeys);
        this.eapUsers = List.copyOf(eapUsers);
    }

    public List<Entry> entries() {
        return entries;
    }

    public List<PrivateKeyEntry> privateKeys() {
        return privateKeys;
    }

    public List<EapUser> eapUsers() {
        return eapUsers;
    }

    @Override
    public Optional<String> eapPassword(String eapIdentity) {
        return eapUsers.stream().filter(user -> user.identity().equals(eapIdentity)).map(EapUser::password)
                .findFirst();
    }

    /** Returns the private key whose public key has the same SubjectPublicKeyInfo encoding as {@code publicKey}. */
    @Override
    public Optional<PrivateKey> privateKey(PublicKey publicKey) {
        byte[] expected = publicKey.getEncoded();
        return privateKeys.stream().filter(entry -> Arrays.equals(entry.keys().getPublic().getEncoded(), expected))
                .map(entry -> entry.keys().getPrivate()).findFirst();
    }

    @Override
    public Optional<byte[]> sharedKey(IkeIdentity local, IkeIdentity remote) {
        Entry best = null;
        int bestScore = 0;
        for (Entry entry : entries) {
            int score = score(entry, local, remote);
            if (score > bestScore) {
                best = entry;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best).map(Entry::key);
    }

    /** Scores 3 for both identities named, 2 for one, 1 for a wildcard entry, 0 for no match. */
    private static int score(Entry entry, IkeIdentity local, IkeIdentity remote) {
        List<IkeIdentity> specific = entry.ids().stream().filter(id -> !id.isAny()).toList();
        if (specific.isEmpty()) {
            return 1;
        }

        boolean namesLocal = specific.stream().anyMatch(id -> same(id, local));
        boolean namesRemote = specific.stream().anyMatch(id -> same(id, remote));
        if (namesLocal && namesRemote) {
            return 3;
        }
        return namesLocal || namesRemote ? 2 : 0;
    }

    private static boolean same(IkeIdentity configured, IkeIdentity presented) {
        return configured.type() == presented.type()
                && MessageDigest.isEqual(configured.value(), presented.value());
    }

    @Override
    public String toString() {
        return "ConfigSecretStore[" + entries.size() + " entries, " + privateKeys.size() + " private keys"
                + (eapUsers.isEmpty() ? "" : ", " + eapUsers.size() + " EAP users") + "]";
    }
}
