package io.rocketconnect.api;

/**
 * Where one message stands with one consumer group of its topic, as RocketMQ's message track tells it
 * ({@link RocketmqAdmin#track}).
 *
 * @param consumerGroup a group that subscribes to the message's topic
 * @param state where the message stands with it
 * @param detail why, in words (the group's offset on the message's queue, its subscription, ...)
 * @since 1.6
 */
public record MessageTrack(String consumerGroup, State state, String detail) {

    public enum State {
        /** The group's offset on the message's queue is past the message. */
        CONSUMED,
        /** The group's subscription leaves the message's tag out: it will never get it. */
        FILTERED,
        /** The group's offset has not reached the message yet. */
        NOT_CONSUMED_YET,
        /** The broker cannot say: a broadcasting group keeps offsets on its instances; a group with no offsets. */
        UNKNOWN
    }
}
