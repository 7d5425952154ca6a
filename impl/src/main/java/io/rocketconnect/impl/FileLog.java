package io.rocketconnect.impl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.RocketmqMessage;

/**
 * The request and result of each call, for adapters with {@code filelog.enabled}, on the logger
 * {@value #LOGGER}. The distribution's etc/org.ops4j.pax.logging.cfg routes that logger to its own
 * rolling file (appender RocketConnectRequests: 20 MB x 20 files), where operators change size and
 * count; the README gives those lines for other Karafs.
 */
final class FileLog {

    static final String LOGGER = "io.rocketconnect.requests";
    private static final Logger REQUESTS = LoggerFactory.getLogger(LOGGER);

    private final String adapterId;
    private final int bodyLimit;

    FileLog(String adapterId, int bodyLimit) {
        this.adapterId = adapterId;
        this.bodyLimit = bodyLimit;
    }

    /** One line: adapter, operation, request, outcome, duration (the requestId is in the MDC). */
    void log(String operation, String request, String outcome, long nanos) {
        REQUESTS.info("adapter={} operation={} request=[{}] result=[{}] micros={}", adapterId, operation, request, outcome,
                nanos / 1000);
    }

    /** The message as the request column shows it: its fields and the body up to the limit. */
    String describe(RocketmqMessage message) {
        byte[] body = message.body();
        return message + " body=" + preview(body);
    }

    private String preview(byte[] body) {
        int shown = Math.min(body.length, bodyLimit);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body, 0, shown)).toString();
        } catch (CharacterCodingException notText) {
            StringBuilder hex = new StringBuilder("0x");
            for (int i = 0; i < shown; i++) {
                hex.append(String.format("%02x", body[i]));
            }
            text = hex.toString();
        }
        return shown < body.length ? text + "...(+" + (body.length - shown) + " bytes)" : text;
    }
}
