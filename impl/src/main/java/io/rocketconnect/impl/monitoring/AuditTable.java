package io.rocketconnect.impl.monitoring;

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
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.rocketconnect.api.AuditQuery;
import io.rocketconnect.api.AuditRecord;

/**
 * The audit table in SQL: created on first use, written in batches, read newest first. Its SQL (CREATE
 * ... IF NOT EXISTS, a standard identity column, OFFSET ... FETCH NEXT) runs on H2 and PostgreSQL, and
 * AuditLogTest runs on both. MySQL 8 has neither CREATE INDEX IF NOT EXISTS nor FETCH NEXT.
 */
final class AuditTable {

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");
    private static final String COLUMNS =
            "created_at, request_id, adapter_id, operation, target, caller, outcome, error_class, duration_micros";

    /** Tries of the DDL: one, and one more for each of its three statements that can lose a race. */
    private static final int CREATE_ATTEMPTS = 4;

    private final String table;
    /** The DataSource whose table is known to exist; set under {@link #schemaLock}. */
    private volatile DataSource schemaReady;
    private final Object schemaLock = new Object();

    AuditTable(String table) {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException(AuditLog.PID + ": table must be [schema.]name of letters, digits and _, not '"
                    + table + "'");
        }
        this.table = table;
    }

    String name() {
        return table;
    }

    /** Inserts {@code batch} in one transaction. */
    void insert(DataSource source, List<AuditRecord> batch) throws SQLException {
        try (Connection connection = source.getConnection()) {
            ensureTable(source, connection);
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
        } catch (SQLException e) {
            schemaReady = null;
            throw e;
        }
    }

    /** The newest rows that match {@code query}, newest first. */
    List<AuditRecord> newest(DataSource source, AuditQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM ").append(table).append(" WHERE 1 = 1");
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
        if (query.until() != null) {
            sql.append(" AND created_at < ?");
            parameters.add(OffsetDateTime.ofInstant(query.until(), ZoneOffset.UTC));
        }
        if (query.operation() != null) {
            sql.append(" AND operation = ?");
            parameters.add(query.operation());
        }
        if (query.errorsOnly() || query.outcome() != null) {
            sql.append(" AND outcome = ?");
            parameters.add(query.errorsOnly() ? AuditRecord.ERROR : query.outcome());
        }
        sql.append(" ORDER BY id DESC OFFSET ").append(query.offset()).append(" ROWS FETCH NEXT ")
                .append(query.limit()).append(" ROWS ONLY");
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
        }
    }

    /**
     * Creates the table and its indexes once per DataSource. Readers and the writer of this node take
     * turns: two CREATE INDEX IF NOT EXISTS at once fail on H2 with "object already exists". Other nodes
     * sharing the database are met by {@link #createTableIfMissing}'s retry.
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

    /**
     * Another node may create the same table at the same moment: PostgreSQL checks IF NOT EXISTS before
     * that node commits, then fails on a unique index of its catalog (pg_type, pg_class); H2 fails with
     * "object already exists". The failure means the object now exists, and the next try passes it. Each
     * of the three statements can lose such a race once, so the fourth try is the last; any other error
     * fails all four and is thrown. The statements run in auto-commit mode: on PostgreSQL, a failed
     * statement inside a transaction would fail every later one until a rollback.
     */
    private void createTableIfMissing(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try {
            for (int attempt = 1;; attempt++) {
                try {
                    createTable(connection);
                    return;
                } catch (SQLException e) {
                    if (attempt == CREATE_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private void createTable(Connection connection) throws SQLException {
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

    private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    /**
     * Cuts {@code value} to its column's length, and turns NUL characters into U+FFFD: PostgreSQL refuses
     * 0x00 in text, and would refuse the whole batch at every retry.
     */
    private static String clip(String value, int length) {
        if (value == null) {
            return null;
        }
        String text = value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
        return text.length() <= length ? text : text.substring(0, length);
    }
}
