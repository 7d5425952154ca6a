package io.rocketconnect.api;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes requestIds (see {@link RocketmqAPI#REQUEST_ID}): 128 random bits as 32 lower-case hex digits,
 * the shape of a W3C trace id. The connector makes one for every call whose caller has none in its
 * logging MDC; code that wants to know the id before it calls (a shell command, a process step) makes
 * it here and puts it in the MDC itself.
 */
public final class RequestIds {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private RequestIds() {
    }

    /**
     * A new id. No lock on a shared SecureRandom, and written digit by digit: String.format cost about a
     * microsecond a call, on every send (ComparisonBenchmark).
     */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] digits = new byte[32];
        hex(random.nextLong(), digits, 0);
        hex(random.nextLong(), digits, 16);
        return new String(digits, StandardCharsets.US_ASCII);
    }

    private static void hex(long bits, byte[] into, int at) {
        for (int i = 15; i >= 0; i--) {
            into[at + i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
    }
}
