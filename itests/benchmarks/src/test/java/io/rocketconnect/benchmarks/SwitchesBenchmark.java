package io.rocketconnect.benchmarks;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.slf4j.LoggerFactory;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.adapter.Adapter;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.impl.monitoring.AuditLog;
import io.rocketconnect.impl.monitoring.FileLog;
import io.rocketconnect.impl.telemetry.OpenTelemetrySource;
import io.rocketconnect.testbroker.EmbeddedRocketmq;

/**
 * Sync send throughput of an adapter with sla.enabled, filelog.enabled and audit.enabled all on,
 * against the same adapter with all switches off, and both against a raw DefaultMQProducer; and the
 * price of tracing.enabled and metrics.enabled each, through the real OpenTelemetry SDK (sampler
 * always on, spans batched to an exporter that drops them; metrics kept for a reader): one thread,
 * one embedded broker, one JVM. Within each round the variants take turns of 10 sends, in an order
 * shuffled for every cycle of turns (seed printed; -Dbenchmark.seed repeats it). A variant's ratio to
 * off in a round is the median over cycles of off's turn time over its own in the same cycle, so a
 * GC pause or broker flush that falls on one turn moves one pair, not the figure; the reported ratio
 * is the median over rounds. Beside it: throughput, the sending thread's CPU per message
 * (ThreadMXBean), which the broker's pace does not blur, and the audit rows dropped, since a dropped
 * row makes a send cheaper. The file log goes to
 * a rolling file (20 MB x 20, as the distribution ships it), the audit log to an H2 file database.
 * <p>
 * A measurement, not a timed test: it runs in the default build and prints the figures and whether the
 * targets (all three on at least 0.95x of off, tracing at least 0.90x, metrics at least 0.95x) were met. It fails if a variant did not run, or if a call
 * of the all-on adapter is neither in the audit table nor counted as dropped; it fails on a missed
 * target only with -Dbenchmark.enforce=true, as one run's ratio on a shared machine is partly noise.
 * Alone:
 * {@code mvn -B verify -pl itests/benchmarks -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 * <p>
 * In package io.rocketconnect.impl to build adapters as AdapterComponent does, without OSGi.
 * Rounds, sends per variant and round, sends per turn: -Dbenchmark.rounds (7), -Dbenchmark.sends (2000),
 * -Dbenchmark.turn (10).
 */
public class SwitchesBenchmark {

