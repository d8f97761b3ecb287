package org.ikec.node.radius;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.opentest4j.TestAbortedException;

/**
 * A FreeRADIUS 3.x server that a test starts as its own child process. Its private configuration
 * directory has one loopback client with a shared secret, the eap module with MD5 only, a users
 * file, and one auth listener on a free loopback port. Every Access-Accept gets
 * fixed MPPE keys, which FreeRADIUS encrypts as RFC 2548 describes. Like the stock
 * configuration's reply filter, it strips Framed-IP-Address from an Access-Reject. {@link #close} stops the
 * process by its PID.
 *
 * <p>{@link #writeMsChapV2Config} writes the same configuration with EAP-MSCHAPv2 and the MPPE
 * keys that MS-CHAPv2 derives in place of MD5 and the fixed keys, for a server that a test starts
 * elsewhere, such as in a network namespace. {@link #writeTlsConfig} writes it with EAP-TLS
 * (RFC 5216) in place of MD5, for the same use.
 */
public final class FreeRadiusProcess implements AutoCloseable {

    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/freeradius"), Path.of("/usr/sbin/radiusd"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    /** The line FreeRADIUS writes with {@code -X} once it listens. */
    public static final String READY_LINE = "Ready to process requests";

    /** MS-MPPE-Recv-Key the server adds to every Access-Accept, since EAP-MD5 derives no keys. */
    static final byte[] RECV_KEY = HexFormat.of().parseHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    /** MS-MPPE-Send-Key the server adds to every Access-Accept. */
    static final byte[] SEND_KEY = HexFormat.of().parseHex(
            "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");

    private static final String MD5_EAP = """
              eap {
                default_eap_type = md5
                timer_expire = 60
                max_sessions = 64
                md5 {
                }
              }
            """;

    /** The mschap module derives the MPPE keys, and a failed MS-CHAPv2 check gives an Access-Reject. */
    private static final String MSCHAPV2_EAP = """
              mschap {
                use_mppe = yes
                require_encryption = no
                require_strong = no
              }
              eap {
                default_eap_type = mschapv2
                timer_expire = 60
                max_sessions = 64
                mschapv2 {
                  send_error = no
                }
              }
            """;

    /**
     * EAP-TLS with the server's certificate and key and the CA that client certificates must chain
     * to. FreeRADIUS 3.2 with OpenSSL 1.1.0 or later needs no DH file, and {@code ecdh_curve = ""}
     * lets OpenSSL choose the curve. TLS is held at 1.2, the default of strongSwan 5.9.8's
     * {@code charon.tls.version_max}. The eap module's tls method derives the MSK (RFC 5216 §2.3)
     * and sends it as MPPE keys, and a failed handshake gives an Access-Reject.
     */
    private static final String TLS_EAP = """
              eap {
                default_eap_type = tls
                timer_expire = 60
                max_sessions = 64
                tls-config tls-common {
                  private_key_file = %1$s
                  certificate_file = %2$s
                  ca_file = %3$s
                  cipher_list = "DEFAULT"
                  ecdh_curve = ""
                  tls_min_version = "1.2"
                  tls_max_version = "1.2"
                  fragment_size = 1024
                  cache {
                    enable = no
                  }
                }
                tls {
                  tls = tls-common
                }
              }
            """;

    private static final String FIXED_MPPE_KEYS = """
                update reply {
                  MS-MPPE-Recv-Key := 0x%s
                  MS-MPPE-Send-Key := 0x%s
                }
            """.formatted(HexFormat.of().formatHex(RECV_KEY), HexFormat.of().formatHex(SEND_KEY));

    private final Process process;
    private final Path log;
    private final InetSocketAddress address;
    /** Stops the server if the test JVM exits without calling {@link #close}. */
    private final Thread exitHook;

    private FreeRadiusProcess(Process process, Path log, InetSocketAddress address) {
        this.process = process;
        this.log = log;
        this.address = address;
        this.exitHook = new Thread(process::destroy, "freeradius-stop");
        Runtime.getRuntime().addShutdownHook(exitHook);
    }

    /**
     * Returns the FreeRADIUS binary, or aborts the test when it is missing. With the environment
     * variable CI set to true a missing binary fails the test instead, so CI cannot pass by skipping.
     */
    public static Path binary() {
        for (Path binary : BINARIES) {
            if (Files.isExecutable(binary)) {
                return binary;
            }
        }
        String message = "FreeRADIUS is not installed at " + BINARIES + "; run deploy/install-test-deps.sh as root";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        throw new TestAbortedException(message);
    }

