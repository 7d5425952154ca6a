package io.rocketconnect.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;


import org.junit.Test;

import io.rocketconnect.api.NoSuchAdapterException;
import io.rocketconnect.api.RocketmqAdapters;

public class ConsumeCommandTest {

    /** No adapter is up: enough to see what a command does before it reaches one. */
    private static final RocketmqAdapters NONE = TestAdapters.none(configuration -> { });

    private static ConsumeCommand command(int count, int timeout) {
        ConsumeCommand command = new ConsumeCommand();
        command.adapters = NONE;
        command.adapterId = "demo";
        command.topic = "TopicTest";
        command.count = count;
        command.timeoutSeconds = timeout;
        return command;
    }

    @Test
    public void negativeCountIsRefusedWithBothValuesNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> command(-1, 10).execute());
        assertEquals("--count must be 0 or more and --timeout at least 1 (were -1 and 10)", e.getMessage());
    }

    @Test
    public void zeroTimeoutIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> command(0, 0).execute());
    }

    @Test
    public void unknownAdapterIsNamed() {
        NoSuchAdapterException e = assertThrows(NoSuchAdapterException.class, () -> command(1, 5).execute());
        assertTrue(e.getMessage(), e.getMessage().contains("'demo'") && e.getMessage().contains("none"));
    }
}