    private static final String TOPIC = "SwitchesBenchmark";
    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 7);
    private static final int SENDS = Integer.getInteger("benchmark.sends", 2000);
    private static final int BATCH = Integer.getInteger("benchmark.turn", 10);
    private static final byte[] BODY = "{\"orderId\":42,\"amount\":\"19.99\",\"currency\":\"EUR\"}".getBytes(StandardCharsets.UTF_8);

    private static EmbeddedRocketmq broker;
    private static AuditLog audit;
    private static RollingFileAppender<ILoggingEvent> requestLog;
    private static OpenTelemetrySdk sdk;

    @BeforeClass
    public static void start() throws java.io.IOException {
        broker = EmbeddedRocketmq.shared();
        broker.createTopic(TOPIC, 4);
        Path directory = Path.of(System.getProperty("benchmark.directory", "target"));
        requestLog = rollingRequestLog(directory.resolve("rocketconnect-requests.log"));
        // A fresh database each run: rows left by earlier runs would make the writer slower run by run.
        for (String suffix : List.of(".mv.db", ".trace.db")) {
            java.nio.file.Files.deleteIfExists(directory.resolve("benchmark-audit" + suffix));
        }
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + directory.resolve("benchmark-audit").toAbsolutePath());
        audit = new AuditLog();
        audit.setDataSource(h2);
        audit.start("rocketconnect_audit", 10_000, 500);
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
                        .addSpanProcessor(BatchSpanProcessor.builder(new DroppingSpanExporter()).build()).build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }

    /** Takes every batch and keeps nothing: the SDK's work is measured, not a collector's. */
    private static final class DroppingSpanExporter implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    @AfterClass
    public static void stop() throws InterruptedException {
        audit.deactivate();
        requestLog.stop();
        sdk.close();
    }

    @Test
    public void syncSendThroughputWithEachSwitchAndAllThreeAgainstSwitchesOffAndRaw() throws Exception {
        DefaultMQProducer raw = new DefaultMQProducer("benchmark-raw");
        raw.setNamesrvAddr(broker.namesrvAddr());
        raw.setInstanceName("benchmark-raw");
        raw.start();
        try (Adapter off = adapter("switches-off", false, false, false);
                Adapter sla = adapter("sla-only", true, false, false);
                Adapter fileLog = adapter("filelog-only", false, true, false);
                Adapter audited = adapter("audit-only", false, false, true);
                Adapter traced = telemetry("tracing-only", "tracing.enabled");
                Adapter measured = telemetry("metrics-only", "metrics.enabled");
                Adapter on = adapter("switches-on", true, true, true)) {
            List<String> names = List.of("raw DefaultMQProducer", "adapter, switches off", "adapter, sla.enabled",
                    "adapter, filelog.enabled", "adapter, audit.enabled", "adapter, tracing.enabled", "adapter, metrics.enabled",
                    "adapter, all three on");
            List<ThrowingRunnable> variants = List.of(
                    () -> raw.send(new Message(TOPIC, "bench", BODY)),
                    sender(off), sender(sla), sender(fileLog), sender(audited), sender(traced), sender(measured), sender(on));
            int count = variants.size();
            for (ThrowingRunnable variant : variants) {
                run(variant, SENDS); // warm-up: clients started, routes known, JIT done
            }
            List<List<Double>> rates = new ArrayList<>();
            List<List<Double>> toOff = new ArrayList<>();
            List<List<Double>> cpuMicros = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                rates.add(new ArrayList<>());
                toOff.add(new ArrayList<>());
                cpuMicros.add(new ArrayList<>());
            }
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long seed = Long.getLong("benchmark.seed", System.nanoTime());
            Random shuffle = new Random(seed);
            List<Integer> turns = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                turns.add(i);
            }
            int cycles = SENDS / BATCH;
            for (int round = 0; round < ROUNDS; round++) {
                // Within a round the variants take turns every BATCH sends, in an order shuffled for
                // every cycle, so no variant always follows the same one and a slow spell of the machine
                // falls on each of them alike.
                long[][] batchNanos = new long[count][cycles];
                long[] cpu = new long[count];
                for (int cycle = 0; cycle < cycles; cycle++) {
                    Collections.shuffle(turns, shuffle);
                    for (int variant : turns) {
                        long cpuStarted = threads.getCurrentThreadCpuTime();
                        long started = System.nanoTime();
                        for (int n = 0; n < BATCH; n++) {
                            variants.get(variant).run();
                        }
                        batchNanos[variant][cycle] = System.nanoTime() - started;
                        cpu[variant] += threads.getCurrentThreadCpuTime() - cpuStarted;
                    }
                }
                for (int i = 0; i < count; i++) {
                    rates.get(i).add(SENDS / (LongStream.of(batchNanos[i]).sum() / 1e9));
                    toOff.get(i).add(Figures.pairedRatio(batchNanos[1], batchNanos[i]));
                    cpuMicros.get(i).add(cpu[i] / 1000.0 / SENDS);
                }
            }
            // A dropped audit row makes a send cheaper, so drops are counted and printed beside the ratio.
            long auditedSends = SENDS + (long) ROUNDS * cycles * BATCH;
            Map<String, String> auditedIds = Map.of("adapter, audit.enabled", "audit-only", "adapter, all three on", "switches-on");
            for (String id : auditedIds.values()) {
                await("each send of " + id + " written to the audit table or counted as dropped").atMost(Duration.ofSeconds(30))
                        .until(() -> audit.counts(id), c -> c.written() + c.dropped() == auditedSends);
            }
            double rawMedian = Figures.median(rates.get(0));
            System.out.printf(Locale.ROOT, "%nSync send, 1 thread, %d rounds x %d sends, %d-byte body, %d cores, order seed %d%n", ROUNDS,
                    SENDS, BODY.length, Runtime.getRuntime().availableProcessors(), seed);
            System.out.printf(Locale.ROOT, "  %-26s %10s %8s %27s %22s %s%n", "variant", "msgs/s", "/ raw", "/ off per round: med (min-max)",
                    "caller CPU µs/msg", "audit rows dropped");
            double offCpu = Figures.median(cpuMicros.get(1));
            for (int i = 0; i < count; i++) {
                double median = Figures.median(rates.get(i));
                double cpuMedian = Figures.median(cpuMicros.get(i));
                String id = auditedIds.get(names.get(i));
                String dropped = id == null ? "-" : audit.counts(id).dropped() + " of " + auditedSends;
                System.out.printf(Locale.ROOT, "  %-26s %10.0f %8.3f %12.3f (%.3f-%.3f) %8.1f (%.2fx off) %s%n", names.get(i), median,
                        median / rawMedian, Figures.median(toOff.get(i)), Collections.min(toOff.get(i)), Collections.max(toOff.get(i)),
                        cpuMedian, cpuMedian / offCpu, dropped);
            }
            System.out.println();
            double ratio = Figures.median(toOff.get(count - 1));
            double tracing = Figures.median(toOff.get(names.indexOf("adapter, tracing.enabled")));
            double metrics = Figures.median(toOff.get(names.indexOf("adapter, metrics.enabled")));
            System.out.printf(Locale.ROOT, "  target: all three on >= 0.95 x off: %s (%.3f)%n", ratio >= 0.95 ? "MET" : "MISSED", ratio);
            System.out.printf(Locale.ROOT, "  target: tracing.enabled >= 0.90 x off: %s (%.3f)%n", tracing >= 0.90 ? "MET" : "MISSED",
                    tracing);
            System.out.printf(Locale.ROOT, "  target: metrics.enabled >= 0.95 x off: %s (%.3f)%n%n", metrics >= 0.95 ? "MET" : "MISSED",
                    metrics);
            assertTrue("every variant ran", rates.stream().allMatch(r -> r.size() == ROUNDS && r.stream().allMatch(x -> x > 0)));
            if (Boolean.getBoolean("benchmark.enforce")) {
                assertTrue(String.format(Locale.ROOT, "all three on at %.3f x off, target 0.95", ratio), ratio >= 0.95);
                assertTrue(String.format(Locale.ROOT, "tracing at %.3f x off, target 0.90", tracing), tracing >= 0.90);
                assertTrue(String.format(Locale.ROOT, "metrics at %.3f x off, target 0.95", metrics), metrics >= 0.95);
            }
        } finally {
            raw.shutdown();
        }
    }

    private static ThrowingRunnable sender(Adapter adapter) {
        return () -> adapter.send(RocketmqMessage.to(TOPIC).tags("bench").body(BODY).build());
    }

    /** Messages per second over {@code sends} sends. */
    private static double run(ThrowingRunnable send, int sends) throws Exception {
        long started = System.nanoTime();
        for (int i = 0; i < sends; i++) {
            send.run();
        }
        return sends / ((System.nanoTime() - started) / 1e9);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** The three switches as given, tracing and metrics off. */
    private static Adapter adapter(String id, boolean sla, boolean fileLog, boolean audited) {
        return new Adapter(AdapterSettings.from(Map.of("id", id, "namesrvAddr", broker.namesrvAddr(),
                "sla.enabled", String.valueOf(sla), "filelog.enabled", String.valueOf(fileLog),
                "audit.enabled", String.valueOf(audited), "metrics.enabled", "false")), audit);
    }

    /** Every switch off but {@code key} (tracing.enabled or metrics.enabled), through the SDK. */
    private static Adapter telemetry(String id, String key) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of("id", id, "namesrvAddr", broker.namesrvAddr(),
                "sla.enabled", "false", "metrics.enabled", "false"));
        config.put(key, "true");
        return new Adapter(AdapterSettings.from(config), audit, OpenTelemetrySource.of(sdk));
    }

    /** The distribution's request log, in logback: its own rolling file, 20 MB x 20, not additive. */
    private static RollingFileAppender<ILoggingEvent> rollingRequestLog(Path file) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{ISO8601} | %X{requestId} | %m%n");
        encoder.start();
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setFile(file.toString());
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(20);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf("20MB"));
        trigger.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(encoder);
        appender.start();
        Logger requests = context.getLogger(FileLog.LOGGER);
        requests.setLevel(Level.INFO);
        requests.setAdditive(false);
        requests.addAppender(appender);
        return appender;
    }
}
