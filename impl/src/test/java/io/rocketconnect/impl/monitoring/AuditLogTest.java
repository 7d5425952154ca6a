package io.rocketconnect.impl.monitoring;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;
import org.slf4j.MDC;

import io.rocketconnect.api.AuditQuery;
import io.rocketconnect.api.AuditRecord;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqAuditLog.AuditCounts;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.adapter.Adapter;
import io.rocketconnect.impl.adapter.AdapterForBundle;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.EmbeddedRocketmq;

/**
 * The audit log against a real broker, each test once on a real H2 file database (the rocketmq-audit-h2
 * feature's) and once on a real PostgreSQL server (rocketmq-audit-postgresql's) that the class starts.
 */
@RunWith(Parameterized.class)
public class AuditLogTest {

    enum Database { H2, PostgreSQL }

    @Parameters(name = "{0}")
    public static List<Database> databases() {
        return List.of(Database.values());
    }

    @Parameter
    public Database database;

    private static TestPostgres postgres;
    /** Every test's schemas get new names: the PostgreSQL server lives as long as the class. */
    private static final AtomicInteger schemas = new AtomicInteger();

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @BeforeClass
    public static void startPostgres() throws Exception {
        postgres = TestPostgres.start();
    }

    @AfterClass
    public static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    private AuditLog audit;

    @After
    public void stop() throws InterruptedException {
        MDC.clear();
        if (audit != null) {
            audit.deactivate();
        }
    }

    @Test
    public void successfulAndFailedSendsAreRowsWithTheCallersRequestIdAndBundle() throws Exception {
        EmbeddedRocketmq broker = EmbeddedRocketmq.shared();
        broker.createTopic("AuditTopic", 1);
        audit = start("rocketconnect_audit", 100, 10, database("audit"));
        Instant before = Instant.now().minusSeconds(1);
        try (Adapter adapter = new Adapter(settings(broker, "audited", true), audit)) {
            RocketmqAPI caller = new AdapterForBundle(adapter, "com.example.orders");
            MDC.put("requestId", "audit-ok-1");
            caller.send(RocketmqMessage.to("AuditTopic").body("secret body").build());
            MDC.put("requestId", "audit-failed-1");
            assertThrows(IllegalArgumentException.class, () -> caller.send(RocketmqMessage.to("bad topic").body("x").build()));
            MDC.remove("requestId");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> audit.counts("audited").written() == 2);
        List<AuditRecord> ok = audit.newest(AuditQuery.newest(10).requestId("audit-ok-1"));
        assertEquals(1, ok.size());
        AuditRecord sent = ok.get(0);
        assertEquals("audited", sent.adapterId());
        assertEquals("send", sent.operation());
        assertEquals("AuditTopic", sent.target());
        assertEquals("com.example.orders", sent.caller());
        assertEquals(AuditRecord.OK, sent.outcome());
        assertNull(sent.errorClass());
        assertTrue(sent.durationMicros() > 0);
        assertFalse(sent.timestamp().isBefore(before));

        List<AuditRecord> errors = audit.newest(AuditQuery.newest(10).adapter("audited").onlyErrors());
        assertEquals(1, errors.size());
        assertEquals("audit-failed-1", errors.get(0).requestId());
        assertEquals("java.lang.IllegalArgumentException", errors.get(0).errorClass());
        assertEquals("bad topic", errors.get(0).target());

        assertEquals("the newest comes first", "audit-failed-1", audit.newest(AuditQuery.newest(1)).get(0).requestId());
        assertEquals(0, audit.newest(AuditQuery.newest(10).since(Instant.now().plusSeconds(60))).size());
        assertEquals(new AuditCounts(2, 0, 0), audit.counts("audited"));
    }

