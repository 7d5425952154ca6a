package io.rocketconnect.impl.monitoring;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.adapter.Adapter;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.EmbeddedRocketmq;

/** What the request file log gets: one line per call with request, result and requestId. */
public class FileLogTest {

    private final Logger requests = (Logger) LoggerFactory.getLogger(FileLog.LOGGER);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @Before
    public void record() {
        requests.setLevel(Level.INFO);
        lines.start();
        requests.addAppender(lines);
    }

    @After
    public void stop() {
        requests.detachAppender(lines);
        MDC.clear();
    }

    private List<ILoggingEvent> recorded() {
        synchronized (lines) {
            return new ArrayList<>(lines.list);
        }
    }

    @Test
    public void eachCallIsOneLineWithTruncatedBodyResultAndRequestId() throws Exception {
        EmbeddedRocketmq broker = EmbeddedRocketmq.shared();
        broker.createTopic("FileLogTopic", 1);
        try (Adapter adapter = new Adapter(AdapterSettings.from(Map.of("id", "logged", "namesrvAddr", broker.namesrvAddr(),
                "filelog.enabled", "true", "filelog.bodyLimit", "5")))) {
            MDC.put("requestId", "file-log-request");
            adapter.send(RocketmqMessage.to("FileLogTopic").tags("t").body("0123456789").build());
            MDC.remove("requestId");
            adapter.sendAsync(RocketmqMessage.to("FileLogTopic").body("async").build()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            try {
                adapter.send(RocketmqMessage.to("bad topic").body("x").build());
            } catch (IllegalArgumentException expected) {
                // logged as an error
            }
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> recorded().size() == 3);
        List<ILoggingEvent> events = recorded();
        ILoggingEvent send = events.get(0);
        assertThat(send.getFormattedMessage(), containsString("adapter=logged operation=send"));
        assertThat(send.getFormattedMessage(), containsString("body=01234...(+5 bytes)"));
        assertThat(send.getFormattedMessage(), containsString("status=SEND_OK"));
        assertEquals("file-log-request", send.getMDCPropertyMap().get("requestId"));
        ILoggingEvent async = events.stream().filter(e -> e.getFormattedMessage().contains("operation=sendAsync")).findFirst().orElseThrow();
        assertTrue("async is logged under its call's requestId", async.getMDCPropertyMap().get("requestId").matches("[0-9a-f]{32}"));
        assertTrue("the writer thread goes with the last adapter that had the file log on",
                Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.isAlive() && t.getName().equals(FileLog.THREAD)));
        // The async send's answer may be queued after the refused send: find the refusal by its request.
        ILoggingEvent refused = events.stream().filter(e -> e.getFormattedMessage().contains("topic=bad topic")).findFirst().orElseThrow();
        assertThat(refused.getFormattedMessage(), containsString("result=[ERROR java.lang.IllegalArgumentException: topic 'bad topic'"));
    }

    @Test
    public void adaptersWithoutTheSwitchWriteNothing() {
        EmbeddedRocketmq broker = EmbeddedRocketmq.shared();
        broker.createTopic("FileLogTopic", 1);
        try (Adapter adapter = new Adapter(AdapterSettings.from(Map.of("id", "quiet", "namesrvAddr", broker.namesrvAddr())))) {
            adapter.send(RocketmqMessage.to("FileLogTopic").body("not logged").build());
        }
        assertEquals(0, recorded().size());
    }
}
