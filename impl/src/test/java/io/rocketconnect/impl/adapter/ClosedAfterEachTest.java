package io.rocketconnect.impl.adapter;

import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.rules.ExternalResource;

/**
 * A JUnit rule that closes what a test opened through {@link #add}, last first, after the test
 * (passed or failed): the adapter before the broker it talks to.
 */
final class ClosedAfterEachTest extends ExternalResource {

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    <T extends AutoCloseable> T add(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    protected void after() {
        RuntimeException failure = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("could not close what the test opened", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
