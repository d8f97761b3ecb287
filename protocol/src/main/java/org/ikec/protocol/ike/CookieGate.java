package org.ikec.protocol.ike;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.ikec.protocol.wire.ExchangeType;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.Nonce;
import org.ikec.protocol.wire.Notify;
import org.ikec.protocol.wire.NotifyType;

/**
 * The responder's cookie check (RFC 7296 §2.6), run on an IKE_SA_INIT request before any state
 * exists for the peer, and only while the responder requires cookies. A request whose first payload
 * is a valid COOKIE notification goes on to {@link IkeSaInitResponder}. Any other request, one with
 * an invalid or stale cookie included, gets a stateless response that carries only a fresh
 * N(COOKIE).
 */
public final class CookieGate {

    /** The decision on an IKE_SA_INIT request while cookies are required. */
    public sealed interface Verdict {
        /** The request carries a valid cookie first, so the responder handles it as usual. */
        record Admitted() implements Verdict {
        }

        /** Send {@code response}, HDR(SPIi, SPIr = 0), N(COOKIE), to the peer and keep nothing. */
        record Challenged(byte[] response) implements Verdict {
        }

        /** Nothing is sent, because no cookie can be made for the request. {@code reason} gives the cause. */
        record Dropped(String reason) implements Verdict {
        }
    }

    private final Cookies cookies;

    public CookieGate(Cookies cookies) {
        this.cookies = cookies;
    }

    /** Checks the cookie of {@code request}, an IKE_SA_INIT request with SPIr = 0 from {@code peer}. */
    public Verdict check(IkeMessage request, InetAddress peer, long nowMillis) {
        IkeHeader header = request.header();
        Optional<Nonce> nonce = request.first(Nonce.class);
        if (nonce.isEmpty()) {
            return new Verdict.Dropped("Ni payload missing");
        }

        byte[] nonceI = nonce.get().data();
        if (request.payloads().get(0) instanceof Notify first && first.notifyType() == NotifyType.COOKIE
                && cookies.isValid(first.data(), nonceI, peer, header.spiI(), nowMillis)) {
            return new Verdict.Admitted();
        }

        byte[] cookie = cookies.make(nonceI, peer, header.spiI(), nowMillis);
        IkeHeader responseHeader = new IkeHeader(header.spiI(), 0, 0, 2, 0, ExchangeType.IKE_SA_INIT,
                IkeHeader.FLAG_RESPONSE, 0, 0);
        byte[] response = IkeCodec.encode(new IkeMessage(responseHeader, List.of(Notify.of(NotifyType.COOKIE, cookie))));
        return new Verdict.Challenged(response);
    }
}
