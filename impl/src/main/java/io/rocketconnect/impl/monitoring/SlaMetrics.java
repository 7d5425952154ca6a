package io.rocketconnect.impl.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import io.rocketconnect.api.OperationHistory;
import io.rocketconnect.api.OperationStats;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.OperationStats.Figures;

/**
 * Calls, errors and latency per operation of one adapter, since start and over the last minute.
 * Latencies go into HdrHistogram's ConcurrentHistogram (microseconds, 2 significant digits), which
 * records without locks. The minute is six 10-second slots, replaced as time moves on when a call is
 * recorded: no thread of ours keeps it. A replaced slot's figures are kept for the figures since start.
 * <p>
 * The history per minute comes from the same slots: six slots make a wall-clock minute, and before the
 * first slot of a finished minute is replaced, the minute's figures are folded into a point. Points of
 * at most {@link RocketmqAPI#HISTORY_MINUTES} minutes are kept per operation; the minutes whose slots
 * are all still live are computed when read.
 */
public final class SlaMetrics {

    public static final SlaMetrics DISABLED = new SlaMetrics(System::currentTimeMillis, false);

    private static final long SLOT_MILLIS = 10_000;
    private static final int SLOTS = 6;
    private static final long MINUTE_MILLIS = SLOT_MILLIS * SLOTS;
    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final LongSupplier clock;
    private final boolean enabled;
    private final ConcurrentMap<String, Operation> operations = new ConcurrentHashMap<>();

    SlaMetrics(LongSupplier clock, boolean enabled) {
        this.clock = clock;
        this.enabled = enabled;
    }

    public static SlaMetrics enabled() {
        return new SlaMetrics(System::currentTimeMillis, true);
    }

    public void record(String operation, long nanos, boolean failed) {
        if (!enabled) {
            return;
        }
        operations.computeIfAbsent(operation, Operation::new).record(clock.getAsLong(), nanos, failed);
    }

    /**
     * Calls, errors and latency of one operation, or of all ({@code operation} null), over the last
     * {@code window}: the slot under way plus as many whole 10-second slots before it as the window
     * needs, so the figures never start from nothing at a slot boundary (at most the six kept).
     */
    public Figures window(Duration window, String operation) {
        long current = clock.getAsLong() / SLOT_MILLIS;
        int slots = (int) Math.max(1, Math.min(SLOTS, (window.toMillis() + SLOT_MILLIS - 1) / SLOT_MILLIS + 1));
        Histogram merged = new Histogram(HIGHEST_MICROS, 2);
        long errors = 0;
        for (Operation each : operations.values()) {
            if (operation == null || each.name.equals(operation)) {
                errors += each.addSlots(current - slots + 1, merged);
            }
        }
        return Operation.figures(merged, errors);
    }

    /** Per operation, sorted by operation: the points of the last hour and of the minute under way. */
    public List<OperationHistory> history() {
        long nowMinute = clock.getAsLong() / MINUTE_MILLIS;
        List<OperationHistory> history = new ArrayList<>();
        operations.values().forEach(operation -> history.add(operation.history(nowMinute)));
        history.sort((a, b) -> a.operation().compareTo(b.operation()));
        return history;
    }

    public List<OperationStats> snapshot() {
        List<OperationStats> stats = new ArrayList<>();
        long now = clock.getAsLong();
        operations.values().forEach(operation -> stats.add(operation.snapshot(now)));
        stats.sort((a, b) -> a.operation().compareTo(b.operation()));
        return stats;
    }

    private static final class Operation {

        private final String name;
        private final AtomicReferenceArray<Slot> slots = new AtomicReferenceArray<>(SLOTS);
        /** The slots that have been replaced: with the live ones, the figures since start. Guarded by this. */
        private final Histogram retired = new Histogram(HIGHEST_MICROS, 2);
        private long retiredErrors;
        /** Finished minutes, oldest first, at most the history's length. Guarded by this. */
        private final Deque<OperationHistory.Minute> minutes = new ArrayDeque<>();
        /** The newest minute folded into {@link #minutes}. Guarded by this. */
        private long foldedUpTo = Long.MIN_VALUE;

        Operation(String name) {
            this.name = name;
        }

        /**
         * One histogram write per call: the figures since start are the replaced slots plus the live
         * ones, so no second histogram (whose shared counters every sending thread would touch) is kept.
         */
        void record(long nowMillis, long nanos, boolean failed) {
            long micros = Math.min(HIGHEST_MICROS, Math.max(1, TimeUnit.NANOSECONDS.toMicros(nanos)));
            slot(nowMillis / SLOT_MILLIS).record(micros, failed);
        }

