package io.rocketconnect.impl.monitoring;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.OperationStats;
import io.rocketconnect.api.RocketmqAPI;

/**
 * The MBean of one adapter configuration. It shows whichever adapter the configuration currently has,
 * so it stays registered under one name while the adapter is reconfigured.
 */
public final class AdapterStats implements AdapterStatsMXBean {

    private static final Logger LOG = LoggerFactory.getLogger(AdapterStats.class);

    private final String adapterId;
    private final Supplier<RocketmqAPI> current;
    private ObjectName name;

    public AdapterStats(String adapterId, Supplier<RocketmqAPI> current) {
        this.adapterId = adapterId;
        this.current = current;
    }

    public static ObjectName objectName(String adapterId) throws JMException {
        return ObjectName.getInstance("io.rocketconnect:type=Adapter,name=" + ObjectName.quote(adapterId));
    }

    public void register() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName objectName = objectName(adapterId);
            if (server.isRegistered(objectName)) {
                LOG.warn("Adapter '{}': another configuration already shows its figures as {}", adapterId, objectName);
                return;
            }
            server.registerMBean(this, objectName);
            name = objectName;
        } catch (JMException e) {
            LOG.warn("Adapter '{}': its JMX figures are not available: {}", adapterId, e.toString());
        }
    }

    public void unregister() {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            LOG.warn("Adapter '{}': could not unregister {}: {}", adapterId, name, e.toString());
        }
        name = null;
    }

    @Override
    public String getAdapterId() {
        return adapterId;
    }

    @Override
    public boolean isUp() {
        return current.get() != null;
    }

    @Override
    public List<String> getRunningClients() {
        RocketmqAPI adapter = current.get();
        return adapter == null ? List.of() : adapter.runningClients();
    }

    @Override
    public List<Row> getOperations() {
        RocketmqAPI adapter = current.get();
        List<Row> rows = new ArrayList<>();
        if (adapter != null) {
            for (OperationStats stats : adapter.stats()) {
                rows.add(new Row(stats.operation(), "1 min", stats.lastMinute()));
                rows.add(new Row(stats.operation(), "total", stats.sinceStart()));
            }
        }
        return rows;
    }
}
