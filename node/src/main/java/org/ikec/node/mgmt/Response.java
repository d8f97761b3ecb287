package org.ikec.node.mgmt;

import java.util.Map;

/**
 * One management API response: the HTTP status, the body that becomes JSON, and for 405 the
 * {@code Allow} header.
 */
record Response(int status, Object body, String allow) {

    static Response ok(Object body) {
        return new Response(200, body, null);
    }

    static Response error(int status, String message) {
        return new Response(status, Map.of("error", message), null);
    }

    /** An error that also carries the per-node results, as a cluster-wide reload returns. */
    static Response error(int status, String message, Object details) {
        return new Response(status, Map.of("error", message, "results", details), null);
    }

    static Response methodNotAllowed(String method, String path, String allowed) {
        return new Response(405, Map.of("error", "method " + method + " is not allowed on " + path
                + "; use " + allowed), allowed);
    }
}
