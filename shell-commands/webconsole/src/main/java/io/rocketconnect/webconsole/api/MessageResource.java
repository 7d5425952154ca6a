package io.rocketconnect.webconsole.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.slf4j.MDC;

import io.rocketconnect.api.RequestIds;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;

/** Admin actions on messages: send a test message, peek at the newest messages of a topic. */
final class MessageResource {

    /** Body bytes a peek shows per message at most. */
    static final int MAX_BODY_SHOWN = 4096;

    private final AdapterResource adapters;

    MessageResource(AdapterResource adapters) {
        this.adapters = adapters;
    }

    record Sent(String status, String msgId, String requestId, String topic, String broker, int queueId, long offset) {
    }

    /** A message as the peek shows it: its body as text when it is UTF-8, as base64 otherwise. */
    record Peeked(String msgId, String topic, String broker, int queueId, long offset, String tags, String keys,
            Instant storedAt, int reconsumeTimes, Map<String, String> properties, String body, String bodyEncoding,
            int bodyBytes, boolean bodyTruncated) {
    }

    Sent send(String id, Map<String, Object> body) {
        RocketmqAPI api = adapters.up(id);
        String topic = ApiRequest.required(ApiRequest.text(body, "topic"), "topic");
        String text = ApiRequest.text(body, "body");
        RocketmqMessage.Builder builder = RocketmqMessage.to(topic).body(text == null ? "" : text);
        String tags = ApiRequest.text(body, "tags");
        if (tags != null && !tags.isBlank()) {
            builder.tags(tags.trim());
        }
        String keys = ApiRequest.text(body, "keys");
        if (keys != null && !keys.isBlank()) {
            builder.keys(keys.trim().split("\\s*,\\s*"));
        }
        RocketmqMessage message;
        try {
            message = builder.build();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        String requestId = RequestIds.newId();
        MDC.put(RocketmqAPI.REQUEST_ID, requestId);
        try {
            SendReceipt sent = api.send(message);
            return new Sent(sent.status().name(), sent.messageId(), requestId, message.topic(),
                    sent.brokerName(), sent.queueId(), sent.queueOffset());
        } finally {
            MDC.remove(RocketmqAPI.REQUEST_ID);
        }
    }

    List<Peeked> peek(String id, String topic, int max) {
        if (topic == null) {
            throw ApiException.badRequest("topic is missing");
        }
        return adapters.up(id).admin().newest(topic, max).stream().map(MessageResource::peeked).toList();
    }

    private static Peeked peeked(MessageExt message) {
        byte[] bytes = message.getBody() == null ? new byte[0] : message.getBody();
        byte[] shown = Arrays.copyOf(bytes, Math.min(bytes.length, MAX_BODY_SHOWN));
        String body;
        String encoding;
        try {
            body = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(shown)).toString();
            encoding = "utf-8";
        } catch (CharacterCodingException e) {
            body = Base64.getEncoder().encodeToString(shown);
            encoding = "base64";
        }
        Map<String, String> properties = new TreeMap<>(message.getProperties());
        MessageConst.STRING_HASH_SET.forEach(properties::remove);
        return new Peeked(message.getMsgId(), message.getTopic(), message.getBrokerName(), message.getQueueId(),
                message.getQueueOffset(), message.getTags(), message.getKeys(),
                Instant.ofEpochMilli(message.getStoreTimestamp()), message.getReconsumeTimes(), properties, body,
                encoding, bytes.length, bytes.length > shown.length);
    }
}
