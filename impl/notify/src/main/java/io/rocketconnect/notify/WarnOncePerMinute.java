package io.rocketconnect.notify;

import java.util.concurrent.atomic.AtomicLong;

/** Lets a warning through at most once a minute; the ones held back are counted and said with the next. */
final class WarnOncePerMinute {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final AtomicLong last = new AtomicLong(System.nanoTime() - MINUTE_NANOS);
    private final AtomicLong held = new AtomicLong();

    /** -1 if this warning is held back, else how many were held back since the last one let through. */
    long admit() {
        long now = System.nanoTime();
        long previous = last.get();
        if (now - previous >= MINUTE_NANOS && last.compareAndSet(previous, now)) {
            return held.getAndSet(0);
        }
        held.incrementAndGet();
        return -1;
    }
}
