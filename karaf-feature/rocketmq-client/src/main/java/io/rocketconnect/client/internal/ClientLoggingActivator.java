package io.rocketconnect.client.internal;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Sends the RocketMQ client's logs to SLF4J, i.e. pax-logging and karaf.log, instead of its own
 * files under {@code ~/logs/rocketmqlogs}.
 * <p>
 * The client reads {@code rocketmq.client.logUseSlf4j} once, when its {@code ClientLogger} class
 * initialises. This bundle starts before any bundle that uses the client (the feature gives it a
 * lower start level), so setting the property here, before any client class has run, is enough.
 * An operator who set the property explicitly keeps their choice.
 */
public final class ClientLoggingActivator implements BundleActivator {

    static final String LOG_USE_SLF4J = "rocketmq.client.logUseSlf4j";

    @Override
    public void start(BundleContext context) {
        if (System.getProperty(LOG_USE_SLF4J) == null) {
            System.setProperty(LOG_USE_SLF4J, "true");
        }
    }

    @Override
    public void stop(BundleContext context) {
        // The client's logger is already initialised; nothing to undo.
    }
}
