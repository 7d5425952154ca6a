package io.rocketconnect.impl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.rocketconnect.api.RocketmqMessage;

/**
 * The request and result of each call, for adapters with {@code filelog.enabled}, on the logger
 * {@value #LOGGER}. The distribution's etc/org.ops4j.pax.logging.cfg routes that logger to its own
 * rolling file (appender RocketConnectRequests: 20 MB x 20 files), where operators change size and
 * count; the README gives those lines for other Karafs.
 * <p>
 * A call only queues what it did; one thread ({@value #THREAD}) turns the entries into lines and
 * writes them, so neither the formatting nor the file's I/O is on the send path. The thread runs
 * while at least one adapter has the file log on. When the queue is full, entries are dropped,
 * counted and warned about once a minute.
 */
final class FileLog implements AutoCloseable {

    static final String LOGGER = "io.rocketconnect.requests";
    static final String THREAD = "rocketconnect-request-log";
    private static final Logger REQUESTS = LoggerFactory.getLogger(LOGGER);
    private static final Logger LOG = LoggerFactory.getLogger(FileLog.class);
    private static final int QUEUE_SIZE = 10_000;
    private static final long PAUSE_MILLIS = 20;

    private static final Object LOCK = new Object();
    /** Guarded by LOCK: the writer and how many open FileLogs use it. */
    private static Writer writer;
    private static int users;

    private final String adapterId;
    private final int bodyLimit;
    private final Writer queue;
    private final AtomicBoolean closed = new AtomicBoolean();

    FileLog(String adapterId, int bodyLimit) {
        this.adapterId = adapterId;
        this.bodyLimit = bodyLimit;
        synchronized (LOCK) {
            if (writer == null) {
                writer = new Writer();
            }
            users++;
            this.queue = writer;
        }
    }

    /**
     * Queues one call: {@code request} is the message (shown with its body up to the limit) or a
     * description, {@code outcome} the result or the failure. The requestId is taken from the MDC now.
     */
    void log(String operation, Object request, Object outcome, boolean failed, long nanos) {
        queue.offer(new Entry(MDC.get(RequestIds.KEY), this, operation, request, outcome, failed, nanos));
    }

    /** Entries that could not be queued since the writer started. */
    static long dropped() {
        synchronized (LOCK) {
            return writer == null ? 0 : writer.dropped.sum();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (LOCK) {
            if (--users == 0) {
                writer.stop();
                writer = null;
            }
        }
    }

    private String line(Entry entry) {
        String request = entry.request instanceof RocketmqMessage message ? describe(message) : String.valueOf(entry.request);
        String result = entry.failed
                ? "ERROR " + (entry.outcome instanceof Throwable failure ? Adapter.describe(failure) : "")
                : String.valueOf(entry.outcome);
        return "adapter=" + adapterId + " operation=" + entry.operation + " request=[" + request + "] result=[" + result
                + "] micros=" + entry.nanos / 1000;
    }

    /** The message as the request column shows it: its fields and the body up to the limit. */
    String describe(RocketmqMessage message) {
        byte[] body = message.body();
        return message + " body=" + preview(body);
    }

    private String preview(byte[] body) {
        int shown = Math.min(body.length, bodyLimit);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body, 0, shown)).toString();
        } catch (CharacterCodingException notText) {
            StringBuilder hex = new StringBuilder("0x");
            for (int i = 0; i < shown; i++) {
                hex.append(String.format("%02x", body[i]));
            }
            text = hex.toString();
        }
        return shown < body.length ? text + "...(+" + (body.length - shown) + " bytes)" : text;
    }

    private record Entry(String requestId, FileLog log, String operation, Object request, Object outcome, boolean failed,
            long nanos) {
    }

    /** The queue and the thread that writes it. */
    private static final class Writer {

        private final BlockingQueue<Entry> entries = new ArrayBlockingQueue<>(QUEUE_SIZE);
        private final LongAdder dropped = new LongAdder();
        private final OncePerMinute dropWarning = new OncePerMinute();
        private final Thread thread = new Thread(this::writeUntilStopped, THREAD);
        private volatile boolean running = true;

        Writer() {
            thread.setDaemon(true);
            thread.start();
        }

        void offer(Entry entry) {
            if (entries.offer(entry)) {
                return;
            }
            dropped.increment();
            if (dropWarning.due()) {
                LOG.warn("Request file log cannot keep up: its queue of {} is full and entries are dropped ({} so far)",
                        QUEUE_SIZE, dropped.sum());
            }
        }

        void stop() {
            running = false;
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * Takes what has queued up every {@value #PAUSE_MILLIS} ms rather than waking for each entry:
         * a wake-up per call costs the sending threads more than the line itself.
         */
        private void writeUntilStopped() {
            List<Entry> batch = new ArrayList<>();
            while (running || !entries.isEmpty()) {
                if (entries.drainTo(batch, 1000) == 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PAUSE_MILLIS));
                    continue;
                }
                for (Entry entry : batch) {
                    try {
                        if (entry.requestId() != null) {
                            MDC.put(RequestIds.KEY, entry.requestId());
                        }
                        REQUESTS.info(entry.log().line(entry));
                    } catch (RuntimeException e) {
                        LOG.error("Request file log: an entry could not be written", e);
                    } finally {
                        MDC.remove(RequestIds.KEY);
                    }
                }
                batch.clear();
            }
        }
    }
}
