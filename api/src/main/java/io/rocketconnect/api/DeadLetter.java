package io.rocketconnect.api;

import java.time.Instant;
import java.util.List;

/**
 * One message of a consumer group's dead-letter topic ({@code %DLQ%<group>}): a message the group's
 * listener failed on more often than its retries allow, as {@link RocketmqAdmin#deadLetters} lists it.
 *
 * @param msgId the message id (the one its sender got back; a resend keeps it)
 * @param originalTopic the topic it was sent to
 * @param tags its tag, or null
 * @param keys its business keys
 * @param reconsumeTimes how often the group's listener was given it
 * @param bornTime when its sender sent it
 * @param storeTime when the broker stored it in the dead-letter topic
 * @param bodySize its body's length in bytes
 * @param lastFailure the last failure as the client recorded it, or null (the 4.x client records none)
 * @param resentAt when the connector last resent it to {@code originalTopic}, or null if never
 * @since 1.6
 */
public record DeadLetter(String msgId, String originalTopic, String tags, List<String> keys, int reconsumeTimes,
        Instant bornTime, Instant storeTime, int bodySize, String lastFailure, Instant resentAt) {

    /**
     * The user property a resent message carries: the time (ISO-8601) it was resent from the dead-letter
     * topic.
     */
    public static final String RESENT_PROPERTY = "RESENT_FROM_DLQ";

    /** The dead-letter topic of {@code consumerGroup}. */
    public static String topicOf(String consumerGroup) {
        return "%DLQ%" + consumerGroup;
    }

    public DeadLetter {
        keys = List.copyOf(keys);
    }
}
