package io.rocketconnect.itests;

import static io.rocketconnect.itests.ConnectorThreads.liveThreads;
import static io.rocketconnect.itests.ConnectorThreads.newThreads;
import static io.rocketconnect.itests.ConnectorThreads.sendAndReceiveOne;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.rocketconnect.api.RocketmqAPI;

/**
 * The connector's bundle stopped and started again, as {@code bundle:restart} or an update does: in a
 * Karaf of its own, because a restart re-reads every adapter configuration (and reports the bad one
 * again), which the other tests' assertions about the log would see.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConnectorBundleRestartIT {

    private static final Duration SERVICE_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return KarafWithBroker.options();
    }

    /**
     * Stopping the connector's bundle closes every adapter and every client thread it started, and
     * unregisters the adapters; starting it again brings them back from their configurations, working.
     */
    @Test
    public void stoppingTheConnectorBundleLeavesNoThreadAndStartingItBringsTheAdaptersBack() throws Exception {
        Bundle impl = Arrays.stream(context.getBundles())
                .filter(b -> "rocketconnect-impl".equals(b.getSymbolicName())).findFirst().orElseThrow();
        Set<Thread> before = liveThreads();
        sendAndReceiveOne(context.getService(awaitOrders()), "before-stop");
        assertFalse("the adapter started client threads", newThreads(before).isEmpty());
        int adapterServices = context.getServiceReferences(RocketmqAPI.class, null).size();

        impl.stop();
        try {
            assertEquals("adapters registered while the bundle is stopped", 0,
                    context.getServiceReferences(RocketmqAPI.class, null).size());
            await().atMost(SERVICE_TIMEOUT).untilAsserted(() ->
                    assertEquals("threads left behind by the stopped bundle", List.of(), newThreads(before)));
        } finally {
            impl.start();
        }
        await().atMost(SERVICE_TIMEOUT).until(() -> context.getServiceReferences(RocketmqAPI.class, null).size() == adapterServices);
        sendAndReceiveOne(context.getService(awaitOrders()), "after-start");
    }

    private ServiceReference<RocketmqAPI> awaitOrders() {
        return await().atMost(SERVICE_TIMEOUT).until(() -> context.getServiceReferences(RocketmqAPI.class, "(adapter.id=orders)")
                .stream().findFirst().orElse(null), ref -> ref != null);
    }
}
