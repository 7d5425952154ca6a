package io.rocketconnect.impl.config;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.config.AdapterKeys;

/**
 * The managed lock on Karaf's own generic paths: Karaf lets the {@code manager} role change any
 * configuration with {@code config:*} and over JMX, and a viewer read any over JMX; these entries keep
 * changing adapter configurations, and reading them over JMX, to {@code admin}. Karaf reads its command ACL from one PID per scope, so the entries go into Karaf's own
 * ACL configurations. They are added, never changed: a key an operator set stays as set, and nothing
 * is added to a PID that does not exist (Karaf creates it with the feature it belongs to; the entries
 * follow as soon as it does). A features {@code <config append="true">} cannot do this safely: at a
 * first boot it can run before Karaf's own block and create the PID with our entries only.
 */
@Component(service = ConfigurationListener.class, immediate = true)
public class KarafAclEntries implements ConfigurationListener {

    private static final Logger LOG = LoggerFactory.getLogger(KarafAclEntries.class);
    /** What the entries match: the PID of every adapter configuration. */
    private static final String ADAPTER_PID = AdapterKeys.FACTORY_PID.replace(".", "[.]") + ".*";

    /** PID of a Karaf ACL → the entries it gets. */
    static final Map<String, List<String>> ENTRIES = Map.of(
            "org.apache.karaf.command.acl.config", List.of(command("edit"), command("property-set"),
                    command("property-append"), command("property-delete"), command("delete")),
            "jmx.acl.org.apache.karaf.config", List.of(
                    jmx("create(java.lang.String)", 1),
                    jmx("delete(java.lang.String)", 1),
                    jmx("setProperty(java.lang.String,java.lang.String,java.lang.String)", 3),
                    jmx("appendProperty(java.lang.String,java.lang.String,java.lang.String)", 3),
                    jmx("deleteProperty(java.lang.String,java.lang.String)", 2),
                    jmx("update(java.lang.String,java.util.Map)", 2),
                    // Reads too: Karaf lets a viewer read any configuration over JMX (get*, list*), and an
                    // adapter's configuration may hold its secret key.
                    jmx("listProperties(java.lang.String)", 1),
                    jmx("getProperty(java.lang.String,java.lang.String)", 2)),
            "jmx.acl.osgi.compendium.cm", List.of(
                    jmx("createFactoryConfiguration(java.lang.String)", 1),
                    jmx("createFactoryConfigurationForLocation(java.lang.String,java.lang.String)", 2),
                    jmx("delete(java.lang.String)", 1),
                    jmx("deleteForLocation(java.lang.String,java.lang.String)", 2),
                    jmx("update(java.lang.String,javax.management.openmbean.TabularData)", 2),
                    jmx("updateForLocation(java.lang.String,java.lang.String,javax.management.openmbean.TabularData)", 3),
                    jmx("getProperties(java.lang.String)", 1),
                    jmx("getPropertiesForLocation(java.lang.String,java.lang.String)", 2)));

    /** A command ACL entry: Karaf matches its regex against the command's arguments as one list. */
    private static String command(String name) {
        return name + "[/.*" + ADAPTER_PID + "/]";
    }

    /** A JMX ACL entry whose first argument is the PID: one regex per argument. */
    private static String jmx(String signature, int arguments) {
        return signature + "[/" + ADAPTER_PID + "/" + ",/.*/".repeat(arguments - 1) + "]";
    }

    private static final String ROLE = "admin";

    private final ConfigurationAdmin configAdmin;

    @Activate
    public KarafAclEntries(@Reference ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
        ENTRIES.keySet().forEach(this::addMissingEntries);
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() == ConfigurationEvent.CM_UPDATED && ENTRIES.containsKey(event.getPid())) {
            addMissingEntries(event.getPid());
        }
    }

    /** Adds the entries {@code pid} lacks, if Karaf has that ACL; returns the keys added. */
    List<String> addMissingEntries(String pid) {
        List<String> added = new ArrayList<>();
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + pid + ")");
            if (found == null || found[0].getProperties() == null) {
                return added;
            }
            Dictionary<String, Object> properties = found[0].getProperties();
            for (String key : ENTRIES.get(pid)) {
                if (properties.get(key) == null) {
                    properties.put(key, ROLE);
                    added.add(key);
                }
            }
            if (!added.isEmpty()) {
                found[0].update(properties);
                LOG.info("Karaf's ACL {} now keeps adapter configurations ({}~*) to the {} role: {}", pid,
                        AdapterKeys.FACTORY_PID, ROLE, Collections.unmodifiableList(added));
            }
        } catch (IOException | InvalidSyntaxException | IllegalStateException e) {
            LOG.error("Karaf's ACL {} could not get RocketConnect's entries, so a manager may change adapter "
                    + "configurations with config:* or over JMX: {}", pid, e.toString());
        }
        return added;
    }
}