        /**
         * The slot of this 10-second period. Once per period a caller replaces the slot of the period
         * six before, under the lock that snapshots take, and moves its figures to {@link #retired}.
         */
        private Slot slot(long period) {
            int index = (int) (period % SLOTS);
            Slot slot = slots.get(index);
            if (slot != null && slot.period >= period) {
                return slot; // a caller that stalled past its period lands in the newer slot
            }
            synchronized (this) {
                slot = slots.get(index);
                if (slot == null || slot.period < period) {
                    foldMinutesBefore(period / SLOTS);
                    if (slot != null) {
                        retired.add(slot.latencies);
                        retiredErrors += slot.errors.sum();
                    }
                    slot = new Slot(period);
                    slots.set(index, slot);
                }
                return slot;
            }
        }

        /** Folds every finished minute before {@code minute} whose slots are live into a point. Holds this. */
        private void foldMinutesBefore(long minute) {
            if (foldedUpTo >= minute - 1) {
                return;
            }
            liveMinutes(minute - 1).forEach((start, figures) -> minutes.addLast(figures));
            foldedUpTo = minute - 1;
            while (!minutes.isEmpty() && minutes.peekFirst().start().toEpochMilli() / MINUTE_MILLIS <= minute - 1
                    - RocketmqAPI.HISTORY_MINUTES) {
                minutes.removeFirst();
            }
        }

        /** The minutes after {@link #foldedUpTo} and up to {@code newest} of the live slots, by minute. */
        private Map<Long, OperationHistory.Minute> liveMinutes(long newest) {
            Map<Long, List<Slot>> byMinute = new TreeMap<>();
            for (int i = 0; i < SLOTS; i++) {
                Slot slot = slots.get(i);
                long minute = slot == null ? Long.MIN_VALUE : slot.period / SLOTS;
                if (slot != null && minute > foldedUpTo && minute <= newest) {
                    byMinute.computeIfAbsent(minute, key -> new ArrayList<>()).add(slot);
                }
            }
            Map<Long, OperationHistory.Minute> points = new TreeMap<>();
            byMinute.forEach((minute, slotsOfMinute) -> {
                Histogram merged = new Histogram(HIGHEST_MICROS, 2);
                long errors = 0;
                for (Slot slot : slotsOfMinute) {
                    merged.add(slot.latencies);
                    errors += slot.errors.sum();
                }
                points.put(minute, new OperationHistory.Minute(Instant.ofEpochMilli(minute * MINUTE_MILLIS),
                        merged.getTotalCount(), errors, millis(merged.getValueAtPercentile(50)),
                        millis(merged.getValueAtPercentile(99)), true));
            });
            return points;
        }

        synchronized OperationHistory history(long nowMinute) {
            List<OperationHistory.Minute> points = new ArrayList<>();
            for (OperationHistory.Minute minute : minutes) {
                if (minute.start().toEpochMilli() / MINUTE_MILLIS > nowMinute - 1 - RocketmqAPI.HISTORY_MINUTES) {
                    points.add(minute);
                }
            }
            liveMinutes(nowMinute).forEach((minute, point) -> points.add(minute < nowMinute ? point
                    : new OperationHistory.Minute(point.start(), point.calls(), point.errors(), point.p50Millis(),
                            point.p99Millis(), false)));
            return new OperationHistory(name, points);
        }

        OperationStats snapshot(long nowMillis) {
            Histogram minute = new Histogram(HIGHEST_MICROS, 2);
            long minuteErrors = addSlots(nowMillis / SLOT_MILLIS - SLOTS + 1, minute);
            Histogram sinceStart;
            long sinceStartErrors;
            synchronized (this) {
                sinceStart = retired.copy();
                sinceStartErrors = retiredErrors + addSlots(Long.MIN_VALUE, sinceStart);
            }
            return new OperationStats(name, figures(minute, minuteErrors), figures(sinceStart, sinceStartErrors));
        }

        /** Adds the latencies of the live slots from period {@code oldest} on to {@code into}; returns their errors. */
        long addSlots(long oldest, Histogram into) {
            long errors = 0;
            for (int i = 0; i < SLOTS; i++) {
                Slot slot = slots.get(i);
                if (slot != null && slot.period >= oldest) {
                    into.add(slot.latencies);
                    errors += slot.errors.sum();
                }
            }
            return errors;
        }

        private static Figures figures(Histogram histogram, long errors) {
            return new Figures(histogram.getTotalCount(), errors, millis(histogram.getValueAtPercentile(50)),
                    millis(histogram.getValueAtPercentile(95)), millis(histogram.getValueAtPercentile(99)),
                    millis(histogram.getMaxValue()));
        }

        private static double millis(long micros) {
            return micros / 1000.0;
        }
    }

    private static final class Slot {
        final long period;
        final ConcurrentHistogram latencies = new ConcurrentHistogram(HIGHEST_MICROS, 2);
        final LongAdder errors = new LongAdder();

        Slot(long period) {
            this.period = period;
        }

        void record(long micros, boolean failed) {
            latencies.recordValue(micros);
            if (failed) {
                errors.increment();
            }
        }
    }
}
