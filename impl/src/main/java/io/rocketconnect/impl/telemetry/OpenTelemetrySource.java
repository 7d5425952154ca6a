package io.rocketconnect.impl.telemetry;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.opentelemetry.api.OpenTelemetry;

/**
 * The OpenTelemetry that adapters trace and measure through: the {@link OpenTelemetry} service with the
 * highest ranking (feature rocketmq-opentelemetry registers one; an application may register its own),
 * else the no-op one, which costs nothing. It can come and go while adapters run: they ask for the
 * {@link Instruments} on every call.
 */
@Component(service = OpenTelemetrySource.class)
public class OpenTelemetrySource {

    private volatile Instruments instruments = new Instruments(OpenTelemetry.noop());
    private volatile OpenTelemetry bound;

    public OpenTelemetrySource() {
    }

    /** A source that always answers with {@code openTelemetry}: for tests and adapters made outside OSGi. */
    public static OpenTelemetrySource of(OpenTelemetry openTelemetry) {
        OpenTelemetrySource source = new OpenTelemetrySource();
        source.bind(openTelemetry);
        return source;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bind(OpenTelemetry openTelemetry) {
        bound = openTelemetry;
        instruments = new Instruments(openTelemetry);
    }

    void unbind(OpenTelemetry openTelemetry) {
        if (bound == openTelemetry) {
            bound = null;
            instruments = new Instruments(OpenTelemetry.noop());
        }
    }

    public Instruments instruments() {
        return instruments;
    }
}
