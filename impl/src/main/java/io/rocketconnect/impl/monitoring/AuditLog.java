package io.rocketconnect.impl.monitoring;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.AuditQuery;
import io.rocketconnect.api.AuditRecord;
import io.rocketconnect.api.RocketmqAuditLog;

/**
 * Writes the calls of adapters with {@code audit.enabled} to a table of a JDBC DataSource
 * (configuration {@code io.rocketconnect.audit}; by default the DataSource pax-jdbc registers as
 * {@code dataSourceName=rocketconnect-audit}). A call only queues its record; a {@link BackgroundWriter}
 * thread ({@value #THREAD}) inserts the queue in batches. While there is no DataSource, or the database
 * refuses writes, the records wait in the queue; when it is full, new ones are dropped and counted per
 * adapter. The table is created on first use ({@link AuditTable}).
 */
@Component(service = {AuditLog.class, RocketmqAuditLog.class}, configurationPid = AuditLog.PID, immediate = true)
@Designate(ocd = AuditLog.Config.class)
public class AuditLog implements RocketmqAuditLog {

    static final String PID = "io.rocketconnect.audit";
    public static final String THREAD = "rocketconnect-audit-writer";
    static final String DEFAULT_TARGET = "(dataSourceName=rocketconnect-audit)";

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    /** How long the writer waits for the database before trying again. */
    private static final long RETRY_MILLIS = 1000;
    private static final long PAUSE_MILLIS = 50;

    @ObjectClassDefinition(name = "RocketConnect audit log",
            description = "Where adapters with audit.enabled write their calls.")
    public @interface Config {

        @AttributeDefinition(name = "DataSource filter",
                description = "LDAP filter that picks the DataSource service, e.g. (dataSourceName=audit-postgres).")
        String dataSource_target() default DEFAULT_TARGET;

        @AttributeDefinition(name = "Table", description = "Created on first use if missing ([schema.]name).")
        String table() default "rocketconnect_audit";

        @AttributeDefinition(name = "Queue size", description = "Records waiting for the database before new ones are dropped.",
                min = "1")
        int queueSize() default 10_000;

        @AttributeDefinition(name = "Batch size", description = "Records written per database transaction.", min = "1")
        int batchSize() default 500;
    }

    private volatile DataSource dataSource;

    private final ConcurrentMap<String, Counts> counts = new ConcurrentHashMap<>();
    private final OncePerMinute writeWarning = new OncePerMinute();
    private AuditTable table;
    private BackgroundWriter<AuditRecord> writer;

    @Activate
    void activate(Config config) {
        start(config.table(), config.queueSize(), config.batchSize());
    }

    /** Checks the settings and starts the writer; outside OSGi, tests and benchmarks start here. */
    public void start(String tableName, int queueSize, int batchSize) {
        if (queueSize < 1 || batchSize < 1) {
            throw new IllegalArgumentException(PID + ": queueSize and batchSize must be at least 1");
        }
        table = new AuditTable(tableName);
        writer = new BackgroundWriter<>("Audit log", THREAD, queueSize, batchSize, PAUSE_MILLIS, RETRY_MILLIS, this::write);
    }

    @Deactivate
    public void deactivate() {
        int left = writer.stop(TimeUnit.SECONDS.toMillis(10));
        if (left > 0) {
            LOG.warn("Audit log stopped with {} records not written", left);
        }
    }

    @Reference(name = "dataSource", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = DEFAULT_TARGET, unbind = "unsetDataSource")
    public void setDataSource(DataSource source) {
        dataSource = source;
    }

    void unsetDataSource(DataSource source) {
        // A greedy replacement binds the new DataSource before it unbinds the old one.
        if (dataSource == source) {
            dataSource = null;
        }
    }

    /** Queues one record; never blocks. A full queue drops it and counts the drop. */
    public void offer(AuditRecord record) {
        Counts adapter = countsOf(record.adapterId());
        if (writer.offer(record)) {
            adapter.waiting.increment();
        } else {
            adapter.dropped.increment();
        }
    }

    @Override
    public AuditCounts counts(String adapterId) {
        Counts adapter = counts.get(adapterId);
        return adapter == null ? new AuditCounts(0, 0, 0)
                : new AuditCounts(adapter.written.sum(), adapter.dropped.sum(), adapter.waiting.sum());
    }

    @Override
    public List<AuditRecord> newest(AuditQuery query) {
        DataSource source = dataSource;
        if (source == null) {
            throw new IllegalStateException("The audit log has no DataSource: none is registered that matches "
                    + "the filter of configuration " + PID + " (default " + DEFAULT_TARGET + ")");
        }
        try {
            return table.newest(source, query);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the audit table " + table.name() + ": " + e.getMessage(), e);
        }
    }

    /** The writer's sink: one batch in one transaction; false while there is no database to write to. */
    private boolean write(List<AuditRecord> batch) {
        DataSource source = dataSource;
        if (source == null) {
            warnWriteFailure("no DataSource matches the filter of " + PID + "; records wait in the queue");
            return false;
        }
        try {
            table.insert(source, batch);
        } catch (SQLException e) {
            warnWriteFailure("the database refused the write (" + e.getMessage() + "); records wait in the queue");
            return false;
        }
        for (AuditRecord record : batch) {
            Counts adapter = countsOf(record.adapterId());
            adapter.waiting.decrement();
            adapter.written.increment();
        }
        return true;
    }

    private void warnWriteFailure(String problem) {
        if (writeWarning.due()) {
            LOG.warn("Audit log cannot write: {} ({} waiting)", problem, writer.waiting());
        }
    }

    private Counts countsOf(String adapterId) {
        Counts adapter = counts.get(adapterId);
        return adapter != null ? adapter : counts.computeIfAbsent(adapterId, id -> new Counts());
    }

    private static final class Counts {
        final LongAdder written = new LongAdder();
        final LongAdder dropped = new LongAdder();
        final LongAdder waiting = new LongAdder();
    }
}
