package org.ikec.protocol.ike;

import java.util.List;

import org.ikec.protocol.crypto.IntegrityCheckFailedException;
import org.ikec.protocol.crypto.SkCipher;
import org.ikec.protocol.wire.Encrypted;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.MalformedMessageException;
import org.ikec.protocol.wire.Payload;
import org.ikec.protocol.wire.PayloadType;

/**
 * Builds and opens messages whose payloads travel inside one Encrypted payload (RFC 7296 §3.14).
 * The associated data, or the integrity check, covers the IKE header and the SK payload header.
 */
final class SkMessages {

    private static final int SK_HEADER_SIZE = 4;

    private SkMessages() {
    }

    static byte[] protect(IkeHeader header, List<Payload> inner, SkCipher cipher) {
        byte[] plaintext = IkeCodec.encodePayloads(inner);
        int firstInner = inner.isEmpty() ? PayloadType.NONE : inner.get(0).type();
        int encryptedLength = cipher.encryptedLength(plaintext.length);
        int skLength = SK_HEADER_SIZE + encryptedLength;
        int total = IkeHeader.SIZE + skLength;

        byte[] message = new byte[total];
        IkeCodec.writeHeader(header.withNextPayload(PayloadType.SK).withLength(total), message, 0);
        message[IkeHeader.SIZE] = (byte) firstInner;
        message[IkeHeader.SIZE + 2] = (byte) (skLength >>> 8);
        message[IkeHeader.SIZE + 3] = (byte) skLength;

        cipher.seal(message, IkeHeader.SIZE + SK_HEADER_SIZE, plaintext);
        return message;
    }

    /**
     * Decrypts the SK payload, which the codec has already checked is the last payload of
     * {@code datagram}, and decodes the payloads inside it.
     */
    static List<Payload> open(byte[] datagram, Encrypted sk, SkCipher cipher)
            throws IntegrityCheckFailedException, MalformedMessageException {
        int skDataStart = datagram.length - sk.data().length;
        byte[] plaintext = cipher.open(datagram, skDataStart, datagram.length);
        return IkeCodec.decodePayloads(sk.firstInnerPayload(), plaintext, 0, plaintext.length);
    }
}
