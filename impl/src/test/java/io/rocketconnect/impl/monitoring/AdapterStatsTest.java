package io.rocketconnect.impl.monitoring;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.junit.Test;

import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.adapter.Adapter;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.EmbeddedRocketmq;

/** The adapter's figures read over JMX, as jconsole or Hawtio would, from the platform MBeanServer. */
public class AdapterStatsTest {

    @Test
    public void figuresOfTheCurrentAdapterAreReadableOverJmxUntilUnregistered() throws Exception {
        EmbeddedRocketmq broker = EmbeddedRocketmq.shared();
        broker.createTopic("StatsOverJmx", 1);
        AtomicReference<Adapter> current = new AtomicReference<>();
        AdapterStats stats = new AdapterStats("jmx-orders", current::get);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.rocketconnect:type=Adapter,name=\"jmx-orders\"");
        stats.register();
        try (Adapter adapter = new Adapter(AdapterSettings.from(Map.of("id", "jmx-orders", "namesrvAddr", broker.namesrvAddr())))) {
            assertEquals(false, server.getAttribute(name, "Up"));
            current.set(adapter);
            adapter.send(RocketmqMessage.to("StatsOverJmx").body("over jmx").build());
            assertEquals(true, server.getAttribute(name, "Up"));
            CompositeData[] rows = (CompositeData[]) server.getAttribute(name, "Operations");
            assertEquals("send in the last minute and in total", 2, rows.length);
            assertEquals("send", rows[0].get("operation"));
            assertEquals(1L, rows[1].get("calls"));
            assertTrue((Double) rows[1].get("p99Millis") > 0);
        } finally {
            stats.unregister();
        }
        assertFalse(server.isRegistered(name));
    }
}
