package org.ikec.node.interop;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One strongSwan connection with one CHILD SA and its pre-shared key or certificate, rendered as
 * a swanctl.conf file. Only IKEv2, PSK, certificate, EAP-MSCHAPv2 or EAP-TLS client
 * authentication and tunnel mode are supported.
 *
 * @param connection     name of the IKE connection ({@code --ike} argument of swanctl)
 * @param child          name of the CHILD SA ({@code --child} argument of swanctl)
 * @param localAddrs     local addresses, {@code %any} when empty
 * @param remoteAddrs    remote addresses; required to initiate, {@code %any} when empty
 * @param proposals      IKE proposals in strongSwan keyword form, most preferred first
 * @param espProposals   ESP proposals in strongSwan keyword form
 * @param localId        the local IKE identity (IDi or IDr)
 * @param remoteId       the expected remote identity, {@code %any} to accept any
 * @param psk            the pre-shared key, {@code null} with certificates; never printed by {@link #toString()}
 * @param localTs        local traffic selectors
 * @param remoteTs       remote traffic selectors
 * @param ikeRekeyTime   IKE SA rekey interval, strongSwan's default when empty
 * @param childRekeyTime CHILD SA rekey interval, strongSwan's default when empty
 * @param dpdDelay       interval of liveness checks, none when empty
 * @param startAction    CHILD SA start action (none, trap or start), strongSwan's default when empty
 * @param unique         uniqueness policy (no, never, keep or replace), strongSwan's default (no) when empty
 * @param certificates   certificate authentication in place of the pre-shared key, when present
 * @param vips           virtual IP addresses to request, such as {@code 0.0.0.0} for any IPv4 address; none when empty
 * @param eap            EAP-MSCHAPv2 as the client, with the responder's certificate checked against a CA
 * @param eapTls         EAP-TLS as the client with its own certificate, checked against the same CA as the responder's
 */
record SwanctlConfig(
        String connection,
        String child,
        List<String> localAddrs,
        List<String> remoteAddrs,
        List<String> proposals,
        List<String> espProposals,
        String localId,
        String remoteId,
        String psk,
        List<String> localTs,
        List<String> remoteTs,
        Optional<Duration> ikeRekeyTime,
        Optional<Duration> childRekeyTime,
        Optional<Duration> dpdDelay,
        Optional<String> startAction,
        Optional<String> unique,
        Optional<Certificates> certificates,
        List<String> vips,
        Optional<EapMsChapV2> eap,
        Optional<EapTls> eapTls) {

    /**
     * Certificate authentication: file names inside the peer's {@code x509} and {@code x509ca}
     * folders, with the private key in its {@code pkcs8} folder, where swanctl loads them.
     *
     * @param method {@code pubkey} or {@code rsa/pss}, strongSwan's {@code local.auth}
     * @param cert our certificate's file in {@code x509}
     * @param caCert the trusted CA's file in {@code x509ca}
     */
    record Certificates(String method, String cert, String caCert) {
    }

    /**
     * The client's side of EAP-MSCHAPv2 (swanctl's {@code local.auth = eap-mschapv2}).
     *
     * @param eapId the EAP identity, swanctl's {@code local.eap_id}
     * @param password the user's password; never printed by {@link SwanctlConfig#toString()}
     * @param caCert the CA of the responder's certificate, a file in {@code x509ca}
     */
    record EapMsChapV2(String eapId, String password, String caCert) {

        @Override
        public String toString() {
            return "EapMsChapV2[" + eapId + "]";
        }
    }

    /**
     * The client's side of EAP-TLS (swanctl's {@code local.auth = eap-tls}). The client's private
     * key is a file in the peer's {@code pkcs8} folder, where swanctl loads it.
     *
     * @param cert the client's certificate, a file in {@code x509}
     * @param caCert the CA of the responder's and of the EAP server's certificates, a file in {@code x509ca}
     * @param aaaId the identity the EAP server's TLS certificate must contain, swanctl's {@code local.aaa_id}
     */
    record EapTls(String cert, String caCert, String aaaId) {
    }

    SwanctlConfig {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(child, "child");
        Objects.requireNonNull(localId, "localId");
        Objects.requireNonNull(remoteId, "remoteId");
        if (certificates.isEmpty() && eap.isEmpty() && eapTls.isEmpty()) {
            Objects.requireNonNull(psk, "psk");
        }
        if (proposals.isEmpty() || espProposals.isEmpty()) {
            throw new IllegalArgumentException("proposals and esp_proposals must not be empty");
        }
        localAddrs = List.copyOf(localAddrs);
        remoteAddrs = List.copyOf(remoteAddrs);
        proposals = List.copyOf(proposals);
        espProposals = List.copyOf(espProposals);
        localTs = List.copyOf(localTs);
        remoteTs = List.copyOf(remoteTs);
        vips = List.copyOf(vips);
    }

    static Builder builder(String connection, String child) {
        return new Builder(connection, child);
    }

    /** Renders the swanctl.conf text, secrets section included. */
    String render() {
        StringBuilder out = new StringBuilder();
        out.append("connections {\n");
        out.append("  ").append(connection).append(" {\n");
        out.append("    version = 2\n");
        line(out, 4, "local_addrs", join(localAddrs, "%any"));
        line(out, 4, "remote_addrs", join(remoteAddrs, "%any"));
        line(out, 4, "proposals", String.join(", ", proposals));
        boolean requestsCertificate = certificates.isPresent() || eap.isPresent() || eapTls.isPresent();
        out.append(requestsCertificate ? "    send_certreq = yes\n" : "    send_certreq = no\n");
        out.append("    mobike = no\n");
        unique.ifPresent(policy -> line(out, 4, "unique", policy));
        ikeRekeyTime.ifPresent(time -> line(out, 4, "rekey_time", seconds(time)));
        dpdDelay.ifPresent(delay -> line(out, 4, "dpd_delay", seconds(delay)));
        if (!vips.isEmpty()) {
            line(out, 4, "vips", String.join(", ", vips));
        }
        out.append("    local {\n");
        line(out, 6, "auth", localAuth());
        certificates.ifPresent(c -> line(out, 6, "certs", c.cert()));
        eap.ifPresent(e -> line(out, 6, "eap_id", e.eapId()));
        eapTls.ifPresent(e -> line(out, 6, "certs", e.cert()));
        eapTls.ifPresent(e -> line(out, 6, "aaa_id", e.aaaId()));
        line(out, 6, "id", localId);
        out.append("    }\n    remote {\n");
        line(out, 6, "auth", requestsCertificate ? "pubkey" : "psk");
        certificates.ifPresent(c -> line(out, 6, "cacerts", c.caCert()));
        eap.ifPresent(e -> line(out, 6, "cacerts", e.caCert()));
        eapTls.ifPresent(e -> line(out, 6, "cacerts", e.caCert()));
        line(out, 6, "id", remoteId);
        out.append("    }\n");

        out.append("    children {\n");
        out.append("      ").append(child).append(" {\n");
        line(out, 8, "local_ts", join(localTs, "dynamic"));
        line(out, 8, "remote_ts", join(remoteTs, "dynamic"));
        line(out, 8, "esp_proposals", String.join(", ", espProposals));
        out.append("        mode = tunnel\n");
        childRekeyTime.ifPresent(time -> line(out, 8, "rekey_time", seconds(time)));
        startAction.ifPresent(action -> line(out, 8, "start_action", action));
        out.append("      }\n    }\n  }\n}\n");

        if (eap.isPresent()) {
            out.append("secrets {\n  eap-").append(connection).append(" {\n");
            line(out, 4, "id", eap.get().eapId());
            line(out, 4, "secret", "\"" + eap.get().password() + "\"");
            out.append("  }\n}\n");
            return out.toString();
        }
        if (certificates.isPresent() || eapTls.isPresent()) {
            return out.toString();
        }
        out.append("secrets {\n  ike-").append(connection).append(" {\n");
        line(out, 4, "id-local", localId);
        if (!remoteId.equals("%any")) {
            line(out, 4, "id-remote", remoteId);
        }
        line(out, 4, "secret", "\"" + psk + "\"");
        out.append("  }\n}\n");
        return out.toString();
    }

    private String localAuth() {
        if (eap.isPresent()) {
            return "eap-mschapv2";
        }
        if (eapTls.isPresent()) {
            return "eap-tls";
        }
        return certificates.map(Certificates::method).orElse("psk");
    }

    private static void line(StringBuilder out, int indent, String key, String value) {
        out.append(" ".repeat(indent)).append(key).append(" = ").append(value).append('\n');
    }

    private static String join(List<String> values, String whenEmpty) {
        return values.isEmpty() ? whenEmpty : String.join(", ", values);
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + "s";
    }

    @Override
    public String toString() {
        return "SwanctlConfig[" + connection + "/" + child + ", proposals=" + proposals
                + ", espProposals=" + espProposals + ", localId=" + localId + ", remoteId=" + remoteId + "]";
    }

    /** Collects the settings of a {@link SwanctlConfig}; ids, key and proposals have no defaults. */
    static final class Builder {

        private final String connection;
        private final String child;
        private List<String> localAddrs = List.of();
        private List<String> remoteAddrs = List.of();
        private List<String> proposals = List.of();
        private List<String> espProposals = List.of();
        private String localId;
        private String remoteId = "%any";
        private String psk;
        private List<String> localTs = List.of();
        private List<String> remoteTs = List.of();
        private Duration ikeRekeyTime;
        private Duration childRekeyTime;
        private Duration dpdDelay;
        private String startAction;
        private String unique;
        private Certificates certificates;
        private List<String> vips = List.of();
        private EapMsChapV2 eap;
        private EapTls eapTls;

        private Builder(String connection, String child) {
            this.connection = connection;
            this.child = child;
        }

        Builder localAddrs(String... addresses) {
            this.localAddrs = List.of(addresses);
            return this;
        }

        Builder remoteAddrs(String... addresses) {
            this.remoteAddrs = List.of(addresses);
            return this;
        }

        Builder proposals(String... keywords) {
            this.proposals = List.of(keywords);
            return this;
        }

        Builder espProposals(String... keywords) {
            this.espProposals = List.of(keywords);
            return this;
        }

        Builder localId(String id) {
            this.localId = id;
            return this;
        }

        Builder remoteId(String id) {
            this.remoteId = id;
            return this;
        }

        Builder psk(String secret) {
            this.psk = secret;
            return this;
        }

        Builder localTs(String... selectors) {
            this.localTs = List.of(selectors);
            return this;
        }

        Builder remoteTs(String... selectors) {
            this.remoteTs = List.of(selectors);
            return this;
        }

        Builder ikeRekeyTime(Duration time) {
            this.ikeRekeyTime = time;
            return this;
        }

        Builder childRekeyTime(Duration time) {
            this.childRekeyTime = time;
            return this;
        }

        Builder dpdDelay(Duration delay) {
            this.dpdDelay = delay;
            return this;
        }

        Builder startAction(String action) {
            this.startAction = action;
            return this;
        }

        /** Sets the uniqueness policy. The policy {@code never} also makes charon ignore INITIAL_CONTACT. */
        Builder unique(String policy) {
            this.unique = policy;
            return this;
        }

        /** Authenticates with a certificate in place of the pre-shared key. */
        Builder certificates(String method, String cert, String caCert) {
            this.certificates = new Certificates(method, cert, caCert);
            return this;
        }

        /** Requests virtual IP addresses from the responder, for example {@code "0.0.0.0", "::"}. */
        Builder vips(String... addresses) {
            this.vips = List.of(addresses);
            return this;
        }

        /** Authenticates as an EAP-MSCHAPv2 client and checks the responder's certificate against {@code caCert}. */
        Builder eapMsChapV2(String eapId, String password, String caCert) {
            this.eap = new EapMsChapV2(eapId, password, caCert);
            return this;
        }

        /**
         * Authenticates as an EAP-TLS client with certificate {@code cert}, and checks the responder's
         * certificate and the EAP server's certificate for {@code aaaId} against {@code caCert}.
         */
        Builder eapTls(String cert, String caCert, String aaaId) {
            this.eapTls = new EapTls(cert, caCert, aaaId);
            return this;
        }

        SwanctlConfig build() {
            return new SwanctlConfig(connection, child, localAddrs, remoteAddrs, proposals, espProposals,
                    localId, remoteId, psk, localTs, remoteTs, Optional.ofNullable(ikeRekeyTime),
                    Optional.ofNullable(childRekeyTime), Optional.ofNullable(dpdDelay),
                    Optional.ofNullable(startAction), Optional.ofNullable(unique), Optional.ofNullable(certificates),
                    vips, Optional.ofNullable(eap), Optional.ofNullable(eapTls));
        }
    }
}
