package org.ikec.node.config;

import java.net.InetAddress;
import java.util.List;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;

/**
 * Derives the actor system's configuration from the {@code ikec.cluster} section: Artery over TCP,
 * Pekko logging through SLF4J at WARN, and CBOR for messages marked
 * {@code org.ikec.cluster.CborSerializable}. A {@code pekko} section in the file wins over all of it.
 */
public final class PekkoConfig {

    /** Marker interface of cluster messages, bound to Jackson CBOR when it is on the classpath. */
    static final String CBOR_MARKER = "org.ikec.cluster.CborSerializable";

    private PekkoConfig() {
    }

    /** Binds the marker to CBOR only if it exists, because Pekko fails to start on a binding to an absent class. */
    private static String cborBinding() {
        try {
            Class.forName(CBOR_MARKER, false, PekkoConfig.class.getClassLoader());
            return "    serialization-bindings { " + ConfigUtil.quoteString(CBOR_MARKER) + " = jackson-cbor }";
        } catch (ClassNotFoundException e) {
            return "    # " + CBOR_MARKER + " is not on the classpath, so no CBOR binding";
        }
    }

    static Config build(InetAddress address, int port, List<String> seedNodes, Config userPekko) {
        String generated = String.join("\n",
                "pekko {",
                "  loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
                "  logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"",
                "  loglevel = WARNING",
                "  stdout-loglevel = OFF",
                "  log-dead-letters-during-shutdown = off",
                "  actor {",
                "    provider = cluster",
                cborBinding(),
                "  }",
                "  remote.artery {",
                "    transport = tcp",
                "    canonical.hostname = " + ConfigUtil.quoteString(address.getHostAddress()),
                "    canonical.port = " + port,
                "  }",
                "  cluster {",
                "    seed-nodes = " + ConfigValueFactory.fromIterable(seedNodes).render(),
                "    downing-provider-class = \"org.apache.pekko.cluster.sbr.SplitBrainResolverProvider\"",
                "    jmx.multi-mbeans-in-same-jvm = on",
                "  }",
                "}");

        Config ours = userPekko.atKey("pekko").withFallback(ConfigFactory.parseString(generated));
        return ours.withFallback(ConfigFactory.defaultReference()).resolve();
    }
}
