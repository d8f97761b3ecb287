package org.ikec.protocol.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * An IKE identity (RFC 7296 §3.5) as configured and as carried in IDi/IDr payloads.
 *
 * <p>Parsing follows swanctl's conventions: an IP address is ID_IPV4_ADDR or ID_IPV6_ADDR, a
 * value with {@code @} inside is ID_RFC822_ADDR, a leading {@code @} forces ID_FQDN, any other
 * name is ID_FQDN, and {@code %any} matches every identity. Text with {@code =} in it, such as
 * {@code C=CH, O=ikec, CN=gw.ikec.test}, is a distinguished name (ID_DER_ASN1_DN); two names
 * match when X.500 comparison finds them equal, so a name configured as text matches the
 * certificate's DER encoding of it.
 */
public record IkeIdentity(int type, byte[] value) {

    public static final int ID_IPV4_ADDR = 1;
    public static final int ID_FQDN = 2;
    public static final int ID_RFC822_ADDR = 3;
    public static final int ID_IPV6_ADDR = 5;
    public static final int ID_DER_ASN1_DN = 9;
    public static final int ID_DER_ASN1_GN = 10;
    public static final int ID_KEY_ID = 11;

    /** The wildcard that {@code %any} configures; it is never sent on the wire. */
    public static final IkeIdentity ANY = new IkeIdentity(0, new byte[0]);

    public IkeIdentity {
        value = value.clone();
    }

    public static IkeIdentity parse(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("invalid identity: the value is empty");
        }
        if (trimmed.equals("%any")) {
            return ANY;
        }
        if (trimmed.contains("=") && !trimmed.startsWith("@")) {
            return distinguishedName(trimmed);
        }
        if (trimmed.startsWith("@")) {
            return new IkeIdentity(ID_FQDN, trimmed.substring(1).getBytes(StandardCharsets.US_ASCII));
        }
        if (looksLikeAddress(trimmed)) {
            try {
                byte[] address = InetAddress.getByName(trimmed).getAddress();
                return new IkeIdentity(address.length == 4 ? ID_IPV4_ADDR : ID_IPV6_ADDR, address);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("invalid identity '" + text + "': not an IP address", e);
            }
        }
        int type = trimmed.contains("@") ? ID_RFC822_ADDR : ID_FQDN;
        return new IkeIdentity(type, trimmed.getBytes(StandardCharsets.UTF_8));
    }

    private static IkeIdentity distinguishedName(String text) {
        try {
            return new IkeIdentity(ID_DER_ASN1_DN, new X500Name(text).getEncoded(ASN1Encoding.DER));
        } catch (IllegalArgumentException | IOException e) {
            throw new IllegalArgumentException("invalid identity '" + text + "': not a distinguished name, "
                    + e.getMessage(), e);
        }
    }

    /** Returns the ID_DER_ASN1_DN identity of a certificate subject or issuer. */
    public static IkeIdentity of(X500Principal name) {
        return new IkeIdentity(ID_DER_ASN1_DN, name.getEncoded());
    }

    private static boolean looksLikeAddress(String text) {
        return text.matches("[0-9.]+") && text.chars().filter(c -> c == '.').count() == 3
                || text.contains(":") && text.matches("[0-9a-fA-F:.]+");
    }

    public boolean isAny() {
        return type == 0;
    }

    /** Tells whether this configured identity accepts {@code presented}; {@code %any} accepts all. */
    public boolean matches(IkeIdentity presented) {
        if (isAny()) {
            return true;
        }
        if (type == ID_DER_ASN1_DN && presented.type == ID_DER_ASN1_DN) {
            return sameDistinguishedName(value, presented.value);
        }
        return type == presented.type && Arrays.equals(value, presented.value);
    }

    private static boolean sameDistinguishedName(byte[] configured, byte[] presented) {
        try {
            return X500Name.getInstance(configured).equals(X500Name.getInstance(presented));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IkeIdentity that && type == that.type && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return switch (type) {
            case 0 -> "%any";
            case ID_IPV4_ADDR, ID_IPV6_ADDR -> addressText();
            case ID_FQDN, ID_RFC822_ADDR -> new String(value, StandardCharsets.UTF_8);
            case ID_DER_ASN1_DN -> distinguishedNameText();
            default -> "type" + type + ":" + HexFormat.of().formatHex(value);
        };
    }

    private String distinguishedNameText() {
        try {
            return X500Name.getInstance(value).toString();
        } catch (IllegalArgumentException e) {
            return "dn:" + HexFormat.of().formatHex(value);
        }
    }

    private String addressText() {
        try {
            return InetAddress.getByAddress(value).getHostAddress();
        } catch (UnknownHostException e) {
            return HexFormat.of().formatHex(value);
        }
    }
}
