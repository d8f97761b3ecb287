package org.ikec.loadtest.probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code probe --pid P [--pid P2 ...] [--gc] [--out F]}: prints one JSON object with the CPU time,
 * resident memory and (with {@code --gc}) the heap in use after a full GC of a running process.
 * With several {@code --pid} options it prints one object per process, one per line, in the
 * order given, which saves a JVM start per process.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Print the CPU time, resident memory and JVM heap in use of a running process as JSON.")
public final class ProbeCommand implements Callable<Integer> {

    @Option(names = "--pid", required = true, description = "ID of the process to sample; repeat it for several.")
    List<Long> pids = new ArrayList<>();

    @Option(names = "--gc", description = "The process is a JVM: run a full GC with jcmd, then report the heap"
            + " still in use (heap_used_bytes, otherwise null).")
    boolean fullGc;

    @Option(names = "--out", description = "Write the JSON to this file instead of standard output.")
    Path out;

    @Override
    public Integer call() throws Exception {
        TargetProbe probe = TargetProbe.create();
        ObjectMapper mapper = new ObjectMapper();
        StringBuilder lines = new StringBuilder();
        for (long pid : pids) {
            lines.append(mapper.writeValueAsString(probe.sample(pid, fullGc).toJson())).append('\n');
        }

        if (out == null) {
            System.out.print(lines);
        } else {
            Files.writeString(out, lines);
        }
        return 0;
    }
}
