package io.rocketconnect.impl.adapter;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import java.util.Map;

import org.junit.Test;

import io.rocketconnect.api.NoSuchAdapterException;
import io.rocketconnect.impl.config.AdapterSettings;

public class AdapterRegistryTest {

    private final AdapterRegistry registry = new AdapterRegistry();

    private static Adapter adapter(String id) {
        return new Adapter(AdapterSettings.from(Map.of("id", id, "namesrvAddr", "127.0.0.1:9876")));
    }

    private static Map<String, Object> properties(String id, long serviceId) {
        return Map.of("adapter.id", id, "service.id", serviceId);
    }

    @Test
    public void unknownIdNamesTheIdAndTheAdaptersThatAreUp() {
        registry.addAdapter(adapter("orders"), properties("orders", 1));
        registry.addAdapter(adapter("billing"), properties("billing", 2));
        NoSuchAdapterException e = assertThrows(NoSuchAdapterException.class, () -> registry.getRocketmqAPI("ordres"));
        assertEquals("ordres", e.adapterId());
        assertThat(e.getMessage(), containsString("'ordres'"));
        assertThat(e.getMessage(), containsString("billing, orders"));
    }

    @Test
    public void duringReconfigurationTheNewerAdapterAnswersAndTheOlderLeavesCleanly() {
        Adapter old = adapter("orders");
        Adapter next = adapter("orders");
        registry.addAdapter(old, properties("orders", 10));
        registry.addAdapter(next, properties("orders", 11));
        assertSame(next, registry.getRocketmqAPI("orders"));
        registry.removeAdapter(old, properties("orders", 10));
        assertSame(next, registry.getRocketmqAPI("orders"));
        registry.removeAdapter(next, properties("orders", 11));
        assertThrows(NoSuchAdapterException.class, () -> registry.getRocketmqAPI("orders"));
        assertEquals(0, registry.adapterIds().size());
    }
}
