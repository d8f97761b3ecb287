package org.ikec.node.interop;

import java.util.List;

/**
 * An IKE and ESP proposal in strongSwan's keyword form, with the algorithm names strongSwan
 * 5.9.8 lists for the SAs they negotiate.
 *
 * @param ikeKeyword    IKE proposal as configured, for example {@code aes256gcm16-prfsha256-x25519}
 * @param espKeyword    ESP proposal as configured
 * @param ikeAlgorithms the IKE SA's algorithms as {@code swanctl --list-sas} prints them
 * @param espAlgorithms the CHILD SA's algorithms as {@code swanctl --list-sas} prints them
 */
record ProposalCase(String ikeKeyword, String espKeyword, String ikeAlgorithms, String espAlgorithms) {

    static final List<ProposalCase> ALL = List.of(
            new ProposalCase("aes256gcm16-prfsha256-x25519", "aes256gcm16",
                    "AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519", "AES_GCM_16-256"),
            new ProposalCase("aes128-sha256-modp2048", "aes128-sha256",
                    "AES_CBC-128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048", "AES_CBC-128/HMAC_SHA2_256_128"),
            new ProposalCase("aes256-sha384-ecp384", "aes256-sha384",
                    "AES_CBC-256/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/ECP_384", "AES_CBC-256/HMAC_SHA2_384_192"),
            new ProposalCase("chacha20poly1305-prfsha512-ecp256", "chacha20poly1305",
                    "CHACHA20_POLY1305/PRF_HMAC_SHA2_512/ECP_256", "CHACHA20_POLY1305"));

    @Override
    public String toString() {
        return ikeKeyword;
    }
}
