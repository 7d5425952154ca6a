package io.rocketconnect.webconsole.api;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.rocketconnect.api.DeadLetter;
import io.rocketconnect.api.MessageTrack;
import io.rocketconnect.api.OffsetReset;

/**
 * The operator actions of {@link io.rocketconnect.api.RocketmqAdmin} for the console: dead letters and their
 * resend, offset reset previews and resets, message track. The shell's rocketmq:dlq, dlq-resend,
 * reset-offset and track call the same methods.
 */
final class OperatorResource {

    private final AdapterResource adapters;

    OperatorResource(AdapterResource adapters) {
        this.adapters = adapters;
    }

    List<DeadLetter> deadLetters(String id, String group, int max) {
        return adapters.up(id).admin().deadLetters(ApiRequest.required(group, "group"), max);
    }

    /** Body {@code {"group": "...", "msgIds": ["...", ...]}}: exactly those dead letters, as the page confirmed them. */
    List<DeadLetter> resend(String id, Map<String, Object> body) {
        String group = ApiRequest.required(ApiRequest.text(body, "group"), "group");
        Object ids = body.get("msgIds");
        if (!(ids instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(String.class::isInstance)) {
            throw ApiException.badRequest("msgIds must be a non-empty list of message ids");
        }
        return adapters.up(id).admin().resendDeadLetters(group, list.stream().map(String.class::cast).toList());
    }

    OffsetReset preview(String id, String group, String topic, String to) {
        return adapters.up(id).admin().previewOffsetReset(ApiRequest.required(group, "group"), ApiRequest.required(topic, "topic"), target(to));
    }

    /** Body {@code {"group": "...", "topic": "...", "to": "earliest | latest | time"}}. */
    OffsetReset reset(String id, Map<String, Object> body) {
        return adapters.up(id).admin().resetOffsets(ApiRequest.required(ApiRequest.text(body, "group"), "group"),
                ApiRequest.required(ApiRequest.text(body, "topic"), "topic"), target(ApiRequest.text(body, "to")));
    }

    List<MessageTrack> track(String id, String topic, String msgId) {
        return adapters.up(id).admin().track(ApiRequest.required(topic, "topic"), ApiRequest.required(msgId, "msgId"));
    }

    /** A time without a zone is UTC here: the browser's zone is not the server's, so the page sends UTC. */
    private static OffsetReset.Target target(String to) {
        try {
            return OffsetReset.Target.parse(ApiRequest.required(to, "to"), ZoneOffset.UTC);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("to " + e.getMessage());
        }
    }
}
