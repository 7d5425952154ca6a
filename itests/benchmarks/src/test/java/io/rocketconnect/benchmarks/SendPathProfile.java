package io.rocketconnect.benchmarks;

import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.junit.BeforeClass;
import org.junit.Test;

import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.adapter.Adapter;
import io.rocketconnect.impl.call.RequestIdScope;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.EmbeddedRocketmq;
import one.profiler.AsyncProfiler;

/**
 * CPU and allocation flame graphs of the sending thread, one per send path, taken with async-profiler in
 * the benchmark JVM: the raw 4.9.8 producer, the raw producer with the connector's requestId handling,
 * {@code RocketmqAPI.send}, {@code doProduce}, and async sends of raw and ours. Only the sending thread is
 * sampled (the profiler's thread filter), so the broker, which shares the JVM, does not blur them.
 * <p>
 * Not part of any build; run it alone:
 * {@code mvn -B verify -pl itests/benchmarks -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=SendPathProfile -Dprofile.label=before "-Dtest.client.logging=-Drocketmq.client.logUseSlf4j=true
 * -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints"}. The graphs go to
 * {@code docs/profiles/<label>/}, the collapsed stacks (for counting frames) to {@code target/profiles/}.
 * The sending thread's CPU per message during each profiled run is printed beside.
 */
public class SendPathProfile {

    private static final int WARM_UP = Integer.getInteger("profile.warmup", 5000);
    private static final int SENDS = Integer.getInteger("profile.sends", 60000);
    private static final int IN_FLIGHT = 64;
    private static final String INTERVAL = System.getProperty("profile.interval", "200us");
    /** The same body as ComparisonBenchmark's, so the graphs and the table describe the same sends. */
    private static final byte[] BODY = Variants.BODY;
    private static final String TOPIC = "SendPathProfile";

    private static EmbeddedRocketmq broker;
    private static Variants make;
    private static AsyncProfiler profiler;

    @BeforeClass
    public static void start() throws Exception {
        broker = EmbeddedRocketmq.shared();
        broker.createTopic(TOPIC, 4);
        make = new Variants(broker.namesrvAddr(), null); // raw producers only; no alternatives
        profiler = AsyncProfiler.getInstance();
    }

    private interface Send {
        void run() throws Exception;
    }

    private interface AsyncSend {
        CompletableFuture<?> run() throws Exception;
    }

    @Test
    public void sendPaths() throws Exception {
        DefaultMQProducer raw = make.newRawProducer("profile-raw");
        DefaultMQProducer rawMdc = make.newRawProducer("profile-raw-mdc");
        DefaultMQProducer rawAsync = make.newRawProducer("profile-raw-async");
        Adapter adapter = new Adapter(AdapterSettings.from(Map.of("id", "profile", "namesrvAddr", broker.namesrvAddr())));
        Adapter doProduceAdapter = new Adapter(AdapterSettings.from(Map.of("id", "profile-do", "namesrvAddr", broker.namesrvAddr())));
        Map<String, String> cpu = new LinkedHashMap<>();
        try {
            cpu.put("raw-send", sync("raw-send", () -> raw.send(new Message(TOPIC, "bench", BODY))));
            cpu.put("raw-mdc-send", sync("raw-mdc-send", () -> {
                try (RequestIdScope id = RequestIdScope.enter()) {
                    Message message = new Message(TOPIC, "bench", BODY);
                    RequestIdScope.stamp(message);
                    rawMdc.send(message);
                }
            }));
            cpu.put("api-send", sync("api-send", () -> adapter.send(RocketmqMessage.to(TOPIC).tags("bench").body(BODY).build())));
            cpu.put("api-doProduce", sync("api-doProduce", () -> doProduceAdapter.doProduce("profile-do-produce",
                    producer -> producer.send(new Message(TOPIC, "bench", BODY)))));
            cpu.put("raw-sendAsync", async("raw-sendAsync", () -> {
                CompletableFuture<SendResult> done = new CompletableFuture<>();
                rawAsync.send(new Message(TOPIC, "bench", BODY), new SendCallback() {
                    @Override
                    public void onSuccess(SendResult result) {
                        done.complete(result);
                    }

                    @Override
                    public void onException(Throwable e) {
                        done.completeExceptionally(e);
                    }
                });
                return done;
            }));
            cpu.put("api-sendAsync", async("api-sendAsync",
                    () -> adapter.sendAsync(RocketmqMessage.to(TOPIC).tags("bench").body(BODY).build()).toCompletableFuture()));
        } finally {
            adapter.close();
            doProduceAdapter.close();
            raw.shutdown();
            rawMdc.shutdown();
            rawAsync.shutdown();
        }
        System.out.println("\nSending thread's CPU per message while profiled (µs):");
        cpu.forEach((name, figure) -> System.out.println("  " + name + ": " + figure));
    }

    private static String sync(String name, Send send) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            send.run();
        }
        return profiled(name, () -> {
            for (int i = 0; i < SENDS; i++) {
                send.run();
            }
        });
    }

    private static String async(String name, AsyncSend send) throws Exception {
        Send all = () -> {
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            CompletableFuture<?>[] answers = new CompletableFuture<?>[SENDS];
            for (int i = 0; i < SENDS; i++) {
                inFlight.acquire();
                answers[i] = send.run().whenComplete((result, error) -> inFlight.release());
            }
            CompletableFuture.allOf(answers).get(60, TimeUnit.SECONDS);
        };
        all.run();
        return profiled(name, all);
    }

    /** Runs {@code work} once for its CPU figure, then under the profiler twice: sampling CPU, then allocations. */
    private static String profiled(String name, Send work) throws Exception {
        Path graphs = Path.of(System.getProperty("benchmark.docs")).getParent().resolve("profiles").resolve(System.getProperty("profile.label", "now"));
        Path collapsed = Path.of(System.getProperty("benchmark.directory"), "profiles", System.getProperty("profile.label", "now"));
        Files.createDirectories(graphs);
        Files.createDirectories(collapsed);
        long cpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        work.run();
        long unprofiled = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBefore;
        String profiledFigure = null;
        for (String mode : new String[] {"cpu", "alloc"}) {
            // cstack=vm: the JVM's own frames without DWARF unwinding, which cost tens of µs a sample here.
            // The profiler samples every thread; the output keeps this sending thread's stacks only.
            String event = mode.equals("cpu") ? "event=cpu,interval=" + INTERVAL + ",cstack=vm" : "event=alloc,alloc=4k";
            profiler.execute("start," + event + ",threads");
            cpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            work.run();
            long cpuUsed = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBefore;
            String stem = name + "-" + mode;
            String output = ",include=*SendPathProfile.*" + (mode.equals("alloc") ? ",total" : "");
            profiler.execute("stop,title=" + stem + output + ",file=" + graphs.resolve(stem + ".html"));
            profiler.execute("collapsed" + output + ",file=" + collapsed.resolve(stem + ".collapsed"));
            if (mode.equals("cpu")) {
                profiledFigure = String.format(Locale.ROOT, "%.1f unprofiled, %.1f profiled", unprofiled / 1000.0 / SENDS,
                        cpuUsed / 1000.0 / SENDS);
            }
        }
        assertTrue(name + " was profiled", profiledFigure != null);
        return profiledFigure;
    }
}
