package io.rocketconnect.impl.call;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import io.rocketconnect.api.RocketmqMessage;

/**
 * One call as the request file log shows it: adapter, operation, the request (a message with its body
 * up to the adapter's {@code filelog.bodyLimit}, else a description) and the result or failure. Made on
 * the file log's own thread, never on the caller's.
 */
final class RequestLogLine {

    private RequestLogLine() {
    }

    static String format(String adapterId, String operation, Object request, Object outcome, boolean failed, long nanos,
            int bodyLimit) {
        String shown = request instanceof RocketmqMessage message ? message + " body=" + preview(message.body(), bodyLimit)
                : String.valueOf(request);
        String result = failed ? "ERROR " + (outcome instanceof Throwable failure ? FailureHints.describe(failure) : "")
                : String.valueOf(outcome);
        return "adapter=" + adapterId + " operation=" + operation + " request=[" + shown + "] result=[" + result
                + "] micros=" + nanos / 1000;
    }

    /** Up to {@code limit} bytes of the body: as text when they are UTF-8, else as hex. */
    static String preview(byte[] body, int limit) {
        int shown = Math.min(body.length, limit);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body, 0, shown)).toString();
        } catch (CharacterCodingException notText) {
            StringBuilder hex = new StringBuilder("0x");
            for (int i = 0; i < shown; i++) {
                hex.append(Character.forDigit((body[i] >> 4) & 0xF, 16)).append(Character.forDigit(body[i] & 0xF, 16));
            }
            text = hex.toString();
        }
        return shown < body.length ? text + "...(+" + (body.length - shown) + " bytes)" : text;
    }
}
