package org.ikec.protocol.wire;

import static org.ikec.protocol.wire.WireWriter.bytes;
import static org.ikec.protocol.wire.WireWriter.u16;
import static org.ikec.protocol.wire.WireWriter.u8;
import static org.ikec.protocol.wire.WireWriter.zeros;

import java.util.List;

/**
 * Encodes a payload chain (RFC 7296 §3.2): sizes every payload first, then writes the generic
 * headers with computed Next Payload and Payload Length fields. RESERVED fields are written as
 * zero, and the critical bit is set only for an {@link Unknown} payload received with it.
 */
final class PayloadEncoder {

    private static final int MAX_PAYLOAD_LENGTH = 0xffff;

    private PayloadEncoder() {
    }

    /** Returns the encoded size of the chain, generic headers included. */
    static int chainLength(List<Payload> payloads) {
        int total = 0;
        for (int i = 0; i < payloads.size(); i++) {
            Payload payload = payloads.get(i);
            boolean encrypted = payload instanceof Encrypted || payload instanceof EncryptedFragment;
            if (encrypted && i != payloads.size() - 1) {
                throw new IllegalArgumentException(PayloadType.name(payload.type())
                        + " payload at index " + i + " must be the last payload of the chain");
            }
            int length = PayloadDecoder.GENERIC_HEADER_SIZE + bodyLength(payload);
            if (length > MAX_PAYLOAD_LENGTH) {
                throw new IllegalArgumentException(PayloadType.name(payload.type())
                        + " payload of " + length + " bytes exceeds the 16-bit Payload Length");
            }
            total += length;
        }
        return total;
    }

    /** Writes the chain measured by {@link #chainLength} at {@code offset}. */
    static int writeChain(List<Payload> payloads, byte[] out, int offset) {
        int position = offset;
        for (int i = 0; i < payloads.size(); i++) {
            Payload payload = payloads.get(i);
            int nextType = i + 1 < payloads.size() ? payloads.get(i + 1).type() : PayloadType.NONE;
            if (payload instanceof Encrypted encrypted) {
                nextType = encrypted.firstInnerPayload();
            } else if (payload instanceof EncryptedFragment fragment) {
                nextType = fragment.firstInnerPayload();
            }
            boolean critical = payload instanceof Unknown unknown && unknown.critical();

            int bodyStart = position + PayloadDecoder.GENERIC_HEADER_SIZE;
            int end = writeBody(payload, out, bodyStart);
            u8(out, position, nextType);
            u8(out, position + 1, critical ? 0x80 : 0);
            u16(out, position + 2, end - position);
            position = end;
        }
        return position;
    }

    private static int bodyLength(Payload payload) {
        if (payload instanceof SecurityAssociation sa) {
            return ProposalEncoder.proposalsLength(sa.proposals());
        } else if (payload instanceof KeyExchange ke) {
            return 4 + ke.data().length;
        } else if (payload instanceof Identification id) {
            return Identification.FIXED_SIZE + id.data().length;
        } else if (payload instanceof Certificate cert) {
            return 1 + cert.data().length;
        } else if (payload instanceof CertificateRequest certReq) {
            return 1 + certReq.data().length;
        } else if (payload instanceof Authentication auth) {
            return 4 + auth.data().length;
        } else if (payload instanceof Nonce nonce) {
            return nonce.data().length;
        } else if (payload instanceof Notify notify) {
            return 4 + notify.spi().length + notify.data().length;
        } else if (payload instanceof Delete delete) {
            return 4 + delete.spiSize() * delete.spiCount();
        } else if (payload instanceof VendorId vendorId) {
            return vendorId.data().length;
        } else if (payload instanceof TrafficSelectors ts) {
            int length = 4;
            for (TrafficSelector selector : ts.selectors()) {
                length += selector.selectorLength();
            }
            return length;
        } else if (payload instanceof Encrypted sk) {
            return sk.data().length;
        } else if (payload instanceof EncryptedFragment skf) {
            return EncryptedFragment.FIXED_SIZE + skf.data().length;
        } else if (payload instanceof Configuration cp) {
            int length = Configuration.FIXED_SIZE;
            for (ConfigAttribute attribute : cp.attributes()) {
                length += ConfigAttribute.FIXED_SIZE + attribute.value().length;
            }
            return length;
        } else if (payload instanceof Eap eap) {
            return eap.message().length;
        } else {
            return ((Unknown) payload).body().length;
        }
    }

