package io.rocketconnect.impl.monitoring;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a warning about something that keeps happening (records dropped, a database that refuses
 * writes) through at most once a minute, from any thread, without a lock.
 */
public final class OncePerMinute {

    private static final long MINUTE_MILLIS = TimeUnit.MINUTES.toMillis(1);

    private final AtomicLong last = new AtomicLong(Long.MIN_VALUE / 2);

    /** True for the first caller in each minute. */
    public boolean due() {
        long now = System.currentTimeMillis();
        long previous = last.get();
        return now - previous >= MINUTE_MILLIS && last.compareAndSet(previous, now);
    }
}
