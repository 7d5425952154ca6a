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

        @Override
        public String toString() {
            return kind == Kind.TIME ? time.toString() : kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
