package io.rocketconnect.process;

import java.util.Map;

import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.impl.adapter.Adapter;
import io.rocketconnect.impl.config.AdapterSettings;

/** Adapters built as the connector builds them, without OSGi, for the process task's tests. */
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
