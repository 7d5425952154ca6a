package io.rocketconnect.api;

import java.time.Instant;

/**
 * Which audit entries to read: {@code AuditQuery.newest(20).adapter("orders").onlyErrors()}. Null
 * fields do not filter. {@code since} is inclusive, {@code until} exclusive; {@code offset} skips that
 * many of the newest matching entries (the pages of a list).
 */
public record AuditQuery(String adapterId, Instant since, String requestId, boolean errorsOnly, int limit,
        String operation, Instant until, String outcome, int offset) {

    /** Entries a query reads at most. */
    public static final int MAX_LIMIT = 10_000;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in [1, " + MAX_LIMIT + "]: " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        if (outcome != null && !AuditRecord.OK.equals(outcome) && !AuditRecord.ERROR.equals(outcome)) {
            throw new IllegalArgumentException("outcome must be " + AuditRecord.OK + " or " + AuditRecord.ERROR
                    + ": " + outcome);
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("since (" + since + ") must be before until (" + until + ")");
        }
    }

    /** The query of version 1.3: every operation and outcome, any time, from the newest on. */
    public AuditQuery(String adapterId, Instant since, String requestId, boolean errorsOnly, int limit) {
        this(adapterId, since, requestId, errorsOnly, limit, null, null, null, 0);
    }

    /** The newest {@code limit} entries of every adapter. */
    public static AuditQuery newest(int limit) {
        return new AuditQuery(null, null, null, false, limit);
    }

    public AuditQuery adapter(String id) {
        return new AuditQuery(id, since, requestId, errorsOnly, limit, operation, until, outcome, offset);
    }

    public AuditQuery since(Instant from) {
        return new AuditQuery(adapterId, from, requestId, errorsOnly, limit, operation, until, outcome, offset);
    }

    public AuditQuery requestId(String id) {
        return new AuditQuery(adapterId, since, id, errorsOnly, limit, operation, until, outcome, offset);
    }

    public AuditQuery onlyErrors() {
        return new AuditQuery(adapterId, since, requestId, true, limit, operation, until, outcome, offset);
    }

    /** Only entries of this operation ({@code send}, {@code doProduce}, ...). @since 1.4 */
    public AuditQuery operation(String name) {
        return new AuditQuery(adapterId, since, requestId, errorsOnly, limit, name, until, outcome, offset);
    }

    /** Only entries before this instant. @since 1.4 */
    public AuditQuery until(Instant to) {
        return new AuditQuery(adapterId, since, requestId, errorsOnly, limit, operation, to, outcome, offset);
    }

    /** Only entries with this outcome, {@link AuditRecord#OK} or {@link AuditRecord#ERROR}. @since 1.4 */
    public AuditQuery outcome(String wanted) {
        return new AuditQuery(adapterId, since, requestId, errorsOnly, limit, operation, until, wanted, offset);
    }

    /** Skips the newest {@code skipped} matching entries. @since 1.4 */
    public AuditQuery offset(int skipped) {
        return new AuditQuery(adapterId, since, requestId, errorsOnly, limit, operation, until, outcome, skipped);
    }
}
