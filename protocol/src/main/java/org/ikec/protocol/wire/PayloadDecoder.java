package org.ikec.protocol.wire;

import static org.ikec.protocol.wire.WireReader.invalid;
import static org.ikec.protocol.wire.WireReader.require;

import java.util.ArrayList;
import java.util.List;
import org.ikec.protocol.wire.MalformedMessageException.Reason;

/**
 * Decodes a payload chain (RFC 7296 §3.2) and the bodies of the payloads of §3.4 to §3.16 and
 * RFC 7383 §2.5. Each length field is checked against what remains of its parent before the
 * structure is read, and every count is capped at {@link #MAX_ENTRIES}, so allocations stay
 * proportional to the datagram.
 */
final class PayloadDecoder {

    /** Cap on payloads per chain and on proposals, transforms, selectors and attributes. */
    static final int MAX_ENTRIES = 64;

    /** Next Payload, critical bit with RESERVED, and Payload Length. */
    static final int GENERIC_HEADER_SIZE = 4;

    private static final int CRITICAL_BIT = 0x80;

    private final WireReader reader;
    private final ProposalDecoder proposals;

    PayloadDecoder(WireReader reader) {
        this.reader = reader;
        this.proposals = new ProposalDecoder(reader);
    }

    /**
     * Decodes the chain that starts with {@code firstType} and fills {@code [offset, end)}
     * exactly. An SK or SKF payload ends the chain, since its Next Payload field names the first
     * inner payload, and it must be the last bytes.
     */
    List<Payload> decodeChain(int firstType, int offset, int end) throws MalformedMessageException {
        List<Payload> payloads = new ArrayList<>();
        int position = offset;
        int type = firstType;

        while (type != PayloadType.NONE) {
            if (payloads.size() == MAX_ENTRIES) {
                throw new MalformedMessageException(Reason.TOO_MANY_PAYLOADS, type,
                        "payload chain has more than " + MAX_ENTRIES + " payloads");
            }
            require(type, "generic header", GENERIC_HEADER_SIZE, position, end);
            int nextType = reader.u8(position);
            boolean critical = (reader.u8(position + 1) & CRITICAL_BIT) != 0;
            int length = reader.u16(position + 2);

            if (length < GENERIC_HEADER_SIZE) {
                throw invalid(type, "payload length " + length + " is below 4");
            }
            require(type, "payload length " + length, length, position, end);
            boolean known = PayloadType.isKnown(type);
            if (!known && critical) {
                throw new MalformedMessageException(Reason.UNSUPPORTED_CRITICAL_PAYLOAD, type,
                        "payload type " + type + " is not supported and has the critical bit set");
            }
            reader.reserved(position + 1, known ? 0xff : 0x7f);

            int bodyStart = position + GENERIC_HEADER_SIZE;
            position += length;
            payloads.add(decodeBody(type, nextType, critical, bodyStart, position));

            if (type == PayloadType.SK || type == PayloadType.SKF) {
                if (position != end) {
                    throw invalid(type, (end - position) + " bytes follow the encrypted payload,"
                            + " which must be the last");
                }
                return payloads;
            }
            type = nextType;
        }

        if (position != end) {
            throw invalid(PayloadType.NONE, (end - position) + " bytes follow the last payload");
        }
        return payloads;
    }

    private Payload decodeBody(int type, int nextType, boolean critical, int start, int end)
            throws MalformedMessageException {
        return switch (type) {
            case PayloadType.SA -> new SecurityAssociation(proposals.decodeProposals(start, end));
            case PayloadType.KE -> decodeKeyExchange(start, end);
            case PayloadType.ID_I, PayloadType.ID_R -> decodeIdentification(type, start, end);
            case PayloadType.CERT -> decodeCertificate(start, end);
            case PayloadType.CERTREQ -> decodeCertificateRequest(start, end);
            case PayloadType.AUTH -> decodeAuthentication(start, end);
            case PayloadType.NONCE -> decodeNonce(start, end);
            case PayloadType.NOTIFY -> decodeNotify(start, end);
            case PayloadType.DELETE -> decodeDelete(start, end);
            case PayloadType.VENDOR_ID -> new VendorId(reader.copy(start, end));
            case PayloadType.TS_I, PayloadType.TS_R -> decodeTrafficSelectors(type, start, end);
            case PayloadType.SK -> new Encrypted(nextType, reader.copy(start, end));
            case PayloadType.SKF -> decodeEncryptedFragment(nextType, start, end);
            case PayloadType.CP -> decodeConfiguration(start, end);
            case PayloadType.EAP -> decodeEap(start, end);
            default -> new Unknown(type, critical, reader.copy(start, end));
        };
    }

