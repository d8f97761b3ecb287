package org.ikec.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Parse errors of every {@code ikec} verb print one line with a pointer to the verb's help, and exit 2. */
class UsageErrorHandlerTest {

    private record Outcome(int status, String out, String err) {
    }

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(status, out.toString(), err.toString());
    }

    @Test
    void ctlListUnknownOption() {
        Outcome outcome = run("ctl", "list", "--bogus");

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.out()).isEmpty();
        assertThat(outcome.err()).isEqualTo("ikec ctl list: unknown option '--bogus' (see 'ikec ctl list --help')"
                + System.lineSeparator());
    }

    @Test
    void everyCtlVerbRejectsUnknownOptionAlike() {
        // show, rekey and initiate get their required parameter, which picocli checks before unknown options.
        String[][] commands = {{"list"}, {"show", "rw-0011223344556677"}, {"terminate"},
                {"rekey", "rw-0011223344556677"}, {"initiate", "rw"}, {"reload"}, {"log-level"}, {"health"}, {"members"},
                {"shards"}, {"pools"}, {"leave"}};
        for (String[] command : commands) {
            String verb = command[0];
            List<String> args = new ArrayList<>(List.of("ctl", "--mgmt", "127.0.0.1:1"));
            args.addAll(List.of(command));
            args.add("--bogus");

            Outcome outcome = run(args.toArray(String[]::new));

            assertThat(outcome.status()).as(verb).isEqualTo(2);
            assertThat(outcome.err()).as(verb).isEqualTo("ikec ctl " + verb + ": unknown option '--bogus' (see 'ikec ctl "
                    + verb + " --help')" + System.lineSeparator());
        }
    }

    @Test
    void nodeAndGatewayUnknownOption() {
        Outcome node = run("node", "--bogus", "--other");
        Outcome gateway = run("gateway", "--config", "missing.conf", "--bogus");

        assertThat(node.status()).isEqualTo(2);
        assertThat(node.err()).isEqualTo("ikec node: unknown options '--bogus', '--other' (see 'ikec node --help')"
                + System.lineSeparator());
        assertThat(gateway.status()).isEqualTo(2);
        assertThat(gateway.err()).isEqualTo("ikec gateway: unknown option '--bogus' (see 'ikec gateway --help')"
                + System.lineSeparator());
    }

    @Test
    void ctlUnknownVerb() {
        Outcome outcome = run("ctl", "lsit");

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).isEqualTo("ikec ctl: unexpected argument 'lsit' (see 'ikec ctl --help')"
                + System.lineSeparator());
    }

    @Test
    void ctlShowMissingId() {
        Outcome outcome = run("ctl", "show");

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).isEqualTo("ikec ctl show: missing required parameter: 'ID' (see 'ikec ctl show --help')"
                + System.lineSeparator());
    }
}
