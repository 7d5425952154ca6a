package io.rocketconnect.impl;

import java.util.Map;

import io.rocketconnect.api.RocketmqAPI;

/** Adapters built as AdapterComponent builds them, without OSGi, for tests outside the impl module. */
public final class TestAdapters {

    private TestAdapters() {
    }

    public static RocketmqAPI open(String id, String namesrvAddr) {
        return new Adapter(AdapterSettings.from(Map.of("id", id, "namesrvAddr", namesrvAddr)));
    }

    public static void close(RocketmqAPI adapter) {
        ((Adapter) adapter).close();
    }
}
