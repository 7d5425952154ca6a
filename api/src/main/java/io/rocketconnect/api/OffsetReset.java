package io.rocketconnect.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A reset of a consumer group's offsets on one topic, as {@link RocketmqAdmin#previewOffsetReset} shows
 * it or {@link RocketmqAdmin#resetOffsets} made it: per queue the group's offset before and after, and
 * so the messages it will consume again or skip.
 *
 * @param consumerGroup the group
 * @param topic the topic
 * @param to where the offsets go
 * @param online whether the group had consumers connected (the broker then tells them the new offsets)
 * @param queues per queue, sorted by broker and queue id
 * @since 1.6
 */
public record OffsetReset(String consumerGroup, String topic, Target to, boolean online, List<QueueChange> queues) {

    public OffsetReset {
        queues = List.copyOf(queues);
    }

    /** Messages consumed again over all queues. */
    public long replayed() {
        return queues.stream().mapToLong(QueueChange::replayed).sum();
    }

    /** Messages skipped over all queues. */
    public long skipped() {
        return queues.stream().mapToLong(QueueChange::skipped).sum();
    }

    /** One queue: the group's offset before and after. */
    public record QueueChange(String brokerName, int queueId, long oldOffset, long newOffset) {

        /** Messages before the old offset that the group will consume again. */
        public long replayed() {
            return Math.max(0, oldOffset - newOffset);
        }

        /** Messages from the old offset on that the group will not consume. */
        public long skipped() {
            return Math.max(0, newOffset - oldOffset);
        }
    }

    /**
     * Where to move the offsets: to each queue's first stored message, past its last, or to a time (see
     * {@link RocketmqAdmin#resetOffsets} for what a time means to an online group).
     *
     * @param time the time for {@link Kind#TIME}, else null
     */
    public record Target(Kind kind, Instant time) {

        public enum Kind { EARLIEST, LATEST, TIME }

        public static final Target EARLIEST = new Target(Kind.EARLIEST, null);
        public static final Target LATEST = new Target(Kind.LATEST, null);

        public Target {
            Objects.requireNonNull(kind, "kind");
            if ((kind == Kind.TIME) != (time != null)) {
                throw new IllegalArgumentException("a time goes with Kind.TIME and only with it");
            }
        }

        public static Target at(Instant time) {
            return new Target(Kind.TIME, Objects.requireNonNull(time, "time"));
        }

        /**
         * {@code earliest}, {@code latest} or a time as an operator writes it: {@code 2026-11-27T10:00} (in
         * {@code zone}), {@code 2026-11-27T10:00+01:00} or {@code 2026-11-27T09:00:00Z}.
         *
         * @throws IllegalArgumentException naming the value and the forms it may take
         */
        public static Target parse(String value, java.time.ZoneId zone) {
            String given = value == null ? "" : value.trim();
            String lower = given.toLowerCase(java.util.Locale.ROOT);
            if (lower.equals("earliest")) {
                return EARLIEST;
            }
            if (lower.equals("latest")) {
                return LATEST;
            }
            try {
                if (lower.endsWith("z")) {
                    return at(Instant.parse(given.toUpperCase(java.util.Locale.ROOT)));
                }
                if (given.matches(".*T.*[+-]\\d\\d:\\d\\d$")) {
                    return at(java.time.OffsetDateTime.parse(given).toInstant());
                }
                return at(java.time.LocalDateTime.parse(given).atZone(zone).toInstant());
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("'" + value + "' is neither earliest, latest nor a time such as "
                        + "2026-11-27T10:00, 2026-11-27T10:00+01:00 or 2026-11-27T09:00:00Z");
            }
        }

        @Override
        public String toString() {
            return kind == Kind.TIME ? time.toString() : kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