    /** Throws INVALID_SYNTAX when the body is shorter than the fixed part of its payload type. */
    private static void requireFixed(int type, int fixedSize, int start, int end)
            throws MalformedMessageException {
        if (end - start < fixedSize) {
            throw invalid(type, "payload length " + (end - start + GENERIC_HEADER_SIZE)
                    + " is below the minimum " + (fixedSize + GENERIC_HEADER_SIZE));
        }
    }

    private Payload decodeKeyExchange(int start, int end) throws MalformedMessageException {
        requireFixed(PayloadType.KE, 4, start, end);
        reader.reservedBytes(start + 2, 2);
        return new KeyExchange(reader.u16(start), reader.copy(start + 4, end));
    }

    private Payload decodeIdentification(int type, int start, int end)
            throws MalformedMessageException {
        requireFixed(type, Identification.FIXED_SIZE, start, end);
        reader.reservedBytes(start + 1, 3);
        return new Identification(type == PayloadType.ID_I, reader.u8(start),
                reader.copy(start + Identification.FIXED_SIZE, end));
    }

    private Payload decodeCertificate(int start, int end) throws MalformedMessageException {
        requireFixed(PayloadType.CERT, 1, start, end);
        return new Certificate(reader.u8(start), reader.copy(start + 1, end));
    }

    private Payload decodeCertificateRequest(int start, int end) throws MalformedMessageException {
        requireFixed(PayloadType.CERTREQ, 1, start, end);
        return new CertificateRequest(reader.u8(start), reader.copy(start + 1, end));
    }

    private Payload decodeAuthentication(int start, int end) throws MalformedMessageException {
        requireFixed(PayloadType.AUTH, 4, start, end);
        reader.reservedBytes(start + 1, 3);
        return new Authentication(reader.u8(start), reader.copy(start + 4, end));
    }

    private Payload decodeNonce(int start, int end) throws MalformedMessageException {
        int size = end - start;
        if (size < Nonce.MIN_SIZE || size > Nonce.MAX_SIZE) {
            throw invalid(PayloadType.NONCE, "nonce data is " + size + " bytes, not 16 to 256");
        }
        return new Nonce(reader.copy(start, end));
    }

    private Payload decodeNotify(int start, int end) throws MalformedMessageException {
        requireFixed(PayloadType.NOTIFY, 4, start, end);
        int spiSize = reader.u8(start + 1);
        int spiStart = start + 4;
        require(PayloadType.NOTIFY, "SPI size " + spiSize, spiSize, spiStart, end);

        return new Notify(reader.u8(start), reader.copy(spiStart, spiStart + spiSize),
                reader.u16(start + 2), reader.copy(spiStart + spiSize, end));
    }

    private Payload decodeDelete(int start, int end) throws MalformedMessageException {
        requireFixed(PayloadType.DELETE, 4, start, end);
        int spiSize = reader.u8(start + 1);
        int spiCount = reader.u16(start + 2);
        int spiStart = start + 4;
        if (spiSize == 0 && spiCount != 0) {
            throw invalid(PayloadType.DELETE, "number of SPIs is " + spiCount + " with SPI size 0");
        }
        if (spiSize * spiCount != end - spiStart) {
            throw invalid(PayloadType.DELETE, spiCount + " SPIs of " + spiSize + " bytes do not fill"
                    + " the " + (end - spiStart) + " bytes after the fixed part");
        }

        List<byte[]> spis = new ArrayList<>(spiCount);
        for (int i = 0; i < spiCount; i++) {
            int from = spiStart + i * spiSize;
            spis.add(reader.copy(from, from + spiSize));
        }
        return new Delete(reader.u8(start), spiSize, spis);
    }

