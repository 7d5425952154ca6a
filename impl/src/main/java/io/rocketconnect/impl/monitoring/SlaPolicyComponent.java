package io.rocketconnect.impl.monitoring;

import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.config.InvalidConfigurationException;

/**
 * One instance per alert policy configuration ({@code etc/io.rocketconnect.sla.policy-<name>.cfg}).
 * A valid policy is registered for {@link SlaAlerts} to evaluate; an invalid one gets one ERROR line
 * naming key, value and rule, and is not evaluated. A change deactivates and activates it again.
 */
@Component(configurationPid = SlaPolicy.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = SlaPolicyConfig.class, factory = true)
public class SlaPolicyComponent {

    private static final Logger LOG = LoggerFactory.getLogger(SlaPolicyComponent.class);

    private ServiceRegistration<SlaPolicy> registration;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        SlaPolicy policy;
        try {
            policy = SlaPolicy.from(properties);
        } catch (InvalidConfigurationException e) {
            LOG.error("SLA policy '{}' is not active: {} (configuration {})", SlaPolicy.nameFromOrigin(properties), e.getMessage(),
                    properties.get("service.pid"));
            return;
        }
        Hashtable<String, Object> serviceProperties = new Hashtable<>();
        serviceProperties.put("name", policy.name());
        registration = context.registerService(SlaPolicy.class, policy, serviceProperties);
        LOG.info("SLA policy {}", policy);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
            registration = null;
        }
    }
}