    private static int writeBody(Payload payload, byte[] out, int offset) {
        if (payload instanceof SecurityAssociation sa) {
            return ProposalEncoder.writeProposals(sa.proposals(), out, offset);
        } else if (payload instanceof KeyExchange ke) {
            int position = u16(out, offset, ke.group());
            return bytes(out, zeros(position, 2), ke.data());
        } else if (payload instanceof Identification id) {
            int position = u8(out, offset, id.idType());
            return bytes(out, zeros(position, 3), id.data());
        } else if (payload instanceof Certificate cert) {
            return bytes(out, u8(out, offset, cert.encoding()), cert.data());
        } else if (payload instanceof CertificateRequest certReq) {
            return bytes(out, u8(out, offset, certReq.encoding()), certReq.data());
        } else if (payload instanceof Authentication auth) {
            int position = u8(out, offset, auth.method());
            return bytes(out, zeros(position, 3), auth.data());
        } else if (payload instanceof Nonce nonce) {
            return bytes(out, offset, nonce.data());
        } else if (payload instanceof Notify notify) {
            return writeNotify(notify, out, offset);
        } else if (payload instanceof Delete delete) {
            return writeDelete(delete, out, offset);
        } else if (payload instanceof VendorId vendorId) {
            return bytes(out, offset, vendorId.data());
        } else if (payload instanceof TrafficSelectors ts) {
            return writeTrafficSelectors(ts, out, offset);
        } else if (payload instanceof Encrypted sk) {
            return bytes(out, offset, sk.data());
        } else if (payload instanceof EncryptedFragment skf) {
            int position = u16(out, offset, skf.fragmentNumber());
            position = u16(out, position, skf.totalFragments());
            return bytes(out, position, skf.data());
        } else if (payload instanceof Configuration cp) {
            return writeConfiguration(cp, out, offset);
        } else if (payload instanceof Eap eap) {
            return bytes(out, offset, eap.message());
        } else {
            return bytes(out, offset, ((Unknown) payload).body());
        }
    }

    private static int writeNotify(Notify notify, byte[] out, int offset) {
        int position = u8(out, offset, notify.protocolId());
        position = u8(out, position, notify.spi().length);
        position = u16(out, position, notify.notifyType());
        position = bytes(out, position, notify.spi());
        return bytes(out, position, notify.data());
    }

    private static int writeDelete(Delete delete, byte[] out, int offset) {
        int position = u8(out, offset, delete.protocolId());
        position = u8(out, position, delete.spiSize());
        position = u16(out, position, delete.spiCount());
        for (int i = 0; i < delete.spiCount(); i++) {
            position = bytes(out, position, delete.spi(i));
        }
        return position;
    }

    private static int writeTrafficSelectors(TrafficSelectors ts, byte[] out, int offset) {
        int position = u8(out, offset, ts.selectors().size());
        position = zeros(position, 3);
        for (TrafficSelector selector : ts.selectors()) {
            position = u8(out, position, selector.tsType());
            position = u8(out, position, selector.ipProtocol());
            position = u16(out, position, selector.selectorLength());
            position = u16(out, position, selector.startPort());
            position = u16(out, position, selector.endPort());
            position = bytes(out, position, selector.startAddress());
            position = bytes(out, position, selector.endAddress());
        }
        return position;
    }

    private static int writeConfiguration(Configuration cp, byte[] out, int offset) {
        int position = u8(out, offset, cp.cfgType());
        position = zeros(position, 3);
        for (ConfigAttribute attribute : cp.attributes()) {
            position = u16(out, position, attribute.type());
            position = u16(out, position, attribute.value().length);
            position = bytes(out, position, attribute.value());
        }
        return position;
    }
}