    private Payload decodeTrafficSelectors(int type, int start, int end)
            throws MalformedMessageException {
        requireFixed(type, 4, start, end);
        int count = reader.u8(start);
        if (count > MAX_ENTRIES) {
            throw invalid(type, "number of TSs " + count + " is above " + MAX_ENTRIES);
        }
        reader.reservedBytes(start + 1, 3);

        List<TrafficSelector> selectors = new ArrayList<>(count);
        int position = start + 4;
        for (int i = 0; i < count; i++) {
            require(type, "traffic selector " + (i + 1), TrafficSelector.FIXED_SIZE, position, end);
            int tsType = reader.u8(position);
            int selectorLength = reader.u16(position + 2);
            require(type, "selector length " + selectorLength, selectorLength, position, end);
            int addressLength = TsType.addressLength(tsType);
            if (addressLength < 0) {
                // NOTE: types other than address ranges (RFC 4595, RFC 9478) reject the message.
                throw invalid(type, "traffic selector type " + tsType + " is not supported");
            }
            if (selectorLength != TrafficSelector.FIXED_SIZE + 2 * addressLength) {
                throw invalid(type, "selector length " + selectorLength + " does not match "
                        + TsType.name(tsType));
            }

            int addresses = position + TrafficSelector.FIXED_SIZE;
            selectors.add(new TrafficSelector(tsType, reader.u8(position + 1),
                    reader.u16(position + 4), reader.u16(position + 6),
                    reader.copy(addresses, addresses + addressLength),
                    reader.copy(addresses + addressLength, addresses + 2 * addressLength)));
            position += selectorLength;
        }

        if (position != end) {
            throw invalid(type, (end - position) + " bytes follow the last traffic selector");
        }
        return new TrafficSelectors(type == PayloadType.TS_I, selectors);
    }

    private Payload decodeEncryptedFragment(int nextType, int start, int end)
            throws MalformedMessageException {
        requireFixed(PayloadType.SKF, EncryptedFragment.FIXED_SIZE, start, end);
        int number = reader.u16(start);
        int total = reader.u16(start + 2);
        if (number < 1 || number > total) {
            throw invalid(PayloadType.SKF, "fragment number " + number + " is outside 1.." + total);
        }
        return new EncryptedFragment(number, total, nextType,
                reader.copy(start + EncryptedFragment.FIXED_SIZE, end));
    }

    private Payload decodeConfiguration(int start, int end) throws MalformedMessageException {
        requireFixed(PayloadType.CP, Configuration.FIXED_SIZE, start, end);
        reader.reservedBytes(start + 1, 3);

        List<ConfigAttribute> attributes = new ArrayList<>();
        int position = start + Configuration.FIXED_SIZE;
        while (position < end) {
            if (attributes.size() == MAX_ENTRIES) {
                throw invalid(PayloadType.CP, "more than " + MAX_ENTRIES + " attributes");
            }
            require(PayloadType.CP, "attribute header", ConfigAttribute.FIXED_SIZE, position, end);
            reader.reserved(position, 0x80);
            int attributeType = reader.u16(position) & 0x7fff;
            int length = reader.u16(position + 2);
            int valueStart = position + ConfigAttribute.FIXED_SIZE;
            require(PayloadType.CP, "attribute length " + length, length, valueStart, end);

            attributes.add(new ConfigAttribute(attributeType,
                    reader.copy(valueStart, valueStart + length)));
            position = valueStart + length;
        }
        return new Configuration(reader.u8(start), attributes);
    }

    private Payload decodeEap(int start, int end) throws MalformedMessageException {
        requireFixed(PayloadType.EAP, Eap.EAP_HEADER_SIZE, start, end);
        int eapLength = reader.u16(start + 2);
        if (eapLength != end - start) {
            throw invalid(PayloadType.EAP, "EAP length " + eapLength + " differs from the "
                    + (end - start) + " bytes of the payload body");
        }
        return new Eap(reader.copy(start, end));
    }
}
