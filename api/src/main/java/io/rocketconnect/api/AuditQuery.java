package io.rocketconnect.api;

import java.time.Instant;

/**
 * Which audit entries to read: {@code AuditQuery.newest(20).adapter("orders").onlyErrors()}. Null
 * fields do not filter.
 */
public record AuditQuery(String adapterId, Instant since, String requestId, boolean errorsOnly, int limit) {

    public AuditQuery {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be in [1, 10000]: " + limit);
        }
    }

    /** The newest {@code limit} entries of every adapter. */
    public static AuditQuery newest(int limit) {
        return new AuditQuery(null, null, null, false, limit);
    }

    public AuditQuery adapter(String id) {
        return new AuditQuery(id, since, requestId, errorsOnly, limit);
    }

    public AuditQuery since(Instant from) {
        return new AuditQuery(adapterId, from, requestId, errorsOnly, limit);
    }

    public AuditQuery requestId(String id) {
        return new AuditQuery(adapterId, since, id, errorsOnly, limit);
    }

    public AuditQuery onlyErrors() {
        return new AuditQuery(adapterId, since, requestId, true, limit);
    }
}
