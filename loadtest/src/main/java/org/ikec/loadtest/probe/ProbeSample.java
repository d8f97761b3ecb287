package org.ikec.loadtest.probe;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One sample of a process's resource use.
 *
 * @param pid           the process ID
 * @param cpuSeconds    user plus system CPU time of all its threads since it started
 * @param residentBytes resident set size
 * @param heapUsedBytes for a JVM sampled with a full GC first, the heap still in use after it
 * @param sampledAt     when the sample was taken
 */
public record ProbeSample(long pid, double cpuSeconds, long residentBytes, OptionalLong heapUsedBytes,
                          Instant sampledAt) {

    /** Returns the sample as the probe's JSON object; a missing heap size is {@code null}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("pid", pid);
        json.put("cpu_s", cpuSeconds);
        json.put("rss_bytes", residentBytes);
        json.put("heap_used_bytes", heapUsedBytes.isPresent() ? heapUsedBytes.getAsLong() : null);
        json.put("sampled_at", sampledAt.toString());
        return json;
    }
}
