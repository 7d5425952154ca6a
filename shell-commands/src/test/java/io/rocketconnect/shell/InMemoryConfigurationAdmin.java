package io.rocketconnect.shell;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.rocketconnect.api.config.AdapterKeys;

/** ConfigurationAdmin in memory, enough for the commands: named factory configurations, listing, update, delete. */
final class InMemoryConfigurationAdmin {

    final Map<String, Hashtable<String, Object>> configurations = new LinkedHashMap<>();

    ConfigurationAdmin service() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ConfigurationAdmin.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getFactoryConfiguration":
                            return configuration(args[0] + "~" + args[1], (String) args[0]);
                        case "listConfigurations":
                            return configurations.keySet().stream()
                                    .map(pid -> configuration(pid, AdapterKeys.FACTORY_PID))
                                    .filter(c -> c.getProperties() != null)
                                    .toArray(Configuration[]::new);
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    /** Puts a configuration as fileinstall would from etc/io.rocketconnect.adapter-<id>.cfg. */
    void put(String id, Map<String, Object> properties) {
        Hashtable<String, Object> stored = new Hashtable<>(properties);
        stored.put("service.pid", AdapterKeys.FACTORY_PID + "~" + id);
        stored.put("service.factoryPid", AdapterKeys.FACTORY_PID);
        stored.put("felix.fileinstall.filename", "file:/opt/karaf/etc/io.rocketconnect.adapter-" + id + ".cfg");
        configurations.put(AdapterKeys.FACTORY_PID + "~" + id, stored);
    }

    private Configuration configuration(String pid, String factoryPid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getPid":
                            return pid;
                        case "getFactoryPid":
                            return factoryPid;
                        case "getProperties":
                            Hashtable<String, Object> stored = configurations.get(pid);
                            return stored == null ? null : new Hashtable<>(stored);
                        case "update":
                            @SuppressWarnings("unchecked")
                            Dictionary<String, Object> update = (Dictionary<String, Object>) args[0];
                            Hashtable<String, Object> copy = new Hashtable<>();
                            for (String key : Collections.list(update.keys())) {
                                copy.put(key, update.get(key));
                            }
                            copy.put("service.pid", pid);
                            copy.put("service.factoryPid", factoryPid);
                            configurations.put(pid, copy);
                            return null;
                        case "delete":
                            configurations.remove(pid);
                            return null;
                        case "hashCode":
                            return pid.hashCode();
                        case "equals":
                            return proxy == args[0];
                        case "toString":
                            return "Configuration[" + pid + "]";
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
