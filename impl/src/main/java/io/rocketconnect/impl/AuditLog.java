package io.rocketconnect.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

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
 * {@code dataSourceName=rocketconnect-audit}). A call only puts its record in a bounded queue; one
 * thread ({@value #THREAD}) writes the queue in batches. While there is no DataSource, or the database
 * refuses writes, the records wait in the queue; when it is full, new ones are dropped, counted per
 * adapter and warned about at most once a minute. The table is created on first use.
 */
@Component(service = {AuditLog.class, RocketmqAuditLog.class}, configurationPid = AuditLog.PID, immediate = true)
@Designate(ocd = AuditLog.Config.class)
public class AuditLog implements RocketmqAuditLog {

    static final String PID = "io.rocketconnect.audit";
    static final String THREAD = "rocketconnect-audit-writer";
    static final String DEFAULT_TARGET = "(dataSourceName=rocketconnect-audit)";

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");
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
    private final OncePerMinute dropWarning = new OncePerMinute();
    private final OncePerMinute writeWarning = new OncePerMinute();
    private String table;
    private int batchSize;
    private BlockingQueue<AuditRecord> queue;
    private Thread writer;
    private volatile boolean running;
    /** The DataSource whose table is known to exist; set under {@link #schemaLock}. */
    private volatile DataSource schemaReady;
    private final Object schemaLock = new Object();

    @Activate
    void activate(Config config) {
        start(config.table(), config.queueSize(), config.batchSize());
    }

    /** Checks the settings and starts the writer; outside OSGi, tests and benchmarks start here. */
    void start(String table, int queueSize, int batchSize) {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("io.rocketconnect.audit: table must be [schema.]name of letters, digits and _, not '"
                    + table + "'");
        }
        if (queueSize < 1 || batchSize < 1) {
            throw new IllegalArgumentException("io.rocketconnect.audit: queueSize and batchSize must be at least 1");
        }
        this.table = table;
        this.batchSize = batchSize;
        queue = new ArrayBlockingQueue<>(queueSize);
        running = true;
        writer = new Thread(this::writeUntilStopped, THREAD);
        writer.setDaemon(true);
        writer.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        running = false;
        // Not interrupted: an interrupt inside a JDBC driver (H2's file channel) can break the database.
        writer.join(TimeUnit.SECONDS.toMillis(10));
        if (!queue.isEmpty()) {
            LOG.warn("Audit log stopped with {} records not written", queue.size());
        }
    }

    @Reference(name = "dataSource", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = DEFAULT_TARGET, unbind = "unsetDataSource")
    void setDataSource(DataSource source) {
        dataSource = source;
    }

    void unsetDataSource(DataSource source) {
        // A greedy replacement binds the new DataSource before it unbinds the old one.
        if (dataSource == source) {
            dataSource = null;
        }
    }

    /** Queues one record; never blocks. A full queue drops it and counts the drop. */
    void offer(AuditRecord record) {
        Counts adapter = counts(record);
        if (queue.offer(record)) {
            adapter.waiting.increment();
            return;
        }
        adapter.dropped.increment();
        if (dropWarning.due()) {
            LOG.warn("Audit queue is full ({} records waiting for the database{}): records are being dropped; "
                    + "dropped so far: {}", waitingTotal(), dataSource == null ? ", and no DataSource matches the filter" : "",
                    droppedTotal());
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
        StringBuilder sql = new StringBuilder("SELECT created_at, request_id, adapter_id, operation, target, caller, outcome, "
                + "error_class, duration_micros FROM ").append(table).append(" WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (query.adapterId() != null) {
            sql.append(" AND adapter_id = ?");
            parameters.add(query.adapterId());
        }
        if (query.since() != null) {
            sql.append(" AND created_at >= ?");
            parameters.add(OffsetDateTime.ofInstant(query.since(), ZoneOffset.UTC));
        }
        if (query.requestId() != null) {
            sql.append(" AND request_id = ?");
            parameters.add(query.requestId());
        }
        if (query.errorsOnly()) {
            sql.append(" AND outcome = '").append(AuditRecord.ERROR).append('\'');
        }
        sql.append(" ORDER BY id DESC FETCH FIRST ").append(query.limit()).append(" ROWS ONLY");
        try (Connection connection = source.getConnection()) {
            ensureTable(source, connection);
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    select.setObject(i + 1, parameters.get(i));
                }
                List<AuditRecord> records = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        records.add(new AuditRecord(rows.getObject(1, OffsetDateTime.class).toInstant(), rows.getString(2),
                                rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                                rows.getString(8), rows.getLong(9)));
                    }
                }
                return records;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the audit table " + table + ": " + e.getMessage(), e);
        }
    }

    private Counts counts(AuditRecord record) {
        Counts adapter = counts.get(record.adapterId());
        return adapter != null ? adapter : counts.computeIfAbsent(record.adapterId(), id -> new Counts());
    }

    private long waitingTotal() {
        return counts.values().stream().mapToLong(c -> c.waiting.sum()).sum();
    }

    private long droppedTotal() {
        return counts.values().stream().mapToLong(c -> c.dropped.sum()).sum();
    }

    // ---- the writer thread

    private void writeUntilStopped() {
        List<AuditRecord> batch = new ArrayList<>(batchSize);
        while (running || (!queue.isEmpty() && dataSource != null)) {
            try {
                // Takes what has queued up every PAUSE_MILLIS rather than waking for each record:
                // a wake-up per call costs the sending threads more than the insert.
                if (batch.isEmpty() && queue.drainTo(batch, batchSize) == 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PAUSE_MILLIS));
                    continue;
                }
                if (write(batch)) {
                    batch.forEach(record -> {
                        Counts adapter = counts(record);
                        adapter.waiting.decrement();
                        adapter.written.increment();
                    });
                    batch.clear();
                } else if (!running) {
                    break;
                } else {
                    pause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("Audit writer: unexpected failure; it goes on", e);
            }
        }
    }

    /** Writes one batch in one transaction; false if there is no database to write to right now. */
    private boolean write(List<AuditRecord> batch) {
        DataSource source = dataSource;
        if (source == null) {
            warnWriteFailure("no DataSource matches the filter of " + PID + "; records wait in the queue");
            return false;
        }
        try (Connection connection = source.getConnection()) {
            ensureTable(source, connection);
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                    + " (created_at, request_id, adapter_id, operation, target, caller, outcome, error_class, duration_micros)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (AuditRecord record : batch) {
                    insert.setObject(1, OffsetDateTime.ofInstant(record.timestamp(), ZoneOffset.UTC));
                    insert.setString(2, clip(record.requestId(), 64));
                    insert.setString(3, clip(record.adapterId(), 255));
                    insert.setString(4, clip(record.operation(), 64));
                    setNullable(insert, 5, clip(record.target(), 512));
                    setNullable(insert, 6, clip(record.caller(), 255));
                    insert.setString(7, record.outcome());
                    setNullable(insert, 8, clip(record.errorClass(), 255));
                    insert.setLong(9, record.durationMicros());
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            return true;
        } catch (SQLException e) {
            schemaReady = null;
            warnWriteFailure("the database refused the write (" + e.getMessage() + "); records wait in the queue");
            return false;
        }
    }

    /**
     * Creates the table and its indexes once per DataSource. Readers and the writer take turns: two
     * CREATE INDEX IF NOT EXISTS at once fail on H2 with "object already exists".
     */
    private void ensureTable(DataSource source, Connection connection) throws SQLException {
        if (schemaReady == source) {
            return;
        }
        synchronized (schemaLock) {
            if (schemaReady != source) {
                createTableIfMissing(connection);
                schemaReady = source;
            }
        }
    }

    private void createTableIfMissing(Connection connection) throws SQLException {
        // CREATE ... IF NOT EXISTS and the standard identity column: H2, PostgreSQL, MySQL 8 and MariaDB.
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE IF NOT EXISTS " + table + " ("
                    + "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                    + "created_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "request_id VARCHAR(64) NOT NULL, "
                    + "adapter_id VARCHAR(255) NOT NULL, "
                    + "operation VARCHAR(64) NOT NULL, "
                    + "target VARCHAR(512), "
                    + "caller VARCHAR(255), "
                    + "outcome VARCHAR(8) NOT NULL, "
                    + "error_class VARCHAR(255), "
                    + "duration_micros BIGINT NOT NULL)");
            String index = table.replace('.', '_');
            ddl.execute("CREATE INDEX IF NOT EXISTS " + index + "_created ON " + table + " (created_at)");
            ddl.execute("CREATE INDEX IF NOT EXISTS " + index + "_request ON " + table + " (request_id)");
        }
    }

    private void warnWriteFailure(String problem) {
        if (writeWarning.due()) {
            LOG.warn("Audit log cannot write: {} ({} waiting)", problem, waitingTotal());
        }
    }

    private void pause() throws InterruptedException {
        long until = System.currentTimeMillis() + RETRY_MILLIS;
        while (running && System.currentTimeMillis() < until) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    private static String clip(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }

    private static final class Counts {
        final LongAdder written = new LongAdder();
        final LongAdder dropped = new LongAdder();
        final LongAdder waiting = new LongAdder();
    }
}