    @Test
    public void theTableHoldsNoBodyAndAnAdapterWithoutTheSwitchWritesNothing() throws Exception {
        EmbeddedRocketmq broker = EmbeddedRocketmq.shared();
        broker.createTopic("AuditTopic", 1);
        DataSource bodies = database("bodies");
        audit = start("rocketconnect_audit", 100, 10, bodies);
        try (Adapter on = new Adapter(settings(broker, "on", true), audit);
                Adapter off = new Adapter(settings(broker, "off", false), audit)) {
            on.send(RocketmqMessage.to("AuditTopic").body("the-body-text").build());
            off.send(RocketmqMessage.to("AuditTopic").body("the-body-text").build());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> audit.counts("on").written() == 1);
        assertEquals(new AuditCounts(0, 0, 0), audit.counts("off"));
        try (Connection connection = bodies.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM rocketconnect_audit")) {
            int columns = rows.getMetaData().getColumnCount();
            int count = 0;
            while (rows.next()) {
                count++;
                for (int i = 1; i <= columns; i++) {
                    assertFalse(String.valueOf(rows.getString(i)).contains("the-body-text"));
                }
            }
            assertEquals(1, count);
        }
    }

    @Test
    public void aStuckDatabaseBlocksNoSendAndOverflowIsCountedAsDropped() throws Exception {
        EmbeddedRocketmq broker = EmbeddedRocketmq.shared();
        broker.createTopic("AuditTopic", 1);
        CountDownLatch databaseAnswers = new CountDownLatch(1);
        DataSource stuck = blockingUntil(databaseAnswers, database("stuck"));
        audit = start("rocketconnect_audit", 5, 10, stuck);
        int sends = 20;
        try (Adapter adapter = new Adapter(settings(broker, "stuck", true), audit)) {
            for (int i = 0; i < sends; i++) {
                adapter.send(RocketmqMessage.to("AuditTopic").body("m" + i).build());
            }
            // every send returned while the database did not answer
            AuditCounts whileStuck = audit.counts("stuck");
            assertThat(whileStuck.dropped(), greaterThanOrEqualTo((long) sends - 5 - 10));
            assertEquals(sends, whileStuck.written() + whileStuck.dropped() + whileStuck.waiting());

            databaseAnswers.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> audit.counts("stuck").waiting() == 0);
            AuditCounts after = audit.counts("stuck");
            assertEquals(sends, after.written() + after.dropped());
            assertEquals(after.written(), audit.newest(AuditQuery.newest(100).adapter("stuck")).size());
        }
    }

    @Test
    public void recordsWaitForADataSourceThatComesLater() throws Exception {
        EmbeddedRocketmq broker = EmbeddedRocketmq.shared();
        broker.createTopic("AuditTopic", 1);
        audit = start("late_audit", 100, 10, null);
        try (Adapter adapter = new Adapter(settings(broker, "early", true), audit)) {
            adapter.send(RocketmqMessage.to("AuditTopic").body("before the database").build());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> audit.counts("early").waiting() == 1);
        IllegalStateException noDatabase = assertThrows(IllegalStateException.class, () -> audit.newest(AuditQuery.newest(1)));
        assertThat(noDatabase.getMessage(), containsString("(dataSourceName=rocketconnect-audit)"));

        audit.setDataSource(database("late"));
        await().atMost(Duration.ofSeconds(10)).until(() -> audit.counts("early").written() == 1);
        assertEquals(1, audit.newest(AuditQuery.newest(10)).size());
    }

    /**
     * The first read of a fresh database (rocketmq:audit, say) can come while the writer creates the
     * table. H2 then failed one of the two CREATE INDEX IF NOT EXISTS with "object already exists"
     * (seen once in AclTest). Readers and the writer start together here, on 20 fresh databases.
     */
    @Test
    public void readersAndTheWriterOnAFreshDatabaseAllSeeTheTable() throws Exception {
        int readers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        try {
            for (int round = 0; round < 20; round++) {
                audit = start("race_audit", 100, 10, database("race" + round));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<AuditRecord>>> reads = new ArrayList<>();
                for (int i = 0; i < readers; i++) {
                    reads.add(pool.submit(() -> {
                        go.await();
                        return audit.newest(AuditQuery.newest(10));
                    }));
                }
                audit.offer(new AuditRecord(Instant.now(), "race-" + round, "race", "send", "RaceTopic", null, AuditRecord.OK,
                        null, 1));
                go.countDown();
                for (Future<List<AuditRecord>> read : reads) {
                    assertThat("a read in round " + round, read.get(10, TimeUnit.SECONDS).size(), lessThanOrEqualTo(1));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> audit.counts("race").written() == 1);
                assertEquals("race-" + round, audit.newest(AuditQuery.newest(10)).get(0).requestId());
                audit.deactivate();
                audit = null;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Several Karaf nodes share one audit database, and on a fresh one they create the table at the same
     * moment. PostgreSQL checks IF NOT EXISTS before the other node's CREATE commits, then fails with a
     * unique violation on pg_type. Here two nodes (an AuditTable each, as each JVM has) write a row and
     * read, with their four first statements let go together on connections already open. The tables
     * are used directly: AuditLog's writer would retry a failed batch a second later and hide it.
     */
    @Test
    public void twoNodesCreatingTheTableOnAFreshDatabaseAtOnceBothWriteAndReadWithoutAnError() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 10; round++) {
                DataSource shared = database("nodes" + round);
                DataSource together = connectedTogether(4, shared);
                AuditTable nodeA = new AuditTable("shared_audit");
                AuditTable nodeB = new AuditTable("shared_audit");
                String a = "node-a-" + round;
                String b = "node-b-" + round;
                List<Future<?>> calls = List.of(
                        pool.submit(() -> {
                            nodeA.insert(together, List.of(record(a)));
                            return null;
                        }),
                        pool.submit(() -> {
                            nodeB.insert(together, List.of(record(b)));
                            return null;
                        }),
                        pool.submit(() -> nodeA.newest(together, AuditQuery.newest(10))),
                        pool.submit(() -> nodeB.newest(together, AuditQuery.newest(10))));
                for (Future<?> call : calls) {
                    call.get(30, TimeUnit.SECONDS); // a node's SQLException fails the test here
                }
                assertEquals("round " + round, List.of(a, b), nodeB.newest(shared, AuditQuery.newest(10)).stream()
                        .map(AuditRecord::requestId).sorted().toList());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static AuditRecord record(String requestId) {
        return new AuditRecord(Instant.now(), requestId, "node", "send", "SharedTopic", null, AuditRecord.OK, null, 1);
    }

    /**
     * A DataSource whose first {@code parties} connections are handed out together, once all are open,
     * so that their first statements reach the database at the same moment.
     */
    private static DataSource connectedTogether(int parties, DataSource real) {
        CountDownLatch allOpen = new CountDownLatch(parties);
        return (DataSource) Proxy.newProxyInstance(AuditLogTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = method.invoke(real, args);
                    if (method.getName().equals("getConnection")) {
                        allOpen.countDown();
                        if (!allOpen.await(10, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("not all " + parties + " connections opened");
                        }
                    }
                    return result;
                });
    }

    /**
     * PostgreSQL refuses a NUL character (0x00) in text, and would refuse the whole batch again at every
     * retry: the writer would stall behind it for good and every later record would be dropped. A
     * caller's requestId (its MDC) or the topic of a refused send can hold one.
     */
    @Test
    public void aNulCharacterInARecordIsWrittenAsAReplacementCharacterAndBlocksNothing() throws Exception {
        audit = start("nul_audit", 100, 10, database("nul"));
        audit.offer(new AuditRecord(Instant.now(), "req\u0000uest", "nul", "send", "bad\u0000topic", null, AuditRecord.ERROR,
                "java.lang.IllegalArgumentException", 1));
        audit.offer(new AuditRecord(Instant.now(), "after", "nul", "send", "T", null, AuditRecord.OK, null, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> audit.counts("nul").written() == 2);
        List<AuditRecord> replaced = audit.newest(AuditQuery.newest(10).requestId("req\uFFFDuest"));
        assertEquals(1, replaced.size());
        assertEquals("bad\uFFFDtopic", replaced.get(0).target());
    }

    /** The console's audit view: filters by operation, outcome and time range, and pages. */
    @Test
    public void rowsFilterByOperationOutcomeAndTimeRangeAndComeInPages() throws Exception {
        audit = start("filter_audit", 100, 10, database("filter"));
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        for (int i = 0; i < 10; i++) {
            audit.offer(new AuditRecord(t0.plusSeconds(i), "r" + i, "filtered", i % 2 == 0 ? "send" : "sendAsync",
                    "T", null, i % 3 == 0 ? AuditRecord.ERROR : AuditRecord.OK, null, 1));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> audit.counts("filtered").written() == 10);
        AuditQuery all = AuditQuery.newest(100).adapter("filtered");
        assertEquals(List.of("r8", "r6", "r4", "r2", "r0"), ids(all.operation("send")));
        assertEquals(List.of("r9", "r6", "r3", "r0"), ids(all.outcome(AuditRecord.ERROR)));
        assertEquals(List.of("r8", "r7", "r5", "r4", "r2", "r1"), ids(all.outcome(AuditRecord.OK)));
        assertEquals("since inclusive, until exclusive", List.of("r4", "r3", "r2"),
                ids(all.since(t0.plusSeconds(2)).until(t0.plusSeconds(5))));
        assertEquals(List.of("r9", "r8", "r7"), ids(AuditQuery.newest(3).adapter("filtered")));
        assertEquals(List.of("r6", "r5", "r4"), ids(AuditQuery.newest(3).adapter("filtered").offset(3)));
        assertEquals(List.of(), ids(AuditQuery.newest(3).adapter("filtered").offset(10)));
    }

    private List<String> ids(AuditQuery query) {
        return audit.newest(query).stream().map(AuditRecord::requestId).toList();
    }

    @Test
    public void aQueryWithAnUnknownOutcomeOrAnEmptyTimeRangeIsRefusedByName() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> AuditQuery.newest(1).outcome("FAILED"))
                .getMessage(), containsString("outcome must be OK or ERROR: FAILED"));
        Instant now = Instant.now();
        assertThat(assertThrows(IllegalArgumentException.class, () -> AuditQuery.newest(1).since(now).until(now))
                .getMessage(), containsString("must be before until"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> AuditQuery.newest(1).offset(-1)).getMessage(),
                containsString("offset must not be negative: -1"));
    }

    @Test
    public void aTableNameThatIsNotAnIdentifierIsRefusedByName() {
        AuditLog refused = new AuditLog();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> refused.start("audit; DROP TABLE x", 10, 10));
        assertThat(e.getMessage(), containsString("table must be [schema.]name"));
        assertThat(e.getMessage(), containsString("'audit; DROP TABLE x'"));
    }

    @Test
    public void aQueryLimitOutOfRangeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuditQuery.newest(0));
        assertThat(e.getMessage(), containsString("limit must be in [1, 10000]: 0"));
    }

    private static AdapterSettings settings(EmbeddedRocketmq broker, String id, boolean audited) {
        return AdapterSettings.from(Map.of("id", id, "namesrvAddr", broker.namesrvAddr(), "audit.enabled", String.valueOf(audited)));
    }

    private static AuditLog start(String table, int queueSize, int batchSize, DataSource dataSource) {
        AuditLog log = new AuditLog();
        if (dataSource != null) {
            log.setDataSource(dataSource);
        }
        log.start(table, queueSize, batchSize);
        return log;
    }

    /** A fresh, empty database of the kind this run tests (on PostgreSQL, a fresh schema). */
    private DataSource database(String name) throws Exception {
        if (database == Database.PostgreSQL) {
            return postgres.newSchema(name + "_" + schemas.incrementAndGet());
        }
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + folder.getRoot().toPath().resolve(name));
        return h2;
    }

    /** A DataSource whose getConnection waits until {@code open} is counted down. */
    private static DataSource blockingUntil(CountDownLatch open, DataSource real) {
        return (DataSource) Proxy.newProxyInstance(AuditLogTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        open.await(30, TimeUnit.SECONDS);
                    }
                    return method.invoke(real, args);
                });
    }
}
