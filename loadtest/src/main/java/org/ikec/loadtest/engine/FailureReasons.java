package org.ikec.loadtest.engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.ikec.protocol.ike.IkeSaInitiator;
import org.slf4j.LoggerFactory;

/**
 * Catches why an {@link IkeSaInitiator} failed and turns it into a failure reason: the name of the
 * error notify the target sent (NO_PROPOSAL_CHOSEN, AUTHENTICATION_FAILED, ...), {@code TIMEOUT}
 * when retransmissions ran out, or a short code for the other cases.
 *
 * <p>TODO(failure-reason): the initiator exposes no failure reason, only a WARN log event whose
 * first argument is the initiator and whose last argument is the reason text. This appender reads
 * that event on the event-loop thread that caused it. A {@code failureReason()} accessor on the
 * initiator would replace it.
 */
public final class FailureReasons extends AppenderBase<ILoggingEvent> {

    /** The logger of the IKE state machines in the protocol module. */
    static final String IKE_LOGGER = "org.ikec.ike";

    private static final Pattern REFUSED = Pattern.compile("refused with ([A-Z0-9_]+)");
    private static final ThreadLocal<String> LAST = new ThreadLocal<>();
    private static volatile boolean installed;

    private FailureReasons() {
    }

    /** Attaches the appender to the IKE logger once per process, and lowers that logger's level to WARN if it is coarser. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        Logger logger = (Logger) LoggerFactory.getLogger(IKE_LOGGER);
        FailureReasons appender = new FailureReasons();
        appender.setContext(logger.getLoggerContext());
        appender.setName("loadtest-failure-reasons");
        appender.start();
        logger.addAppender(appender);
        if (!Level.WARN.isGreaterOrEqual(logger.getEffectiveLevel())) {
            logger.setLevel(Level.WARN);
        }
        installed = true;
    }

    @Override
    protected void append(ILoggingEvent event) {
        Object[] arguments = event.getArgumentArray();
        if (event.getLevel() != Level.WARN || arguments == null || arguments.length == 0
                || !(arguments[0] instanceof IkeSaInitiator) || !(arguments[arguments.length - 1] instanceof String text)) {
            return;
        }
        LAST.set(classify(text));
    }

    /** Returns and clears the reason recorded on this thread since the last call, or {@code null}. */
    static String takeReason() {
        String reason = LAST.get();
        LAST.remove();
        return reason;
    }

    /** Maps the initiator's reason text to a failure reason. */
    static String classify(String text) {
        Matcher refused = REFUSED.matcher(text);
        if (refused.find()) {
            return refused.group(1);
        }
        if (text.startsWith("no answer to")) {
            return "TIMEOUT";
        }
        if (text.startsWith("INVALID_KE_PAYLOAD")) {
            return "INVALID_KE_PAYLOAD";
        }
        if (text.contains("cookie")) {
            return "COOKIE_LOOP";
        }
        if (text.contains("authentication") || text.contains("identified as")) {
            return "AUTHENTICATION_FAILED";
        }
        if (text.contains("proposal")) {
            return "NO_PROPOSAL_CHOSEN";
        }
        if (text.contains("no pre-shared key")) {
            return "NO_PSK";
        }
        return "INVALID_RESPONSE";
    }
}
