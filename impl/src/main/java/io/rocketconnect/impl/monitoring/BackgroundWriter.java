package io.rocketconnect.impl.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded queue that callers fill without ever blocking, and one thread of its own that writes it in
 * batches: the request file log and the audit log both write this way, so neither formatting nor I/O is
 * on the send path.
 * <p>
 * The thread takes what has queued up every {@code pauseMillis} rather than waking for each item: a
 * wake-up per call cost the sending threads more than the write itself (docs/decisions.md). When the
 * sink cannot take a batch now (no database), the batch waits and the sink is asked again after
 * {@code retryMillis}. When the queue is full, new items are dropped, counted and warned about once a
 * minute. A sink that throws loses its batch: the items are counted as failed and the failure is
 * logged, at most once a minute.
 */
public final class BackgroundWriter<T> {

    /** Writes one batch; false keeps the batch to try again later. */
    @FunctionalInterface
    public interface Sink<T> {
        boolean write(List<T> batch);
    }

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundWriter.class);

    private final String what;
    private final int batchSize;
    private final long pauseNanos;
    private final long retryMillis;
    private final Sink<T> sink;
    private final BlockingQueue<T> queue;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final OncePerMinute dropWarning = new OncePerMinute();
    private final OncePerMinute failureWarning = new OncePerMinute();
    private final Thread thread;
    private volatile boolean running = true;
    /** What the thread could not write before it stopped. */
    private volatile int leftOver;

    /**
     * Starts the writer thread, named {@code threadName}.
     *
     * @param what names the writer in warnings, e.g. "Audit log"
     */
    public BackgroundWriter(String what, String threadName, int capacity, int batchSize, long pauseMillis, long retryMillis,
            Sink<T> sink) {
        this.what = what;
        this.batchSize = batchSize;
        this.pauseNanos = TimeUnit.MILLISECONDS.toNanos(pauseMillis);
        this.retryMillis = retryMillis;
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::writeUntilStopped, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code item}; false if the queue was full and it was dropped. Never blocks. */
    public boolean offer(T item) {
        if (queue.offer(item)) {
            return true;
        }
        dropped.increment();
        if (dropWarning.due()) {
            LOG.warn("{} cannot keep up: its queue of {} is full and entries are dropped ({} so far)", what,
                    queue.size() + queue.remainingCapacity(), dropped.sum());
        }
        return false;
    }

    /** Items waiting in the queue. */
    public int waiting() {
        return queue.size();
    }

    /** Items dropped because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    /** Items lost because the sink threw on their batch. */
    public long failed() {
        return failed.sum();
    }

    /**
     * Stops taking new work once the queue is written (as far as the sink takes it) and waits up to
     * {@code timeoutMillis} for the thread. Not interrupted: an interrupt inside a JDBC driver (H2's
     * file channel) can break the database.
     *
     * @return the items left unwritten
     */
    public int stop(long timeoutMillis) {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return thread.isAlive() ? queue.size() : leftOver;
    }

    private void writeUntilStopped() {
        List<T> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty() || !batch.isEmpty()) {
            if (batch.isEmpty() && queue.drainTo(batch, batchSize) == 0) {
                LockSupport.parkNanos(pauseNanos);
                continue;
            }
            boolean written;
            try {
                written = sink.write(batch);
            } catch (RuntimeException e) {
                failed.add(batch.size());
                if (failureWarning.due()) {
                    LOG.error("{}: {} entries could not be written ({} lost so far); it goes on", what, batch.size(), failed.sum(), e);
                }
                written = true;
            }
            if (written) {
                batch.clear();
            } else if (!running) {
                leftOver = batch.size() + queue.size();
                return;
            } else {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(retryMillis));
            }
        }
    }
}
