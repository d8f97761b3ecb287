package org.ikec.protocol.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.ikec.protocol.config.IkeIdentity;

/**
 * Matching of an IKE identity (RFC 7296 §3.5) against a certificate, as RFC 4945 describes. An
 * ID_FQDN, an ID_RFC822_ADDR or an IP address must be a subjectAltName entry of that kind. An
 * ID_DER_ASN1_DN must equal the subject.
 */
public final class CertificateIdentity {

    private static final int SAN_RFC822_NAME = 1;
    private static final int SAN_DNS_NAME = 2;
    private static final int SAN_IP_ADDRESS = 7;

    private CertificateIdentity() {
    }

    /** Tells whether {@code certificate} names {@code identity}; other ID types never match. */
    public static boolean matches(X509Certificate certificate, IkeIdentity identity) {
        return switch (identity.type()) {
            case IkeIdentity.ID_DER_ASN1_DN -> IkeIdentity.of(certificate.getSubjectX500Principal()).matches(identity);
            case IkeIdentity.ID_FQDN -> anyName(certificate, SAN_DNS_NAME, identity);
            case IkeIdentity.ID_RFC822_ADDR -> anyName(certificate, SAN_RFC822_NAME, identity);
            case IkeIdentity.ID_IPV4_ADDR, IkeIdentity.ID_IPV6_ADDR -> anyAddress(certificate, identity.value());
            default -> false;
        };
    }

    private static boolean anyName(X509Certificate certificate, int sanType, IkeIdentity identity) {
        String name = new String(identity.value(), StandardCharsets.UTF_8);
        return subjectAltNames(certificate, sanType).stream().anyMatch(san -> san.equalsIgnoreCase(name));
    }

    private static boolean anyAddress(X509Certificate certificate, byte[] address) {
        for (String san : subjectAltNames(certificate, SAN_IP_ADDRESS)) {
            try {
                // The JDK renders IP entries as numeric literals, so this parses text and sends no DNS query.
                if (Arrays.equals(InetAddress.getByName(san).getAddress(), address)) {
                    return true;
                }
            } catch (UnknownHostException e) {
                // An entry that is not an address cannot match.
            }
        }
        return false;
    }

    private static List<String> subjectAltNames(X509Certificate certificate, int sanType) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (names == null) {
            return List.of();
        }
        return names.stream().filter(entry -> ((Integer) entry.get(0)) == sanType && entry.get(1) instanceof String)
                .map(entry -> (String) entry.get(1)).toList();
    }
}
