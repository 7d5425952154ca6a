package io.rocketconnect.notify;

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

/**
 * One per {@code etc/io.rocketconnect.notify-<name>.cfg}: checks it and registers the {@link Target} for
 * the {@link AlertNotifier} itself, so that a bad configuration yields one ERROR line naming the keys
 * and no target. A change comes as deactivate and activate.
 */
@Component(configurationPid = NotificationTargetConfig.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = NotificationTargetConfig.class, factory = true)
public class NotificationTargetComponent {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationTargetComponent.class);

    private ServiceRegistration<Target> registration;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        TargetSettings settings;
        try {
            settings = TargetSettings.from(properties, System::getenv);
        } catch (IllegalArgumentException e) {
            LOG.error("Notification target not available: {} (configuration {})", e.getMessage(), properties.get("service.pid"));
            return;
        }
        Target target = settings.type().equals("webhook") ? new WebhookTarget(settings) : new EmailTarget(settings);
        registration = context.registerService(Target.class, target, new Hashtable<>(Map.of("name", settings.name())));
        LOG.info("Notification target {}", settings);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }
}