    /**
     * Writes the configuration into {@code dir} and starts the server in the foreground with debug
     * output, then waits until it listens.
     *
     * @param users contents of the users file (rlm_files syntax)
     */
    static FreeRadiusProcess start(Path dir, String secret, String users) throws IOException, InterruptedException {
        Path binary = binary();
        int port = freeLoopbackPort();
        Files.writeString(dir.resolve("radiusd.conf"), radiusdConf(dir, port, secret, MD5_EAP, FIXED_MPPE_KEYS),
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("users"), users, StandardCharsets.UTF_8);
        Path log = dir.resolve("radiusd.log");

        Process process = new ProcessBuilder(binary.toString(), "-X", "-d", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        FreeRadiusProcess server = new FreeRadiusProcess(process, log,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        try {
            server.awaitReady();
        } catch (InterruptedException | RuntimeException | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    InetSocketAddress address() {
        return address;
    }

    /** Returns the server's debug output so far, for failure messages. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    /** Stops the server by its PID with SIGTERM, and with SIGKILL when it has not exited after 5 s. */
    @Override
    public void close() throws InterruptedException {
        Runtime.getRuntime().removeShutdownHook(exitHook);
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (output().contains(READY_LINE)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("FreeRADIUS exited with status " + process.exitValue()
                        + " before it listened:\n" + output());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("FreeRADIUS did not listen within " + START_TIMEOUT + ":\n" + output());
    }

    /** Returns a UDP port on 127.0.0.1 that was free a moment ago. */
    static int freeLoopbackPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Writes a configuration into {@code dir} for EAP-MSCHAPv2 (with the mschap module and
     * MPPE keys derived from MS-CHAPv2, RFC 3079 §3) on 127.0.0.1:{@code port}. The caller starts
     * {@code binary() -X -d dir} where it needs the server, such as in a network namespace.
     *
     * @param users contents of the users file (rlm_files syntax)
     */
    public static void writeMsChapV2Config(Path dir, int port, String secret, String users) throws IOException {
        Files.writeString(dir.resolve("radiusd.conf"), radiusdConf(dir, port, secret, MSCHAPV2_EAP, ""),
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("users"), users, StandardCharsets.UTF_8);
    }

    /**
     * Writes a configuration into {@code dir} for EAP-TLS on 127.0.0.1:{@code port}. The server
     * presents {@code certificate} with {@code privateKey}, and accepts a client whose certificate
     * chains to {@code caFile}. All three are PEM files, the key unencrypted. The caller starts
     * {@code binary() -X -d dir} where it needs the server, such as in a network namespace.
     *
     * @param users contents of the users file (rlm_files syntax)
     */
    public static void writeTlsConfig(Path dir, int port, String secret, Path certificate, Path privateKey,
                                      Path caFile, String users) throws IOException {
        String eap = TLS_EAP.formatted(privateKey, certificate, caFile);
        Files.writeString(dir.resolve("radiusd.conf"), radiusdConf(dir, port, secret, eap, ""),
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("users"), users, StandardCharsets.UTF_8);
    }

    private static String radiusdConf(Path dir, int port, String secret, String eapModules, String postAuthReply) {
        String directory = dir.toString();
        return """
                prefix = /usr
                exec_prefix = /usr
                sbindir = /usr/sbin
                libdir = /usr/lib/freeradius
                confdir = %1$s
                raddbdir = %1$s
                sysconfdir = %1$s
                localstatedir = %1$s
                logdir = %1$s
                radacctdir = %1$s
                run_dir = %1$s
                pidfile = %1$s/radiusd.pid
                name = freeradius
                hostname_lookups = no
                max_request_time = 30
                cleanup_delay = 5
                max_requests = 1024
                log {
                  destination = stdout
                }
                security {
                  allow_core_dumps = no
                  max_attributes = 200
                  reject_delay = 0
                  status_server = no
                }
                client loopback {
                  ipaddr = 127.0.0.1
                  secret = "%3$s"
                  require_message_authenticator = yes
                }
                modules {
                %4$s
                  files {
                    filename = %1$s/users
                  }
                }
                server default {
                  listen {
                    type = auth
                    ipaddr = 127.0.0.1
                    port = %2$d
                  }
                  authorize {
                    eap {
                      ok = return
                    }
                    files
                  }
                  authenticate {
                    Auth-Type EAP {
                      eap
                    }
                %6$s
                  }
                  post-auth {
                %5$s
                    Post-Auth-Type REJECT {
                      update reply {
                        Framed-IP-Address !* ANY
                      }
                      eap
                    }
                  }
                }
                """.formatted(directory, port, secret, eapModules, postAuthReply,
                eapModules.contains("mschap {") ? "    Auth-Type MS-CHAP {\n      mschap\n    }" : "");
    }
}
