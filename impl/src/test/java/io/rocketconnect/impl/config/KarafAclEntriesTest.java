package io.rocketconnect.impl.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The entries go into Karaf's ACLs that exist, beside Karaf's own, and change nothing that is there;
 * a PID Karaf has not made yet is left alone. (RocketmqConnectorIT proves them in Karaf: a manager is
 * refused on adapter configurations and still changes others.)
 */
public class KarafAclEntriesTest {

    private final Map<String, Hashtable<String, Object>> stored = new HashMap<>();
    private final AtomicInteger updates = new AtomicInteger();

    @Test
    public void entriesAreAddedBesideKarafsOwnAndTheOperatorsValueStays() {
        KarafAclEntries entries = new KarafAclEntries(configAdmin());
        // Karaf makes its ACL after the connector started (a first boot): the event brings the entries.
        stored.put("org.apache.karaf.command.acl.config", new Hashtable<>(Map.of("property-set", "manager",
                "edit[/.*io[.]rocketconnect[.]adapter.*/]", "admin,manager")));
        List<String> added = entries.addMissingEntries("org.apache.karaf.command.acl.config");
        Hashtable<String, Object> acl = stored.get("org.apache.karaf.command.acl.config");
        assertEquals("Karaf's own entry", "manager", acl.get("property-set"));
        assertEquals("what the operator set stays", "admin,manager", acl.get("edit[/.*io[.]rocketconnect[.]adapter.*/]"));
        assertEquals("admin", acl.get("property-set[/.*io[.]rocketconnect[.]adapter.*/]"));
        assertEquals(List.of("property-set[/.*io[.]rocketconnect[.]adapter.*/]", "property-append[/.*io[.]rocketconnect[.]adapter.*/]",
                "property-delete[/.*io[.]rocketconnect[.]adapter.*/]", "delete[/.*io[.]rocketconnect[.]adapter.*/]"), added);
    }

    @Test
    public void jmxEntriesHaveOneRegexPerArgument() {
        stored.put("jmx.acl.org.apache.karaf.config", new Hashtable<>(Map.of("setProperty", "manager")));
        new KarafAclEntries(configAdmin());
        assertEquals("admin", stored.get("jmx.acl.org.apache.karaf.config").get(
                "setProperty(java.lang.String,java.lang.String,java.lang.String)[/io[.]rocketconnect[.]adapter.*/,/.*/,/.*/]"));
    }

    @Test
    public void anAclKarafHasNotMadeIsNotCreatedAndACompleteOneIsNotRewritten() {
        KarafAclEntries entries = new KarafAclEntries(configAdmin());
        assertTrue("no ACL PID was created", stored.isEmpty());
        stored.put("jmx.acl.osgi.compendium.cm", new Hashtable<>(Map.of("update", "manager")));
        assertEquals(8, entries.addMissingEntries("jmx.acl.osgi.compendium.cm").size());
        int before = updates.get();
        assertEquals(List.of(), entries.addMissingEntries("jmx.acl.osgi.compendium.cm"));
        assertEquals("nothing missing, nothing written", before, updates.get());
    }

    /** ConfigurationAdmin in memory: listing by service.pid, reading and updating. */
    private ConfigurationAdmin configAdmin() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ConfigurationAdmin.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("listConfigurations")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    String pid = ((String) args[0]).replace("(service.pid=", "").replace(")", "");
                    return stored.containsKey(pid) ? new Configuration[] {configuration(pid)} : null;
                });
    }

    private Configuration configuration(String pid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getProperties":
                            return new Hashtable<>(stored.get(pid));
                        case "update":
                            @SuppressWarnings("unchecked")
                            Dictionary<String, Object> update = (Dictionary<String, Object>) args[0];
                            Hashtable<String, Object> copy = new Hashtable<>();
                            Collections.list(update.keys()).forEach(key -> copy.put(key, update.get(key)));
                            stored.put(pid, copy);
                            updates.incrementAndGet();
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
