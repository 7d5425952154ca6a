package io.rocketconnect.itests;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Map;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.osgi.service.cm.ConfigurationAdmin;

/** Connects to this Karaf's JMX connector (org.apache.karaf.management) as a user of etc/users.properties. */
final class KarafJmx {

    private KarafJmx() {
    }

    static JMXConnector connect(ConfigurationAdmin configAdmin, String user, String password) throws IOException {
        Dictionary<String, Object> management = configAdmin.getConfiguration("org.apache.karaf.management", null).getProperties();
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + management.get("rmiServerPort")
                + "/jndi/rmi://127.0.0.1:" + management.get("rmiRegistryPort") + "/karaf-" + System.getProperty("karaf.name"));
        return JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
    }
}
