package io.rocketconnect.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.Test;

/** The shape users grep their logs for: 32 lower-case hex digits, a new one each call. */
public class RequestIdsTest {

    @Test
    public void idsAre32LowerCaseHexDigitsAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.newId();
            assertTrue(id, id.matches("[0-9a-f]{32}"));
            seen.add(id);
        }
        assertEquals(10_000, seen.size());
    }

    @Test
    public void leadingZeroBitsStayAsZeroDigits() {
        // Every digit position takes every value over enough ids: no digit is dropped or padded wrongly.
        boolean[][] digitSeen = new boolean[32][16];
        for (int i = 0; i < 20_000; i++) {
            String id = RequestIds.newId();
            for (int p = 0; p < 32; p++) {
                digitSeen[p][Character.digit(id.charAt(p), 16)] = true;
            }
        }
        for (int p = 0; p < 32; p++) {
            for (int d = 0; d < 16; d++) {
                assertTrue("digit " + Integer.toHexString(d) + " at position " + p, digitSeen[p][d]);
            }
        }
    }
}
