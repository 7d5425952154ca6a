package io.rocketconnect.impl.adapter;

import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.config.AdapterKeys;
import io.rocketconnect.api.config.InvalidConfigurationException;
import io.rocketconnect.impl.config.AdapterConfig;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.impl.config.PropertyReader;
import io.rocketconnect.impl.monitoring.AdapterStats;
import io.rocketconnect.impl.monitoring.AuditLog;
import io.rocketconnect.impl.telemetry.OpenTelemetrySource;

/**
 * One instance per adapter configuration ({@code etc/io.rocketconnect.adapter-<id>.cfg}). It validates
 * the configuration and registers the adapter as a {@link RocketmqAPI} service itself, rather than
 * being that service, so that a bad configuration yields one clear ERROR line and no service, and a
 * change can bring up the new adapter before the old one goes (as pax-jms registers its connection
 * factories).
 */
@Component(
        configurationPid = AdapterKeys.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true,
        service = {})
@Designate(ocd = AdapterConfig.class, factory = true)
public class AdapterComponent {

    private static final Logger LOG = LoggerFactory.getLogger(AdapterComponent.class);

    @Reference
    private AuditLog auditLog;

    @Reference
    private OpenTelemetrySource openTelemetry;

    private BundleContext context;
    // SCR calls activate, modified and deactivate one at a time, so these need no lock.
    private volatile Adapter adapter;
    private ServiceRegistration<RocketmqAPI> registration;
    private AdapterStats stats;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        apply(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        apply(properties);
    }

    @Deactivate
    void deactivate() {
        retire(adapter, registration);
        adapter = null;
        registration = null;
        if (stats != null) {
            stats.unregister();
            stats = null;
        }
    }

    private void apply(Map<String, Object> properties) {
        Adapter previous = adapter;
        ServiceRegistration<RocketmqAPI> previousRegistration = registration;
        AdapterSettings settings;
        try {
            settings = AdapterSettings.from(properties);
        } catch (InvalidConfigurationException e) {
            LOG.error("Adapter '{}' is not available: {} (configuration {})",
                    AdapterSettings.idForMessages(properties), e.getMessage(), properties.get("service.pid"));
            adapter = null;
            registration = null;
            retire(previous, previousRegistration);
            return;
        }
        // New first, then retire the old: callers that follow the service always find one.
        Adapter next = new Adapter(settings, auditLog, openTelemetry);
        adapter = next;
        // A service factory: each bundle gets its own view, so the audit log knows who called.
        registration = context.registerService(RocketmqAPI.class, AdapterForBundle.factory(next),
                new Hashtable<>(settings.serviceProperties()));
        LOG.info("Adapter '{}' is available: {}", settings.id(), settings);
        warnIfTheSecretIsInTheConfiguration(settings.id(), properties);
        if (previous != null) {
            next.adopt(previous);
        }
        retire(previous, previousRegistration);
        if (stats != null && !stats.getAdapterId().equals(settings.id())) {
            stats.unregister();
            stats = null;
        }
        if (stats == null) {
            stats = new AdapterStats(settings.id(), () -> adapter);
            stats.register();
        }
    }

    /**
     * A secret key written into the configuration is in ConfigAdmin, and Karaf's {@code config:list}
     * prints every configuration to anyone who may run it, a viewer included (its JMX reads are kept to
     * admin by {@link io.rocketconnect.impl.config.KarafAclEntries}). {@code @env(NAME)} keeps it out.
     */
    private static void warnIfTheSecretIsInTheConfiguration(String id, Map<String, Object> properties) {
        Object secret = properties.get(AdapterKeys.SECRET_KEY);
        if (secret != null && !String.valueOf(secret).isBlank() && !PropertyReader.hasFormula(secret)) {
            LOG.warn("Adapter '{}': {} holds the secret itself, so config:list shows it to Karaf's viewers; "
                    + "write {} = @env(NAME) and set NAME in Karaf's environment", id, AdapterKeys.SECRET_KEY, AdapterKeys.SECRET_KEY);
        }
    }

    private static void retire(Adapter adapter, ServiceRegistration<RocketmqAPI> registration) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework already unregistered it (bundle stopping)
            }
        }
        if (adapter != null) {
            adapter.close();
        }
    }
}
