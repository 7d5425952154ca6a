package io.rocketconnect.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The audit log of calls made through adapters with {@code audit.enabled}: one row per call in a
 * table of a JDBC DataSource, written in batches behind a bounded queue, so a slow database never
 * blocks a send. Never holds a message body or a secret.
 */
@ProviderType
public interface RocketmqAuditLog {

    /** The newest entries that match {@code query}, newest first. */
    List<AuditRecord> newest(AuditQuery query);

    /** Entries of one adapter written, dropped (queue full) and waiting, since the connector started. */
    AuditCounts counts(String adapterId);

    /** How many entries of an adapter reached the database, were dropped, or wait in the queue. */
    record AuditCounts(long written, long dropped, long waiting) {
    }
}
