package io.rocketconnect.impl.monitoring;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.rocketconnect.api.RocketmqAPI;

/**
 * The request file log of adapters with {@code filelog.enabled}: one line per call on the logger
 * {@value #LOGGER}. The distribution's etc/org.ops4j.pax.logging.cfg routes that logger to its own
 * rolling file (appender RocketConnectRequests: 20 MB x 20 files), where operators change size and
 * count; the README gives those lines for other Karafs.
 * <p>
 * A call only queues its line, unformatted: one {@link BackgroundWriter} thread ({@value #THREAD})
 * formats and writes the lines of every adapter, with the call's requestId in the MDC. The thread runs
 * while at least one adapter has the file log on.
 */
public final class FileLog implements AutoCloseable {

    public static final String LOGGER = "io.rocketconnect.requests";
    public static final String THREAD = "rocketconnect-request-log";
    private static final Logger REQUESTS = LoggerFactory.getLogger(LOGGER);
    private static final int QUEUE_SIZE = 10_000;
    private static final int BATCH_SIZE = 1000;
    private static final long PAUSE_MILLIS = 20;

    private static final Object LOCK = new Object();
    /** Guarded by LOCK: the writer and how many open FileLogs use it. */
    private static BackgroundWriter<Line> writer;
    private static int users;

    private final BackgroundWriter<Line> lines;
    private final AtomicBoolean closed = new AtomicBoolean();

    public FileLog() {
        synchronized (LOCK) {
            if (writer == null) {
                writer = new BackgroundWriter<>("Request file log", THREAD, QUEUE_SIZE, BATCH_SIZE, PAUSE_MILLIS, PAUSE_MILLIS,
                        FileLog::write);
            }
            users++;
            this.lines = writer;
        }
    }

    /** Queues one line, written later as {@code text.get()} under {@code requestId}. */
    public void log(String requestId, Supplier<String> text) {
        lines.offer(new Line(requestId, text));
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (LOCK) {
            if (--users == 0) {
                writer.stop(TimeUnit.SECONDS.toMillis(10));
                writer = null;
            }
        }
    }

    private static boolean write(java.util.List<Line> batch) {
        for (Line line : batch) {
            try {
                if (line.requestId() != null) {
                    MDC.put(RocketmqAPI.REQUEST_ID, line.requestId());
                }
                REQUESTS.info(line.text().get());
            } finally {
                MDC.remove(RocketmqAPI.REQUEST_ID);
            }
        }
        return true;
    }

    private record Line(String requestId, Supplier<String> text) {
    }
}
