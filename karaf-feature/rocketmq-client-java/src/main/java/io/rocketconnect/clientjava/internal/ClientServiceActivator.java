package io.rocketconnect.clientjava.internal;

import java.util.ServiceLoader;

import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Registers the client's {@link ClientServiceProvider} as an OSGi service, so that bundles get it
 * without {@link ClientServiceProvider#loadService()}: that method asks {@code ServiceLoader} with the
 * calling thread's context class loader, which in OSGi is rarely this bundle's, and then fails with
 * "Client service provider not found". Looked up here with this bundle's own loader, from the same
 * {@code META-INF/services} file the method reads.
 */
public final class ClientServiceActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        ClientServiceProvider provider = ServiceLoader.load(ClientServiceProvider.class, getClass().getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + ClientServiceProvider.class.getName()
                        + " in this bundle's META-INF/services"));
        context.registerService(ClientServiceProvider.class, provider, null);
    }

    @Override
    public void stop(BundleContext context) {
        // The framework unregisters the service; the provider holds no resources, its clients do.
    }
}
